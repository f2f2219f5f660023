# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Is the daemon still there while a long request is silent?

Requests with a long timeout of their own (pull, push, build, load, save, a container's wait)
may be silent for minutes while dockerd works; a daemon that stopped answering (SIGSTOP, a
hung process) is silent too. A Watchdog thread asks the daemon for GET /_ping on a connection of
its own whenever the request has been silent for the task's timeout; when that ping gets no
answer within PING_TIMEOUT either, it shuts the request's socket down and the request fails
saying the daemon is stuck: within the task's timeout plus PING_TIMEOUT, not the request's own.
"""

import socket
import threading
import time

PING_TIMEOUT = 5
_POLL = 0.5


class Watchdog:
    """with Watchdog(client, 'POST /images/create', DockerConnectionError) as watchdog: ...; set
    .connection once made, call .heard() on every chunk that arrives and .check() after every read
    (both also take None: Watchdog.check(None) does nothing). active=False watches nothing."""

    def __init__(self, client, what, error, active=True):
        self.active = active
        self.client = client
        self.what = what
        self.error = error
        self.connection = None
        self.stuck = False
        self._last = time.monotonic()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._watch, name='dockyard-watchdog')
        self._thread.daemon = True

    def __enter__(self):
        if self.active:
            self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._done.set()

    def heard(self):
        if self is not None:
            self._last = time.monotonic()

    def check(self):
        """Raise the client's connection error when the watchdog found the daemon stuck."""
        if self is not None and self.stuck:
            raise self.error(self.error_message())

    def _watch(self):
        while not self._done.wait(_POLL):
            if time.monotonic() - self._last < self.client.timeout:
                continue
            if answers_ping(self.client, PING_TIMEOUT):
                self.heard()
                continue
            self.stuck = True
            sock = getattr(self.connection, 'sock', None)
            if sock is not None:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
            return

    def error_message(self):
        return ('The Docker daemon at %s did not answer %s within %s seconds (the task\'s timeout), nor a ping '
                'within %s seconds after it: the daemon is stuck (stopped or hung); check it, then run the task again'
                % (self.client.docker_host, self.what, self.client.timeout, PING_TIMEOUT))


def answers_ping(client, timeout):
    """Whether the daemon answers GET /_ping within timeout seconds (on a connection of its own)."""
    connection = client._new_connection(timeout)  # pylint: disable=protected-access
    try:
        connection.request('GET', '/_ping', headers={'Host': 'docker'})
        return connection.getresponse().status < 500
    except Exception:  # pylint: disable=broad-except
        # Refused, reset, timed out, TLS: any of them means no answer.
        return False
    finally:
        connection.close()
