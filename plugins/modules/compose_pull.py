#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: compose_pull
short_description: Pull the images of a Compose project's services
author:
  - Dockyard maintainers (@dockyard)
version_added: 0.9.0
description:
  - Pulls the images of a Compose project's services, like C(docker compose pull), through the Engine API (no docker
    CLI, no Compose plugin), and reports which images changed. Containers are left as they are; a following
    M(dockyard.docker.compose) task recreates those whose image changed.
  - Each image is pulled as M(dockyard.docker.image) pulls it, with its registry credentials; an image several
    services use is pulled once.
  - Services that build their image (C(build)) are skipped and listed in RV(skipped).
extends_documentation_fragment:
  - dockyard.docker.compose_project
  - dockyard.docker.docker
  - dockyard.docker.docker.sdk_credentials
  - dockyard.docker.docker.sdk_build
  - dockyard.docker.docker.attributes
attributes:
  check_mode:
    support: full
    details: Asks the registry whether each image has a newer version (V(always)) or looks for it on the host
      (V(missing)); pulls nothing.
  diff_mode:
    support: full
    details: Before and after of each image, by image name.
options:
  services:
    description: The services whose images are pulled; all of the project's enabled services when not given.
    type: list
    elements: str
  policy:
    description:
      - V(always) asks the registry for each image and pulls it when the registry holds a newer one than the host (a
        rerun with nothing new reports no change); V(missing) pulls only images the host does not have.
    type: str
    default: always
    choices: [always, missing]
  include_deps:
    description: With O(services), also pull the images of the services they depend on (C(depends_on)).
    type: bool
    default: false
notes:
  - Reading Compose files needs PyYAML (C(python3-yaml)) on the managed node.
seealso:
  - module: dockyard.docker.compose
  - module: dockyard.docker.image
'''

EXAMPLES = r'''
- name: Pull newer images of the whole project, then recreate what changed
  dockyard.docker.compose_pull:
    project_src: /srv/shop
  register: pulled

- name: Converge the project with the new images
  dockyard.docker.compose:
    project_src: /srv/shop
  when: pulled is changed

- name: Fetch what the web service and its dependencies need, only if missing (an offline host's first run)
  dockyard.docker.compose_pull:
    project_src: /srv/shop
    services: [web]
    include_deps: true
    policy: missing
'''

RETURN = r'''
images:
  description: Each image of the chosen services, whether it was pulled (in check mode, whether it would be).
  returned: always
  type: list
  elements: dict
  contains:
    image:
      description: The image reference, as the Compose file gives it.
      type: str
      sample: 127.0.0.1:5000/shop/web:1.4
    services:
      description: The services that run it.
      type: list
      elements: str
      sample: [web, worker]
    pulled:
      description: Whether a new image was pulled (or would be, in check mode).
      type: bool
      sample: true
  sample: [{"image": "redis:7", "services": ["cache"], "pulled": false}]
skipped:
  description: Chosen services that build their image instead.
  returned: always
  type: list
  elements: str
  sample: [api]
actions:
  description: The pulls done, or that would be done in check mode.
  returned: always
  type: list
  elements: str
  sample: ["pull image redis:7 again"]
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.dockyard.docker.plugins.module_utils.compose.pull import (
    compose_pull_argument_spec, run_compose_pull)
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import connect, connection_argument_spec, run_task


def main():
    module = AnsibleModule(argument_spec=connection_argument_spec(compose_pull_argument_spec()), supports_check_mode=True)
    run_task(module, lambda: run_compose_pull(module, connect, module.check_mode))


if __name__ == '__main__':
    main()
