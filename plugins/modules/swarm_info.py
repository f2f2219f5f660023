#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: swarm_info
short_description: Read the swarm this engine belongs to, its nodes, services and tasks
author:
  - Dockyard maintainers (@dockyard)
version_added: 0.1.0
description:
  - Says whether the engine is in a swarm (RV(docker_swarm_active)), manages it (RV(docker_swarm_manager)) or is
    locked (RV(locked)); outside a swarm or on a worker this is an answer, not a failure.
  - On a manager, returns the swarm's spec (C(docker swarm inspect) without the join tokens) and, when asked,
    the join tokens, the unlock key and lists of nodes, services and tasks. Asking for any of those on a
    non-manager fails with one line that still carries the flags.
  - Join tokens and the unlock key are secrets. When they are returned, the task's output is hidden
    (as with C(no_log)); the registered variable holds them for the next task.
extends_documentation_fragment:
  - dockyard.docker.docker
  - dockyard.docker.docker.attributes_info
options:
  join_tokens:
    description: Return the worker and manager join tokens in RV(join_tokens).
    type: bool
    default: false
  unlock_key:
    description: Return the key that unlocks the managers (C(docker swarm unlock-key)); empty when autolock is off.
    type: bool
    default: false
  nodes:
    description: List the nodes (C(docker node ls)) in RV(nodes).
    type: bool
    default: false
  nodes_filters:
    description: Filters for RV(nodes) (C(id), C(label), C(membership), C(name), C(node.label), C(role)).
    type: dict
  services:
    description: List the services (C(docker service ls)) in RV(services).
    type: bool
    default: false
  services_filters:
    description: Filters for RV(services) (C(id), C(label), C(mode), C(name)).
    type: dict
  tasks:
    description: List the tasks (C(docker service ps) over all services) in RV(tasks).
    type: bool
    default: false
  tasks_filters:
    description: Filters for RV(tasks) (C(desired-state), C(id), C(label), C(name), C(node), C(service)).
    type: dict
seealso:
  - module: dockyard.docker.swarm
  - module: dockyard.docker.node_info
  - module: dockyard.docker.service_info
'''

EXAMPLES = r'''
- name: Is this engine a swarm manager?
  dockyard.docker.swarm_info:
  register: swarm

- name: Join a worker with the manager's token (hidden in the output)
  dockyard.docker.swarm:
    state: join
    remote_addrs: ["{{ manager_addr }}"]
    join_token: "{{ hostvars[groups['managers'][0]].swarm.join_tokens.worker }}"
  when: not swarm.docker_swarm_active

- name: Services that are not converged
  dockyard.docker.swarm_info:
    services: true
  register: cluster

- name: Show them
  ansible.builtin.debug:
    msg: "{{ item.name }}: {{ item.running_tasks }}/{{ item.desired_tasks }}"
  loop: "{{ cluster.services | rejectattr('running_tasks', 'equalto', 0) | list }}"

- name: Failed tasks of one service
  dockyard.docker.swarm_info:
    tasks: true
    tasks_filters:
      service: web
      desired-state: shutdown
'''

RETURN = r'''
can_talk_to_docker:
  description: Whether the daemon answered (false only in a failed result).
  returned: always
  type: bool
docker_swarm_active:
  description: Whether the engine is in a swarm (local node state C(active) or C(locked)).
  returned: always
  type: bool
docker_swarm_manager:
  description: Whether the engine is a manager that can answer for the swarm.
  returned: always
  type: bool
locked:
  description: Whether the engine is a locked manager (autolock; C(docker swarm unlock) first).
  returned: always
  type: bool
local_node_state:
  description: C(inactive), C(pending), C(active), C(locked) or C(error).
  returned: always
  type: str
node_id:
  description: This engine's node ID (empty outside a swarm).
  returned: always
  type: str
node_addr:
  description: The address this node is reached at by the swarm.
  returned: always
  type: str
swarm:
  description: The swarm's inspect data (C(ID), C(Spec), C(Version), C(CreatedAt), C(TLSInfo)...) without
    C(JoinTokens); empty unless the engine is a manager.
  returned: always
  type: dict
join_tokens:
  description: C(worker) and C(manager) join tokens.
  returned: when O(join_tokens=true)
  type: dict
unlock_key:
  description: The managers' unlock key (empty when autolock is off).
  returned: when O(unlock_key=true)
  type: str
nodes:
  description: The nodes, in the report form of M(dockyard.docker.node_info) (without tasks), each with its
    full C(docker node inspect) data in C(inspect).
  returned: when O(nodes=true)
  type: list
  elements: dict
services:
  description:
    - The services with C(id), C(name), C(mode) (C(Replicated), C(Global), C(ReplicatedJob), C(GlobalJob)),
      C(replicas), C(image), C(running_tasks), C(desired_tasks), C(completed_tasks) (jobs), C(update_state), C(labels).
    - The task counts are those of C(docker service ls) (the daemon's service status, Engine API 1.41 and newer).
  returned: when O(services=true)
  type: list
  elements: dict
tasks:
  description: The tasks with C(id), C(name), C(node), C(state), C(desired_state), C(error), C(image).
  returned: when O(tasks=true)
  type: list
  elements: dict
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.dockyard.docker.plugins.module_utils.core.state import (
    connect,
    connection_argument_spec,
    run_task,
)
from ansible_collections.dockyard.docker.plugins.module_utils.swarm.info import run_swarm_info, swarm_info_argument_spec


def main():
    module = AnsibleModule(argument_spec=connection_argument_spec(swarm_info_argument_spec()), supports_check_mode=True)
    run_task(module, lambda: run_swarm_info(module, connect))


if __name__ == '__main__':
    main()
