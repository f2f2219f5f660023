#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: node_info
short_description: Read swarm nodes and the tasks on each (docker node ls, inspect, ps)
author:
  - Dockyard maintainers (@dockyard)
version_added: 0.1.0
description:
  - Reports one node (O(name)), several (O(nodes)) or all nodes of the swarm (optionally O(filters)) with
    their role, availability, status, labels, engine version, resources, manager status, and how many tasks
    each node holds by state (C(docker node ps)).
  - Runs against a swarm manager; on a worker or outside a swarm it fails with one line saying so.
extends_documentation_fragment:
  - dockyard.docker.docker
  - dockyard.docker.docker.attributes_info
options:
  name:
    description: One node by ID, name or hostname; its report is also returned as RV(node).
    type: str
    aliases: [hostname]
  nodes:
    description: Several nodes by ID, name or hostname. Without O(name) and O(nodes), every node is reported.
    type: list
    elements: str
  filters:
    description:
      - Filters for the listing (C(docker node ls -f)) when no node is named; C(id), C(label) (engine label),
        C(membership), C(name), C(node.label) and C(role), each a value or a list.
    type: dict
  tasks:
    description: Also list each node's tasks (C(docker node ps NODE)) in RV(nodes[].tasks).
    type: bool
    default: false
seealso:
  - module: dockyard.docker.node
  - module: dockyard.docker.swarm_info
'''

EXAMPLES = r'''
- name: Read every node of the swarm
  dockyard.docker.node_info:
  register: cluster

- name: Every node must be ready
  ansible.builtin.assert:
    that: cluster.nodes | rejectattr('ready') | list | length == 0
    fail_msg: "not ready: {{ cluster.nodes | rejectattr('ready') | map(attribute='hostname') | join(', ') }}"

- name: One node and the tasks it runs (docker node ps worker-1)
  dockyard.docker.node_info:
    name: worker-1
    tasks: true
  register: worker

- name: The managers only
  dockyard.docker.node_info:
    filters:
      role: manager
'''

RETURN = r'''
nodes:
  description: A report per node found, sorted by hostname.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: "Node ID."
      type: str
      returned: always
    hostname:
      description: "The node's hostname."
      type: str
      returned: always
    name:
      description: "The node's name (empty unless set in its spec)."
      type: str
      returned: always
    role:
      description: "C(manager) or C(worker)."
      type: str
      returned: always
    availability:
      description: "C(active), C(pause) or C(drain)."
      type: str
      returned: always
    labels:
      description: "Node labels (C(node.labels) of placement constraints)."
      type: dict
      returned: always
    status:
      description: "C(state) (C(ready), C(down), ...), C(addr) and C(message)."
      type: dict
      returned: always
    ready:
      description: "Whether the status state is C(ready)."
      type: bool
      returned: always
    engine_version:
      description: "Docker Engine version of the node."
      type: str
      returned: always
    engine_labels:
      description: "The engine's own labels (C(engine.labels))."
      type: dict
      returned: always
    platform:
      description: "C(OS) and C(Architecture)."
      type: dict
      returned: always
    resources:
      description: "C(nano_cpus) and C(memory_bytes) the node offers."
      type: dict
      returned: always
    manager_status:
      description: For managers, C(leader), C(reachability) and C(addr); null for workers.
      type: dict
      returned: always
    task_states:
      description: "Tasks the swarm keeps for the node (history included) counted by state."
      type: dict
      returned: always
    tasks_running:
      description: "Tasks in state running."
      type: int
      returned: always
    tasks_desired_running:
      description: "Tasks the orchestrator wants running there."
      type: int
      returned: always
    tasks:
      description: The node's tasks, with C(id), C(name) (SERVICE.SLOT.ID), C(state), C(desired_state), C(error), C(image).
      type: list
      elements: dict
      returned: when O(tasks=true)
    inspect:
      description: "The node's full inspect data (C(docker node inspect))."
      type: dict
      returned: always
  sample: [{"id": "x2k9...", "hostname": "manager-1", "role": "manager", "availability": "active",
            "status": {"state": "ready", "addr": "10.0.0.1", "message": ""}, "ready": true,
            "engine_version": "28.0.1", "resources": {"nano_cpus": 2000000000, "memory_bytes": 8254435328},
            "manager_status": {"leader": true, "reachability": "reachable", "addr": "10.0.0.1:2377"},
            "task_states": {"running": 2, "shutdown": 1}, "tasks_running": 2, "tasks_desired_running": 2}]
node:
  description: The report of the node named in O(name); empty when it does not exist.
  returned: when O(name) is given
  type: dict
exists:
  description: Whether every named node exists (without names, whether any node was found).
  returned: always
  type: bool
missing:
  description: The names given in O(name) and O(nodes) that are not in the swarm.
  returned: always
  type: list
  elements: str
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.dockyard.docker.plugins.module_utils.swarm.node_info import node_info_argument_spec, run_node_info
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import (
    connect,
    connection_argument_spec,
    run_task,
)


def main():
    module = AnsibleModule(argument_spec=connection_argument_spec(node_info_argument_spec()), supports_check_mode=True)
    run_task(module, lambda: run_node_info(module, connect))


if __name__ == '__main__':
    main()
