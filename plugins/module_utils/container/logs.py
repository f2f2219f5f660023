# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""docker logs: read a container's output, or follow it until a line matches (the Ansible -f)."""

import re
import socket
import struct
import time

from ansible_collections.dockyard.docker.plugins.module_utils.api.client import DockerError
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import TaskFailed, wrap
from ansible_collections.dockyard.docker.plugins.module_utils.specs.times import parse_time
from ansible_collections.dockyard.docker.plugins.module_utils.api.streams import demultiplex, timestamped_lines


def container_logs_argument_spec():
    return dict(
        name=dict(type='str', required=True, aliases=['container']),
        tail=dict(type='int'),
        timestamps=dict(type='bool', default=False),
        since=dict(type='str'),
        until=dict(type='str'),
        wait_for=dict(type='str'),
    )


class LogsSpec:
    """The validated request; built without touching the daemon."""

    def __init__(self, params, now=None):
        now = time.time() if now is None else now
        self.name = params['name']
        self.tail = params.get('tail')
        if self.tail is not None and self.tail < 0:
            raise SpecError('tail', self.tail, 'give a number of lines, 0 or more (leave it out for all)')
        self.timestamps = params.get('timestamps', False)
        self.since = parse_time('since', params.get('since'), now)
        self.until = parse_time('until', params.get('until'), now)
        self.pattern = self._pattern(params.get('wait_for'))
        self.timeout = params.get('timeout')
        if self.pattern is not None and (self.timeout is None or self.timeout <= 0):
            raise SpecError('timeout', self.timeout, 'with wait_for give the seconds to wait, more than 0')

    @staticmethod
    def _pattern(value):
        if value is None:
            return None
        try:
            return re.compile(value)
        except re.error as exc:
            raise SpecError('wait_for', value, 'give a Python regular expression (%s)' % exc)

    def query(self):
        # Timestamps are always read: they put stdout and stderr lines back in order.
        return {'stdout': True, 'stderr': True, 'timestamps': True,
                'tail': 'all' if self.tail is None else self.tail,
                'since': self.since, 'until': self.until}

    def format(self, entries):
        if self.timestamps:
            return ['%s %s' % (stamp, text) for stamp, _stream, text in entries]
        return [text for _stamp, _stream, text in entries]


class FollowReader:
    """Turns the chunks of a followed log stream into (timestamp, stream, text) lines as they complete.

    Frames can be split across chunks; a TTY container's stream has no frame headers at all.
    """

    def __init__(self, multiplexed):
        self.multiplexed = multiplexed
        self.pending = b''
        self.partial = {'stdout': b'', 'stderr': b''}

    def feed(self, chunk):
        self.pending += chunk
        entries = []
        for stream, data in self._frames():
            entries.extend(self._complete_lines(stream, data))
        return entries

    def flush(self):
        entries = [_entry(stream, data) for stream, data in self.partial.items() if data.strip()]
        self.partial = {'stdout': b'', 'stderr': b''}
        return entries

    def _frames(self):
        if not self.multiplexed:
            data, self.pending = self.pending, b''
            return [('stdout', data)]
        frames = []
        while len(self.pending) >= 8:
            kind, size = struct.unpack('>BxxxL', self.pending[:8])
            if len(self.pending) < 8 + size:
                break
            frames.append(('stderr' if kind == 2 else 'stdout', self.pending[8:8 + size]))
            self.pending = self.pending[8 + size:]
        return frames

    def _complete_lines(self, stream, data):
        lines = (self.partial[stream] + data).split(b'\n')
        self.partial[stream] = lines.pop()
        return [_entry(stream, line) for line in lines if line.strip()]


def _entry(stream, line):
    stamp, _sep, text = line.decode('utf-8', 'replace').partition(' ')
    return stamp, stream, text.rstrip('\r')


def existing_container(client, name):
    container = wrap('inspect container %s' % name, client.inspect, 'containers', name)
    if container is None:
        raise TaskFailed('name: container %s does not exist' % name)
    return container


def read_logs(client, spec, container):
    raw = wrap('read the logs of container %s' % spec.name, client.get,
               '/containers/{}/logs', container['Id'], query=spec.query(), expect_json=False)
    return timestamped_lines(demultiplex(raw))


def follow_logs(client, spec, container):
    """Read, then follow, until a line matches; fail when the time is up or the container stops."""
    reader = FollowReader(multiplexed=not (container.get('Config') or {}).get('Tty'))
    seen = []
    try:
        match = _follow(client, spec, container, reader, seen)
        reason = 'container %s stopped before a log line matched %r' % (spec.name, spec.pattern.pattern)
    except socket.timeout:
        match = None
        seen.extend(reader.flush())
        reason = 'no log line of container %s matched %r within %s seconds' % (
            spec.name, spec.pattern.pattern, spec.timeout)
    except DockerError as exc:
        raise TaskFailed('Failed to follow the logs of container %s: %s' % (spec.name, exc.reason))
    entries = sorted(seen, key=lambda entry: entry[0])
    if match is None:
        raise TaskFailed('wait_for: ' + reason, lines=spec.format(entries))
    return entries, match


def _follow(client, spec, container, reader, seen):
    """The matching line, or None when the stream ended (the container stopped)."""
    deadline = time.monotonic() + spec.timeout
    query = dict(spec.query(), follow=True)
    for chunk in client.stream_chunks('GET', '/containers/{}/logs', container['Id'], query=query, deadline=deadline):
        match = _first_match(spec.pattern, reader.feed(chunk), seen)
        if match is not None:
            return match
        if time.monotonic() >= deadline:
            raise socket.timeout()
    return _first_match(spec.pattern, reader.flush(), seen)


def _first_match(pattern, entries, seen):
    for entry in entries:
        seen.append(entry)
        if pattern.search(entry[2]):
            return entry
    return None


def run_container_logs(module, client_factory):
    spec = LogsSpec(module.params)
    client = client_factory(module.params)
    container = existing_container(client, spec.name)
    if spec.pattern is None:
        module.exit_json(changed=False, lines=spec.format(read_logs(client, spec, container)))
    entries, match = follow_logs(client, spec, container)
    module.exit_json(changed=False, lines=spec.format(entries), matched=spec.format([match])[0])
