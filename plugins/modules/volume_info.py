#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: volume_info
short_description: List or inspect Docker volumes
author:
  - Dockyard maintainers (@dockyard)
version_added: 0.1.0
description:
  - With O(name), inspects one or more volumes (C(docker volume inspect VOL...)).
  - Without O(name), lists the volumes, optionally filtered (C(docker volume ls -f)).
extends_documentation_fragment:
  - dockyard.docker.docker
  - dockyard.docker.docker.attributes_info
options:
  name:
    description: Names of the volumes to inspect, one or a list.
    type: list
    elements: str
  filters:
    description:
      - Filters for the listing when O(name) is not given, as in C(docker volume ls -f), a dict of filter
        names to a value or a list of values, such as C(dangling), C(driver), C(label) and C(name).
    type: dict
seealso:
  - module: dockyard.docker.volume
'''

EXAMPLES = r'''
- name: List all volumes (docker volume ls)
  dockyard.docker.volume_info:
  register: all_volumes

- name: List unused volumes labelled app=web (docker volume ls -f dangling=true -f label=app=web)
  dockyard.docker.volume_info:
    filters:
      dangling: true
      label: app=web

- name: Inspect a volume (docker volume inspect app-data)
  dockyard.docker.volume_info:
    name: app-data
  register: data

- name: Show where its data lives on the host
  ansible.builtin.debug:
    msg: "{{ data.volumes[0].Mountpoint }}"
  when: data.exists
'''

RETURN = r'''
volumes:
  description: Inspect data of each volume found, as C(docker volume inspect) shows it.
  returned: always
  type: list
  elements: dict
  sample: [{"Name": "app-data", "Driver": "local", "Mountpoint": "/var/lib/docker/volumes/app-data/_data"}]
exists:
  description: With O(name), whether every named volume exists; without it, whether the listing is not empty.
  returned: always
  type: bool
  sample: true
missing:
  description: The names given in O(name) that do not exist.
  returned: when O(name) is given
  type: list
  elements: str
  sample: []
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.dockyard.docker.plugins.module_utils.core.resource_info import info_argument_spec
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import (
    connect,
    connection_argument_spec,
    run_task,
)
from ansible_collections.dockyard.docker.plugins.module_utils.volume.driver import run_volume_info


def main():
    module = AnsibleModule(argument_spec=connection_argument_spec(info_argument_spec()),
                           supports_check_mode=True)
    run_task(module, lambda: run_volume_info(module, connect))


if __name__ == '__main__':
    main()
