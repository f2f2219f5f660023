#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: container_info
short_description: Inspect one Docker container or list containers
author:
  - Dockyard maintainers (@dockyard)
version_added: 0.1.0
description:
  - With O(name), returns whether the container exists, its inspect data (C(docker inspect)),
    its published ports (C(docker port)) and, with O(top), its processes (C(docker top)).
  - Without O(name), lists containers like C(docker ps); O(all) is C(-a), O(latest) is C(-l) and
    O(filters) is C(--filter).
extends_documentation_fragment:
  - dockyard.docker.docker
  - dockyard.docker.docker.attributes_info
options:
  name:
    description:
      - Name or ID of the container to inspect.
      - Leave it out to list containers instead.
    type: str
  all:
    description: List stopped containers too (C(docker ps -a)). Only without O(name).
    type: bool
    default: false
  latest:
    description:
      - List only the most recently created container, whatever its state (C(docker ps -l)).
        Only without O(name).
    type: bool
    default: false
  filters:
    description:
      - Filters as the Engine API takes them (C(docker ps --filter)), a dict of filter names to a
        string or a list of strings; see the examples.
      - Accepted names are C(ancestor), C(before), C(expose), C(exited), C(health), C(id),
        C(isolation), C(is-task), C(label), C(name), C(network), C(publish), C(since), C(status)
        and C(volume). Only without O(name).
    type: dict
  top:
    description:
      - Also return the container's processes as RV(processes) (C(docker top)). Needs O(name).
      - A container that is not running has no processes.
    type: bool
    default: false
  ps_args:
    description: Arguments for C(ps) inside the container with O(top), such as C(-ef). Needs O(name).
    type: str
seealso:
  - module: dockyard.docker.container
  - module: dockyard.docker.container_logs
'''

EXAMPLES = r'''
- name: Inspect one container (docker inspect box)
  dockyard.docker.container_info:
    name: box
  register: box_info

- name: Fail unless it runs
  ansible.builtin.assert:
    that:
      - box_info.exists
      - box_info.container.State.Running

- name: Which host port serves port 80 (docker port web 80)
  dockyard.docker.container_info:
    name: web
  register: web_info

- name: Show it
  ansible.builtin.debug:
    msg: "http://localhost:{{ web_info.ports['80/tcp'][0].HostPort }}/"

- name: Running containers (docker ps)
  dockyard.docker.container_info:
  register: running

- name: All containers, stopped ones too (docker ps -a)
  dockyard.docker.container_info:
    all: true

- name: The container created last (docker ps -l)
  dockyard.docker.container_info:
    latest: true

- name: Exited containers of one app (docker ps -a --filter status=exited --filter label=app=web)
  dockyard.docker.container_info:
    all: true
    filters:
      status: exited
      label: app=web

- name: Processes in a container (docker top box)
  dockyard.docker.container_info:
    name: box
    top: true
  register: box_processes
'''

RETURN = r'''
exists:
  description:
    - Whether the container exists.
    - V(false) also when another client removed it while this task read it (between its inspect and
      C(docker top)).
  returned: when O(name) is set
  type: bool
  sample: true
container:
  description: The container's inspect data (C(docker inspect)); empty when it does not exist.
  returned: when O(name) is set
  type: dict
  sample: {"Id": "e0b8...", "Name": "/box", "State": {"Running": true, "Status": "running"}}
ports:
  description:
    - Published ports as C(docker port) shows them, by C(PORT/PROTOCOL); exposed ports without a
      binding are left out. Empty when the container is not running or does not exist.
  returned: when O(name) is set
  type: dict
  sample: {"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "32768"}]}
processes:
  description: >-
    The container's processes (C(docker top)); empty lists when it is not running, also when it stopped
    after it was inspected (RV(container) is then read again).
  returned: when O(top=true)
  type: dict
  contains:
    titles:
      description: Column titles of C(ps).
      type: list
      elements: str
      sample: ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"]
    rows:
      description: One list of column values per process.
      type: list
      elements: list
      sample: [["root", "4242", "4220", "0", "10:00", "?", "00:00:00", "sleep 600"]]
containers:
  description: Containers as the Engine lists them (C(docker ps)), newest first.
  returned: when O(name) is not set
  type: list
  elements: dict
  sample: [{"Id": "e0b8...", "Names": ["/box"], "Image": "busybox", "State": "running", "Status": "Up 2 minutes"}]
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.dockyard.docker.plugins.module_utils.container.info import (
    container_info_argument_spec,
    run_container_info,
)
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import (
    connect,
    connection_argument_spec,
    run_task,
)


def main():
    module = AnsibleModule(argument_spec=connection_argument_spec(container_info_argument_spec()),
                           supports_check_mode=True)
    run_task(module, lambda: run_container_info(module, connect))


if __name__ == '__main__':
    main()
