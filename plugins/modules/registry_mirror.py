#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: registry_mirror
short_description: Add or remove one registry mirror in the Docker daemon's configuration
author:
  - Dockyard maintainers (@dockyard)
version_added: 0.1.0
description:
  - Adds one URL to C(registry-mirrors) in C(/etc/docker/daemon.json), or removes it, without touching
    the other entries or any other key, so several roles can each add their own mirror.
  - A URL with or without a trailing slash counts as the same mirror.
  - With O(format=docker_opts) the mirror is a C(--registry-mirror) flag on the C(DOCKER_OPTS="...")
    line of C(/etc/default/docker).
extends_documentation_fragment:
  - dockyard.docker.docker
  - dockyard.docker.docker.attributes
  - dockyard.docker.daemon_file
options:
  url:
    description: The mirror, an C(http://) or C(https://) URL without a path, such as C(http://mirror.internal:5000).
    type: str
    required: true
  state:
    description: V(present) adds the mirror at the end of the list when missing; V(absent) removes it.
    type: str
    default: present
    choices: [present, absent]
seealso:
  - module: dockyard.docker.daemon_config
  - module: dockyard.docker.host_info
'''

EXAMPLES = r'''
- name: Pull through the team's mirror (the seed's --registry-mirror)
  dockyard.docker.registry_mirror:
    url: http://mirror.internal:5000
    backup: true
  register: mirror

- name: Restart dockerd when the mirror list changed, and verify it came back
  ansible.builtin.include_role:
    name: dockyard.docker.engine
    tasks_from: restart
  vars:
    engine_install: false
    engine_daemon_config_backup: "{{ mirror.backup_file | default('') }}"
  when: mirror.restart_required

- name: Check the daemon uses it
  dockyard.docker.host_info:
  register: host
  failed_when: "'http://mirror.internal:5000/' not in host.registry_mirrors"

- name: Stop using an old mirror
  dockyard.docker.registry_mirror:
    url: https://old-mirror.example
    state: absent

- name: The same on a host whose init script reads DOCKER_OPTS from /etc/default/docker
  dockyard.docker.registry_mirror:
    url: http://mirror.internal:5000
    format: docker_opts
'''

RETURN = r'''
registry_mirrors:
  description: The mirror list in the file after the task.
  returned: always
  type: list
  elements: str
  sample: ["http://mirror.internal:5000"]
config:
  description:
    - The whole configuration after the task, as daemon.json keys.
    - Credentials are masked as C(********), as M(dockyard.docker.daemon_config) masks them; the file holds the real
      values.
  returned: always
  type: dict
  sample: {"registry-mirrors": ["http://mirror.internal:5000"], "log-driver": "local"}
restart_required:
  description: Whether the mirror list changed, so dockerd must restart to use it.
  returned: always
  type: bool
  sample: true
changed_keys:
  description: The daemon.json keys whose value changed; C(registry-mirrors) or nothing.
  returned: always
  type: list
  elements: str
  sample: ["registry-mirrors"]
backup_file:
  description: Where the previous file was copied to.
  returned: when O(backup=true), the file existed and was changed (not in check mode)
  type: str
  sample: /etc/docker/daemon.json.2718.2026-01-02@03:04:05~
actions:
  description: What was done, or would be done in check mode, in order.
  returned: always
  type: list
  elements: str
  sample: ["write /etc/docker/daemon.json (registry-mirrors)"]
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.dockyard.docker.plugins.module_utils.host.registry_mirror import (
    registry_mirror_argument_spec,
    run_registry_mirror,
)
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import connection_argument_spec, run_task


def main():
    module = AnsibleModule(argument_spec=connection_argument_spec(registry_mirror_argument_spec()),
                           supports_check_mode=True)
    run_task(module, lambda: run_registry_mirror(module))


if __name__ == '__main__':
    main()
