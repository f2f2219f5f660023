#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: stack_info
short_description: List swarm stacks, and one stack's services, tasks, networks, configs and secrets
author:
  - Dockyard maintainers (@dockyard)
version_added: 0.2.0
description:
  - Lists the stacks of the swarm (C(docker stack ls)), that is every name found in the C(com.docker.stack.namespace)
    label of a service, whether M(dockyard.docker.stack) or C(docker stack deploy) made it.
  - With O(name), also that stack's services with their running and desired task counts (C(docker stack services)),
    its tasks with the node each runs on (C(docker stack ps)), and its networks, configs and secrets.
  - Runs against a swarm manager.
extends_documentation_fragment:
  - dockyard.docker.docker
  - dockyard.docker.docker.attributes_info
options:
  name:
    description: Name of a stack to describe in RV(stack).
    type: str
  task_history:
    description: With O(name), also return finished tasks (shut down, failed, rejected), as C(docker stack ps) does.
    type: bool
    default: false
seealso:
  - module: dockyard.docker.stack
  - module: dockyard.docker.service_info
'''

EXAMPLES = r'''
- name: All stacks (docker stack ls)
  dockyard.docker.stack_info:
  register: stacks

- name: One stack's services and tasks (docker stack services shop; docker stack ps shop)
  dockyard.docker.stack_info:
    name: shop
  register: shop

- name: Fail unless every service of the stack runs all its tasks
  ansible.builtin.assert:
    that: shop.stack.services | rejectattr('mode', 'search', 'job') | selectattr('running', 'lt', 1) | list | length == 0
'''

RETURN = r'''
stacks:
  description: Every stack of the swarm, with the number of its services.
  returned: always
  type: list
  elements: dict
  sample: [{"name": "shop", "services": 2}]
exists:
  description: Whether the stack O(name) has anything in the swarm.
  returned: when O(name) is given
  type: bool
stack:
  description: The stack O(name); empty when it does not exist.
  returned: when O(name) is given
  type: dict
  contains:
    name:
      description: Name of the stack.
      type: str
    services:
      description: Its services with C(name), C(id), C(mode), C(image), C(running) and C(desired) task counts and C(update_state).
      type: list
      elements: dict
    tasks:
      description: Its tasks, as M(dockyard.docker.service) reports them, each with the C(service) it belongs to.
      type: list
      elements: dict
    networks:
      description: Names of its networks.
      type: list
      elements: str
    configs:
      description: Names of its configs.
      type: list
      elements: str
    secrets:
      description: Names of its secrets.
      type: list
      elements: str
  sample: {"name": "shop", "services": [{"name": "shop_web", "mode": "replicated", "running": 2, "desired": 2}],
           "tasks": [], "networks": ["shop_default"], "configs": [], "secrets": []}
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.dockyard.docker.plugins.module_utils.swarm.stack_info import run_stack_info, stack_info_argument_spec
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import (
    connect,
    connection_argument_spec,
    run_task,
)


def main():
    module = AnsibleModule(argument_spec=connection_argument_spec(stack_info_argument_spec()),
                           supports_check_mode=True)
    run_task(module, lambda: run_stack_info(module, connect))


if __name__ == '__main__':
    main()
