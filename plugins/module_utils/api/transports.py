# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The connections api/client.py speaks HTTP over besides tcp: a unix socket, and ssh (the Docker SDK's
SSHSocket, imported only for a docker_host of ssh://)."""

import socket
import ssl
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
