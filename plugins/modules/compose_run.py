#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: compose_run
short_description: Run a command in a new one-off container of a Compose service
author:
  - Dockyard maintainers (@dockyard)
version_added: 0.9.0
description:
  - Runs a command in a new container of a service of a Compose project, like C(docker compose run SERVICE),
    and returns its exit code and output. No docker CLI or Compose plugin is needed.
  - The container has the service's settings (image, volumes, networks, environment, limits), with the task's
    command, entrypoint, user, working folder and extra environment. As with C(docker compose run), it publishes
    none of the service's ports unless O(service_ports), takes no restart policy, and is not reachable by the
    service's name on the project's networks.
  - It carries Compose's labels with C(com.docker.compose.oneoff=True), so M(dockyard.docker.compose) and
    C(docker compose) take it for a one-off run, never for one of the service's containers.
  - Before the run, the services it depends on (C(depends_on)) are converged as M(dockyard.docker.compose)
    converges them, unless O(no_deps); the project's networks and volumes are created, and the service's image is
    built when it has C(build) and the image is missing, or pulled as the service's C(pull_policy) says.
  - Running a command is a change; every run starts a new container.
extends_documentation_fragment:
  - dockyard.docker.compose_project
  - dockyard.docker.docker
  - dockyard.docker.docker.sdk_credentials
  - dockyard.docker.docker.sdk_build
attributes:
  check_mode:
    description: Can run in check mode and return changed status prediction without modifying target.
    support: full
    details: Nothing is created or run; the actions report what the run would do.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: none
  idempotent:
    description: When run twice in a row outside check mode with the same arguments, the second invocation reports no change.
    support: none
    details: Every run starts a new container and reports a change.
options:
  service:
    description: The service whose settings the new container takes. It must be one of the project's enabled services (naming it
      enables its profiles).
    type: str
    required: true
  argv:
    description:
      - The command, as a list of arguments (no shell, no quoting). Replaces the service's C(command).
      - Without O(argv) and O(command), the service's own command runs.
    type: list
    elements: str
  command:
    description: The command as one string, split like a shell line (no shell runs it). Replaces the service's C(command).
    type: str
  entrypoint:
    description: Replaces the service's (or the image's) entrypoint, as a list of arguments; V([]) clears it.
    type: list
    elements: str
  user:
    description: User (name or UID, with C(:group)) the command runs as, instead of the service's.
    type: str
  workdir:
    description: Working folder of the command inside the container (absolute path), instead of the service's.
    type: str
    aliases: [chdir]
  env:
    description: Environment variables added to (or replacing those of) the service's C(environment).
    type: dict
  labels:
    description: Labels added to the container, beside the service's and Compose's.
    type: dict
  name:
    description: The container's name. Default C(PROJECT-SERVICE-run-XXXXXXXXXXXX), as Compose names one-off containers.
    type: str
  remove:
    description:
      - Remove the container once the command has exited (C(docker compose run --rm)).
      - With O(detach), the daemon removes it when it exits (its auto-remove setting).
    type: bool
    default: true
  detach:
    description: Start the container and return at once, without its output (C(docker compose run --detach)).
    type: bool
    default: false
  tty:
    description: Give the command a pseudo-TTY. Its standard error is then read as part of RV(stdout).
    type: bool
    default: false
  service_ports:
    description: Publish the service's C(ports) as the service does (C(docker compose run --service-ports)).
    type: bool
    default: false
  publish:
    description: Ports to publish, in C(docker run --publish) form (C(8080:80), C(127.0.0.1:5432:5432/tcp)).
    type: list
    elements: str
  no_deps:
    description: Do not converge the services the service depends on (C(docker compose run --no-deps)).
    type: bool
    default: false
  expected_rc:
    description: Exit codes that count as success; any other fails the task (its output is still returned).
    type: list
    elements: int
    default: [0]
  strip_empty_ends:
    description: Strip the trailing newlines of RV(stdout) and RV(stderr).
    type: bool
    default: true
notes:
  - Reading Compose files needs PyYAML (C(python3-yaml)) on the managed node.
  - The command gets no standard input; a command that reads it sees end of file.
seealso:
  - module: dockyard.docker.compose
  - module: dockyard.docker.compose_exec
  - module: dockyard.docker.container
'''

EXAMPLES = r'''
- name: Run the database migrations in a one-off container of the web service
  dockyard.docker.compose_run:
    project_src: /srv/shop
    service: web
    argv: [./manage.py, migrate, --no-input]
  register: migrated
  changed_when: "'No migrations to apply' not in migrated.stdout"

- name: A backup job that leaves its container running, with the database up first
  dockyard.docker.compose_run:
    project_src: /srv/shop
    service: backup
    command: /usr/local/bin/backup --all
    env:
      BACKUP_TARGET: /backups/nightly
    detach: true

- name: A shell line with the service's ports published, without starting its dependencies
  dockyard.docker.compose_run:
    project_src: /srv/shop
    service: web
    command: sh -c 'ls /srv/static | wc -l'
    service_ports: true
    no_deps: true
'''

RETURN = r'''
rc:
  description: Exit code of the command.
  returned: when the command ran without O(detach)
  type: int
  sample: 0
stdout:
  description: Standard output of the command (with O(tty), standard error too).
  returned: when the command ran without O(detach)
  type: str
  sample: "Applying shop.0002_orders... OK"
stderr:
  description: Standard error of the command; empty with O(tty).
  returned: when the command ran without O(detach)
  type: str
  sample: ""
container_name:
  description: Name of the one-off container (removed again with O(remove) unless O(detach)).
  returned: always
  type: str
  sample: shop-web-run-3f9a0c2b7d1e
container_id:
  description: ID of the container left running.
  returned: with O(detach), outside check mode
  type: str
  sample: "8e0f3b9f1c5d..."
msg:
  description: That the command would run (check mode).
  returned: in check mode
  type: str
  sample: command would run in a new container of service web
actions:
  description: What was done, or would be done in check mode - the dependencies, networks, volumes and image, then the run.
  returned: always
  type: list
  elements: str
  sample: ["create network shop_default", "create container shop-web-run-3f9a0c2b7d1e from shop-web:latest",
           "run container shop-web-run-3f9a0c2b7d1e to completion"]
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.dockyard.docker.plugins.module_utils.compose.run import (
    RUN_MUTUALLY_EXCLUSIVE, compose_run_argument_spec, run_compose_run)
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import connect, connection_argument_spec, run_task


def main():
    module = AnsibleModule(argument_spec=connection_argument_spec(compose_run_argument_spec()),
                           mutually_exclusive=RUN_MUTUALLY_EXCLUSIVE, supports_check_mode=True)
    run_task(module, lambda: run_compose_run(module, connect, module.check_mode))


if __name__ == '__main__':
    main()
