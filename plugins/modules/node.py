#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: node
short_description: Set a swarm node's availability, role and labels
author:
  - Dockyard maintainers (@dockyard)
version_added: 0.1.0
description:
  - Converges one node of a swarm (C(docker node update), C(promote), C(demote)). Runs against a manager.
  - Only what the task sets is compared.
extends_documentation_fragment:
  - dockyard.docker.docker
  - dockyard.docker.docker.attributes
options:
  hostname:
    description: The node, by hostname, node name or ID.
    type: str
    required: true
    aliases: [name]
  availability:
    description:
      - V(active) schedules tasks on the node, V(pause) keeps its tasks but schedules no new ones,
        V(drain) moves its tasks to other nodes (C(--availability)).
    type: str
    choices: [active, pause, drain]
  role:
    description: V(manager) promotes the node (C(docker node promote)), V(worker) demotes it (C(docker node demote)).
    type: str
    choices: [worker, manager]
  labels:
    description: Node labels (C(--label-add)), used by placement constraints such as C(node.labels.zone==a).
    type: dict
  labels_state:
    description:
      - V(merge) adds O(labels) to the node's other labels; V(replace) makes O(labels) the node's only labels.
    type: str
    default: merge
    choices: [merge, replace]
  labels_to_remove:
    description:
      - Labels to remove from the node (C(--label-rm)).
      - They are removed before O(labels) are set, so a key in both ends up set to its value in O(labels)
        (as community.docker's C(docker_node) does).
    type: list
    elements: str
seealso:
  - module: dockyard.docker.swarm
  - module: dockyard.docker.service
'''

EXAMPLES = r'''
- name: Drain a node before maintenance; its tasks move to other nodes (docker node update --availability drain)
  dockyard.docker.node:
    hostname: worker1
    availability: drain

- name: Bring it back (docker node update --availability active)
  dockyard.docker.node:
    hostname: worker1
    availability: active

- name: Label a node for placement constraints (docker node update --label-add zone=a)
  dockyard.docker.node:
    hostname: worker1
    labels:
      zone: a

- name: Promote a worker to manager (docker node promote worker2)
  dockyard.docker.node:
    hostname: worker2
    role: manager

- name: Make zone and disk the only labels, then drop disk (--label-rm)
  block:
    - dockyard.docker.node:
        hostname: worker2
        labels: {zone: b, disk: ssd}
        labels_state: replace
    - dockyard.docker.node:
        hostname: worker2
        labels_to_remove: [disk]
'''

RETURN = r'''
node:
  description: The node's inspect data after the task (C(docker node inspect)).
  returned: always
  type: dict
  sample: {"ID": "uf4cllo7ldsy", "Spec": {"Role": "worker", "Availability": "drain", "Labels": {"zone": "a"}}}
actions:
  description: What was done, or would be done in check mode, in order.
  returned: always
  type: list
  elements: str
  sample: ["update node worker1 (availability)"]
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.dockyard.docker.plugins.module_utils.core.state import (
    connect,
    connection_argument_spec,
    run_task,
)
from ansible_collections.dockyard.docker.plugins.module_utils.swarm.node import node_argument_spec, run_node


def main():
    module = AnsibleModule(argument_spec=connection_argument_spec(node_argument_spec()),
                           supports_check_mode=True)
    run_task(module, lambda: run_node(module, connect, module.check_mode))


if __name__ == '__main__':
    main()
