# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The `events` module: `docker events --since --until --filter`, always bounded, as a list.

The daemon streams events until `until`; with `until` now (the default) or in the past it sends
what it has and closes the answer. A future `until` is waited for, within the task's timeout.
"""

import json
import time

from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.specs.filters import parse_filters
from ansible_collections.dockyard.docker.plugins.module_utils.specs.times import parse_time
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import wrap

# The filters GET /events accepts (Engine API 1.41).
EVENT_FILTERS = ('config', 'container', 'daemon', 'event', 'image', 'label', 'network', 'node', 'plugin', 'scope',
                 'secret', 'service', 'type', 'volume')
EVENT_TYPES = ('builder', 'config', 'container', 'daemon', 'image', 'network', 'node', 'plugin', 'secret', 'service',
               'volume')


def events_argument_spec():
    return dict(
        since=dict(type='str', required=True),
        until=dict(type='str'),
        filters=dict(type='dict'),
    )


def event_type(option, value):
    text = str(value).strip()
    if text not in EVENT_TYPES:
        raise SpecError(option, value, 'give one of ' + ', '.join(EVENT_TYPES))
    return text


class EventsSpec:
    """The validated request; built without touching the daemon."""

    def __init__(self, params, now=None):
        now = time.time() if now is None else now
        self.since = parse_time('since', params['since'], now)
        # Without until the answer would never end: now is the default bound.
        self.until = parse_time('until', params.get('until'), now) or '%.9f' % now
        if float(self.until) < float(self.since):
            raise SpecError('until', params.get('until'), 'give a moment after since (%s)' % params['since'])
        self.filters = parse_filters('filters', params.get('filters'), names=EVENT_FILTERS, checks={'type': event_type},
                                     empty_lists=False)
        self.wait = max(float(self.until) - now, 0.0)

    def query(self):
        return {'since': self.since, 'until': self.until, 'filters': self.filters}


def parse_events(data):
    """The daemon's answer, JSON objects one after the other (a newline between them, or none) -> dicts."""
    text = data.decode('utf-8', 'replace') if isinstance(data, bytes) else str(data or '')
    decoder, position, found = json.JSONDecoder(), 0, []
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        if position >= len(text):
            return found
        item, position = decoder.raw_decode(text, position)
        found.append(item)


def report_event(event):
    actor = event.get('Actor') or {}
    time_nano = event.get('timeNano') or int(event.get('time') or 0) * 1000000000
    return {
        'type': event.get('Type'),
        # Podman and old daemons also say it in `status`.
        'action': event.get('Action') or event.get('status'),
        'actor_id': actor.get('ID') or event.get('id') or '',
        'attributes': actor.get('Attributes') or {},
        'scope': event.get('scope') or 'local',
        'time': event.get('time') or time_nano // 1000000000,
        'time_nano': time_nano,
    }


def read_events(client, spec):
    """The events from since to until. Podman's /events drops events when it stops at `until`
    itself; there the answer is everything since `since` without following (stream=false, whole
    seconds: it finds nothing for a fraction), read once `until` has passed and cut at the bounds."""
    if client.is_podman():
        time.sleep(spec.wait)
        query = {'since': spec.since.split('.')[0], 'stream': False, 'filters': spec.filters}
    else:
        query = spec.query()
    # A request of its own whose timeout covers the wait for a future `until`.
    data = wrap('read the events', client.request, 'GET', '/events', query=query, timeout=spec.wait + client.timeout,
                expect_json=False)
    events = [report_event(event) for event in parse_events(data)]
    low, high = float(spec.since), float(spec.until)
    return [event for event in events if low <= event['time_nano'] / 1e9 <= high]


def run_events(module, client_factory):
    spec = EventsSpec(module.params)
    events = read_events(client_factory(module.params), spec)
    module.exit_json(changed=False, events=events, since=spec.since, until=spec.until)
