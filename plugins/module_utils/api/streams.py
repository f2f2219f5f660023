# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What comes back on a stream, as bytes: an answer's body read whole (up to a limit), JSON progress
messages (pull, push, build, load), the frames of a multiplexed attach / logs stream and the lines
they carry, and a hijacked connection's head and rest. The client owns the connections; these only
read what they are handed.
"""

import json
import struct

from ansible_collections.dockyard.docker.plugins.module_utils.api.errors import AnswerTooLarge


def json_messages(chunks, limit=None, what=None):
    """The JSON messages of a progress stream as its chunks arrive; a message may be cut over chunks.
    A message still unfinished after limit bytes raises AnswerTooLarge naming what (the request)."""
    decoder = json.JSONDecoder()
    buffered = b''
    for chunk in chunks:
        buffered += chunk
        text = buffered.decode('utf-8', 'replace')
        position = 0
        while True:
            while position < len(text) and text[position] in ' \r\n\t':
                position += 1
            if position >= len(text):
                break
            try:
                message, position = decoder.raw_decode(text, position)
            except ValueError:
                break
            yield message
        buffered = text[position:].encode('utf-8')
        if limit is not None and len(buffered) > limit:
            raise AnswerTooLarge(what, limit, in_stream=True)


def read_body(response, what, limit=None):
    """The whole body of an http.client answer; with limit, AnswerTooLarge (naming what, the request)
    before reading one that announces more than limit bytes, or as soon as more than limit arrived."""
    if limit is None or response.length is not None:
        if limit is not None and response.length > limit:
            raise AnswerTooLarge(what, limit, announced=response.length)
        return response.read()  # an answer cut short of its Content-Length raises IncompleteRead
    data = response.read(limit + 1)  # chunked, or until the daemon closes the connection
    if len(data) > limit:
        raise AnswerTooLarge(what, limit)
    return data


def upgrade_request(method, url, body):
    """The bytes of a request that hijacks its connection (attach, exec start)."""
    payload = json.dumps(body).encode('utf-8') if body is not None else b''
    request_lines = [
        '%s %s HTTP/1.1' % (method, url),
        'Host: docker',
        'Content-Type: application/json',
        'Content-Length: %d' % len(payload),
        'Connection: Upgrade',
        'Upgrade: tcp',
    ]
    return ('\r\n'.join(request_lines) + '\r\n\r\n').encode('ascii') + payload


def read_head(sock):
    """(HTTP status, its headers with lower-case names, the bytes received after them) of a hijacked answer."""
    data = b''
    while b'\r\n\r\n' not in data:
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    head, _sep, rest = data.partition(b'\r\n\r\n')
    lines = head.decode('latin-1').split('\r\n')
    headers = {}
    for line in lines[1:]:
        key, _colon, value = line.partition(':')
        headers[key.strip().lower()] = value.strip()
    return int(lines[0].split(' ', 2)[1]), headers, rest


def read_until_closed(sock, limit=None, what=None):
    """What the socket sends until it is closed; past limit bytes, AnswerTooLarge naming what."""
    chunks, size = [], 0
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if limit is not None and size > limit:
            raise AnswerTooLarge(what, limit)
    return b''.join(chunks)


def demultiplex(data):
    """Split a multiplexed attach/logs stream into (stream, text) frames, in order.

    stream is 'stdout' or 'stderr'. A stream from a tty container has no frame
    headers; it comes back as one stdout frame.
    """
    return [(stream, chunk.decode('utf-8', 'replace')) for stream, chunk in _frames(data)]


def _frames(data, multiplexed=None):
    """(stream, bytes) frames; multiplexed None tells a tty stream (no headers) by its first bytes."""
    if multiplexed is None:
        multiplexed = len(data) >= 8 and data[0:1] in (b'\x00', b'\x01', b'\x02') and data[1:4] == b'\x00\x00\x00'
    if not multiplexed:
        return [('stdout', data)] if data else []
    frames = []
    position = 0
    while position + 8 <= len(data):
        kind, size = struct.unpack('>BxxxL', data[position:position + 8])
        position += 8
        frames.append(('stderr' if kind == 2 else 'stdout', data[position:position + size]))
        position += size
    return frames


class FrameSplitter:
    """The frames of a multiplexed stream read in chunks of any size: feed() each chunk as it
    arrives and get back the (stream, bytes) frames it completed, stream 'stdout' or 'stderr'."""

    def __init__(self):
        self._buffer = bytearray()

    def feed(self, chunk):
        self._buffer += chunk
        frames = []
        while len(self._buffer) >= 8:
            kind, size = struct.unpack('>BxxxL', bytes(self._buffer[:8]))
            if len(self._buffer) < 8 + size:
                break
            frames.append(('stderr' if kind == 2 else 'stdout', bytes(self._buffer[8:8 + size])))
            del self._buffer[:8 + size]
        return frames

    @property
    def pending(self):
        """Bytes of a frame the stream has not finished (a stream cut short)."""
        return len(self._buffer)


def output_lines(data, multiplexed):
    """Lines of an attach stream, in the order each line was completed.

    The daemon cuts frames wherever a read of the container's pipe ended, so a line (or a
    UTF-8 character) of one stream may be split over frames with the other stream's in between.
    """
    pending, lines = {}, []
    for stream, chunk in _frames(data, multiplexed):
        parts = (pending.pop(stream, b'') + chunk).split(b'\n')
        pending[stream] = parts.pop()
        lines.extend(parts)
    lines.extend(rest for rest in pending.values() if rest)
    return [line.decode('utf-8', 'replace').rstrip('\r') for line in lines]


def split_lines(frames):
    """Join frames into lines, in stream order."""
    text = ''.join(chunk for _stream, chunk in frames)
    lines = text.split('\n')
    if lines and lines[-1] == '':
        lines.pop()
    return [line.rstrip('\r') for line in lines]


def timestamped_lines(frames):
    """Lines of a logs stream read with timestamps=1, as (timestamp, stream, text), oldest first.

    stdout and stderr reach the log driver through separate pipes, so frame order
    can interleave them wrongly; the daemon's receive timestamps give the order.
    """
    entries = []
    for stream, chunk in frames:
        for line in chunk.split('\n'):
            if not line:
                continue
            stamp, _sep, text = line.partition(' ')
            entries.append((stamp, stream, text.rstrip('\r')))
    entries.sort(key=lambda entry: entry[0])
    return entries
