#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: image_info
short_description: List, inspect and show the history of Docker images
author:
  - Dockyard maintainers (@dockyard)
version_added: 0.1.0
description:
  - Without O(name), lists the images on the host like C(docker images), optionally with O(all) and O(filters).
  - With O(name), inspects those images like C(docker image inspect); names that do not exist are left out.
  - With O(history), adds the layers of each image like C(docker history).
  - Only reads; never changes anything.
extends_documentation_fragment:
  - dockyard.docker.docker
  - dockyard.docker.docker.sdk_credentials
  - dockyard.docker.docker.attributes_info
options:
  name:
    description:
      - Images to inspect, by name (C(REPOSITORY[:TAG])) or ID; one name or a list.
      - Leave out to list images instead.
    type: list
    elements: str
  all:
    description: When listing, include intermediate images (C(docker images -a)).
    type: bool
    default: false
  filters:
    description:
      - When listing, filters as C(docker images -f); each value is a string or a list of strings.
      - C(dangling) (true or false), C(label) (C(KEY) or C(KEY=VALUE)), C(reference) (a name pattern such as
        C(busybox:*), like C(docker images REPOSITORY)), C(before) and C(since) (an image name or ID).
    type: dict
  history:
    description: Return RV(history), the layers of each image (C(docker history)).
    type: bool
    default: false
seealso:
  - module: dockyard.docker.image
'''

EXAMPLES = r'''
- name: List images (docker images)
  dockyard.docker.image_info:
  register: listing

- name: List all images, intermediate layers included (docker images -a)
  dockyard.docker.image_info:
    all: true

- name: List the images of one repository carrying a label (docker images -f reference=... -f label=...)
  dockyard.docker.image_info:
    filters:
      reference: "myapp:*"
      label: org.example.team=web

- name: List dangling images (docker images -f dangling=true)
  dockyard.docker.image_info:
    filters:
      dangling: true

- name: Inspect an image (docker inspect busybox:latest)
  dockyard.docker.image_info:
    name: busybox:latest
  register: busybox_info

- name: Act on whether it exists
  ansible.builtin.debug:
    msg: "busybox is {{ 'here' if busybox_info.exists else 'missing' }}"

- name: Inspect several images and show their history (docker history myapp:1.0)
  dockyard.docker.image_info:
    name:
      - myapp:1.0
      - myapp:1.1
    history: true
  register: myapp_info

- name: The commands that made the image's layers
  ansible.builtin.debug:
    msg: "{{ myapp_info.history['myapp:1.0'] | map(attribute='created_by') | list }}"
'''

RETURN = r'''
images:
  description:
    - With O(name), the inspect data of each image found (C(docker image inspect)), in the order asked.
    - Without O(name), the image list as C(docker images) shows it (the Engine's C(/images/json) entries).
  returned: always
  type: list
  elements: dict
  sample: [{"Id": "sha256:93e6...", "RepoTags": ["busybox:latest"], "Size": 1984162}]
exists:
  description: Whether the one image named in O(name) exists.
  returned: when O(name) holds exactly one name
  type: bool
  sample: true
history:
  description:
    - The layers of each image, newest first (C(docker history)), keyed by the name asked for
      (by image ID when listing).
    - Each layer has C(id), C(created) (Unix time), C(created_by), C(size), C(comment) and C(tags).
  returned: when O(history=true)
  type: dict
  sample: {"myapp:1.0": [{"id": "sha256:6f1c...", "created": 1764272400, "created_by": "/bin/sh -c #(nop)  CMD [\"sh\"]",
           "size": 0, "comment": "", "tags": ["myapp:1.0"]}]}
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.dockyard.docker.plugins.module_utils.image.info import (
    image_info_argument_spec,
    run_image_info,
)
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import (
    connect,
    connection_argument_spec,
    run_task,
)


def main():
    module = AnsibleModule(argument_spec=connection_argument_spec(image_info_argument_spec()),
                           supports_check_mode=True)
    run_task(module, lambda: run_image_info(module, connect))


if __name__ == '__main__':
    main()
