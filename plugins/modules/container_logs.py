#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: container_logs
short_description: Read a Docker container's logs, or wait for a log line
author:
  - Dockyard maintainers (@dockyard)
version_added: 0.1.0
description:
  - Returns a container's output lines, like C(docker logs), with O(tail), O(timestamps), O(since)
    and O(until).
  - O(wait_for) is the Ansible form of C(docker logs -f) - follow the output until a line matches
    a regular expression, and fail when O(timeout) runs out or the container stops first.
  - Also what to use instead of C(docker attach) to watch what a container prints.
extends_documentation_fragment:
  - dockyard.docker.docker
  - dockyard.docker.docker.attributes_info
options:
  name:
    description: Name or ID of the container.
    type: str
    required: true
    aliases: [container]
  tail:
    description: Only the last this many lines (C(--tail)); leave it out for all lines.
    type: int
  timestamps:
    description: Start each returned line with the time the daemon received it (C(-t)), in RFC 3339 with nanoseconds.
    type: bool
    default: false
  since:
    description:
      - Only lines since this time (C(--since)) - a Unix timestamp, an RFC 3339 date such as
        C(2024-05-01T10:00:00Z) (local time without a zone), or a duration such as C(10m) or
        C(1h30m) meaning that long ago.
    type: str
  until:
    description: Only lines before this time (C(--until)), in the forms of O(since).
    type: str
  wait_for:
    description:
      - A Python regular expression; follow the logs (C(docker logs -f)) until a line matches it.
        Lines already written count, within O(tail), O(since) and O(until).
      - The task fails with the lines seen when O(timeout) seconds pass or the container stops
        before a line matches.
    type: str
  timeout:
    description:
      - Seconds to wait for an answer from the daemon; with O(wait_for), also the most seconds to
        wait for a matching line. Falls back to E(DOCKER_TIMEOUT).
    type: int
    default: 60
notes:
  - stdout and stderr are read together and ordered by the time the daemon received each line;
    lines written to the two streams at nearly the same moment may come out in a slightly
    different order than the program wrote them.
seealso:
  - module: dockyard.docker.container
  - module: dockyard.docker.container_info
'''

EXAMPLES = r'''
- name: All output of a container (docker logs web)
  dockyard.docker.container_logs:
    name: web
  register: web_logs

- name: The last 20 lines with their times (docker logs -t --tail 20 web)
  dockyard.docker.container_logs:
    name: web
    tail: 20
    timestamps: true

- name: Lines of the last ten minutes (docker logs --since 10m web)
  dockyard.docker.container_logs:
    name: web
    since: 10m

- name: A time window (docker logs --since ... --until ... web)
  dockyard.docker.container_logs:
    name: web
    since: "2024-05-01T10:00:00Z"
    until: "2024-05-01T11:00:00Z"

- name: Wait until the service says it is ready (docker logs -f web, watched by eye)
  dockyard.docker.container_logs:
    name: web
    wait_for: "ready to accept connections"
    timeout: 120
  register: ready

- name: Show the line that matched
  ansible.builtin.debug:
    var: ready.matched
'''

RETURN = r'''
lines:
  description:
    - Output lines, stdout and stderr together, oldest first; with O(timestamps) each starts with
      its time and a space.
    - With O(wait_for), the lines up to and including the matching one; on failure, the lines seen.
  returned: always
  type: list
  elements: str
  sample: ["hello world", "listening on :80"]
matched:
  description: The line that matched O(wait_for), formatted like RV(lines).
  returned: when O(wait_for) is set and a line matched
  type: str
  sample: "listening on :80"
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.dockyard.docker.plugins.module_utils.container.logs import (
    container_logs_argument_spec,
    run_container_logs,
)
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import (
    connect,
    connection_argument_spec,
    run_task,
)


def main():
    module = AnsibleModule(argument_spec=connection_argument_spec(container_logs_argument_spec()),
                           supports_check_mode=True)
    run_task(module, lambda: run_container_logs(module, connect))


if __name__ == '__main__':
    main()
