"""Pure helpers of container_logs, container_exec and container_info."""

import struct

import pytest
from hypothesis import given, strategies as st

from ansible_collections.dockyard.docker.plugins.module_utils.container.exec import split_output
from ansible_collections.dockyard.docker.plugins.module_utils.container.info import container_filters, published_ports
from ansible_collections.dockyard.docker.plugins.module_utils.container.logs import FollowReader
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.specs.times import parse_time

NOW = 1700000000.0


def frame(stream, text):
    payload = text.encode('utf-8')
    return struct.pack('>BxxxL', 2 if stream == 'stderr' else 1, len(payload)) + payload


LINES = st.lists(st.tuples(st.sampled_from(['stdout', 'stderr']),
                           st.text(alphabet='abc xyzé€', min_size=1, max_size=20).filter(str.strip)),
                 max_size=15)


@given(LINES, st.lists(st.integers(min_value=1, max_value=40), min_size=1, max_size=60))
def test_follow_reader_is_indifferent_to_how_the_stream_is_cut(lines, cuts):
    data = b''.join(frame(stream, '2024-01-01T00:00:%02d.000000000Z %s\n' % (index, text))
                    for index, (stream, text) in enumerate(lines))
    reader, entries, position = FollowReader(multiplexed=True), [], 0
    for size in cuts * (len(data) // sum(cuts) + 1):
        entries.extend(reader.feed(data[position:position + size]))
        position += size
    entries.extend(reader.flush())
    assert [(stream, text) for _stamp, stream, text in entries] == [(s, t.rstrip('\r')) for s, t in lines]


def test_follow_reader_tty_stream_has_no_frames():
    reader = FollowReader(multiplexed=False)
    entries = reader.feed(b'2024-01-01T00:00:00.1Z a\r\n2024-01-01T00:00:00.2Z b')
    assert [text for _s, _st, text in entries] == ['a']
    assert [text for _s, _st, text in reader.flush()] == ['b']


@pytest.mark.parametrize('value,expected', [
    ('1700000000', '1700000000'),
    ('1700000000.5', '1700000000.5'),
    ('10m', '%.9f' % (NOW - 600)),
    ('1h30m', '%.9f' % (NOW - 5400)),
    ('2023-11-14T22:13:20Z', '%.9f' % NOW),
    ('2023-11-14T22:13:20.000000000+00:00', '%.9f' % NOW),
    # Fractions of other lengths than 3 or 6 digits (fromisoformat before Python 3.11 refuses them).
    ('2023-11-14T22:13:20.5Z', '%.9f' % (NOW + 0.5)),
    ('2023-11-14T22:13:20.25+00:00', '%.9f' % (NOW + 0.25)),
    ('2023-11-14T22:13:20.1234567Z', '%.9f' % (NOW + 0.123456)),
])
def test_parse_time_accepts_the_cli_forms(value, expected):
    assert parse_time('since', value, NOW) == expected


@pytest.mark.parametrize('value', ['yesterday', '10 minutes', '-5', '2023-13-40'])
def test_parse_time_rejects_other_text(value):
    with pytest.raises(SpecError, match='^since: '):
        parse_time('since', value, NOW)


def test_parse_filters_turns_values_into_lists():
    assert container_filters({'status': 'exited', 'label': ['a=b', 'c']}) == {'status': ['exited'], 'label': ['a=b', 'c']}
    with pytest.raises(SpecError, match='^filters: '):
        container_filters({'colour': 'red'})


def test_published_ports_drops_exposed_only_ports():
    container = {'NetworkSettings': {'Ports': {'80/tcp': [{'HostIp': '0.0.0.0', 'HostPort': '1'}], '81/tcp': None}}}
    assert published_ports(container) == {'80/tcp': [{'HostIp': '0.0.0.0', 'HostPort': '1'}]}
    assert published_ports(None) == {}


def test_split_output_separates_streams_and_strips_tty_crlf():
    raw = frame('stdout', 'out\n') + frame('stderr', 'err\n') + frame('stdout', 'more\n')
    assert split_output(raw, tty=False, strip_empty_ends=True) == {'stdout': 'out\nmore', 'stderr': 'err'}
    assert split_output(b'a\r\nb\r\n', tty=True, strip_empty_ends=False) == {'stdout': 'a\nb\n', 'stderr': ''}


def test_attach_output_lines_join_what_frames_split():
    from ansible_collections.dockyard.docker.plugins.module_utils.api.streams import output_lines
    euro = '€'.encode('utf-8')
    data = (frame('stdout', 'one\ntw') + frame('stderr', 'err') + frame('stdout', 'o\n')
            + struct.pack('>BxxxL', 1, 2) + euro[:2] + struct.pack('>BxxxL', 1, 2) + euro[2:] + b'\n'
            + frame('stderr', 'or\n') + frame('stdout', 'no newline'))
    assert output_lines(data, multiplexed=True) == ['one', 'two', '€', 'error', 'no newline']
    assert output_lines(b'a\r\nb\r\n', multiplexed=False) == ['a', 'b']
    assert output_lines(b'', multiplexed=True) == []
