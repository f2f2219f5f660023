"""Which tasks may run on the controller against a host reached over SSH (plugin_utils/execution.py)."""

import os

import pytest

from ansible_collections.dockyard.docker.plugins.plugin_utils.execution import host_side_reason

from collection_path import REPO_ROOT


@pytest.mark.parametrize('module, args', [
    ('container', {'name': 'web', 'image': 'nginx', 'published_ports': ['80:80']}),
    ('container', {'name': 'web', 'docker_host': 'unix:///run/podman/podman.sock'}),
    ('containers', {'definitions': [{'name': 'a', 'image': 'busybox'}]}),
    ('image', {'name': 'busybox', 'source': 'pull'}),
    ('image', {'name': 'busybox', 'push': True, 'repository': 'registry:5000/busybox'}),
    ('container_copy_into', {'container': 'web', 'content': 'x', 'container_path': '/x'}),
    ('config', {'name': 'c', 'data': 'x'}),
    ('network', {'name': 'n'}), ('volume', {'name': 'v'}), ('service', {'name': 's', 'image': 'busybox'}),
    ('host_info', {}), ('prune', {'containers': True}), ('events', {}), ('plugin', {'plugin_name': 'p'}),
])
def test_api_only_tasks_may_run_on_the_controller(module, args):
    assert host_side_reason(module, args, {}) is None


@pytest.mark.parametrize('module, args, words', [
    ('daemon_config', {}, "writes the host's daemon.json"),
    ('ovs_bridge', {'bridge': 'obr0'}, 'ovs-vsctl'),
    ('bridge_uplink', {'bridge': 'br0'}, 'network interfaces'),
    ('compose', {'definition': {'services': {}}}, 'environment and files'),
    ('container', {'name': 'web', 'env_file': '/etc/web.env'}, 'env_file names a file'),
    ('containers', {'definitions': [{'name': 'a', 'env_file': '/x'}]}, 'env_file'),
    ('container', {'name': 'web', 'volumes': ['/srv:/srv', '~/site:/usr/share/nginx/html']}, 'home folder'),
    ('image', {'name': 'app', 'build': {'path': '/src'}}, 'build names a file'),
    ('image', {'name': 'app', 'source': 'load', 'load_path': '/x.tar'}, 'load_path'),
    ('image', {'name': 'app', 'archive_path': '/x.tar'}, 'archive_path'),
    ('container_copy_into', {'container': 'web', 'path': '/etc/x', 'container_path': '/x'}, 'path names a file'),
    ('secret', {'name': 's', 'data_src': '/x'}, 'data_src'),
    ('container', {'name': 'web', 'docker_host': 'tcp://10.0.0.1:2376'}, 'not a unix socket'),
    ('container', {'name': 'web', 'docker_context': 'prod'}, 'docker_context is set'),
    ('container', {'name': 'web', 'tls': True}, 'tls is set'),
])
def test_tasks_that_need_the_host_say_why(module, args, words):
    assert words in host_side_reason(module, args, {})


def test_a_task_environment_naming_another_daemon_keeps_the_task_on_the_host():
    assert 'DOCKER_HOST tcp://' in host_side_reason('container', {}, {'DOCKER_HOST': 'tcp://10.0.0.1:2375'})
    assert host_side_reason('container', {}, {'DOCKER_HOST': 'unix:///run/docker.sock'}) is None


def test_every_module_is_decided():
    """A new module must be thought about: the table names it, or it talks to the API only (listed here)."""
    api_only = {'config', 'container', 'container_copy_into', 'container_exec', 'container_info', 'container_logs',
                'container_stats', 'containers', 'events', 'host_info', 'image', 'image_info', 'image_search',
                'network', 'network_info', 'node', 'node_info', 'plugin', 'prune', 'secret', 'service',
                'service_info', 'stack_info', 'swarm', 'swarm_info', 'volume', 'volume_info'}
    modules = sorted(name[:-3] for name in os.listdir(os.path.join(REPO_ROOT, 'plugins', 'modules'))
                     if name.endswith('.py') and name != '__init__.py')
    host = [module for module in modules if host_side_reason(module, {}, {})]
    assert sorted(set(modules) - set(host)) == sorted(api_only)
