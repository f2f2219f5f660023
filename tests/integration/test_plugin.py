"""plugin (issue 36 item 1) against the real daemon, without a registry on the internet: a tiny volume plugin
(files/dykvol, built here with Go) is made with `docker plugin create`, pushed to the harness's registry in two
versions, then installed, configured, enabled, disabled, upgraded and removed by the module."""

import hashlib
import json
import os
import shutil
import subprocess
import uuid

import pytest

from collection_path import REPO_ROOT
from conftest import docker_cli, run_module

pytestmark = [pytest.mark.needs('plugins'), pytest.mark.needs('full-suite')]
SOURCE = os.path.join(REPO_ROOT, 'tests', 'integration', 'files', 'dykvol')
CACHE = os.path.join(os.environ.get('DOCKYARD_CACHE') or os.path.expanduser('~/.cache/dockyard'), 'dykvol')
NETWORK_HOST = [{'Name': 'network', 'Description': 'permissions to access a network', 'Value': ['host']}]


def plugin_binary():
    """The plugin's static binary, built once per source (cached under the harness cache, keyed by the source)."""
    digest = hashlib.sha256()
    for name in sorted(os.listdir(SOURCE)):
        with open(os.path.join(SOURCE, name), 'rb') as handle:
            digest.update(name.encode() + b'\0' + handle.read())
    binary = os.path.join(CACHE, digest.hexdigest()[:16], 'dykvol')
    if not os.path.exists(binary):
        os.makedirs(os.path.dirname(binary), exist_ok=True)
        env = dict(os.environ, CGO_ENABLED='0', GOFLAGS='-mod=mod', GOCACHE=os.path.join(CACHE, 'go-build'))
        subprocess.run(['go', 'build', '-ldflags', '-s -w', '-o', binary + '.part', '.'], cwd=SOURCE, env=env,
                       check=True)
        os.rename(binary + '.part', binary)
    return binary


def config(version):
    return {
        'description': 'dockyard test volume plugin, version %d' % version,
        'documentation': 'https://example.invalid/dykvol',
        'entrypoint': ['/dykvol'],
        'interface': {'socket': 'dykvol.sock', 'types': ['docker.volumedriver/1.0']},
        'network': {'type': 'host'},
        'env': [{'name': 'DEBUG', 'description': 'log level', 'settable': ['value'], 'value': '0'},
                {'name': 'GREETING', 'description': 'a setting', 'settable': ['value'], 'value': 'hello'}],
    }


@pytest.fixture(scope='module')
def pushed(registry, tmp_path_factory):
    """References of versions 1 and 2 of the plugin in the test registry, not installed on the daemon."""
    binary = plugin_binary()
    repository = '%s/dyk-plugin-%s' % (registry, uuid.uuid4().hex[:8])
    references = []
    for version in (1, 2):
        folder = tmp_path_factory.mktemp('plugin%d' % version)
        os.makedirs(folder / 'rootfs' / 'run' / 'docker' / 'plugins')
        shutil.copy(binary, folder / 'rootfs' / 'dykvol')
        (folder / 'config.json').write_text(json.dumps(config(version)))
        reference = '%s:%d' % (repository, version)
        docker_cli('plugin', 'create', reference, str(folder))
        docker_cli('plugin', 'push', reference)
        docker_cli('plugin', 'rm', '-f', reference)
        references.append(reference)
    return references


@pytest.fixture
def alias(name):
    local = name.lower() + '-vol'
    yield local
    docker_cli('plugin', 'rm', '-f', local, check=False)


def installed(local):
    found = docker_cli('plugin', 'inspect', local, check=False)
    data = json.loads(found) if found.startswith('[') else []
    return data[0] if data else None


def test_install_configure_enable_disable_and_remove(pushed, alias, name):
    first = pushed[0]
    args = dict(plugin_name=first, alias=alias, state='enable', plugin_options={'DEBUG': 1})
    checked = run_module('plugin', check=True, diff=True, **args)
    assert checked['changed'] and checked['privileges'] == NETWORK_HOST
    assert checked['actions'] == ['install plugin %s:latest from %s' % (alias, first),
                                  'set DEBUG on plugin %s:latest' % alias, 'enable plugin %s:latest' % alias]
    assert checked['diff'] == {'before': {'state': 'absent'}, 'after': {
        'state': 'enabled', 'reference': first, 'plugin_options': {'DEBUG': '1'}}}
    assert installed(alias) is None

    done = run_module('plugin', **args)
    assert done['changed'] and done['actions'] == checked['actions'] and done['privileges'] == NETWORK_HOST
    found = installed(alias)
    assert found['Enabled'] and 'DEBUG=1' in found['Settings']['Env'] and found['PluginReference'].endswith(first)
    assert done['plugin']['Id'] == found['Id']
    again = run_module('plugin', **args)
    assert not again['changed'] and again['actions'] == [] and 'privileges' not in again
    # The plugin serves: the daemon makes a volume with it.
    volume = name + '-v'
    docker_cli('volume', 'create', '-d', alias, volume)
    assert json.loads(docker_cli('volume', 'inspect', volume))[0]['Driver'] == '%s:latest' % alias
    docker_cli('volume', 'rm', volume)

    options = {'DEBUG': '2', 'GREETING': 'hello'}
    changed = run_module('plugin', diff=True, plugin_name=first, alias=alias, state='enable', plugin_options=options)
    assert changed['actions'] == ['disable plugin %s:latest to change it' % alias, 'set DEBUG on plugin %s:latest'
                                  % alias, 'enable plugin %s:latest' % alias]
    assert changed['diff']['before']['plugin_options'] == {'DEBUG': '1', 'GREETING': 'hello'}
    assert installed(alias)['Enabled'] and 'DEBUG=2' in installed(alias)['Settings']['Env']

    disabled = run_module('plugin', plugin_name=first, alias=alias, state='disable')
    assert disabled['changed'] and disabled['actions'] == ['disable plugin %s:latest' % alias]
    assert not installed(alias)['Enabled']
    assert not run_module('plugin', plugin_name=first, alias=alias, state='disable')['changed']
    assert not run_module('plugin', plugin_name=first, alias=alias)['changed'], 'present leaves it disabled'
    set_disabled = run_module('plugin', plugin_name=first, alias=alias, plugin_options={'GREETING': 'hi'})
    assert set_disabled['actions'] == ['set GREETING on plugin %s:latest' % alias] and not installed(alias)['Enabled']

    gone_check = run_module('plugin', check=True, plugin_name=first, alias=alias, state='absent')
    assert gone_check['changed'] and installed(alias) is not None
    gone = run_module('plugin', plugin_name=first, alias=alias, state='absent')
    assert gone['changed'] and gone['actions'] == ['remove plugin %s:latest' % alias] and gone['plugin'] == {}
    assert installed(alias) is None
    assert not run_module('plugin', plugin_name=first, alias=alias, state='absent')['changed']


def test_upgrade_in_place_and_removal_of_a_plugin_in_use(pushed, alias, name):
    first, second = pushed
    run_module('plugin', plugin_name=first, alias=alias, state='enable')
    upgraded = run_module('plugin', plugin_name=second, alias=alias, state='enable')
    assert upgraded['actions'] == ['disable plugin %s:latest to change it' % alias,
                                   'upgrade plugin %s:latest from %s to %s' % (alias, first, second),
                                   'enable plugin %s:latest' % alias]
    found = installed(alias)
    assert found['Enabled'] and found['PluginReference'].endswith(second)
    assert found['Config']['Description'].endswith('version 2')
    assert not run_module('plugin', plugin_name=second, alias=alias, state='enable')['changed']

    volume = name + '-v'
    docker_cli('volume', 'create', '-d', alias, volume)
    try:
        refused = run_module('plugin', expect_fail=True, plugin_name=second, alias=alias, state='absent')
        assert refused['msg'].startswith('Failed to disable plugin %s:latest: ' % alias), refused['msg']
        assert '\n' not in refused['msg'] and installed(alias)['Enabled'], 'a failed removal leaves it as it was'
        forced = run_module('plugin', plugin_name=second, alias=alias, state='absent', force_remove=True)
        assert forced['actions'] == ['remove plugin %s:latest (forced)' % alias] and installed(alias) is None
    finally:
        docker_cli('volume', 'rm', '-f', volume, check=False)


def test_plugin_failures_are_one_line(pushed, registry, alias):
    missing = run_module('plugin', expect_fail=True, plugin_name='%s/dyk-no-such-plugin:1' % registry, alias=alias)
    # Docker answers the privileges of a missing plugin with none; the install names it.
    assert missing['msg'].startswith('Failed to ') and '%s/dyk-no-such-plugin:1' % registry in missing['msg']
    assert '\n' not in missing['msg'], missing['msg']
    assert installed(alias) is None
    timeout = run_module('plugin', expect_fail=True, plugin_name=pushed[0], enable_timeout=-1)
    assert timeout['msg'] == 'enable_timeout: invalid value -1; give a number of seconds, 0 (no limit) or more'
    nested = run_module('plugin', expect_fail=True, plugin_name=pushed[0], plugin_options={'DEBUG': [1]})
    assert nested['msg'] == 'plugin_options.DEBUG: invalid value [1]; give a string or a number'
