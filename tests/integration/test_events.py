"""events: what the daemon recorded between two moments, filtered, and always bounded."""

import time

from conftest import docker_cli, run_module


def test_create_and_start_of_a_new_container_are_there(name, busybox):
    since = '%.3f' % (time.time() - 1)
    container_id = docker_cli('run', '-d', '--name', name, '--label', 'dy.events=yes', busybox, 'sleep', '600')
    docker_cli('stop', '-t', '0', name)
    time.sleep(1)
    result = run_module('events', check=True, since=since, filters={'container': name})
    assert result['changed'] is False
    mine = [event for event in result['events'] if event['actor_id'] == container_id]
    actions = [event['action'] for event in mine]
    for action in ('create', 'start', 'die'):
        assert action in actions, actions
    assert actions.index('create') < actions.index('start') < actions.index('die')
    assert all(event['type'] == 'container' for event in result['events'])
    start = mine[actions.index('start')]
    assert start['attributes']['name'] == name and start['attributes']['dy.events'] == 'yes'
    assert float(since) <= start['time'] <= time.time() and start['time_nano'] // 10 ** 9 == start['time']

    only_starts = run_module('events', since=since, filters={'container': name, 'event': 'start'})
    assert [event['action'] for event in only_starts['events']] == ['start']
    labelled = run_module('events', since=since, filters={'label': 'dy.events=yes', 'type': 'container'})
    assert container_id in [event['actor_id'] for event in labelled['events']]


def test_until_bounds_the_answer(name, busybox):
    before = time.time()
    docker_cli('create', '--name', name, busybox, 'true')
    time.sleep(1)
    earlier = run_module('events', since='%.3f' % (before - 60), until='%.3f' % (before - 1), filters={'container': name})
    assert earlier['events'] == []
    began = time.monotonic()
    ahead = run_module('events', since='10s', until='%.3f' % (time.time() + 3), filters={'container': name})
    waited = time.monotonic() - began
    assert 2 <= waited < 15, waited  # waits for the future end, then returns
    assert [event['action'] for event in ahead['events']] == ['create']
    relative = run_module('events', since='1m', filters={'container': name})
    assert [event['action'] for event in relative['events']] == ['create']


def test_bad_input_fails_in_one_line():
    bad_type = run_module('events', expect_fail=True, since='1m', filters={'type': 'planet'})
    assert bad_type['msg'].startswith("filters.type: invalid value 'planet'; give one of builder, config")
    bad_time = run_module('events', expect_fail=True, since='yesterday')
    assert bad_time['msg'].startswith("since: invalid value 'yesterday'; give a Unix timestamp")
    backwards = run_module('events', expect_fail=True, since='1m', until='2m')
    assert backwards['msg'].startswith("until: invalid value '2m'; give a moment after since")
