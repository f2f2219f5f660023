#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: events
short_description: Read the daemon's events between two moments (docker events --since --until)
author:
  - Dockyard maintainers (@dockyard)
version_added: 0.1.0
description:
  - Returns the events the daemon recorded from O(since) to O(until) (now when left out), optionally
    filtered as with C(docker events --filter), as a list.
  - Always bounded. A O(until) in the future is waited for; the wait must fit in the task
    (the connection O(timeout) is added to it).
  - The daemon keeps a limited number of past events (about 1000 in Docker), so a long-ago O(since) may not
    reach back that far.
extends_documentation_fragment:
  - dockyard.docker.docker
  - dockyard.docker.docker.attributes_info
options:
  since:
    description:
      - The start, as for C(docker events --since) - a Unix timestamp, an RFC 3339 date such as
        C(2026-05-01T10:00:00Z) (without a zone, local time), or a duration such as C(10m) or C(1h30m) meaning that
        long ago.
    type: str
    required: true
  until:
    description: The end, in the forms of O(since); now when left out.
    type: str
  filters:
    description:
      - As C(docker events --filter), a dict of filter names to a value or a list - C(type) (C(container),
        C(image), C(volume), C(network), C(daemon), C(plugin), C(service), C(node), C(secret), C(config),
        C(builder)), C(event) (the action, such as C(start) or C(die)), C(container), C(image), C(label),
        C(network), C(volume), C(service), C(node), C(secret), C(config), C(plugin), C(daemon), C(scope).
    type: dict
seealso:
  - module: dockyard.docker.container_stats
'''

EXAMPLES = r'''
- name: Containers that died in the last hour
  dockyard.docker.events:
    since: 1h
    filters:
      type: container
      event: die
  register: died

- name: Alert on them
  ansible.builtin.fail:
    msg: "{{ item.attributes.name }} exited with {{ item.attributes.exitCode }}"
  loop: "{{ died.events }}"

- name: What happened to one service's containers during a deploy window
  dockyard.docker.events:
    since: "2026-05-01T10:00:00Z"
    until: "2026-05-01T10:15:00Z"
    filters:
      label: com.docker.swarm.service.name=web
'''

RETURN = r'''
events:
  description: The events in the order the daemon recorded them.
  returned: always
  type: list
  elements: dict
  contains:
    type:
      description: "What the event is about (C(container), C(image), C(network), ...)."
      type: str
      returned: always
    action:
      description: "What happened (C(create), C(start), C(die), C(pull), C(connect), ...)."
      type: str
      returned: always
    actor_id:
      description: "ID of the object (container ID, image name, network ID, ...)."
      type: str
      returned: always
    attributes:
      description: "The actor's attributes (name, image, labels, exitCode, ...)."
      type: dict
      returned: always
    scope:
      description: "C(local) or C(swarm)."
      type: str
      returned: always
    time:
      description: "When, in Unix seconds."
      type: int
      returned: always
    time_nano:
      description: "When, in Unix nanoseconds."
      type: int
      returned: always
  sample: [{"type": "container", "action": "start", "actor_id": "4f2a...", "scope": "local",
            "attributes": {"image": "nginx:1.27", "name": "web"}, "time": 1796186533, "time_nano": 1796186533123456789}]
since:
  description: The start sent to the daemon, in Unix seconds.
  returned: always
  type: str
  sample: "1796186500.000000000"
until:
  description: The end sent to the daemon, in Unix seconds.
  returned: always
  type: str
  sample: "1796190100.000000000"
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.dockyard.docker.plugins.module_utils.host.events import events_argument_spec, run_events
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import (
    connect,
    connection_argument_spec,
    run_task,
)


def main():
    module = AnsibleModule(argument_spec=connection_argument_spec(events_argument_spec()), supports_check_mode=True)
    run_task(module, lambda: run_events(module, connect))


if __name__ == '__main__':
    main()
