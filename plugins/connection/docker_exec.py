# Copyright: Dockyard maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
name: docker_exec
short_description: Run tasks in running containers through the docker CLI
description:
  - Runs commands in a running container with C(docker exec -i), and copies files in and out by
    streaming them through C(docker exec) (C(cat)), so files are written as the exec user and
    paths on tmpfs mounts work too.
  - Needs only the C(docker) CLI on the controller; no Python library, no SSH in the container.
    The container needs C(/bin/sh) and C(cat); modules need a Python interpreter in it.
  - Use it for containers that act as hosts (test hosts with their own dockerd) or for
    configuring application containers in place.
version_added: 0.1.0
author: Dockyard maintainers (@dockyard)
extends_documentation_fragment:
  - connection_pipelining
notes:
  - Privilege escalation (C(become)) works when it needs no password (C(sudo) with NOPASSWD, C(su)
    run as root). A password prompt is refused; set O(remote_user) instead, C(docker exec -u)
    already runs as any user of the container.
options:
  remote_addr:
    description: The name or ID of the container.
    type: str
    default: inventory_hostname
    vars:
      - name: inventory_hostname
      - name: ansible_host
      - name: ansible_docker_exec_container
  remote_user:
    description:
      - User (C(NAME), C(UID) or C(UID:GID)) the commands run as, given to C(docker exec -u).
      - The container's configured user when not set.
    type: str
    vars:
      - name: ansible_user
      - name: ansible_docker_exec_user
    env:
      - name: ANSIBLE_REMOTE_USER
    ini:
      - section: defaults
        key: remote_user
    keyword:
      - name: remote_user
  docker_cli:
    description: The docker CLI executable, a name looked up on E(PATH) or a path.
    type: str
    default: docker
    vars:
      - name: ansible_docker_exec_cli
    env:
      - name: ANSIBLE_DOCKER_EXEC_CLI
  docker_host:
    description:
      - Daemon the CLI talks to (C(docker -H)), such as C(unix:///var/run/docker.sock) or C(tcp://HOST:2376).
      - The CLI's own default (E(DOCKER_HOST), its current context) when not set.
    type: str
    vars:
      - name: ansible_docker_exec_docker_host
    env:
      - name: ANSIBLE_DOCKER_EXEC_DOCKER_HOST
  exec_timeout:
    description:
      - Seconds one command or file transfer may take before it is stopped; V(0) waits without limit.
      - Not Ansible's connection C(timeout) (10 seconds by default), which suits connecting, not
        commands such as a dockerd restart.
    type: int
    default: 0
    vars:
      - name: ansible_docker_exec_timeout
    env:
      - name: ANSIBLE_DOCKER_EXEC_TIMEOUT
'''

EXAMPLES = r'''
# Inventory (YAML): containers on the controller's dockerd, addressed by name.
# all:
#   hosts:
#     host-a:
#       ansible_connection: dockyard.docker.docker_exec
#       ansible_python_interpreter: /usr/bin/python3
#     app:
#       ansible_connection: dockyard.docker.docker_exec
#       ansible_host: web-1            # container name differs from the inventory name
#       ansible_user: www-data         # docker exec -u www-data
#       ansible_docker_exec_docker_host: tcp://docker.example.org:2375
'''

import os
import shlex
import shutil
import subprocess

from ansible.errors import AnsibleConnectionFailure, AnsibleError, AnsibleFileNotFound
from ansible.module_utils.common.text.converters import to_bytes, to_text
from ansible.plugins.connection import ConnectionBase
from ansible.utils.display import Display

display = Display()


class Connection(ConnectionBase):
    """docker exec based connection to a running container."""

    transport = 'dockyard.docker.docker_exec'
    has_pipelining = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._cli = None

    def _connect(self):
        if not self._connected:
            cli = self.get_option('docker_cli')
            self._cli = shutil.which(cli)
            if not self._cli:
                raise AnsibleConnectionFailure(
                    'docker_cli: %r is not an executable on PATH; install the docker CLI or set '
                    'ansible_docker_exec_cli to its path' % cli)
            self._check_running()
            self._connected = True
        return self

    @property
    def _container(self):
        return self.get_option('remote_addr')

    def _docker(self, *args):
        host = self.get_option('docker_host')
        return [self._cli] + (['-H', host] if host else []) + list(args)

    def _exec_argv(self, command):
        """docker exec -i [-u USER] CONTAINER /bin/sh -c COMMAND"""
        user = self.get_option('remote_user')
        return self._docker('exec', '-i', *(['-u', user] if user else []), self._container, '/bin/sh', '-c', command)

    def _run(self, argv, stdin=None, stdout=subprocess.PIPE):
        """Run the CLI; (rc, stdout, stderr). stdin is bytes, an open file or None (nothing)."""
        timeout = self.get_option('exec_timeout') or None
        display.vvv('EXEC %s' % shlex.join(to_text(a) for a in argv), host=self._container)
        feed = {'input': stdin} if isinstance(stdin, bytes) else {'stdin': stdin or subprocess.DEVNULL}
        try:
            proc = subprocess.run(argv, stdout=stdout, stderr=subprocess.PIPE, timeout=timeout, check=False, **feed)
        except subprocess.TimeoutExpired:
            raise AnsibleConnectionFailure('docker_exec: %s did not finish within %ss (exec_timeout)'
                                           % (self._container, timeout))
        return proc.returncode, proc.stdout or b'', proc.stderr or b''

    def _check_running(self):
        """Fail early with the daemon's word when the container is missing or stopped."""
        rc, out, err = self._run(self._docker('container', 'inspect', '--format', '{{.State.Running}}',
                                              self._container))
        if rc != 0:
            raise AnsibleConnectionFailure('docker_exec: cannot reach container %r: %s'
                                           % (self._container, to_text(err).strip() or 'docker inspect failed'))
        if to_text(out).strip() != 'true':
            raise AnsibleConnectionFailure('docker_exec: container %r is not running' % self._container)

    def exec_command(self, cmd, in_data=None, sudoable=True):
        super().exec_command(cmd, in_data=in_data, sudoable=sudoable)
        escalating = sudoable and self.become is not None and getattr(self.become, '_id', None)
        if escalating and self.become.expect_prompt():
            raise AnsibleConnectionFailure(
                'docker_exec: become with a password prompt is not supported; use passwordless become '
                'or set ansible_user, which docker exec -u applies directly')
        rc, stdout, stderr = self._run(self._exec_argv(to_text(cmd)), stdin=in_data or b'')
        if escalating:
            stdout = self.become.strip_become_success(stdout)
        return rc, stdout, stderr

    def put_file(self, in_path, out_path):
        super().put_file(in_path, out_path)
        display.vvv('PUT %s TO %s' % (in_path, out_path), host=self._container)
        if not os.path.isfile(to_bytes(in_path, errors='surrogate_or_strict')):
            raise AnsibleFileNotFound('docker_exec: file to copy does not exist: %s' % in_path)
        with open(to_bytes(in_path, errors='surrogate_or_strict'), 'rb') as source:
            rc, dummy, err = self._run(self._exec_argv('cat > %s' % shlex.quote(out_path)), stdin=source)
        if rc != 0:
            raise AnsibleError('docker_exec: could not write %s in %s: %s'
                               % (out_path, self._container, to_text(err).strip()))

    def fetch_file(self, in_path, out_path):
        super().fetch_file(in_path, out_path)
        display.vvv('FETCH %s TO %s' % (in_path, out_path), host=self._container)
        with open(to_bytes(out_path, errors='surrogate_or_strict'), 'wb') as target:
            rc, dummy, err = self._run(self._exec_argv('cat -- %s' % shlex.quote(in_path)), stdout=target)
        if rc != 0:
            os.unlink(to_bytes(out_path, errors='surrogate_or_strict'))
            raise AnsibleError('docker_exec: could not read %s in %s: %s'
                               % (in_path, self._container, to_text(err).strip()))

    def reset(self):
        self.close()

    def close(self):
        self._connected = False
