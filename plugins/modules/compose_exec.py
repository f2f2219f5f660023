#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: compose_exec
short_description: Run a command in a Compose service's container
author:
  - Dockyard maintainers (@dockyard)
version_added: 0.9.0
description:
  - Runs a command in a running container of a service of a Compose project, like C(docker compose exec SERVICE),
    and returns its exit code and output as M(dockyard.docker.container_exec) does (the same options, without
    C(container)).
  - The container is found by the labels Compose (and M(dockyard.docker.compose)) set on it - the project's name,
    the service and the container number O(index) - so it works on projects started by either, and no docker CLI or
    Compose plugin is needed.
  - The project is named as for M(dockyard.docker.compose); O(project_name) alone is enough when no Compose file is
    at hand. When the files are read, O(service) must be one of the project's enabled services.
  - Running a command is a change; O(creates) and O(removes) make the task idempotent.
extends_documentation_fragment:
  - dockyard.docker.compose_project
  - dockyard.docker.exec
  - dockyard.docker.docker
attributes:
  check_mode:
    description: Can run in check mode and return changed status prediction without modifying target.
    support: full
    details: The command is not run; the container is found, and O(creates) and O(removes) are checked.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: none
  idempotent:
    description: When run twice in a row outside check mode with the same arguments, the second invocation reports no change.
    support: partial
    details: Only with O(creates) or O(removes); otherwise the command runs every time.
options:
  service:
    description: The service whose container runs the command.
    type: str
    required: true
  index:
    description: The container's number among the service's containers (C(docker compose exec --index)).
    type: int
    default: 1
notes:
  - Reading Compose files needs PyYAML (C(python3-yaml)) on the managed node.
seealso:
  - module: dockyard.docker.compose
  - module: dockyard.docker.container_exec
'''

EXAMPLES = r'''
- name: Run the database migrations in the web service's container
  dockyard.docker.compose_exec:
    project_src: /srv/shop
    service: web
    argv: [./manage.py, migrate, --no-input]
  register: migrated
  changed_when: "'No migrations to apply' not in migrated.stdout"

- name: A shell line in the second worker, by project name alone
  dockyard.docker.compose_exec:
    project_name: shop
    service: worker
    index: 2
    command: sh -c 'ls /var/spool/jobs | wc -l'

- name: Load a schema once
  dockyard.docker.compose_exec:
    project_src: /srv/shop
    service: db
    argv: [sh, -c, 'psql -U shop < /schema.sql && touch /var/lib/postgresql/data/.schema-loaded']
    creates: /var/lib/postgresql/data/.schema-loaded
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
  sample: "command not run: /tmp/marker exists in container shop-web-1, matching creates"
actions:
  description: What was done, or would be done in check mode; empty when O(creates) or O(removes) skipped the command.
  returned: always
  type: list
  elements: str
  sample: ["run ls / in container shop-web-1"]
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.dockyard.docker.plugins.module_utils.compose.exec import (
    compose_exec_argument_spec, run_compose_exec)
from ansible_collections.dockyard.docker.plugins.module_utils.container.exec import (
    EXEC_MUTUALLY_EXCLUSIVE, EXEC_REQUIRED_ONE_OF)
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import connect, connection_argument_spec, run_task


def main():
    module = AnsibleModule(argument_spec=connection_argument_spec(compose_exec_argument_spec()),
                           mutually_exclusive=EXEC_MUTUALLY_EXCLUSIVE, required_one_of=EXEC_REQUIRED_ONE_OF,
                           supports_check_mode=True)
    run_task(module, lambda: run_compose_exec(module, connect, module.check_mode))


if __name__ == '__main__':
    main()
