# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What goes wrong between us and the daemon, as errors with one-line messages: an error status
(DockerError), an error inside an accepted stream (StreamError), an answer too large to hold
(AnswerTooLarge), a redirect (refuse_redirect), no daemon at all (DockerConnectionError)."""

import json
import re

_PODMAN_NOT_FOUND = re.compile(r'\bno such (container|pod|image|volume|network|exec session|secret)\b'
                               r'|\b(network|container|volume|image) not found\b'
                               r'|\b(image|container|layer) not known\b', re.IGNORECASE)


class DockerError(Exception):
    """The daemon answered with an error status."""

    def __init__(self, status, reason):
        # One line: some daemons end their reasons with a newline or wrap them over lines.
        reason = ' '.join(str(reason).split())
        super().__init__(reason)
        self.status = status
        self.reason = reason

    @property
    def not_found(self):
        # Podman answers some reads of an object removed meanwhile with 500 "... found in database:
        # no such container" (or pod, image, volume, network) instead of 404, and walks that meet an
        # object removed under them (system df) with its storage's "... image not known".
        return self.status == 404 or (self.status == 500 and _PODMAN_NOT_FOUND.search(self.reason) is not None)

    @property
    def conflict(self):
        # Podman answers a taken name with 500 "... that name is already in use".
        return self.status == 409 or (self.status == 500 and 'already in use' in self.reason)


class StreamError(DockerError):
    """A streamed request (pull, push, load, import) was accepted, then failed inside the stream,
    or the stream ended without what it was for. The daemon sent no error status: status is None."""

    def __init__(self, reason):
        super().__init__(None, reason)


class AnswerTooLarge(DockerError):
    """An answer read whole (or one message of a progress stream) is larger than the client holds in
    memory; it is refused, unread or read no further. The daemon sent no error status: status is None."""

    def __init__(self, what, limit, announced=None, in_stream=False):
        if announced is not None:
            how = 'the daemon announced an answer of %d bytes, over' % announced
        elif in_stream:
            how = 'one message of the stream went past'
        else:
            how = 'the answer went past'
        super().__init__(None, '%s: %s the %s limit of a JSON answer; it was not read%s'
                         % (what, how, size_text(limit), '' if announced is not None else ' further'))


def size_text(size):
    """64 MiB, or a byte count when it is no whole number of MiB."""
    return '%d MiB' % (size >> 20) if size and size % (1 << 20) == 0 else '%d bytes' % size


def refuse_redirect(what, status, location, ok_statuses=()):
    """A 3xx answer to request `what` is never followed: DockerError naming where it pointed.
    304 Not Modified points nowhere (dockerd: the container was started or stopped already)."""
    if 300 <= status < 400 and status != 304 and status not in ok_statuses:
        where = 'redirecting to %s' % ' '.join(str(location).split())[:500] if location else 'with no Location'
        raise DockerError(status, '%s: the daemon answered %s %s; redirects are not followed (is docker_host a '
                                  'Docker daemon, and the one you meant?)' % (what, status, where))


class DockerConnectionError(Exception):
    """The daemon could not be reached; the message says where and what to check."""


def raise_stream_errors(messages, daemon=None):
    """The messages of a progress stream, raising StreamError at the first that reports an error
    (naming the daemon after it when daemon is given)."""
    for message in messages:
        if message.get('error'):
            raise StreamError('%s (Docker daemon at %s)' % (message['error'], daemon) if daemon else message['error'])
        yield message


def reason_of(exc):
    """What a socket or HTTP error says, for a one-line message."""
    return getattr(exc, 'strerror', None) or str(exc) or type(exc).__name__


def error_message(data, status):
    try:
        message = json.loads(data.decode('utf-8')).get('message')
    except (ValueError, AttributeError):
        message = None
    if not message:
        message = data.decode('utf-8', 'replace').strip() or 'HTTP status %s' % status
    return message
