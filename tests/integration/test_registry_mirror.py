"""registry_mirror: one entry at a time; and the mirror proven end to end through a scratch dockerd."""

import json

import pytest

from conftest import docker_cli, run_module
from scratch_daemon import run_playbook, scratch_daemon  # noqa: F401  pylint: disable=unused-import

OTHERS = ['https://first.example', 'http://10.1.2.3:5000/']


@pytest.fixture
def config_file(tmp_path):
    path = tmp_path / 'daemon.json'
    path.write_text(json.dumps({'registry-mirrors': OTHERS, 'debug': True}))
    return path


def _step(path, state, expected_mirrors, **args):
    """check mode (file untouched) -> real run (changed) -> rerun (not changed)."""
    before = path.read_text()
    checked = run_module('registry_mirror', check=True, diff=True, path=str(path), state=state, **args)
    assert checked['changed'] and checked['restart_required'] and path.read_text() == before
    applied = run_module('registry_mirror', diff=True, path=str(path), state=state, **args)
    assert applied['changed'] and applied['registry_mirrors'] == expected_mirrors == checked['registry_mirrors']
    assert applied['diff']['after']['registry-mirrors'] == expected_mirrors
    again = run_module('registry_mirror', diff=True, path=str(path), state=state, **args)
    assert not again['changed'] and not again['restart_required']
    assert json.loads(path.read_text()) == {'registry-mirrors': expected_mirrors, 'debug': True}
    return applied


def test_present_then_absent_leaves_other_entries(config_file):
    _step(config_file, 'present', OTHERS + ['http://127.0.0.1:5000'], url='http://127.0.0.1:5000/')
    # the same mirror spelled with a trailing slash is already there
    assert not run_module('registry_mirror', path=str(config_file), url='http://10.1.2.3:5000')['changed']
    _step(config_file, 'absent', OTHERS, url='http://127.0.0.1:5000')


def test_docker_opts_form(tmp_path):
    path = tmp_path / 'docker'
    path.write_text('DOCKER_OPTS="--icc=false --registry-mirror=https://first.example"\n')
    run_module('registry_mirror', path=str(path), format='docker_opts', url='http://127.0.0.1:5000')
    assert path.read_text() == ('DOCKER_OPTS="--icc=false --registry-mirror=https://first.example '
                                '--registry-mirror=http://127.0.0.1:5000"\n')


@pytest.mark.parametrize('url', ['127.0.0.1:5000', 'http://m.example/path', 'ftp://m.example'])
def test_invalid_url_fails_before_touching_the_file(config_file, url):
    before = config_file.read_text()
    failed = run_module('registry_mirror', expect_fail=True, path=str(config_file), url=url)
    assert failed['msg'].startswith("url: invalid value %r; give an http:// or https:// URL" % url)
    assert config_file.read_text() == before


def test_pull_through_the_mirror(scratch_daemon, tmp_path, prefix, busybox, registry):
    """Push as library/<name>, add the mirror, restart through the engine role, pull the bare name.

    No public registry is reachable here, so the pull can only succeed through the mirror.
    """
    daemon = scratch_daemon
    name = '%s-mirrored' % prefix
    docker_cli('tag', busybox, '%s/library/%s:latest' % (registry, name))
    docker_cli('push', '%s/library/%s:latest' % (registry, name))
    mirror = 'http://%s' % registry
    assert daemon.cli('pull', name, check=False)[0] != 0  # no mirror yet: nowhere to pull from

    tasks = [
        {'name': 'Add the mirror', 'dockyard.docker.registry_mirror': {
            'url': mirror, 'path': daemon.config_path, 'backup': True}, 'register': 'mirror'},
        {'name': 'Restart dockerd through the engine role', 'ansible.builtin.include_role': {
            'name': 'dockyard.docker.engine', 'tasks_from': 'restart'},
         'vars': {'engine_daemon_config_backup': "{{ mirror.backup_file | default('') }}"},
         'when': 'mirror.restart_required'},
    ]
    rc, output = run_playbook(tmp_path, tasks, daemon.role_vars())
    assert rc == 0, output
    assert daemon.read_config()['bridge'] == daemon.own_bridge

    info = run_module('host_info', docker_host=daemon.host)
    assert mirror + '/' in info['registry_mirrors']

    code, pulled = daemon.cli('pull', name, check=False)
    assert code == 0, pulled
    assert 'docker.io/library/%s:latest' % name in pulled
