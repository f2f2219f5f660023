"""Two plays creating one network at once (issue 32): a play that loops over `container` and one
that converges the same 10 containers with `containers`, started together, 5 rounds, each from no
network and no containers. On Docker before 25 both creates of the network may succeed; the name
must never stay ambiguous ('2 matches found based on name'), every round must converge, and a third
run changes nothing.

It races processes on the managed host ('managed-host-only'), and a name held twice can only
happen on the host engine's Docker 20.10 ('duplicate-network-names'): it runs there (helpers:
playbook_race.py).
"""

import pytest

from conftest import docker_cli, docker_inspect, remove_containers
from playbook_race import COUNT, ROUNDS, _assert_clean, _assert_state, _playbook, _run_together, cleanup

pytestmark = [pytest.mark.needs('managed-host-only'), pytest.mark.needs('duplicate-network-names')]


def _definition(name, busybox, generation, index):
    return {'name': '%s-c%d' % (name, index), 'image': busybox, 'command': 'sleep 600', 'stop_timeout': 1,
            'networks': [{'name': name + '-net'}], 'volumes': [name + '-vol:/data'],
            'labels': {'generation': str(generation)}}


def _shared_tasks(name):
    return [{'name': 'network', 'dockyard.docker.network': {'name': name + '-net'}},
            {'name': 'volume', 'dockyard.docker.volume': {'name': name + '-vol'}}]


def looped(name, busybox, generation):
    definition = _definition(name, busybox, generation, 0)
    definition['name'] = name + '-c{{ item }}'
    # The label the containers module gives its project's containers: both plays want the same containers.
    definition['labels']['dockyard.project'] = name
    return _shared_tasks(name) + [
        {'name': 'containers', 'loop': list(range(COUNT)), 'dockyard.docker.container': definition}]


def bulk(name, busybox, generation):
    definitions = [_definition(name, busybox, generation, index) for index in range(COUNT)]
    return _shared_tasks(name) + [
        {'name': 'containers', 'dockyard.docker.containers': {'project': name, 'definitions': definitions}}]


def _start_over(name):
    """No containers and no network: both plays of the next round create the network again."""
    remove_containers(*['%s-c%d' % (name, index) for index in range(COUNT)])
    docker_cli('network', 'rm', name + '-net')


def test_a_looped_play_and_a_bulk_play_creating_one_network_at_once_converge(tmp_path, name, busybox):
    try:
        for generation in range(ROUNDS):
            if generation:
                _start_over(name)
            commands = [_playbook(tmp_path, 'looped', looped(name, busybox, generation)),
                        _playbook(tmp_path, 'bulk', bulk(name, busybox, generation))]
            results = _run_together(commands)
            for rc, output in results:
                _assert_clean(rc, output)
                assert 'ambiguous' not in output, output
            assert any(rc == 0 for rc, _output in results), results
            if any(rc != 0 for rc, _output in results):
                # A writer that failed one line naming the other writer: a rerun converges.
                rc, output = _run_together(commands[:1])[0]
                assert rc == 0, output
            _assert_state(name, generation)  # one network of the name
        rc, output = _run_together([_playbook(tmp_path, 'third', looped(name, busybox, ROUNDS - 1))])[0]
        assert rc == 0 and 'changed=0' in output, output
        assert docker_inspect('network', name + '-net') is not None  # by name: not ambiguous
    finally:
        cleanup(name)
