#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: container_stats
short_description: Read containers' CPU, memory, network, block I/O and PIDs once (docker stats --no-stream)
author:
  - Dockyard maintainers (@dockyard)
version_added: 0.1.0
description:
  - One reading of what C(docker stats --no-stream) shows, for the containers named in O(name), those a
    C(docker ps) filter selects (O(filters)), or every running container.
  - CPU use is measured over about one second, as the CLI does; the containers are read in parallel, so many
    containers cost about as long as one.
  - Memory usage leaves out the page cache the kernel can reclaim (C(total_inactive_file) on cgroup v1,
    C(inactive_file) on cgroup v2), as C(docker stats) does. Podman reports no such breakdown; there it is its
    usage as given.
  - A named container that is not running is reported with zeros (C(running=false)), as C(docker stats) shows it.
extends_documentation_fragment:
  - dockyard.docker.docker
  - dockyard.docker.docker.attributes_info
options:
  name:
    description: Containers by name or ID, one or a list. Without it, the running containers (O(filters) narrows them).
    type: list
    elements: str
  filters:
    description:
      - A C(docker ps) filter selecting the containers, such as C(label), C(name), C(ancestor), C(network),
        C(health) or C(status) (with C(status), stopped containers can be selected too).
    type: dict
seealso:
  - module: dockyard.docker.container_info
  - module: dockyard.docker.events
'''

EXAMPLES = r'''
- name: Stats of every running container (docker stats --no-stream)
  dockyard.docker.container_stats:
  register: usage

- name: Containers over 80% of their memory limit
  ansible.builtin.debug:
    msg: "{{ usage.stats | selectattr('memory_percent', 'gt', 80) | map(attribute='name') | list }}"

- name: One container
  dockyard.docker.container_stats:
    name: web
  register: web

- name: The containers of one project
  dockyard.docker.container_stats:
    filters:
      label: com.example.project=shop
'''

RETURN = r'''
stats:
  description: One report per container, sorted by name.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: "Container ID."
      type: str
      returned: always
    name:
      description: "Container name."
      type: str
      returned: always
    running:
      description: "Whether the container runs (a stopped one has zeros)."
      type: bool
      returned: always
    cpu_percent:
      description: "CPU use over the measured interval; 100 is one full CPU."
      type: float
      returned: always
    memory_usage:
      description: "Memory in use in bytes, without reclaimable page cache."
      type: int
      returned: always
    memory_limit:
      description: "The memory limit in bytes (the host's memory when none is set)."
      type: int
      returned: always
    memory_percent:
      description: "memory_usage as a percentage of memory_limit."
      type: float
      returned: always
    network_rx_bytes:
      description: "Bytes received over all the container's networks."
      type: int
      returned: always
    network_tx_bytes:
      description: "Bytes sent over all the container's networks."
      type: int
      returned: always
    block_read_bytes:
      description: "Bytes read from block devices."
      type: int
      returned: always
    block_write_bytes:
      description: "Bytes written to block devices."
      type: int
      returned: always
    pids:
      description: "Number of processes and threads."
      type: int
      returned: always
    read:
      description: "When the daemon took the reading."
      type: str
      returned: always
  sample: [{"id": "4f2a...", "name": "web", "running": true, "cpu_percent": 2.51, "memory_usage": 8388608,
            "memory_limit": 536870912, "memory_percent": 1.56, "network_rx_bytes": 1296, "network_tx_bytes": 0,
            "block_read_bytes": 0, "block_write_bytes": 4096, "pids": 3, "read": "2026-12-02T04:43:27.012296368Z"}]
missing:
  description: Names given in O(name) that are no container.
  returned: always
  type: list
  elements: str
exists:
  description: Whether every named container exists (without O(name), whether any container was read).
  returned: always
  type: bool
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.dockyard.docker.plugins.module_utils.container.stats import (
    container_stats_argument_spec,
    run_container_stats,
)
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import (
    connect,
    connection_argument_spec,
    run_task,
)


def main():
    module = AnsibleModule(argument_spec=connection_argument_spec(container_stats_argument_spec()),
                           supports_check_mode=True)
    run_task(module, lambda: run_container_stats(module, connect))


if __name__ == '__main__':
    main()
