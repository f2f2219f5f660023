"""daemon_config on real files: check, diff, rerun, backup, force, DOCKER_OPTS, refusals.

It only edits files (never the shared daemon's /etc/docker/daemon.json); the restart that
makes a change take effect is tested in test_daemon_restart.py against a scratch dockerd.
"""

import json
import os

import pytest

from conftest import run_module

SEED = {'bridge': 'none', 'debug': True, 'labels': ['team=ops']}


@pytest.fixture
def config_file(tmp_path):
    path = tmp_path / 'daemon.json'
    path.write_text(json.dumps(SEED, indent=4))
    return path


def _converges(path, **args):
    """check mode (file untouched) -> real run (changed) -> rerun (not changed); returns the real result."""
    before = path.read_text() if path.exists() else None
    checked = run_module('daemon_config', check=True, diff=True, path=str(path), **args)
    assert checked['changed'], checked
    assert (path.read_text() if path.exists() else None) == before
    applied = run_module('daemon_config', diff=True, path=str(path), **args)
    assert applied['changed'] and applied['config'] == checked['config']
    assert applied['diff'] == checked['diff']
    again = run_module('daemon_config', diff=True, path=str(path), **args)
    assert not again['changed'] and not again['restart_required'] and again['actions'] == []
    return applied


@pytest.mark.managed_python
def test_merge_keeps_keys_it_was_not_told_about(config_file):
    result = _converges(config_file, registry_mirrors=['http://127.0.0.1:5000/'], icc=False,
                        iptables=True, mtu=1450, log_driver='local', log_opts={'max-size': '10m'},
                        settings={'max-concurrent-downloads': 6})
    expected = dict(SEED, **{'registry-mirrors': ['http://127.0.0.1:5000'], 'icc': False, 'iptables': True,
                             'mtu': 1450, 'log-driver': 'local', 'log-opts': {'max-size': '10m'},
                             'max-concurrent-downloads': 6})
    assert json.loads(config_file.read_text()) == expected == result['config']
    assert result['restart_required'] is True
    assert result['diff']['before'] == SEED and result['diff']['after'] == expected
    assert result['changed_keys'] == sorted(set(expected) - set(SEED))


def test_only_live_reloadable_keys_need_no_restart(config_file):
    result = _converges(config_file, settings={'debug': False, 'max-concurrent-uploads': 2})
    assert result['restart_required'] is False


def test_settings_null_removes_a_key_and_bip_with_fixed_cidr(config_file):
    _converges(config_file, bip='10.47.0.1/16', fixed_cidr='10.47.1.0/24', settings={'bridge': None})
    config = json.loads(config_file.read_text())
    assert 'bridge' not in config and config['bip'] == '10.47.0.1/16' and config['debug'] is True


def test_replace_writes_only_what_the_task_sets(config_file):
    result = _converges(config_file, replace=True, storage_driver='overlay2', live_restore=True)
    assert json.loads(config_file.read_text()) == {'storage-driver': 'overlay2', 'live-restore': True}
    assert result['changed_keys'] == ['bridge', 'debug', 'labels', 'live-restore', 'storage-driver']


def test_a_missing_file_and_folder_are_created(tmp_path):
    path = tmp_path / 'etc-docker' / 'daemon.json'
    _converges(path, registry_mirrors=['https://mirror.example'])
    assert json.loads(path.read_text()) == {'registry-mirrors': ['https://mirror.example']}


@pytest.mark.managed_python
def test_backup_keeps_the_previous_file(config_file):
    original = config_file.read_text()
    result = run_module('daemon_config', path=str(config_file), icc=False, backup=True)
    assert result['changed'] and os.path.dirname(result['backup_file']) == str(config_file.parent)
    with open(result['backup_file']) as handle:
        assert handle.read() == original
    assert 'backup_file' not in run_module('daemon_config', path=str(config_file), icc=False, backup=True)


def test_formatting_alone_is_no_change(config_file):
    config_file.write_text(json.dumps(SEED, separators=(',', ':')))
    result = run_module('daemon_config', path=str(config_file), settings={'debug': True})
    assert not result['changed']


@pytest.mark.managed_python
def test_invalid_json_is_refused_unless_force(config_file):
    config_file.write_text('{"debug": true,')
    failed = run_module('daemon_config', expect_fail=True, path=str(config_file), icc=False)
    assert failed['msg'].startswith('path: %s does not hold valid JSON' % config_file)
    assert 'force: true' in failed['msg'] and '\n' not in failed['msg']
    assert config_file.read_text() == '{"debug": true,'
    forced = run_module('daemon_config', path=str(config_file), icc=False, force=True, backup=True)
    assert forced['changed'] and json.loads(config_file.read_text()) == {'icc': False}
    with open(forced['backup_file']) as handle:
        assert handle.read() == '{"debug": true,'


@pytest.mark.parametrize('args, message', [
    (dict(bridge='br0', bip='10.0.0.1/24'), 'bip: invalid value'),
    (dict(bip='10.0.0.1/24', fixed_cidr='10.1.0.0/24', settings={'bridge': None}), 'fixed_cidr: invalid value'),
    (dict(bip='10.0.0.1/24'), 'bip: invalid value'),  # the file already sets bridge
    (dict(registry_mirrors=['mirror.example:5000']), "registry_mirrors: invalid value 'mirror.example:5000'"),
    (dict(icc=False, settings={'icc': True}), "settings: invalid value 'icc'"),
    (dict(mtu=20), 'mtu: invalid value 20'),
    (dict(format='docker_opts', dns=['8.8.8.8'], settings={'labels': ['a b']}), 'settings.labels: invalid value'),
])
def test_invalid_arguments_fail_before_touching_the_file(config_file, args, message):
    original = config_file.read_text()
    failed = run_module('daemon_config', expect_fail=True, path=str(config_file), **args)
    assert failed['msg'].startswith(message), failed['msg']
    assert '\n' not in failed['msg']
    assert config_file.read_text() == original


@pytest.mark.managed_python
def test_docker_opts_writes_the_seed_line_and_keeps_other_lines(tmp_path):
    path = tmp_path / 'docker'
    path.write_text('# Docker SysVinit configuration file\n#DOCKER_OPTS="--dns 8.8.8.8"\n'
                    'DOCKER_OPTS="--dns 8.8.4.4"\nexport TMPDIR="/mnt/bigdrive/docker-tmp"\n')
    result = _converges(path, format='docker_opts', registry_mirrors=['http://127.0.0.1:5000'],
                        bridge='br0', fixed_cidr='10.20.0.0/24', icc=False, iptables=True)
    assert path.read_text() == (
        '# Docker SysVinit configuration file\n#DOCKER_OPTS="--dns 8.8.8.8"\n'
        'DOCKER_OPTS="--dns=8.8.4.4 --registry-mirror=http://127.0.0.1:5000 --bridge=br0 '
        '--fixed-cidr=10.20.0.0/24 --icc=false --iptables=true"\nexport TMPDIR="/mnt/bigdrive/docker-tmp"\n')
    assert result['restart_required'] is True
    assert result['diff']['before'] == {'dns': ['8.8.4.4']}


def test_docker_opts_refuses_a_key_that_is_not_a_flag_name(tmp_path):
    path = tmp_path / 'docker'
    original = 'DOCKER_OPTS="--dns 8.8.4.4"\n'
    path.write_text(original)
    key = 'x"; touch %s; echo "' % (tmp_path / 'pwned')
    for check in (True, False):
        failed = run_module('daemon_config', check=check, expect_fail=True, path=str(path), format='docker_opts',
                            settings={key: 'v'})
        assert failed['msg'].startswith('settings: invalid value %r; ' % key), failed['msg']
        assert 'flag name' in failed['msg'] and '\n' not in failed['msg']
    assert path.read_text() == original and not (tmp_path / 'pwned').exists()


@pytest.mark.managed_python
@pytest.mark.parametrize('config_format', ['daemon_json', 'docker_opts'])
def test_credentials_are_written_but_never_shown(tmp_path, config_format):
    path = tmp_path / 'config'
    token, proxy_password = 'splunk-tok-8c1f2', 'proxy-pw-51d0a'
    log_opts = {'splunk-token': token, 'splunk-url': 'https://splunk.example:8088', 'tag': 'web'}
    settings = {'proxies': {'http-proxy': 'http://ops:%s@proxy.example:3128' % proxy_password}} \
        if config_format == 'daemon_json' else {'debug': True}
    args = dict(format=config_format, log_driver='splunk', log_opts=log_opts, settings=settings)
    result = _converges(path, **args)
    shown = json.dumps(result)
    assert token not in shown and proxy_password not in shown
    assert result['config']['log-opts'] == dict(log_opts, **{'splunk-token': '********'})
    assert result['diff']['after']['log-opts']['splunk-token'] == '********'
    written = path.read_text()
    assert token in written
    if config_format == 'daemon_json':
        assert json.loads(written)['proxies']['http-proxy'] == 'http://ops:%s@proxy.example:3128' % proxy_password
        assert result['config']['proxies']['http-proxy'] == 'http://ops:********@proxy.example:3128'

    # Only the real value decides: another token is a change, though both show as the mask.
    rotated_args = dict(args, path=str(path))
    rotated_args['log_opts'] = dict(log_opts, **{'splunk-token': 'splunk-tok-new77'})
    rotated = run_module('daemon_config', diff=True, **rotated_args)
    assert rotated['changed'] and rotated['changed_keys'] == ['log-opts']
    assert 'splunk-tok-new77' not in json.dumps(rotated) and 'splunk-tok-new77' in path.read_text()
    assert token not in path.read_text()
