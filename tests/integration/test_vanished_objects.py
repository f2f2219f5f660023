"""Readers that list, then read each object, take one another client removed in between for gone
(Docker answers 404, Podman often 500 '... no such container'): the task goes on and succeeds.

Each test keeps a writer beside the reader, creating and removing objects without a pause (a CI job,
a prune loop, another play), while the reader runs again and again; every run must succeed. The
logic is unit-tested per engine wording in tests/unit/test_vanished_objects.py.
"""

import pytest

from churn import churning, failures
from conftest import BUSYBOX, docker_cli, remove_containers, run_module
from swarm_scratch import QUICK_STOP, swarm_manager  # noqa: F401  pylint: disable=unused-import
from test_inventory import inventory_list, write_inventory

RUNS = 15
STACK_LABEL = 'com.docker.stack.namespace'


def churning_containers(name, busybox, count=2):
    """Running containers labelled churn=NAME, each removed soon after it started."""
    names = ['%s-churn%d' % (name, index) for index in range(count)]

    def make(container):
        docker_cli('run', '-d', '--name', container, '--label', 'churn=' + name, busybox, 'sleep', '600', check=False)

    def remove(container):
        # Killed first: Podman's forced removal would wait out the stop timeout (sleep ignores TERM).
        docker_cli('kill', container, check=False)
        docker_cli('rm', '-f', container, check=False)

    return names, churning(make, remove, names)


def reader_tasks(name, names):
    label = 'churn=' + name
    return {
        'container_info': [dict(name=container, top=True) for container in names],
        'container_stats': [dict(filters={'label': label})],
        'events': [dict(since='5s', filters={'container': names})],
        'host_info': [dict()],
        'prune': [dict(containers=True, containers_filters={'label': label}, _check=True),
                  dict(containers=True, containers_filters={'label': label})],
    }


@pytest.mark.parametrize('module', ['container_info', 'container_stats', 'events', 'host_info', 'prune'])
def test_container_readers_take_a_removed_container_for_gone(name, busybox, module):
    names, churn = churning_containers(name, busybox)
    tasks = reader_tasks(name, names)[module]
    results = []
    try:
        with churn:
            for attempt in range(RUNS):
                for args in tasks:
                    args = dict(args)
                    check = args.pop('_check', False)
                    results.append(run_module(module, check=check, expect_fail=None, **args))
    finally:
        remove_containers(*names)
    assert failures(results) == []


@pytest.mark.needs('full-suite')
def test_containers_inventory_takes_a_removed_container_for_gone(tmp_path, name, busybox):
    names, churn = churning_containers(name, busybox, count=3)
    path = write_inventory(tmp_path, 'churn.containers.yml', plugin='dockyard.docker.containers', all=True,
                           filters={'label': 'churn=' + name})
    try:
        with churn:
            listed = [inventory_list(path) for attempt in range(8)]
    finally:
        remove_containers(*names)
    # inventory_list fails the test when ansible-inventory fails; what it lists are churn containers only.
    for inventory in listed:
        assert set(inventory['_meta']['hostvars']) <= set(names), inventory


def churning_services(daemon, name, count=2):
    """Services of stack NAME (its namespace label), each removed soon after it was created."""
    names = ['%s-svc%d' % (name, index) for index in range(count)]

    def make(service):
        daemon.cli('service', 'create', '--detach', '--name', service, '--label', '%s=%s' % (STACK_LABEL, name),
                   '--container-label', '%s=%s' % (STACK_LABEL, name), '--stop-grace-period', '1s',
                   BUSYBOX, 'sh', '-c', QUICK_STOP, check=False)

    def remove(service):
        daemon.cli('service', 'rm', service, check=False)

    return names, churning(make, remove, names)


@pytest.mark.needs('full-suite')
def test_swarm_readers_take_a_removed_service_for_gone(tmp_path, swarm_manager, name):  # noqa: F811
    daemon = swarm_manager
    names, churn = churning_services(daemon, name)
    tasks = [('service_info', dict(name=service, logs=True, task_history=True)) for service in names] + [
        ('stack_info', dict(name=name, task_history=True)),
        ('node_info', dict(tasks=True)),
        ('swarm_info', dict(nodes=True, services=True, tasks=True)),
    ]
    nodes = write_inventory(tmp_path, 'churn.swarm_nodes.yml', plugin='dockyard.docker.swarm_nodes',
                            docker_host=daemon.host, verbose_output=True)
    results = []
    try:
        with churn:
            for attempt in range(10):
                for module, args in tasks:
                    results.append(run_module(module, expect_fail=None, **daemon.args(**args)))
                inventory_list(nodes)
    finally:
        for service in names:
            daemon.cli('service', 'rm', service, check=False)
    assert failures(results) == []
