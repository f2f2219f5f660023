"""`container_exec` against the real daemon: docker exec [-d] [-i] [-t], creates / removes."""

import time

import pytest

from conftest import docker_cli, run_module


@pytest.fixture
def box(name, busybox):
    docker_cli('run', '-d', '--name', name, busybox, 'sleep', '600')
    return name


def _exists(container, path):
    return docker_cli('exec', container, 'ls', path, check=False) == path


def test_rc_stdout_and_stderr(box):
    result = run_module('container_exec', container=box, command='sh -c "echo out; echo err >&2"')
    assert result['changed'] and result['rc'] == 0
    assert result['stdout'] == 'out' and result['stderr'] == 'err'
    assert result['exec_id']


def test_command_is_split_like_a_shell_line_and_argv_is_passed_as_is(box):
    assert run_module('container_exec', container=box, command='echo "a  b"   c')['stdout'] == 'a  b c'
    assert run_module('container_exec', container=box, argv=['echo', '$HOME', '*'])['stdout'] == '$HOME *'


def test_failing_command_fails_with_its_output(box):
    failed = run_module('container_exec', expect_fail=True, container=box, argv=['sh', '-c', 'echo why >&2; exit 4'])
    assert failed['rc'] == 4 and failed['stderr'] == 'why' and 'rc 4' in failed['msg']
    allowed = run_module('container_exec', container=box, argv=['sh', '-c', 'exit 4'], expected_rc=[0, 4])
    assert allowed['rc'] == 4


def test_stdin_is_sent_and_closed(box):
    result = run_module('container_exec', container=box, argv=['sh', '-c', 'cat > /tmp/in; wc -l < /tmp/in'],
                        stdin='line one\nline two')
    assert result['stdout'].strip() == '2'
    assert docker_cli('exec', box, 'cat', '/tmp/in') == 'line one\nline two'


def test_tty_merges_output(box):
    result = run_module('container_exec', container=box, command='sh -c "echo out; echo err >&2"', tty=True)
    assert result['stdout'].split('\n') == ['out', 'err'] and result['stderr'] == ''


def test_user_workdir_and_env(box):
    result = run_module('container_exec', container=box, argv=['sh', '-c', 'id -u; pwd; echo $GREETING'],
                        user='1234', workdir='/tmp', options={'env': {'GREETING': 'hi there'}})
    assert result['stdout'].split('\n') == ['1234', '/tmp', 'hi there']


def test_detach_returns_at_once(box):
    started = time.monotonic()
    result = run_module('container_exec', container=box, argv=['sh', '-c', 'sleep 1; touch /tmp/detached'],
                        detach=True)
    assert time.monotonic() - started < 1 + 5
    assert result['changed'] and result['exec_id'] and 'rc' not in result
    for _attempt in range(50):
        if _exists(box, '/tmp/detached'):
            break
        time.sleep(0.1)
    assert _exists(box, '/tmp/detached')


def test_creates_makes_it_idempotent(box):
    args = dict(container=box, command='touch /tmp/marker', creates='/tmp/marker')
    checked = run_module('container_exec', check=True, **args)
    assert checked['changed'] and not _exists(box, '/tmp/marker'), 'check mode ran the command'
    assert run_module('container_exec', **args)['changed']
    assert _exists(box, '/tmp/marker')
    again = run_module('container_exec', **args)
    assert not again['changed'] and 'creates' in again['msg']
    assert not run_module('container_exec', check=True, **args)['changed']


def test_removes_relative_to_workdir(box):
    docker_cli('exec', box, 'touch', '/tmp/lock')
    args = dict(container=box, command='rm lock', workdir='/tmp', removes='lock')
    checked = run_module('container_exec', check=True, **args)
    assert checked['changed'] and _exists(box, '/tmp/lock')
    assert run_module('container_exec', **args)['changed'] and not _exists(box, '/tmp/lock')
    assert not run_module('container_exec', **args)['changed']


def test_stopped_and_missing_containers_fail_in_one_line(name, busybox):
    missing = run_module('container_exec', expect_fail=True, container=name, command='true')
    assert missing['msg'].startswith('container: ') and 'does not exist' in missing['msg']
    docker_cli('create', '--name', name, busybox)
    stopped = run_module('container_exec', expect_fail=True, container=name, command='true')
    assert 'is not running' in stopped['msg'] and '\n' not in stopped['msg']


@pytest.mark.parametrize('args,option', [
    ({'command': 'echo "open'}, 'command'),
    ({'command': 'true', 'creates': 'relative/path'}, 'creates'),
    ({'command': 'true', 'workdir': 'tmp'}, 'workdir'),
    ({'command': 'cat', 'stdin': 'x', 'detach': True}, 'stdin'),
    ({'command': 'true', 'env': {'ON': True}}, 'env'),
], ids=['unbalanced-quote', 'relative-creates', 'relative-workdir', 'stdin-detached', 'bool-env'])
def test_invalid_arguments_fail_before_touching_the_daemon(name, args, option):
    result = run_module('container_exec', expect_fail=True, options=dict(args, container=name))
    assert result['msg'].startswith(option + ':'), result['msg']


def test_command_and_argv_are_exclusive(name):
    result = run_module('container_exec', expect_fail=True, container=name, command='true', argv=['true'])
    assert 'mutually exclusive' in result['msg']


def test_actions_say_what_ran_or_would_run(box):
    args = dict(container=box, command='touch /tmp/acted', creates='/tmp/acted')
    wanted = ['run touch /tmp/acted in container %s' % box]
    assert run_module('container_exec', check=True, **args)['actions'] == wanted
    assert run_module('container_exec', **args)['actions'] == wanted
    assert run_module('container_exec', **args)['actions'] == []
