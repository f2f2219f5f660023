#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: service_info
short_description: Inspect a swarm service, its tasks per node and its logs
author:
  - Dockyard maintainers (@dockyard)
version_added: 0.1.0
description:
  - Returns a service's inspect data (C(docker service inspect)), its tasks with the node each runs on and its
    state (C(docker service ps)), and with O(logs) the log lines of all its tasks across the cluster
    (C(docker service logs)), each naming the node and task it came from. Runs against a manager.
extends_documentation_fragment:
  - dockyard.docker.docker
  - dockyard.docker.docker.attributes_info
options:
  name:
    description: Name or ID of the service.
    type: str
    required: true
  task_history:
    description: Also return finished tasks (shut down, failed, rejected), not only those meant to run.
    type: bool
    default: false
  logs:
    description: Return the service's log lines in RV(logs).
    type: bool
    default: false
  tail:
    description: With O(logs), only the last lines of each task (C(--tail)); all when left out.
    type: int
  timestamps:
    description: With O(logs), add the time each line was written (C(--timestamps)).
    type: bool
    default: false
seealso:
  - module: dockyard.docker.service
'''

EXAMPLES = r'''
- name: Where do the tasks of web run? (docker service ps web)
  dockyard.docker.service_info:
    name: web
  register: web

- name: Show the task count per node
  ansible.builtin.debug:
    msg: "{{ web.tasks_by_node | dict2items | map(attribute='key') | zip(web.tasks_by_node.values() | map('length')) }}"

- name: The last 20 lines of every task, with times (docker service logs --tail 20 --timestamps web)
  dockyard.docker.service_info:
    name: web
    logs: true
    tail: 20
    timestamps: true
  register: web_logs

- name: Tasks that ran before, such as those moved off a drained node (docker service ps web, all states)
  dockyard.docker.service_info:
    name: web
    task_history: true
'''

RETURN = r'''
exists:
  description:
    - Whether the service exists.
    - V(false) also when another client removed it while this task read it (before its logs were read).
  returned: always
  type: bool
  sample: true
service:
  description: The service's inspect data; empty when it does not exist.
  returned: always
  type: dict
  sample: {"ID": "rpvk5t9695b0", "Spec": {"Name": "web"}}
tasks:
  description:
    - The tasks, as the M(dockyard.docker.service) module returns them (C(id), C(name), C(slot), C(node), C(node_id), C(state),
      C(desired_state), C(message), C(error), C(timestamp), C(container_id), C(image), C(addresses)).
    - Only tasks meant to run unless O(task_history=true).
  returned: always
  type: list
  elements: dict
  sample: [{"id": "f3u9v68nmgci", "slot": 1, "node": "worker1", "state": "running", "desired_state": "running"}]
tasks_by_node:
  description: The same tasks grouped by node hostname.
  returned: always
  type: dict
  sample: {"worker1": [{"id": "f3u9v68nmgci", "slot": 1, "state": "running"}]}
logs:
  description: Log lines of all tasks, oldest first.
  returned: when O(logs=true) and the service exists
  type: list
  elements: dict
  contains:
    node:
      description: Hostname of the node the line came from.
      type: str
    task_id:
      description: Task that wrote it.
      type: str
    stream:
      description: C(stdout) or C(stderr).
      type: str
    line:
      description: The text.
      type: str
    timestamp:
      description: When it was written; only with O(timestamps=true).
      type: str
  sample: [{"node": "worker1", "task_id": "f3u9v68nmgci", "stream": "stdout", "line": "ready"}]
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.dockyard.docker.plugins.module_utils.swarm.service_info import run_service_info, service_info_argument_spec
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import (
    connect,
    connection_argument_spec,
    run_task,
)


def main():
    module = AnsibleModule(argument_spec=connection_argument_spec(service_info_argument_spec()),
                           supports_check_mode=True)
    run_task(module, lambda: run_service_info(module, connect))


if __name__ == '__main__':
    main()
