# Copyright: Dockyard maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
name: docker_exec
short_description: Run tasks in running containers through the Engine API or the docker CLI
description:
  - Runs commands in a running container with an exec instance (C(docker exec -i)), and copies
    files in and out by streaming them through an exec of C(cat), so files are written as the exec
    user and paths on tmpfs mounts work too.
  - By default (O(transport=api)) it talks to the Engine API itself, with the collection's own
    client over the daemon's unix socket or tcp / TLS, so the controller needs only Python, no
    C(docker) CLI and no Python library. O(transport=cli) runs the C(docker) CLI instead.
  - No SSH in the container. The container needs C(/bin/sh) and C(cat); modules need a Python
    interpreter in it.
  - Use it for containers that act as hosts (test hosts with their own dockerd), for configuring
    application containers in place, or for the hosts of the P(dockyard.docker.containers#inventory) inventory.
version_added: 0.1.0
author: Dockyard maintainers (@dockyard)
extends_documentation_fragment:
  - connection_pipelining
notes:
  - Privilege escalation (C(become)) works when it needs no password (C(sudo) with NOPASSWD, C(su)
    run as root). A password prompt is refused; set O(remote_user) instead, an exec already runs
    as any user of the container.
  - Over TLS (O(tls) or O(validate_certs)) with O(transport=api), a command that reads its standard
    input until the end may not see the end; pipelining, C(copy) and C(fetch) do not depend on it
    over a unix socket or plain tcp.
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
      - User (C(NAME), C(UID) or C(UID:GID)) the commands run as (the exec's C(User), C(docker exec -u)).
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
  transport:
    description:
      - V(api) talks to the Engine API with the collection's client (no docker CLI needed);
        V(cli) runs the C(docker) CLI (O(docker_cli)) for every command.
    type: str
    choices: [api, cli]
    default: api
    version_added: 0.2.0
    vars:
      - name: ansible_docker_exec_transport
    env:
      - name: ANSIBLE_DOCKER_EXEC_TRANSPORT
  file_transfer:
    description:
      - How O(transport=api) copies files. V(exec) streams them through an exec of C(cat) (written
        as O(remote_user), tmpfs mounts included). V(archive) sends them as a tar stream through
        C(PUT/GET /containers/{id}/archive), for containers without C(cat); files it writes belong
        to root with mode C(0600), and it does not see tmpfs mounts.
      - O(transport=cli) always uses V(exec).
    type: str
    choices: [exec, archive]
    default: exec
    version_added: 0.2.0
    vars:
      - name: ansible_docker_exec_file_transfer
  docker_cli:
    description: The docker CLI executable for O(transport=cli), a name looked up on E(PATH) or a path.
    type: str
    default: docker
    vars:
      - name: ansible_docker_exec_cli
    env:
      - name: ANSIBLE_DOCKER_EXEC_CLI
  docker_host:
    description:
      - The daemon, such as C(unix:///var/run/docker.sock) or C(tcp://HOST:2376) (C(docker -H)).
      - When not set, E(DOCKER_HOST), else the docker CLI's context (see O(docker_context)), else
        C(unix:///var/run/docker.sock).
    type: str
    vars:
      - name: ansible_docker_exec_docker_host
    env:
      - name: DOCKER_HOST
        version_added: 0.2.0
      - name: ANSIBLE_DOCKER_EXEC_DOCKER_HOST
  docker_context:
    description:
      - A context of the docker CLI to reach the daemon through (C(docker --context)), that is its address and TLS
        files, read from the CLI's context store on the controller.
      - Without it and without a daemon address, E(DOCKER_CONTEXT), else the context C(docker context use) chose, as
        the docker CLI does.
    type: str
    vars:
      - name: ansible_docker_exec_docker_context
    version_added: 0.9.0
  tls:
    description: Connect with TLS without verifying the daemon's certificate (C(docker --tls)).
    type: bool
    version_added: 0.2.0
    vars:
      - name: ansible_docker_exec_tls
    env:
      - name: DOCKER_TLS
  validate_certs:
    description: Connect with TLS and verify the daemon's certificate against O(ca_path) (C(docker --tlsverify)).
    type: bool
    version_added: 0.2.0
    vars:
      - name: ansible_docker_exec_validate_certs
    env:
      - name: DOCKER_TLS_VERIFY
  ca_path:
    description: CA certificate to verify the daemon with; C(ca.pem) in E(DOCKER_CERT_PATH) when that is set.
    type: path
    version_added: 0.2.0
    vars:
      - name: ansible_docker_exec_ca_path
  client_cert:
    description: Client certificate for TLS; C(cert.pem) in E(DOCKER_CERT_PATH) when that is set.
    type: path
    version_added: 0.2.0
    vars:
      - name: ansible_docker_exec_client_cert
  client_key:
    description: Private key of O(client_cert); C(key.pem) in E(DOCKER_CERT_PATH) when that is set.
    type: path
    version_added: 0.2.0
    vars:
      - name: ansible_docker_exec_client_key
  api_version:
    description: Engine API version to speak with O(transport=api), such as C(1.41); V(auto) uses the daemon's.
    type: str
    default: auto
    version_added: 0.2.0
    vars:
      - name: ansible_docker_exec_api_version
    env:
      - name: DOCKER_API_VERSION
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
#       ansible_user: www-data         # runs as www-data (docker exec -u)
#       ansible_docker_exec_docker_host: tcp://docker.example.org:2376
#       ansible_docker_exec_validate_certs: true
#       ansible_docker_exec_ca_path: /etc/docker-certs/ca.pem
#     legacy:
#       ansible_connection: dockyard.docker.docker_exec
#       ansible_docker_exec_transport: cli   # run the docker CLI instead of the Engine API

# Or let the dockyard.docker.containers inventory plugin set these variables.
'''

import os
import shlex
import shutil
import socket
import subprocess
import threading
import time

from ansible.errors import AnsibleConnectionFailure, AnsibleError, AnsibleFileNotFound
from ansible.module_utils.common.text.converters import to_bytes, to_text
from ansible.plugins.connection import ConnectionBase
from ansible.utils.display import Display

from ansible_collections.dockyard.docker.plugins.module_utils.api.client import (
    CONTAINER_WAIT_TIMEOUT,
    DockerConnectionError,
    DockerError,
)
from ansible_collections.dockyard.docker.plugins.module_utils.api.connection_options import client_from_params
from ansible_collections.dockyard.docker.plugins.module_utils.api.contexts import own_docker_host
from ansible_collections.dockyard.docker.plugins.module_utils.container.files import get_file, put_file
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.api.streams import FrameSplitter

display = Display()

CHUNK = 65536
CLIENT_OPTIONS = ('docker_host', 'docker_context', 'tls', 'validate_certs', 'ca_path', 'client_cert', 'client_key', 'api_version')


class ExecTimeout(Exception):
    """The command ran longer than exec_timeout."""


class CliTransport:
    """Every command is a `docker exec -i` of the docker CLI."""

    def __init__(self, connection):
        self.options = connection.get_option
        cli = self.options('docker_cli')
        self.cli = shutil.which(cli)
        if not self.cli:
            raise AnsibleConnectionFailure(
                'docker_cli: %r is not an executable on PATH; install the docker CLI, set '
                'ansible_docker_exec_cli to its path, or use ansible_docker_exec_transport=api' % cli)

    def _docker(self, *args):
        flags = []
        for option, flag in (('docker_context', '--context'), ('docker_host', '-H'), ('ca_path', '--tlscacert'), ('client_cert', '--tlscert'),
                             ('client_key', '--tlskey')):
            value = self.options(option) if option != 'docker_host' else own_docker_host(
                {'docker_host': self.options('docker_host'), 'docker_context': self.options('docker_context')})
            if value:
                flags += [flag, value]
        flags += ['--tlsverify'] if self.options('validate_certs') else ['--tls'] if self.options('tls') else []
        return [self.cli] + flags + list(args)

    def _run(self, argv, stdin=None, stdout=subprocess.PIPE, timeout=None):
        """Run the CLI; (rc, stdout, stderr). stdin is bytes, an open file or None (nothing)."""
        display.vvv('EXEC %s' % shlex.join(to_text(a) for a in argv))
        feed = {'input': stdin} if isinstance(stdin, bytes) else {'stdin': stdin or subprocess.DEVNULL}
        try:
            proc = subprocess.run(argv, stdout=stdout, stderr=subprocess.PIPE, timeout=timeout, check=False, **feed)
        except subprocess.TimeoutExpired:
            raise ExecTimeout()
        return proc.returncode, proc.stdout or b'', proc.stderr or b''

    def check_running(self, container):
        """None when the container runs, else why it cannot be reached."""
        rc, out, err = self._run(self._docker('container', 'inspect', '--format', '{{.State.Running}}', container))
        if rc != 0:
            return 'cannot reach container %r: %s' % (container, to_text(err).strip() or 'docker inspect failed')
        return None if to_text(out).strip() == 'true' else 'container %r is not running' % container

    def run(self, container, user, command, stdin=None, stdout=None, timeout=None):
        """Run `/bin/sh -c command`; (rc, stdout bytes, stderr bytes). stdout may be an open file."""
        argv = self._docker('exec', '-i', *(['-u', user] if user else []), container, '/bin/sh', '-c', command)
        return self._run(argv, stdin=stdin, stdout=stdout or subprocess.PIPE, timeout=timeout)


class ApiTransport:
    """Exec instances of the Engine API over a hijacked connection (the collection's client)."""

    def __init__(self, connection):
        params = dict((option, connection.get_option(option)) for option in CLIENT_OPTIONS)
        try:
            self.client = client_from_params(params)
        except (DockerConnectionError, SpecError) as exc:
            raise AnsibleConnectionFailure('docker_exec: %s' % exc)
        self.container_id = None

    def check_running(self, container):
        try:
            found = self.client.get('/containers/{}/json', container)
        except DockerError as exc:
            return 'cannot reach container %r: %s' % (container, exc)
        except DockerConnectionError as exc:
            return 'cannot reach container %r: %s' % (container, exc)
        self.container_id = found['Id']
        return None if (found.get('State') or {}).get('Running') else 'container %r is not running' % container

    def run(self, container, user, command, stdin=None, stdout=None, timeout=None):
        """Run `/bin/sh -c command` in an exec instance; (rc, stdout bytes, stderr bytes).

        stdin is bytes, an open file or None; stdout an open file that gets the output as it comes
        (b'' is returned then), or None to collect it."""
        body = {'Cmd': ['/bin/sh', '-c', command], 'AttachStdin': stdin is not None,
                'AttachStdout': True, 'AttachStderr': True, 'Tty': False}
        if user:
            body['User'] = user
        deadline = time.monotonic() + timeout if timeout else None
        try:
            exec_id = self.client.post('/containers/{}/exec', self.container_id or container, body=body)['Id']
            sock, received = self.client.hijack('POST', '/exec/{}/start', exec_id, body={'Detach': False, 'Tty': False},
                                                timeout=CONTAINER_WAIT_TIMEOUT)
            out, err = self._exchange(sock, received, stdin, stdout, deadline)
            return self._exit_code(exec_id), out, err
        except (DockerError, DockerConnectionError, OSError) as exc:
            raise AnsibleConnectionFailure('docker_exec: %s in container %r: %s' % (shlex.quote(command)[:80], container, exc))

    def _exchange(self, sock, received, stdin, stdout, deadline):
        """Feed stdin (in a thread: the command may write before it has read all of it) and read the
        frames until the daemon closes the stream."""
        feeder = None
        if stdin is not None:
            feeder = threading.Thread(target=_feed, args=(sock, stdin), daemon=True)
            feeder.start()
        splitter, collected = FrameSplitter(), {'stdout': [], 'stderr': []}
        try:
            chunk = received
            while True:
                for stream, data in splitter.feed(chunk):
                    if stream == 'stdout' and stdout is not None:
                        stdout.write(data)
                    else:
                        collected[stream].append(data)
                chunk = _receive(sock, deadline)
                if not chunk:
                    break
        finally:
            sock.close()
            if feeder is not None:
                feeder.join(5)
        return b''.join(collected['stdout']), b''.join(collected['stderr'])

    def _exit_code(self, exec_id):
        """The exec's exit code; the daemon may close the stream a moment before it records it."""
        for attempt in range(200):
            state = self.client.get('/exec/{}/json', exec_id)
            if not state.get('Running') and state.get('ExitCode') is not None:
                return state['ExitCode']
            time.sleep(0.01 * min(attempt + 1, 10))
        raise AnsibleConnectionFailure('docker_exec: exec %s reports no exit code' % exec_id[:12])

    def put_archive(self, local_path, container_path):
        put_file(self.client, self.container_id, local_path, container_path)

    def get_archive(self, container_path, local_path):
        get_file(self.client, self.container_id, container_path, local_path)


def _feed(sock, stdin):
    """Send stdin (bytes or an open file), then close our half so the command sees its end."""
    try:
        if isinstance(stdin, bytes):
            sock.sendall(stdin)
        else:
            for data in iter(lambda: stdin.read(CHUNK), b''):
                sock.sendall(data)
        sock.shutdown(socket.SHUT_WR)
    except OSError:
        pass  # the command ended (or the stream broke) before it read everything; the reader reports it


def _receive(sock, deadline):
    if deadline is not None:
        left = deadline - time.monotonic()
        if left <= 0:
            raise ExecTimeout()
        sock.settimeout(left)
    try:
        return sock.recv(CHUNK)
    except socket.timeout:
        if deadline is not None:
            raise ExecTimeout()
        raise


class Connection(ConnectionBase):
    """Exec based connection to a running container, through the Engine API or the docker CLI."""

    transport = 'dockyard.docker.docker_exec'
    has_pipelining = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._transport = None

    def _connect(self):
        if not self._connected:
            transport = CliTransport(self) if self.get_option('transport') == 'cli' else ApiTransport(self)
            problem = transport.check_running(self._container)
            if problem:
                raise AnsibleConnectionFailure('docker_exec: %s' % problem)
            self._transport = transport
            self._connected = True
        return self

    @property
    def _container(self):
        return self.get_option('remote_addr')

    def _run(self, command, stdin=None, stdout=None):
        timeout = self.get_option('exec_timeout') or None
        display.vvv('EXEC /bin/sh -c %s' % shlex.quote(command), host=self._container)
        try:
            return self._transport.run(self._container, self.get_option('remote_user'), command,
                                       stdin=stdin, stdout=stdout, timeout=timeout)
        except ExecTimeout:
            raise AnsibleConnectionFailure('docker_exec: %s did not finish within %ss (exec_timeout)'
                                           % (self._container, timeout))

    def _archive(self):
        return isinstance(self._transport, ApiTransport) and self.get_option('file_transfer') == 'archive'

    def exec_command(self, cmd, in_data=None, sudoable=True):
        super().exec_command(cmd, in_data=in_data, sudoable=sudoable)
        escalating = sudoable and self.become is not None and getattr(self.become, '_id', None)
        if escalating and self.become.expect_prompt():
            raise AnsibleConnectionFailure(
                'docker_exec: become with a password prompt is not supported; use passwordless become '
                'or set ansible_user, which the exec applies directly')
        rc, stdout, stderr = self._run(to_text(cmd), stdin=in_data or b'')
        if escalating:
            stdout = self.become.strip_become_success(stdout)
        return rc, stdout, stderr

    def put_file(self, in_path, out_path):
        super().put_file(in_path, out_path)
        display.vvv('PUT %s TO %s' % (in_path, out_path), host=self._container)
        local = to_bytes(in_path, errors='surrogate_or_strict')
        if not os.path.isfile(local):
            raise AnsibleFileNotFound('docker_exec: file to copy does not exist: %s' % in_path)
        if self._archive():
            return self._by_archive('write', out_path, self._transport.put_archive, in_path, out_path)
        with open(local, 'rb') as source:
            rc, dummy, err = self._run('cat > %s' % shlex.quote(out_path), stdin=source)
        if rc != 0:
            raise AnsibleError('docker_exec: could not write %s in %s: %s'
                               % (out_path, self._container, to_text(err).strip()))
        return None

    def fetch_file(self, in_path, out_path):
        super().fetch_file(in_path, out_path)
        display.vvv('FETCH %s TO %s' % (in_path, out_path), host=self._container)
        if self._archive():
            return self._by_archive('read', in_path, self._transport.get_archive, in_path, out_path)
        with open(to_bytes(out_path, errors='surrogate_or_strict'), 'wb') as target:
            rc, dummy, err = self._run('cat -- %s' % shlex.quote(in_path), stdout=target)
        if rc != 0:
            os.unlink(to_bytes(out_path, errors='surrogate_or_strict'))
            raise AnsibleError('docker_exec: could not read %s in %s: %s'
                               % (in_path, self._container, to_text(err).strip()))
        return None

    def _by_archive(self, verb, path, call, *args):
        try:
            call(*args)
        except (DockerError, DockerConnectionError, IOError) as exc:
            raise AnsibleError('docker_exec: could not %s %s in %s: %s' % (verb, path, self._container, exc))

    def reset(self):
        self.close()

    def close(self):
        if isinstance(self._transport, ApiTransport):
            self._transport.client.close()
        self._transport = None
        self._connected = False
