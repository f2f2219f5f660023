"""Daemon faults: each a clear one-line failure naming the address and what to check."""

import os
import socket
import threading

import pytest

from conftest import run_module


def _fails_with(name, docker_host, *fragments, **extra):
    result = run_module('container_info', expect_fail=True, name=name, docker_host=docker_host, **extra)
    message = result['msg']
    assert '\n' not in message
    for fragment in fragments:
        assert fragment in message, message
    return message


def test_unreachable_socket(name, tmp_path):
    missing = 'unix://%s' % (tmp_path / 'nothing.sock')
    _fails_with(name, missing, missing, 'is dockerd running')


def test_unreachable_tcp(name):
    _fails_with(name, 'tcp://127.0.0.1:1', 'tcp://127.0.0.1:1', 'Connection refused')


def test_unsupported_scheme(name):
    # ssh:// is supported (test_ssh_host.py); a Windows named pipe is not.
    _fails_with(name, 'npipe:////./pipe/docker_engine', 'docker_host', 'npipe:////./pipe/docker_engine', 'unix://',
                'ssh://')


def test_permission_denied(name):
    """A user outside the docker group cannot open the socket; the message says what to do."""
    if os.geteuid() != 0:
        pytest.skip('needs root to switch to an unprivileged user')
    result = run_module('container_info', expect_fail=True, name=name, run_as_nobody=True)
    message = result['msg']
    socket = os.environ.get('DOCKER_HOST', 'unix:///var/run/docker.sock')
    assert socket in message and 'permission denied' in message.lower(), message


def test_tls_with_missing_ca(name, tmp_path):
    _fails_with(name, 'tcp://127.0.0.1:2376', 'TLS settings', 'ca_path',
                validate_certs=True, ca_path=str(tmp_path / 'missing-ca.pem'))


def test_tls_against_plain_listener(name):
    """TLS spoken to a daemon that talks plain HTTP: a handshake failure naming the TLS options."""
    server = socket.socket()
    server.bind(('127.0.0.1', 0))
    server.listen(1)
    port = server.getsockname()[1]

    def answer_plain():
        connection, _address = server.accept()
        connection.recv(4096)
        connection.sendall(b'HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n')
        connection.close()

    thread = threading.Thread(target=answer_plain, daemon=True)
    thread.start()
    try:
        _fails_with(name, 'tcp://127.0.0.1:%d' % port, 'tcp://127.0.0.1:%d' % port, 'TLS', tls=True)
    finally:
        server.close()


def test_api_timeout(name):
    """A daemon that accepts but never answers: the task gives up after `timeout` seconds."""
    server = socket.socket()
    server.bind(('127.0.0.1', 0))
    server.listen(5)
    port = server.getsockname()[1]
    try:
        message = _fails_with(name, 'tcp://127.0.0.1:%d' % port, 'tcp://127.0.0.1:%d' % port, 'within 1 seconds',
                              timeout=1)
        assert 'timeout' in message
    finally:
        server.close()
