# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one place that talks to dockerd; its errors and their one-line messages are in api/errors.py.

Requests go over a small HTTP/1.1 transport built on the standard library (unix socket, tcp,
tcp+TLS; ssh through the SDK's socket, api/transports.py). Importing the Docker SDK costs about a quarter
of a second per task, more than the Engine calls of a no-op, so only the few operations that need
its maintained implementations import it (api/sdk.py).

Every request is built one way: a path template whose `{}` the client fills with its arguments,
each quoted whole, and a query dict the client encodes:

    client.post('/containers/{}/stop', name, query={'t': 10}, timeout=CONTAINER_WAIT_TIMEOUT)

so a name holding '/', '?', '#' or '%' stays one path segment and never changes the URL.

A JSON answer (an error's, one progress message) over MAX_JSON_ANSWER is refused, not held in memory;
a 3xx answer is an error naming its Location, never followed; what may be large on purpose (docker
save, files out of a container) comes through stream_chunks.
"""

import json
import socket
import ssl
import time
from http import client as http_client
from urllib.parse import quote, urlencode, urlparse

from ansible_collections.dockyard.docker.plugins.module_utils.api.errors import (
    DockerConnectionError,
    DockerError,
    error_message,
    reason_of,
    refuse_redirect,
)
from ansible_collections.dockyard.docker.plugins.module_utils.api.liveness import Watchdog
from ansible_collections.dockyard.docker.plugins.module_utils.api.streams import (
    json_messages,
    read_body,
    read_head,
    read_until_closed,
    upgrade_request,
)
from ansible_collections.dockyard.docker.plugins.module_utils.api.transports import (
    RelayError, RelayHTTPConnection, SSHHTTPConnection, UnixHTTPConnection, active_relay, tls_context)

DEFAULT_DOCKER_HOST = 'unix:///var/run/docker.sock'
DEFAULT_TIMEOUT = 60
# Requests whose answer waits on more than the daemon itself get at least this long (the task's
# own timeout when that is longer): see DockerClient.request's timeout.
REGISTRY_TIMEOUT = 600  # pull, push, and pruning images or the build cache
IMAGE_TRANSFER_TIMEOUT = 3600  # build, load, import and save: a whole image passes through
SWARM_JOIN_TIMEOUT = 120  # join waits for the manager's answer (a slow overlay handshake)
# As long as the container's own work (attach, wait, exec, copying files): such a wait is bounded
# by the task's own `timeout` keyword, not by the socket.
CONTAINER_WAIT_TIMEOUT = 24 * 3600
# The most of a JSON answer held in memory (also an error's body, one message of a progress stream).
MAX_JSON_ANSWER = 64 << 20


class Repeated(tuple):
    """A query value sent as its key once per item (changes=A&changes=B), as /commit and
    /images/create read `changes`; a list or dict value is sent as JSON (filters, buildargs)."""


def api_path(template, *args):
    """'/containers/{}/start', 'web' -> '/containers/web/start', each argument quoted whole."""
    if template.count('{}') != len(args) or '?' in template or '%' in template:
        raise ValueError('path template %r takes %d arguments, not %d; the query goes in query='
                         % (template, template.count('{}'), len(args)))
    return template.format(*(quote(str(arg), safe='') for arg in args))


def encode_query(query):
    """The query string of a request ('' for none): None values left out, booleans as 1 / 0,
    lists and dicts as JSON, Repeated values as the key once per item."""
    pairs = []
    for key, value in (query or {}).items():
        if value is None:
            continue
        for item in (value if isinstance(value, Repeated) else [value]):
            pairs.append((key, _query_value(item)))
    return urlencode(pairs)


class DockerClient:
    """A minimal Engine API client: JSON requests, raw streams, hijacked exec."""

    def __init__(self, docker_host=None, timeout=DEFAULT_TIMEOUT, api_version='auto',
                 tls=False, validate_certs=False, ca_path=None, client_cert=None, client_key=None):
        self.docker_host = docker_host or DEFAULT_DOCKER_HOST
        # Controller execution: the host's docker CLI chooses the socket when the task names none.
        self.names_host = bool(docker_host)
        self.timeout = timeout or DEFAULT_TIMEOUT
        self.api_version = None if api_version in (None, '', 'auto') else str(api_version).lstrip('v')
        self.tls = tls
        self.validate_certs = validate_certs
        self.ca_path = ca_path
        self.client_cert = client_cert
        self.client_key = client_key
        self._connection = None
        self._server_version = None
        self._parse_host()

    def _parse_host(self):
        host = self.docker_host
        if host.startswith('unix://'):
            self.scheme, self.address = 'unix', host[len('unix://'):]
            return
        if host.startswith('/'):
            self.scheme, self.address = 'unix', host
            return
        parsed = urlparse(host if '://' in host else 'tcp://' + host)
        if parsed.scheme == 'ssh':
            if not parsed.hostname:
                raise DockerConnectionError("docker_host: '%s' names no host; use ssh://[USER@]HOST[:PORT]" % host)
            self.scheme, self.address = 'ssh', parsed.netloc
            return
        if parsed.scheme not in ('tcp', 'http', 'https'):
            raise DockerConnectionError(
                "docker_host: '%s' is not supported; use unix:///path/to/docker.sock, tcp://HOST:PORT "
                "or ssh://[USER@]HOST[:PORT]" % host)
        if parsed.scheme == 'https':
            self.tls = True
        self.scheme = 'tcp'
        self.address = (parsed.hostname or 'localhost', parsed.port or (2376 if self.tls else 2375))

    def describe(self):
        return self.docker_host

    def _new_connection(self, timeout):
        if self.scheme == 'unix':
            relay = active_relay()
            if relay is not None:
                return RelayHTTPConnection(relay, self.address if self.names_host else '', timeout)
            return UnixHTTPConnection(self.address, timeout)
        if self.scheme == 'ssh':
            return SSHHTTPConnection(self.address, timeout)
        if not self.tls:
            return http_client.HTTPConnection(self.address[0], self.address[1], timeout=timeout)
        try:
            context = tls_context(self.ca_path, self.validate_certs, self.client_cert, self.client_key)
        except (OSError, ssl.SSLError) as exc:
            raise DockerConnectionError('TLS settings for %s are not usable (%s); check ca_path, client_cert and client_key'
                                        % (self.docker_host, exc))
        return http_client.HTTPSConnection(self.address[0], self.address[1], timeout=timeout, context=context)

    def _url(self, template, args, query):
        path = api_path(template, *args)
        url = '/v%s%s' % (self.api_version, path) if self.api_version else path
        encoded = encode_query(query)
        return url + '?' + encoded if encoded else url

    def _timeout(self, timeout):
        """A request's own timeout is a floor: the task's timeout wins when it is longer."""
        return self.timeout if timeout is None else max(timeout, self.timeout)

    def _connection_error(self, exc, what=None):
        if isinstance(exc, RelayError):
            return DockerConnectionError(str(exc))
        reason = reason_of(exc)
        if isinstance(exc, socket.timeout):
            hint = ('the daemon did not answer %swithin %s seconds (the task\'s timeout); raise timeout or check the '
                    'daemon' % (what + ' ' if what else '', self.timeout))
        elif isinstance(exc, PermissionError):
            hint = 'permission denied; run as root or as a member of the docker group'
        elif isinstance(exc, ssl.SSLError):
            hint = 'TLS handshake failed; check tls, validate_certs, ca_path, client_cert and client_key'
        elif isinstance(exc, FileNotFoundError):
            hint = 'the socket does not exist; is dockerd running?'
        else:
            hint = 'is dockerd running and is docker_host right?'
        return DockerConnectionError('Cannot connect to the Docker daemon at %s: %s (%s)'
                                     % (self.docker_host, reason, hint))

    def _lost_connection_error(self, exc):
        """The daemon accepted the request, then its answer broke off (stopped, restarted, crashed)."""
        if isinstance(exc, socket.timeout):
            return self._connection_error(exc)
        return DockerConnectionError('Lost the connection to the Docker daemon at %s while reading its answer (%s); '
                                     'was dockerd stopped or restarted? Run the task again'
                                     % (self.docker_host, reason_of(exc)))

    def _send(self, method, url, body=None, headers=None, timeout=None, watchdog=None):
        payload = None
        all_headers = {'Host': 'docker'}
        if body is not None:
            if isinstance(body, (bytes, bytearray)) or hasattr(body, 'read'):
                payload = body
                all_headers['Content-Type'] = 'application/x-tar'
            else:
                payload = json.dumps(body).encode('utf-8')
                all_headers['Content-Type'] = 'application/json'
        all_headers.update(headers or {})
        use_default = timeout is None
        for attempt in (1, 2):
            if use_default and self._connection is not None:
                connection = self._connection
            else:
                connection = self._new_connection(self._timeout(timeout))
            if watchdog is not None:
                watchdog.connection = connection
            try:
                connection.request(method, url, body=payload, headers=all_headers)
                response = connection.getresponse()
            except (http_client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as exc:
                connection.close()
                self._connection = None
                Watchdog.check(watchdog)
                # A kept-alive connection may have been closed by the daemon; retry once on a new one.
                if attempt == 1 and use_default and not hasattr(payload, 'read'):
                    continue
                raise self._connection_error(exc)
            except (socket.error, ssl.SSLError, http_client.HTTPException) as exc:
                connection.close()
                self._connection = None
                Watchdog.check(watchdog)
                raise self._connection_error(exc, '%s %s' % (method, url.split('?')[0]))
            if use_default:
                self._connection = connection
            return response, connection

    def request(self, method, template, *args, query=None, body=None, headers=None, timeout=None,
                expect_json=True, ok_statuses=()):
        """One request and its answer (JSON decoded unless expect_json=False); DockerError for an error status
        not in ok_statuses. timeout=None shares the client's kept-alive connection; a timeout (one of the
        constants above) gets a connection of its own, is a floor under the task's timeout, and is watched."""
        what = '%s %s' % (method, api_path(template, *args))
        with Watchdog(self, what, DockerConnectionError, active=timeout is not None) as watchdog:
            response, connection = self._send(method, self._url(template, args, query), body, headers, timeout, watchdog)
            try:
                refuse_redirect(what, response.status, response.getheader('Location'), ok_statuses)
                data = read_body(response, what, MAX_JSON_ANSWER if expect_json or response.status >= 400 else None)
            except (socket.error, http_client.HTTPException) as exc:
                connection.close()
                self._connection = None
                watchdog.check()
                raise self._lost_connection_error(exc)
            except DockerError:
                connection.close()  # the rest of the answer is left unread
                self._connection = None
                raise
            watchdog.check()
        if timeout is not None:
            connection.close()
        return _answer(response.status, data, expect_json, ok_statuses)

    def send_request(self, method, template, *args, query=None, timeout=None):
        """Send a request and read the head of its answer now, its body later, on a connection of its own.

        For a wait that must be registered before the event it waits for (a container's exit): Docker
        sends the head only once the wait is registered, so the caller may act when this returns. The
        head is bounded by the task's timeout, the body by timeout. Call the returned PendingAnswer's
        read() for the body, or close() to give up.
        """
        connection = self._new_connection(self.timeout)
        what = '%s %s' % (method, api_path(template, *args))
        try:
            connection.request(method, self._url(template, args, query), headers={'Host': 'docker'})
            sock = connection.sock
            response = connection.getresponse()
        except (socket.error, ssl.SSLError, http_client.HTTPException) as exc:
            connection.close()
            raise self._connection_error(exc)
        sock.settimeout(self._timeout(timeout))
        return PendingAnswer(self, connection, sock, response, what)

    def get(self, template, *args, **kwargs):
        return self.request('GET', template, *args, **kwargs)

    def post(self, template, *args, **kwargs):
        return self.request('POST', template, *args, **kwargs)

    def delete(self, template, *args, **kwargs):
        return self.request('DELETE', template, *args, **kwargs)

    def head(self, template, *args, query=None, ok_statuses=()):
        """(status, headers with lower-case names) of a HEAD request; DockerError for an error status
        not in ok_statuses (a HEAD answer has no body, so its message is only the status)."""
        response, connection = self._send('HEAD', self._url(template, args, query))
        response.read()
        try:
            refuse_redirect('HEAD %s' % api_path(template, *args), response.status, response.getheader('Location'),
                            ok_statuses)
        except DockerError:
            connection.close()
            self._connection = None
            raise
        _answer(response.status, b'', False, ok_statuses)
        return response.status, dict((key.lower(), value) for key, value in response.getheaders())

    def inspect(self, kind, name):
        """Inspect a container, image, network, volume, ...; None when it does not exist."""
        # Networks, volumes and swarm objects are inspected without the '/json' suffix.
        suffix = '/json' if kind in ('containers', 'images', 'plugins') else ''
        try:
            return self.get('/' + kind + '/{}' + suffix, name)
        except DockerError as exc:
            if exc.not_found:
                return None
            raise

    def stream_json(self, method, template, *args, query=None, body=None, headers=None, timeout=None):
        """Yield the JSON progress messages of pull, push, build, load and import (see raise_stream_errors)."""
        what = '%s %s' % (method, api_path(template, *args))
        with Watchdog(self, what, DockerConnectionError) as watchdog:
            response, connection = self._send(method, self._url(template, args, query), body, headers,
                                              self._timeout(timeout), watchdog)
            try:
                yield from json_messages(self._body_chunks(response, connection, what, watchdog=watchdog),
                                         MAX_JSON_ANSWER, what)
            finally:
                connection.close()

    def stream_chunks(self, method, template, *args, query=None, deadline=None, timeout=None):
        """Yield raw body chunks of a large or endless answer (docker save, logs with follow=1) as they arrive.

        deadline is a time.monotonic() value; each read waits only until then, and
        socket.timeout is raised unchanged so the caller can tell "nothing came in time"
        from a broken connection. timeout (one of the constants above) is a floor under the
        task's timeout for each read, and a silent daemon is watched meanwhile.
        """
        what = '%s %s' % (method, api_path(template, *args))
        with Watchdog(self, what, DockerConnectionError, active=timeout is not None) as watchdog:
            response, connection = self._send(method, self._url(template, args, query), timeout=self._timeout(timeout),
                                              watchdog=watchdog)
            try:
                yield from self._body_chunks(response, connection, what, deadline, raw_timeout=deadline is not None,
                                             watchdog=watchdog)
            finally:
                connection.close()

    def _body_chunks(self, response, connection, what, deadline=None, raw_timeout=False, watchdog=None):
        """The body of a streamed answer as it arrives (DockerError for an error status or a redirect);
        with raw_timeout, socket.timeout comes through unchanged instead of as a connection error."""
        refuse_redirect(what, response.status, response.getheader('Location'))
        if response.status >= 400:
            raise DockerError(response.status, error_message(read_body(response, what, MAX_JSON_ANSWER), response.status))
        while True:
            if deadline is not None:
                connection.sock.settimeout(max(deadline - time.monotonic(), 0.001))
            try:
                chunk = response.read1(65536)
            except socket.timeout as exc:
                if raw_timeout:
                    raise
                Watchdog.check(watchdog)
                raise self._lost_connection_error(exc)
            except (socket.error, http_client.HTTPException) as exc:
                Watchdog.check(watchdog)
                raise self._lost_connection_error(exc)
            Watchdog.heard(watchdog)
            if not chunk:
                return
            yield chunk

    def raw_stream(self, method, template, *args, query=None, body=None, stdin=None, timeout=None):
        """Run a hijacked request (attach/exec) and return its raw output bytes."""
        sock, received = self.hijack(method, template, *args, query=query, body=body, timeout=timeout)
        try:
            if stdin is not None:
                sock.sendall(stdin)
            try:
                sock.shutdown(socket.SHUT_WR)
            except OSError:
                pass
        except (socket.error, ssl.SSLError) as exc:
            sock.close()
            raise self._connection_error(exc)
        return self.read_hijacked(sock, received)

    def hijack(self, method, template, *args, query=None, body=None, timeout=None):
        """Start a hijacked request (attach/exec); returns its socket and the output already received.

        The daemon has accepted the request when this returns, so the caller can act (start the
        container it attached to) before reading the output with read_hijacked().
        """
        url, what = self._url(template, args, query), '%s %s' % (method, api_path(template, *args))
        sock = self._open_socket(self._timeout(timeout))
        try:
            sock.sendall(upgrade_request(method, url, body))
            status, headers, rest = read_head(sock)
            refuse_redirect(what, status, headers.get('location'))
            if status >= 400:
                raise DockerError(status, error_message(rest + read_until_closed(sock, MAX_JSON_ANSWER, what), status))
            return sock, rest
        except (socket.error, ssl.SSLError) as exc:
            sock.close()
            raise self._connection_error(exc)
        except Exception:
            sock.close()
            raise

    def read_hijacked(self, sock, received=b''):
        """The rest of a hijacked request's output, until the daemon closes it; closes the socket."""
        try:
            return received + read_until_closed(sock)
        except (socket.error, ssl.SSLError) as exc:
            raise self._lost_connection_error(exc)
        finally:
            sock.close()

    def _open_socket(self, timeout):
        connection = self._new_connection(timeout)
        try:
            connection.connect()
        except (socket.error, ssl.SSLError) as exc:
            raise self._connection_error(exc)
        return connection.sock

    def server_api_version(self):
        """The API version requests are served at: the pinned api_version, or the daemon's own
        (read once per task from /version; Podman's compat API reports the Docker API it serves)."""
        if self.api_version:
            return self.api_version
        return str(self.server_version().get('ApiVersion') or '1.41')

    def server_version(self):
        """GET /version, read once per task."""
        if self._server_version is None:
            self._server_version = self.get('/version') or {}
        return self._server_version

    def is_podman(self):
        """Podman's Docker-compatible API: it fills in some values Docker leaves out (see the callers)."""
        components = self.server_version().get('Components') or []
        return any('podman' in str(component.get('Name', '')).lower() for component in components)

    def api_at_least(self, wanted):
        """True when the API in use is `wanted` ('1.42') or newer; every version branch asks this."""
        return version_tuple(self.server_api_version()) >= version_tuple(wanted)

    def close(self):
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def version_tuple(version):
    """'1.51' -> (1, 51); anything unreadable sorts first."""
    try:
        return tuple(int(part) for part in str(version).lstrip('v').split('.'))
    except ValueError:
        return (0,)


class NoAnswerYet(Exception):
    """A PendingAnswer's body did not come within the seconds its reader gave it."""


class PendingAnswer:
    """The answer of a request sent with DockerClient.send_request, read when the caller is ready."""

    def __init__(self, client, connection, sock, response, what):
        self._client = client
        self._connection = connection
        self._sock = sock
        self._response = response
        self._what = what

    def read(self, expect_json=True, within=None):
        """The answer's body; with within, NoAnswerYet when it has not come in that many seconds
        (the request is then given up)."""
        if within is not None:
            self._sock.settimeout(within)
        try:
            refuse_redirect(self._what, self._response.status, self._response.getheader('Location'))
            data = read_body(self._response, self._what, MAX_JSON_ANSWER if expect_json else None)
        except socket.timeout as exc:
            if within is not None:
                raise NoAnswerYet()
            raise self._client._lost_connection_error(exc)
        except (socket.error, http_client.HTTPException) as exc:
            raise self._client._lost_connection_error(exc)
        finally:
            self.close()
        return _answer(self._response.status, data, expect_json)

    def close(self):
        self._response.close()
        self._connection.close()


def _answer(status, data, expect_json=True, ok_statuses=()):
    """A response body as the caller wants it, or DockerError for an error status."""
    if status >= 400 and status not in ok_statuses:
        raise DockerError(status, error_message(data, status))
    if not expect_json:
        return data
    if not data:
        return None
    try:
        return json.loads(data.decode('utf-8'))
    except ValueError:
        return data.decode('utf-8', 'replace')


def _query_value(value):
    if isinstance(value, bool):
        return '1' if value else '0'
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return value
