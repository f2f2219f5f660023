"""`container_logs` against the real daemon: docker logs [-t] [--tail] [--since] [--until], and -f as wait_for."""

import re
import time

import pytest

from conftest import docker_cli, run_module

STAMPED = re.compile(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z (.*)$')


@pytest.fixture
def talker(name, busybox):
    """A container that has written one stderr line, then three stdout lines, and keeps running.

    The pause keeps the test off the known limit: order across the two pipes follows the
    daemon's receive times, which are not exact for lines written at the same moment.
    """
    docker_cli('run', '-d', '--name', name, busybox, 'sh', '-c',
               'echo oops >&2; sleep 0.3; echo one; echo two; echo three; sleep 600')
    for _attempt in range(50):
        if 'three' in docker_cli('logs', name):
            break
        time.sleep(0.1)
    return name


def test_all_lines_of_both_streams(talker):
    for check in (True, False):
        result = run_module('container_logs', check=check, name=talker)
        assert not result['changed']
        assert result['lines'] == ['oops', 'one', 'two', 'three']


def test_tail_and_timestamps(talker):
    assert run_module('container_logs', name=talker, tail=1)['lines'] == ['three']
    assert run_module('container_logs', name=talker, tail=0)['lines'] == []
    stamped = run_module('container_logs', name=talker, tail=2, timestamps=True)['lines']
    assert len(stamped) == 2 and all(STAMPED.match(line) for line in stamped)
    assert STAMPED.match(stamped[-1]).group(1) == 'three'


def test_since_and_until(talker):
    assert len(run_module('container_logs', name=talker, since='1h')['lines']) == 4
    assert run_module('container_logs', name=talker, until='2000-01-01T00:00:00Z')['lines'] == []
    future = int(time.time()) + 3600
    assert run_module('container_logs', name=talker, since=str(future))['lines'] == []


def test_wait_for_follows_until_a_line_matches(name, busybox):
    docker_cli('run', '-d', '--name', name, busybox, 'sh', '-c', 'echo starting; sleep 2; echo ready on 80; sleep 600')
    result = run_module('container_logs', name=name, wait_for='^ready on \\d+$', timeout=20)
    assert result['matched'] == 'ready on 80'
    assert result['lines'] == ['starting', 'ready on 80']


def test_wait_for_times_out_with_the_lines_seen(talker):
    started = time.monotonic()
    result = run_module('container_logs', expect_fail=True, name=talker, wait_for='never printed', timeout=2)
    assert 2 <= time.monotonic() - started < 10
    assert result['msg'].startswith('wait_for: ') and 'within 2 seconds' in result['msg']
    assert 'three' in result['lines']


def test_wait_for_fails_when_the_container_stops_first(name, busybox):
    docker_cli('run', '--name', name, busybox, 'echo', 'bye')
    result = run_module('container_logs', expect_fail=True, name=name, wait_for='hello', timeout=30)
    assert 'stopped before' in result['msg'] and result['lines'] == ['bye']


def test_tty_container(name, busybox):
    docker_cli('run', '-t', '--name', name, busybox, 'sh', '-c', 'echo a; echo b')
    assert run_module('container_logs', name=name)['lines'] == ['a', 'b']
    assert run_module('container_logs', name=name, wait_for='^b$', timeout=10)['matched'] == 'b'


def test_missing_container_fails(name):
    result = run_module('container_logs', expect_fail=True, name=name)
    assert result['msg'] == 'name: container %s does not exist' % name


@pytest.mark.parametrize('args,option', [
    ({'since': 'yesterday'}, 'since'),
    ({'until': '10 minutes'}, 'until'),
    ({'tail': -1}, 'tail'),
    ({'wait_for': '(unclosed'}, 'wait_for'),
    ({'wait_for': 'x', 'timeout': 0}, 'timeout'),
], ids=['since', 'until', 'tail', 'wait_for', 'timeout'])
def test_invalid_arguments_fail_before_touching_the_daemon(name, args, option):
    result = run_module('container_logs', expect_fail=True, options=dict(args, name=name))
    assert result['msg'].startswith(option + ':'), result['msg']
