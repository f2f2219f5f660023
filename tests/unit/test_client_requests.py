"""How the client builds a request: path templates with quoted arguments, one query encoder,
stream errors, timeouts. A real unix socket served by a thread records what was asked (no daemon)."""

import ast
import os
import socket
import threading

import pytest

from ansible_collections.dockyard.docker.plugins.module_utils.api.client import (
    DockerClient,
    DockerError,
    Repeated,
    api_path,
    encode_query,
)
from ansible_collections.dockyard.docker.plugins.module_utils.api.errors import StreamError, raise_stream_errors

PLUGINS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), 'plugins')
REQUEST_METHODS = ('get', 'post', 'delete', 'request', 'stream_json', 'stream_chunks', 'raw_stream', 'hijack',
                   'send_request')
AWKWARD_NAMES = ['a/b', 'a?b=1', 'a#b', 'a%2Fb', 'a b', '../../info', 'ünï']


class RecordingDaemon:
    """Accepts connections on a unix socket and answers each request with answer (`{}`), keeping its request line."""

    def __init__(self, path, answer=None):
        self.answer = answer or (b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n'
                                 b'Connection: close\r\n\r\n{}')
        self.request_lines = []
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(path)
        self.server.listen(4)
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while True:
            try:
                connection, _address = self.server.accept()
            except OSError:
                return
            with connection:
                data = b''
                while b'\r\n\r\n' not in data:
                    chunk = connection.recv(65536)
                    if not chunk:
                        break
                    data += chunk
                self.request_lines.append(data.split(b'\r\n', 1)[0].decode('ascii'))
                connection.sendall(self.answer)

    def close(self):
        self.server.close()


@pytest.fixture
def daemon(tmp_path):
    path = str(tmp_path / 'docker.sock')
    server = RecordingDaemon(path)
    yield server, DockerClient('unix://' + path, api_version='1.41')
    server.close()


@pytest.mark.parametrize('name', AWKWARD_NAMES)
def test_a_name_stays_one_path_segment(daemon, name):
    server, client = daemon
    client.post('/containers/{}/start', name)
    client.get('/networks/{}', name, query={'verbose': True})
    assert client.inspect('containers', name) == {}
    first, second, third = server.request_lines
    for line, before, after in ((first, '/v1.41/containers/', '/start'), (second, '/v1.41/networks/', '?verbose=1'),
                                (third, '/v1.41/containers/', '/json')):
        method, target, _version = line.split(' ')
        assert target.startswith(before) and target.endswith(after)
        segment = target[len(before):len(target) - len(after)]
        assert '/' not in segment and '?' not in segment and '#' not in segment
        assert _unquote(segment) == name


def _unquote(text):
    from urllib.parse import unquote
    return unquote(text)


def test_the_query_goes_in_query_not_in_the_path():
    with pytest.raises(ValueError):
        api_path('/images/load?quiet=1')
    with pytest.raises(ValueError):
        api_path('/containers/{}/stop', 'web', {'t': 10})
    with pytest.raises(ValueError):
        api_path('/containers/%s/stop' % 'web%20')
    assert api_path('/containers/{}/stop', 'web') == '/containers/web/stop'


def test_one_query_encoding():
    query = {'all': True, 'size': False, 'since': None, 'filters': {'label': ['a=b']}, 't': 10,
             'changes': Repeated(['CMD ["sh"]', 'ENV A=1'])}
    assert encode_query(query) == ('all=1&size=0&filters=%7B%22label%22%3A+%5B%22a%3Db%22%5D%7D&t=10'
                                   '&changes=CMD+%5B%22sh%22%5D&changes=ENV+A%3D1')
    assert encode_query(None) == '' and encode_query({'tag': None}) == ''


def test_a_stream_error_is_a_docker_error_without_a_status():
    messages = iter([{'status': 'Pushing'}, {'error': 'denied: no access'}, {'status': 'never read'}])
    seen = []
    with pytest.raises(StreamError) as failure:
        for message in raise_stream_errors(messages):
            seen.append(message)
    assert seen == [{'status': 'Pushing'}]
    assert isinstance(failure.value, DockerError) and failure.value.status is None
    assert failure.value.reason == 'denied: no access' and not failure.value.not_found
    with pytest.raises(StreamError) as named:
        list(raise_stream_errors([{'error': 'EOF'}], daemon='unix:///run/d.sock'))
    assert named.value.reason == 'EOF (Docker daemon at unix:///run/d.sock)'


def test_a_request_timeout_is_at_least_the_task_timeout():
    client = DockerClient('unix:///run/none.sock', timeout=900)
    assert client._timeout(None) == 900
    assert client._timeout(600) == 900
    assert client._timeout(3600) == 3600


def _request_paths(tree):
    """(line, path argument, the positional arguments after it) of every client call in a module,
    direct or through wrap()."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        call, args = node.func, node.args
        if isinstance(call, ast.Name) and call.id == 'wrap' and len(args) >= 2:
            call, args = args[1], args[2:]
        if not (isinstance(call, ast.Attribute) and call.attr in REQUEST_METHODS and _is_client(call.value)):
            continue
        if call.attr in ('request', 'stream_json', 'stream_chunks', 'raw_stream', 'hijack', 'send_request'):
            args = args[1:]  # the method comes first
        if args:
            yield node.lineno, args[0], args[1:]


def _is_client(node):
    return (isinstance(node, ast.Name) and node.id == 'client') or \
        (isinstance(node, ast.Attribute) and node.attr == 'client')


def _formatted(node):
    """Whether a path argument is built by formatting (%, f-string, .format) rather than a template."""
    return any(isinstance(part, ast.JoinedStr) or (isinstance(part, ast.BinOp) and isinstance(part.op, ast.Mod))
               or (isinstance(part, ast.Call) and isinstance(part.func, ast.Attribute) and part.func.attr == 'format')
               for part in ast.walk(node))


def _placeholders(node):
    """How many {} the literal parts of a path template hold."""
    return sum(part.value.count('{}') for part in ast.walk(node)
               if isinstance(part, ast.Constant) and isinstance(part.value, str))


def test_every_request_path_is_a_template_with_one_argument_per_placeholder():
    found, wrong = 0, []
    for folder, _dirs, files in os.walk(PLUGINS):
        for filename in files:
            if not filename.endswith('.py'):
                continue
            path = os.path.join(folder, filename)
            with open(path) as handle:
                tree = ast.parse(handle.read())
            for line, template, rest in _request_paths(tree):
                found += 1
                # A dict after the path is a query passed by position: it belongs in query=.
                if _formatted(template) or len(rest) != _placeholders(template):
                    wrong.append('%s:%d' % (os.path.relpath(path, PLUGINS), line))
    assert found > 60, 'the scan no longer finds the client calls'
    assert wrong == [], 'build these paths as templates (arguments for {}, the query in query=): %s' % ', '.join(wrong)


ELSEWHERE = 'http://elsewhere.example:8080/v1.41/containers/json?all=1'


def _redirect(status, location=ELSEWHERE):
    return ('HTTP/1.1 %s\r\nLocation: %s\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n'
            'Connection: close\r\n\r\nmoved' % (status, location)).encode('ascii')


@pytest.mark.parametrize('status', ['301 Moved Permanently', '302 Found', '307 Temporary Redirect',
                                    '308 Permanent Redirect'])
@pytest.mark.parametrize('call', ['get', 'post', 'stream_json', 'stream_chunks', 'head', 'hijack'])
def test_a_redirect_is_an_error_naming_where_it_pointed_never_followed(tmp_path, status, call):
    server = RecordingDaemon(str(tmp_path / 'docker.sock'), answer=_redirect(status))
    client = DockerClient('unix://' + str(tmp_path / 'docker.sock'), api_version='1.41', timeout=5)
    calls = {
        'get': lambda: client.get('/containers/json', query={'all': True}),
        'post': lambda: client.post('/containers/{}/start', 'web'),
        'stream_json': lambda: list(client.stream_json('POST', '/images/create', query={'fromImage': 'app'})),
        'stream_chunks': lambda: list(client.stream_chunks('GET', '/containers/{}/logs', 'web')),
        'head': lambda: client.head('/containers/{}/archive', 'web', query={'path': '/etc'}),
        'hijack': lambda: client.hijack('POST', '/exec/{}/start', 'abc', body={'Detach': False}),
    }
    try:
        with pytest.raises(DockerError) as failure:
            calls[call]()
    finally:
        server.close()
    code = int(status.split()[0])
    assert failure.value.status == code
    msg = str(failure.value)
    assert ELSEWHERE in msg and 'redirect' in msg and 'not followed' in msg and '\n' not in msg, msg
    assert len(server.request_lines) == 1  # nothing asked of the place it pointed to


def test_a_redirect_without_a_location_says_so(tmp_path):
    answer = b'HTTP/1.1 302 Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'
    server = RecordingDaemon(str(tmp_path / 'docker.sock'), answer=answer)
    client = DockerClient('unix://' + str(tmp_path / 'docker.sock'), api_version='1.41', timeout=5)
    try:
        with pytest.raises(DockerError) as failure:
            client.get('/info')
    finally:
        server.close()
    assert failure.value.status == 302 and 'no Location' in str(failure.value)


def test_not_modified_is_no_redirect(tmp_path):
    # dockerd answers 304 to starting a started container or stopping a stopped one: it points nowhere.
    answer = b'HTTP/1.1 304 Not Modified\r\nConnection: close\r\n\r\n'
    server = RecordingDaemon(str(tmp_path / 'docker.sock'), answer=answer)
    client = DockerClient('unix://' + str(tmp_path / 'docker.sock'), api_version='1.41', timeout=5)
    try:
        assert client.post('/containers/{}/stop', 'web', ok_statuses=(304,)) is None
    finally:
        server.close()
