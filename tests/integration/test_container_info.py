"""`container_info` against the real daemon: docker inspect, port, top, ps, ps -a, ps -l, --filter."""

import pytest

from conftest import docker_cli, run_module

SLEEPER = ['sleep', '600']


def _names(containers):
    return set(entry['Names'][0].lstrip('/') for entry in containers)


def test_named_container_inspect_and_ports(name, busybox):
    docker_cli('run', '-d', '--name', name, '-p', '127.0.0.1::80', '--expose', '81', busybox, *SLEEPER)
    for check in (True, False):
        info = run_module('container_info', check=check, name=name)
        assert not info['changed']
        assert info['exists'] is True
        assert info['container']['Name'] == '/' + name and info['container']['State']['Running']
        # Like `docker port`: only published ports, not the exposed-only 81.
        assert list(info['ports']) == ['80/tcp']
        assert info['ports']['80/tcp'][0]['HostIp'] == '127.0.0.1'
        assert info['ports']['80/tcp'][0]['HostPort'] == docker_cli('port', name, '80').rsplit(':', 1)[1]
        assert 'processes' not in info


def test_missing_container(name):
    info = run_module('container_info', name=name)
    assert info['exists'] is False and info['container'] == {} and info['ports'] == {}


def test_ps_all_latest_and_filters(name, busybox):
    running, stopped, newest = ('%s-%s' % (name, suffix) for suffix in ('run', 'stop', 'new'))
    docker_cli('run', '-d', '--name', running, '--label', 'role=%s' % name, busybox, *SLEEPER)
    docker_cli('run', '--name', stopped, '--label', 'role=%s' % name, busybox, 'true')
    docker_cli('create', '--name', newest, busybox)
    # docker ps: running containers only
    listed = _names(run_module('container_info')['containers'])
    assert running in listed and stopped not in listed and newest not in listed
    # docker ps -a
    everything = _names(run_module('container_info', all=True)['containers'])
    assert {running, stopped, newest} <= everything
    # docker ps -l (narrowed to this test's containers: other tests create containers meanwhile)
    latest = run_module('container_info', latest=True, filters={'name': name})['containers']
    assert _names(latest) == {newest}
    # docker ps -a --filter status=exited --filter label=role=...
    exited = run_module('container_info', all=True, filters={'status': 'exited', 'label': ['role=%s' % name]})
    assert _names(exited['containers']) == {stopped}


def test_top_lists_processes(name, busybox):
    docker_cli('run', '-d', '--name', name, busybox, *SLEEPER)
    processes = run_module('container_info', name=name, top=True)['processes']
    assert 'PID' in processes['titles']
    command_column = processes['titles'].index('CMD')
    assert [row[command_column] for row in processes['rows']] == ['sleep 600']
    custom = run_module('container_info', name=name, top=True, ps_args='-o pid,comm')['processes']
    assert custom['titles'] == ['PID', 'COMMAND'] and custom['rows'][0][1] == 'sleep'
    docker_cli('kill', name)
    stopped = run_module('container_info', name=name, top=True)
    assert stopped['processes'] == {'titles': [], 'rows': []} and stopped['ports'] == {}


@pytest.mark.parametrize('args,option', [
    ({'filters': {'colour': 'red'}}, 'filters'),
    ({'filters': {'status': 'sleeping'}}, 'filters'),
    ({'top': True}, 'top'),
    ({'name': 'x', 'all': True}, 'all'),
], ids=['unknown-filter', 'bad-status', 'top-without-name', 'all-with-name'])
def test_invalid_arguments(args, option):
    result = run_module('container_info', expect_fail=True, options=args)
    assert result['msg'].startswith(option + ':') and '\n' not in result['msg']
