# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)


class ModuleDocFragment(object):

    # The command of a docker exec: container_exec and compose_exec.
    DOCUMENTATION = r'''
options:
  command:
    description:
      - The command as one string, split like a shell line (no shell runs it; use
        C(sh -c '...') for pipes and redirections).
      - Exactly one of O(command) and O(argv) is required.
    type: str
  argv:
    description: The command as a list of arguments, passed as they are.
    type: list
    elements: str
  detach:
    description:
      - Start the command and return at once (C(docker exec -d)); RV(rc), RV(stdout) and RV(stderr)
        are not returned then.
    type: bool
    default: false
  tty:
    description: Allocate a pseudo-TTY (C(docker exec -t)); stderr is then merged into stdout.
    type: bool
    default: false
  stdin:
    description:
      - Data to send to the command's standard input (the Ansible form of C(docker exec -i));
        the input is closed after it.
    type: str
  stdin_add_newline:
    description: Add a newline to O(stdin) unless it ends with one.
    type: bool
    default: true
  strip_empty_ends:
    description: Strip trailing newlines from RV(stdout) and RV(stderr).
    type: bool
    default: true
  user:
    description: User to run the command as (C(-u)), C(NAME|UID[:GROUP|GID]).
    type: str
  workdir:
    description: Absolute working directory inside the container (C(-w)).
    type: str
    aliases: [chdir]
  env:
    description: Environment variables for the command (C(-e)), a dict; quote booleans.
    type: dict
  privileged:
    description: Give the command extended privileges (C(--privileged)).
    type: bool
    default: false
  expected_rc:
    description: Exit codes that count as success; any other fails the task with the output shown.
    type: list
    elements: int
    default: [0]
  creates:
    description:
      - A path inside the container; when it exists, the command is not run.
      - Relative paths are taken from O(workdir).
    type: str
  removes:
    description:
      - A path inside the container; when it does not exist, the command is not run.
      - Relative paths are taken from O(workdir).
    type: str
'''
