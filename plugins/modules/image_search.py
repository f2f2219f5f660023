#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: image_search
short_description: Search Docker Hub for images, through the daemon
author:
  - Dockyard maintainers (@dockyard)
version_added: 0.1.0
description:
  - Searches like C(docker search), through the daemon's own search endpoint, so the search goes out from the
    Docker host with its proxy and registry settings.
  - The daemon must reach Docker Hub (or the registry named in O(term)); when it cannot, the task fails with
    the daemon's reason. Registries that only speak the v2 API (such as the C(registry) image) have no search.
  - Descriptions are returned in full (the Engine never truncates them; C(--no-trunc) has no equivalent).
  - Only reads; never changes anything.
extends_documentation_fragment:
  - dockyard.docker.docker
  - dockyard.docker.docker.attributes_info
options:
  term:
    description: The search term (C(docker search TERM)), optionally prefixed with a registry host.
    type: str
    required: true
  limit:
    description: Maximum number of results, 1 to 100 (C(--limit)).
    type: int
    default: 25
  filters:
    description:
      - Filters as C(docker search -f). C(is-official) and C(is-automated) take true or false (C(--automated));
        C(stars) takes a minimum star count (C(-s N)).
    type: dict
seealso:
  - module: dockyard.docker.image
'''

EXAMPLES = r'''
- name: Search for images (docker search nginx)
  dockyard.docker.image_search:
    term: nginx
  register: found

- name: Official images with at least 100 stars (docker search -f is-official=true -s 100 --limit 10 nginx)
  dockyard.docker.image_search:
    term: nginx
    limit: 10
    filters:
      is-official: true
      stars: 100

- name: Automated builds only (docker search --automated redis)
  dockyard.docker.image_search:
    term: redis
    filters:
      is-automated: true

- name: The names found
  ansible.builtin.debug:
    msg: "{{ found.results | map(attribute='name') | list }}"
'''

RETURN = r'''
results:
  description: The images found, best matches first.
  returned: success
  type: list
  elements: dict
  contains:
    name:
      description: Image name.
      type: str
      returned: always
      sample: nginx
    description:
      description: Description, in full.
      type: str
      returned: always
      sample: Official build of Nginx.
    star_count:
      description: Stars on Docker Hub.
      type: int
      returned: always
      sample: 19000
    is_official:
      description: Whether it is an official image.
      type: bool
      returned: always
      sample: true
    is_automated:
      description: Whether it is an automated build.
      type: bool
      returned: always
      sample: false
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.dockyard.docker.plugins.module_utils.image.search import run_search, search_argument_spec
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import (
    connect,
    connection_argument_spec,
    run_task,
)


def main():
    module = AnsibleModule(argument_spec=connection_argument_spec(search_argument_spec()),
                           supports_check_mode=True)
    run_task(module, lambda: run_search(module, connect))


if __name__ == '__main__':
    main()
