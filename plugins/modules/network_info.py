#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: network_info
short_description: List or inspect Docker networks
author:
  - Dockyard maintainers (@dockyard)
version_added: 0.1.0
description:
  - With O(name), inspects one or more networks (C(docker network inspect NET...)). A name that
    several networks share (possible before Docker 25) gives the oldest of them, the network every
    module of this collection uses for that name.
  - Without O(name), lists the networks, optionally filtered (C(docker network ls -f)), with the
    same inspect data for each.
extends_documentation_fragment:
  - dockyard.docker.docker
  - dockyard.docker.docker.attributes_info
options:
  name:
    description: Names or IDs of the networks to inspect, one or a list.
    type: list
    elements: str
  filters:
    description:
      - Filters for the listing when O(name) is not given, as in C(docker network ls -f), a dict of filter
        names to a value or a list of values, such as C(driver), C(label), C(name), C(id), C(scope),
        C(type) and C(dangling).
    type: dict
seealso:
  - module: dockyard.docker.network
'''

EXAMPLES = r'''
- name: List all networks (docker network ls)
  dockyard.docker.network_info:
  register: all_networks

- name: List bridge networks labelled env=dev (docker network ls -f driver=bridge -f label=env=dev)
  dockyard.docker.network_info:
    filters:
      driver: bridge
      label: [env=dev]

- name: Inspect two networks (docker network inspect backend frontend)
  dockyard.docker.network_info:
    name: [backend, frontend]
  register: nets

- name: Act on whether a network exists
  ansible.builtin.debug:
    msg: "backend subnet is {{ nets.networks[0].IPAM.Config[0].Subnet }}"
  when: nets.exists
'''

RETURN = r'''
networks:
  description: Inspect data of each network found, as C(docker network inspect) shows it.
  returned: always
  type: list
  elements: dict
  sample: [{"Name": "backend", "Driver": "bridge", "Containers": {}}]
exists:
  description: With O(name), whether every named network exists; without it, whether the listing is not empty.
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

from ansible_collections.dockyard.docker.plugins.module_utils.network.driver import run_network_info
from ansible_collections.dockyard.docker.plugins.module_utils.core.resource_info import info_argument_spec
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import (
    connect,
    connection_argument_spec,
    run_task,
)


def main():
    module = AnsibleModule(argument_spec=connection_argument_spec(info_argument_spec()),
                           supports_check_mode=True)
    run_task(module, lambda: run_network_info(module, connect))


if __name__ == '__main__':
    main()
