"""The bulk `containers` module against the real daemon."""

from conftest import docker_cli, docker_inspect, run_module


def _definitions(name, busybox, env_value='1'):
    return [
        {'name': '%s-a' % name, 'image': busybox, 'command': 'sleep 600', 'env': {'N': env_value},
         'volumes': ['%s-vol:/data' % name], 'stop_timeout': 1},
        {'name': '%s-b' % name, 'image': busybox, 'command': 'sleep 600', 'stop_timeout': 1,
         'restart_policy': 'unless-stopped'},
    ]


def test_converge_check_rerun_purge_absent(name, busybox):
    definitions = _definitions(name, busybox)
    checked = run_module('containers', check=True, diff=True, project=name, definitions=definitions)
    assert checked['changed'] and checked['summary']['create'] == 2
    assert docker_inspect('container', '%s-a' % name) is None

    first = run_module('containers', project=name, definitions=definitions)
    assert first['changed'] and first['summary']['create'] == 2 and first['summary']['start'] == 2
    labels = docker_inspect('container', '%s-a' % name)['Config']['Labels']
    assert labels['dockyard.project'] == name

    again = run_module('containers', project=name, definitions=definitions)
    assert not again['changed'] and again['summary']['unchanged'] == 2

    changed = run_module('containers', diff=True, project=name, definitions=_definitions(name, busybox, '2'))
    assert [r['changed'] for r in changed['results']] == [True, False]
    assert changed['diff']['after']['%s-a' % name]['env']['N'] == '2'

    purged = run_module('containers', project=name, definitions=definitions[1:], purge=True)
    assert purged['summary']['remove'] == 1
    assert docker_inspect('container', '%s-a' % name) is None

    gone = run_module('containers', project=name, state='absent')
    assert gone['changed'] and docker_inspect('container', '%s-b' % name) is None
    assert not run_module('containers', project=name, state='absent')['changed']
    docker_cli('volume', 'rm', '%s-vol' % name, check=False)


def test_bad_definition_changes_nothing(name, busybox):
    definitions = [{'name': '%s-ok' % name, 'image': busybox, 'command': 'sleep 60'},
                   {'name': '%s-bad' % name, 'image': busybox, 'published_ports': ['99999']}]
    failed = run_module('containers', expect_fail=True, project=name, definitions=definitions)
    assert "published_ports: invalid value '99999'" in failed['msg']
    assert docker_inspect('container', '%s-ok' % name) is None


def test_a_definition_may_join_another_definitions_network(name, busybox):
    """container:NAME naming a container of the same task is no missing container, and is idempotent."""
    owner = {'name': '%s-owner' % name, 'image': busybox, 'command': 'sleep 600', 'stop_timeout': 1}
    joined = {'name': '%s-joined' % name, 'image': busybox, 'command': 'sleep 600', 'stop_timeout': 1,
              'network_mode': 'container:%s-owner' % name, 'pid_mode': 'container:%s-owner' % name}
    assert run_module('containers', project=name, parallel=1, definitions=[owner, joined])['changed']
    owner_id = docker_inspect('container', owner['name'])['Id']
    assert docker_inspect('container', joined['name'])['HostConfig']['NetworkMode'] == 'container:%s' % owner_id
    again = run_module('containers', project=name, parallel=1, definitions=[owner, joined])
    assert not again['changed'], again['results']
