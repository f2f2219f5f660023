#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: container_exec
short_description: Run a command in a running Docker container
author:
  - Dockyard maintainers (@dockyard)
version_added: 0.1.0
description:
  - Runs a command in a running container, like C(docker exec), and returns its exit code and output.
  - Running a command is a change. O(creates) and O(removes) name a path inside the container that
    makes the command unnecessary, which turns the task idempotent.
  - This is also what to use instead of C(docker attach) to work inside a running container.
extends_documentation_fragment:
  - dockyard.docker.exec
  - dockyard.docker.docker
attributes:
  check_mode:
    description: Can run in check mode and return changed status prediction without modifying target.
    support: full
    details: The command is not run; O(creates) and O(removes) are still checked.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: none
  idempotent:
    description: When run twice in a row outside check mode with the same arguments, the second invocation reports no change.
    support: partial
    details: Only with O(creates) or O(removes); otherwise the command runs every time.
options:
  container:
    description: Name or ID of the running container.
    type: str
    required: true
    aliases: [name]
notes:
  - O(creates) and O(removes) look the path up through the daemon's archive API (like C(docker cp)),
    so the container needs no C(test) or shell binary; paths on tmpfs mounts are not visible to it.
  - Waiting for the command has no limit of its own; bound it with the task keyword C(timeout).
seealso:
  - module: dockyard.docker.container
  - module: dockyard.docker.container_logs
'''

EXAMPLES = r'''
- name: Run a command and read its output (docker exec box ls /)
  dockyard.docker.container_exec:
    container: box
    command: ls /
  register: listing

- name: A shell line with a pipe (docker exec box sh -c '...')
  dockyard.docker.container_exec:
    container: box
    argv: [sh, -c, "ps | grep -c sleep"]

- name: Feed data on stdin (docker exec -i box sh -c 'cat > /etc/motd')
  dockyard.docker.container_exec:
    container: box
    argv: [sh, -c, "cat > /etc/motd"]
    stdin: "Welcome"

- name: Start a background job (docker exec -d box ...)
  dockyard.docker.container_exec:
    container: box
    command: sh -c "while true; do date >> /tmp/ticks; sleep 5; done"
    detach: true
    creates: /tmp/ticks

- name: With a TTY, as a user, in a folder, with variables (docker exec -t -u www-data -w /srv -e MODE=prod box ...)
  dockyard.docker.container_exec:
    container: box
    command: ./configure.sh
    tty: true
    user: www-data
    workdir: /srv
    env:
      MODE: prod

- name: Only once - the marker file makes the rerun a no-op
  dockyard.docker.container_exec:
    container: box
    command: sh -c "echo initialised > /var/lib/app/.initialised"
    creates: /var/lib/app/.initialised

- name: Only while a lock exists
  dockyard.docker.container_exec:
    container: box
    command: rm /run/app.lock
    removes: /run/app.lock

- name: grep may find nothing (rc 1) without failing the task
  dockyard.docker.container_exec:
    container: box
    command: grep -q ERROR /var/log/app.log
    expected_rc: [0, 1]
'''

RETURN = r'''
rc:
  description: Exit code of the command; 0 when O(creates) or O(removes) skipped it.
  returned: when the command ran without O(detach), or was skipped
  type: int
  sample: 0
stdout:
  description: Standard output of the command (with O(tty), stdout and stderr together).
  returned: when the command ran without O(detach), or was skipped
  type: str
  sample: "bin\netc\nusr"
stderr:
  description: Standard error of the command; empty with O(tty).
  returned: when the command ran without O(detach), or was skipped
  type: str
  sample: ""
exec_id:
  description: ID of the exec instance.
  returned: when the command ran
  type: str
  sample: "4d1f2c0c6e3b..."
msg:
  description: Why the command was not run, or that it would run (check mode).
  returned: when the command was skipped or in check mode
  type: str
  sample: "command not run: /tmp/marker exists in container box, matching creates"
actions:
  description: What was done, or would be done in check mode; empty when O(creates) or O(removes) skipped the command.
  returned: always
  type: list
  elements: str
  sample: ["run ls / in container box"]
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.dockyard.docker.plugins.module_utils.container.exec import (
    EXEC_MUTUALLY_EXCLUSIVE,
    EXEC_REQUIRED_ONE_OF,
    container_exec_argument_spec,
    run_container_exec,
)
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import (
    connect,
    connection_argument_spec,
    run_task,
)


def main():
    module = AnsibleModule(argument_spec=connection_argument_spec(container_exec_argument_spec()),
                           mutually_exclusive=EXEC_MUTUALLY_EXCLUSIVE,
                           required_one_of=EXEC_REQUIRED_ONE_OF,
                           supports_check_mode=True)
    run_task(module, lambda: run_container_exec(module, connect, module.check_mode))


if __name__ == '__main__':
    main()
