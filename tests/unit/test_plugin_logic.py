"""The plugin module's pure parts: reading a `docker plugin set` key back from inspect, comparing references,
and the task's checks (no daemon)."""

import pytest

from ansible_collections.dockyard.docker.plugins.module_utils.host.plugin import (
    PluginSpec, current_setting, other_reference, setting_text)
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError

PLUGIN = {'Settings': {'Env': ['DEBUG=1', 'EMPTY=', 'URL=http://x/?a=b'], 'Args': ['-v', '--fast'],
                       'Mounts': [{'Name': 'state', 'Source': '/var/lib/x'}],
                       'Devices': [{'Name': 'fuse', 'Path': '/dev/fuse'}]}}


@pytest.mark.parametrize('key, value', [('DEBUG', '1'), ('EMPTY', ''), ('URL', 'http://x/?a=b'), ('args', '-v --fast'),
                                        ('state.source', '/var/lib/x'), ('fuse.path', '/dev/fuse'),
                                        ('MISSING', None), ('other.source', None)])
def test_current_setting_reads_env_args_mounts_and_devices(key, value):
    assert current_setting(PLUGIN, key) == value


@pytest.mark.parametrize('installed, wanted, other', [
    ('docker.io/vieux/sshfs:latest', 'vieux/sshfs:latest', False),
    ('vieux/sshfs', 'vieux/sshfs:latest', False),
    ('127.0.0.1:5000/p:1', '127.0.0.1:5000/p:1', False),
    ('127.0.0.1:5000/p:1', '127.0.0.1:5000/p:2', True),
    ('docker.io/vieux/sshfs:latest', 'other/sshfs:latest', True),
    (None, 'vieux/sshfs:latest', False),
])
def test_other_reference_ignores_the_docker_hub_prefix(installed, wanted, other):
    assert other_reference(installed, wanted) is other


def params(**extra):
    return dict(dict(plugin_name='vieux/sshfs', alias=None, state='present', plugin_options={}, force_remove=False,
                     enable_timeout=0), **extra)


def test_spec_names_the_plugin_by_alias_and_stringifies_options():
    spec = PluginSpec(params(alias='sshfs', plugin_options={'DEBUG': 1, 'ON': True, 'OFF': False, 'NONE': None}))
    assert (spec.reference, spec.name) == ('vieux/sshfs:latest', 'sshfs:latest')
    assert spec.options == {'DEBUG': '1', 'ON': 'true', 'OFF': 'false', 'NONE': ''}
    assert setting_text('X', 2.5) == '2.5'


@pytest.mark.parametrize('extra, option', [(dict(enable_timeout=-1), 'enable_timeout'),
                                           (dict(plugin_options={'A=B': 1}), 'plugin_options'),
                                           (dict(plugin_options={'A': {'b': 1}}), 'plugin_options.A'),
                                           (dict(plugin_name='Bad Name'), 'plugin_name'),
                                           (dict(alias='UPPER'), 'alias')])
def test_spec_refuses_what_the_daemon_would(extra, option):
    with pytest.raises(SpecError) as error:
        PluginSpec(params(**extra))
    assert error.value.option == option
