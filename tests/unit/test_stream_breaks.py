"""A daemon that stops answering half-way: a pull stream that ends without an image, a
connection cut in the middle of an answer, and a wait whose answer never comes (a real unix
socket served by a thread, no daemon)."""

import socket
import threading

import pytest

from ansible_collections.dockyard.docker.plugins.module_utils.api import client as client_module
from ansible_collections.dockyard.docker.plugins.module_utils.api.client import DockerClient, DockerConnectionError, DockerError, NoAnswerYet
from ansible_collections.dockyard.docker.plugins.module_utils.container.actions import EXIT_REPORT_GRACE, ContainerActions
from ansible_collections.dockyard.docker.plugins.module_utils.image.reference import pull_image

HOST = 'unix:///run/fake-docker.sock'
WAIT_HEAD = b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n'
WAIT_BODY = b'11\r\n{"StatusCode": 3}\r\n0\r\n\r\n'


class PullWithoutImage:
    """Answers the pull with progress only, and has no image afterwards."""

    timeout = 60

    def describe(self):
        return HOST

    def stream_json(self, method, path, query=None, body=None, headers=None, timeout=None):
        return iter([{'status': 'Pulling from library/app'}, {'status': 'Downloading', 'id': 'abc'}])

    def inspect(self, kind, name):
        return None


def test_pull_stream_ending_without_the_image_fails():
    with pytest.raises(DockerError) as failure:
        pull_image(PullWithoutImage(), 'app:1')
    assert HOST in failure.value.reason and 'ended the pull without the image' in failure.value.reason


def _listening(path):
    """A unix socket at path, listening for the one client a fake daemon serves."""
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(1)
    return server


def _serve_once(path, answer, release=None, rest=b''):
    """Answers one request with answer; with release, sends rest only once release is set (the way a
    wait answers: its head at once, its body at the exit)."""
    server = _listening(path)

    def handle():
        connection, _address = server.accept()
        connection.recv(65536)
        connection.sendall(answer)
        if release is not None:
            release.wait(10)
            try:
                connection.sendall(rest)
            except BrokenPipeError:
                pass  # the client gave up waiting, as it may
        connection.close()
        server.close()
    thread = threading.Thread(target=handle)
    thread.start()
    return thread


@pytest.mark.parametrize('read', ['stream', 'request'])
def test_answer_cut_off_names_the_daemon_and_a_restart(tmp_path, read):
    path = str(tmp_path / 'docker.sock')
    # Promises 1000 bytes (or a chunk that never ends), then the daemon goes away.
    answer = (b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n'
              b'40\r\n{"status":"Downloading"}' if read == 'stream' else
              b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"Id":')
    server = _serve_once(path, answer)
    client = DockerClient('unix://' + path, api_version='1.41')
    with pytest.raises(DockerConnectionError) as failure:
        if read == 'stream':
            list(client.stream_json('POST', '/images/create', query={'fromImage': 'app'}))
        else:
            client.get('/images/app/json')
    server.join()
    msg = str(failure.value)
    assert msg.startswith('Lost the connection to the Docker daemon at unix://%s while reading its answer' % path)
    assert 'stopped or restarted' in msg and '\n' not in msg


@pytest.mark.parametrize('exit_reported', [False, True])
def test_a_pending_answer_is_read_when_it_comes_or_given_up_after_its_grace(tmp_path, exit_reported):
    path = str(tmp_path / 'docker.sock')
    release = threading.Event()
    server = _serve_once(path, WAIT_HEAD, release, WAIT_BODY)
    client = DockerClient('unix://' + path, api_version='1.41', timeout=5)
    pending = client.send_request('POST', '/containers/{}/wait', 'app', query={'condition': 'next-exit'})
    if exit_reported:
        release.set()
        assert pending.read(within=5) == {'StatusCode': 3}
    else:
        with pytest.raises(NoAnswerYet):
            pending.read(within=0.2)
        release.set()
    server.join()


class _Spec:
    name = 'app'

    def __init__(self, auto_remove=False):
        self.values = {'auto_remove': auto_remove}


class _WaitingClient:
    """Records the waits a one-shot run asks for; answers not-running with the exit code."""

    def __init__(self):
        self.asked = []

    def post(self, template, *args, query=None, timeout=None):
        self.asked.append((template, args, query))
        return {'StatusCode': 3}


class _SilentWait:
    """A next-exit wait whose exit was never reported (Podman's head-before-subscribe gap)."""

    def __init__(self):
        self.given = []

    def read(self, within=None):
        self.given.append(within)
        if within is None:
            raise AssertionError('read without a grace would wait forever')
        raise NoAnswerYet()


def test_a_missed_exit_report_is_read_from_the_container_state():
    actions = ContainerActions()
    actions.spec, actions.client = _Spec(), _WaitingClient()
    pending = _SilentWait()
    assert actions._exit_status(pending) == {'StatusCode': 3}
    assert pending.given == [EXIT_REPORT_GRACE]
    assert actions.client.asked == [('/containers/{}/wait', ('app',), {'condition': 'not-running'})]


# -- answers too large to hold --------------------------------------------------------------------

LIMIT_TEXT = '64 MiB'


def _serve_pieces(path, head, pieces, sent):
    """Answers one request with head, then the byte strings of pieces as long as the client reads;
    sent[0] counts the body bytes handed to the socket. Waits for the client to close."""
    server = _listening(path)

    def handle():
        connection, _address = server.accept()
        connection.recv(65536)
        try:
            connection.sendall(head)
            for piece in pieces:
                connection.sendall(piece)
                sent[0] += len(piece)
            connection.settimeout(30)
            while connection.recv(65536):
                pass
        except OSError:
            pass  # the client closed the connection, as it should once the answer is too large
        connection.close()
        server.close()
    thread = threading.Thread(target=handle)
    thread.start()
    return thread


def _chunked(pieces):
    for piece in pieces:
        yield b'%x\r\n%s\r\n' % (len(piece), piece)
    yield b'0\r\n\r\n'


def _huge_json_string(mebibytes):
    yield b'["'
    for _index in range(mebibytes):
        yield b'x' * (1 << 20)
    yield b'"]'


def _assert_too_large(failure, what):
    msg = str(failure.value)
    assert isinstance(failure.value, DockerError), msg
    assert what in msg and LIMIT_TEXT in msg and '\n' not in msg, msg


def test_a_json_answer_announced_over_the_limit_is_refused_unread(tmp_path):
    path = str(tmp_path / 'docker.sock')
    sent = [0]
    head = b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n' % (1 << 30)
    server = _serve_pieces(path, head, [b'[' + b' ' * 65536], sent)
    client = DockerClient('unix://' + path, api_version='1.41', timeout=5)
    with pytest.raises(Exception) as failure:
        client.get('/containers/json', query={'all': True})
    server.join()
    _assert_too_large(failure, 'GET /containers/json')
    assert '1073741824' in str(failure.value)


def test_a_chunked_json_answer_is_cut_off_at_the_limit(tmp_path):
    path = str(tmp_path / 'docker.sock')
    sent = [0]
    head = b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n'
    server = _serve_pieces(path, head, _chunked(_huge_json_string(80)), sent)
    client = DockerClient('unix://' + path, api_version='1.41', timeout=5)
    with pytest.raises(Exception) as failure:
        client.get('/images/json')
    server.join()
    _assert_too_large(failure, 'GET /images/json')
    # The client stopped reading at the limit: the rest of the 80 MiB was never taken.
    assert sent[0] < 70 << 20


def test_a_progress_message_that_never_ends_is_cut_off_at_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(client_module, 'MAX_JSON_ANSWER', 1 << 20)
    path = str(tmp_path / 'docker.sock')
    sent = [0]
    head = b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n'
    pieces = [b'{"status":"Pulling"}\r\n', b'{"status":"'] + [b'x' * 65536] * 64
    server = _serve_pieces(path, head, _chunked(pieces), sent)
    client = DockerClient('unix://' + path, api_version='1.41', timeout=5)
    seen = []
    with pytest.raises(Exception) as failure:
        for message in client.stream_json('POST', '/images/create', query={'fromImage': 'app'}):
            seen.append(message)
    server.join()
    assert seen == [{'status': 'Pulling'}]
    msg = str(failure.value)
    assert isinstance(failure.value, DockerError) and 'POST /images/create' in msg and '1 MiB' in msg, msg
