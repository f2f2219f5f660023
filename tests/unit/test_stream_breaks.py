"""A daemon that stops answering half-way: a pull stream that ends without an image, and a
connection cut in the middle of an answer (a real unix socket served by a thread, no daemon)."""

import socket
import threading

import pytest

from ansible_collections.dockyard.docker.plugins.module_utils.client import DockerClient, DockerConnectionError, DockerError
from ansible_collections.dockyard.docker.plugins.module_utils.image_ref import pull_image

HOST = 'unix:///run/fake-docker.sock'


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


def _serve_once(path, answer):
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(1)

    def handle():
        connection, _address = server.accept()
        connection.recv(65536)
        connection.sendall(answer)
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
