# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The connections api/client.py speaks HTTP over besides tcp: a unix socket, ssh (the Docker SDK's
SSHSocket, imported only for a docker_host of ssh://), and a relay command (controller execution: the
module runs in Ansible's worker, the daemon's socket is on the host Ansible reaches over SSH)."""

import contextlib
import json
import shlex
import socket
import ssl
import subprocess
from http import client as http_client

from ansible_collections.dockyard.docker.plugins.module_utils.api.sdk import SSH_PACKAGE, import_sdk


class UnixHTTPConnection(http_client.HTTPConnection):

    def __init__(self, path, timeout):
        http_client.HTTPConnection.__init__(self, 'localhost', timeout=timeout)
        self.socket_path = path

    def connect(self):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        sock.connect(self.socket_path)
        self.sock = sock


class SSHHTTPConnection(http_client.HTTPConnection):
    """HTTP over `ssh [USER@]HOST docker system dial-stdio`, the docker CLI's ssh:// transport.

    The socket is the Docker SDK's SSHSocket (it runs the ssh client, so ~/.ssh/config, keys and
    agents apply as for the CLI); the remote host needs the docker CLI. Reads on it are not
    bound by `timeout`: ssh's own ServerAliveInterval is what notices a dead link.
    """

    def __init__(self, address, timeout):
        http_client.HTTPConnection.__init__(self, 'localhost', timeout=timeout)
        self.ssh_address = address

    def connect(self):
        sshconn = import_sdk('transport.sshconn', "docker_host ssh://%s (the SDK's ssh transport)" % self.ssh_address,
                             package=SSH_PACKAGE)
        sock = _ssh_socket_class(sshconn)(self.ssh_address)
        sock.connect()
        self.sock = sock


def _ssh_socket_class(sshconn):
    class ShortReadSSHSocket(sshconn.SSHSocket):
        """recv(n) answers with what has arrived (up to n), as a socket does, so hijacked streams flow;
        each response's file leaves the ssh pipe open for the next request on the connection."""

        def recv(self, n):
            return self.proc.stdout.read1(n)

        def close(self):
            # ssh may have exited already (the daemon ended the stream): nothing is left to close then.
            try:
                sshconn.SSHSocket.close(self)
            except (BrokenPipeError, ValueError):
                pass

        def shutdown(self, how):
            # A half-close is the end of ssh's stdin: dial-stdio passes it on to the daemon.
            if self.proc and how in (socket.SHUT_WR, socket.SHUT_RDWR):
                try:
                    self.proc.stdin.close()
                except (BrokenPipeError, ValueError):
                    pass

        def makefile(self, *_args, **_kwargs):
            if not self.proc:
                self.connect()
            return _UnclosedFile(self.proc.stdout)

    return ShortReadSSHSocket


# Runs on the managed host with its own Python: connects to the socket named by its argument (empty:
# the one the docker CLI on that host would use: DOCKER_HOST, else the current context's, else
# /var/run/docker.sock), says "R" once connected (so a failure is told apart from a daemon that
# closed the connection), then copies bytes both ways; the end of its stdin is passed on as a
# half-close, as `docker system dial-stdio` does.
RELAY_PROGRAM = r'''
import hashlib, json, os, socket, sys, threading
def fail(message):
    sys.stderr.write(message + "\n")
    sys.exit(3)
def cli_host():
    folder = os.environ.get("DOCKER_CONFIG") or os.path.expanduser("~/.docker")
    host, context = os.environ.get("DOCKER_HOST"), os.environ.get("DOCKER_CONTEXT")
    if not host and not context:
        try:
            with open(os.path.join(folder, "config.json")) as handle:
                context = json.load(handle).get("currentContext")
        except (OSError, ValueError, AttributeError):
            context = None
    if not host and context and context != "default":
        meta = os.path.join(folder, "contexts", "meta", hashlib.sha256(context.encode()).hexdigest(), "meta.json")
        try:
            with open(meta) as handle:
                host = json.load(handle)["Endpoints"]["docker"]["Host"]
        except (OSError, ValueError, KeyError, TypeError):
            fail("docker context %s: no readable %s" % (context, meta))
    host = host or "unix:///var/run/docker.sock"
    if host.startswith("unix://"):
        return host[len("unix://"):]
    if host.startswith("/"):
        return host
    fail("the docker CLI on this host uses %s; controller execution reaches unix sockets only "
         "(set dockyard_docker_execution: host)" % host)
path = sys.argv[1] or cli_host()
sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
try:
    sock.connect(path)
except OSError as exc:
    fail("%s: %s" % (path, exc.strerror or exc))
os.write(1, b"R")
def upstream():
    while True:
        data = os.read(0, 65536)
        if not data:
            break
        sock.sendall(data)
    sock.shutdown(socket.SHUT_WR)
threading.Thread(target=upstream, daemon=True).start()
while True:
    data = sock.recv(65536)
    if not data:
        break
    while data:
        data = data[os.write(1, data):]
'''

# Prints the docker CLI's config file on the managed host ({} when there is none): the registry logins
# a pull sends, as the module process on that host would read them.
DOCKER_CONFIG_PROGRAM = r'''
import os, sys
folder = os.environ.get("DOCKER_CONFIG") or os.path.expanduser("~/.docker")
try:
    with open(os.path.join(folder, "config.json")) as handle:
        sys.stdout.write(handle.read())
except OSError:
    sys.stdout.write("{}")
'''

_ACTIVE_RELAY = []   # the relay of the task running in this worker (controller execution), if any


class RelayError(OSError):
    """The relay could not reach the daemon's socket (its own words) or did not start."""


class Relay:
    """How a module in Ansible's worker reaches a managed host's daemon over Ansible's SSH connection.

    command(remote_command_line) gives the argv that runs a command line on the host; environment holds
    the task's DOCKER_* variables, given to what runs there; become_prefix runs it as the become user."""

    def __init__(self, host, command, python='python3', environment=None, become_prefix=()):
        self.host = host
        self.command = command
        self.python = python
        self.environment = dict(environment or {})
        self.become_prefix = tuple(become_prefix)
        self._docker_config = None

    def argv(self, words):
        """The argv that runs words (a program and its arguments) on the host, as the task's user."""
        environment = ['%s=%s' % item for item in sorted(self.environment.items())]
        prefix = list(self.become_prefix) + (['env'] + environment if environment else [])
        return self.command(' '.join(shlex.quote(word) for word in prefix + list(words)))

    def relay_argv(self, socket_path):
        return self.argv([self.python, '-c', RELAY_PROGRAM, socket_path or ''])

    def run(self, words, stdin=b'', doing='run a command'):
        """stdout of words run on the host; RelayError with the last line of stderr when it fails."""
        try:
            done = subprocess.run(self.argv(words), input=stdin, capture_output=True, timeout=60, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise RelayError('Cannot %s on %s over SSH (%s)' % (doing, self.host, exc))
        if done.returncode != 0:
            lines = [line.strip() for line in done.stderr.decode('utf-8', 'replace').splitlines() if line.strip()]
            reason = lines[-1] if lines else 'exit code %d' % done.returncode
            raise RelayError('Cannot %s on %s over SSH: %s' % (doing, self.host, reason))
        return done.stdout

    def docker_config(self):
        """The host's docker CLI config (registry logins), read once per task."""
        if self._docker_config is None:
            text = self.run([self.python, '-c', DOCKER_CONFIG_PROGRAM], doing='read the docker CLI config')
            try:
                self._docker_config = json.loads(text.decode('utf-8') or '{}')
            except ValueError:
                self._docker_config = {}
        return self._docker_config


@contextlib.contextmanager
def relayed(relay):
    """Within: every unix-socket connection of a client goes through relay."""
    _ACTIVE_RELAY.append(relay)
    try:
        yield relay
    finally:
        _ACTIVE_RELAY.remove(relay)


def active_relay():
    return _ACTIVE_RELAY[-1] if _ACTIVE_RELAY else None


class RelayHTTPConnection(http_client.HTTPConnection):
    """HTTP over a relay process whose stdin and stdout are one end of a socket pair: the other end is
    this connection's socket, so reads, timeouts and half-closes behave as on a unix socket."""

    def __init__(self, relay, socket_path, timeout):
        http_client.HTTPConnection.__init__(self, 'localhost', timeout=timeout)
        self.relay = relay
        self.socket_path = socket_path
        self.process = None

    def connect(self):
        ours, theirs = socket.socketpair()
        try:
            self.process = subprocess.Popen(self.relay.relay_argv(self.socket_path), stdin=theirs, stdout=theirs,
                                            stderr=subprocess.PIPE, close_fds=True)
        except OSError as exc:
            ours.close()
            raise RelayError('Cannot start the SSH relay to %s (%s)' % (self.relay.host, exc))
        finally:
            theirs.close()
        ours.settimeout(self.timeout)
        try:
            ready = ours.recv(1)
        except socket.timeout:
            ready = None
        if ready != b'R':
            ours.close()
            raise RelayError('Cannot reach the Docker daemon of %s at %s over SSH: %s'
                             % (self.relay.host, self.socket_path, self._reason(ready is None)))
        self.sock = ours

    def _reason(self, timed_out):
        """The last line the relay (or ssh) wrote on stderr, once it has exited."""
        if timed_out:
            self.process.kill()
        try:
            self.process.wait(timeout=5)
            lines = [line.strip() for line in self.process.stderr.read().decode('utf-8', 'replace').splitlines() if line.strip()]
        except subprocess.TimeoutExpired:
            lines = []
        if timed_out:
            return 'the relay did not answer within %s seconds (the task\'s timeout)' % self.timeout
        return lines[-1] if lines else 'the relay exited with code %s' % self.process.returncode

    def close(self):
        http_client.HTTPConnection.close(self)
        process, self.process = self.process, None
        if process is not None:
            # Stopping ssh ends the session, and with it the relay on the host.
            if process.poll() is None:
                process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            process.stderr.close()


class _UnclosedFile:
    """A view of a file whose close() leaves the file open (http.client closes each response's file)."""

    def __init__(self, fileobj):
        self._fileobj = fileobj

    def __getattr__(self, name):
        return getattr(self._fileobj, name)

    def close(self):
        """The connection owns the file."""


def tls_context(ca_path, validate_certs, client_cert, client_key):
    """The SSL context of a tcp+TLS connection, verifying the daemon only when asked."""
    context = ssl.create_default_context(cafile=ca_path)
    if not validate_certs:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    if client_cert:
        context.load_cert_chain(client_cert, client_key)
    return context
