"""fields.py (paths, comparison modes) and the container parsers in specs/ (no daemon)."""

import pytest
from hypothesis import given, strategies as st

from ansible_collections.dockyard.docker.plugins.module_utils.container import hooks as fields_hooks
from ansible_collections.dockyard.docker.plugins.module_utils.container import options as opts
from ansible_collections.dockyard.docker.plugins.module_utils.core.fields import (
    Field,
    comparison_modes,
    equal,
    get_path,
    set_path,
)
from ansible_collections.dockyard.docker.plugins.module_utils.specs import healthcheck, process, resources
from ansible_collections.dockyard.docker.plugins.module_utils.specs.endpoints import attachment
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.specs.mounts import mounts

KEYS = st.text(alphabet='abcXYZ', min_size=1, max_size=4)
VALUES = st.one_of(st.none(), st.text(max_size=3), st.integers(), st.lists(st.integers(), max_size=2))


def test_get_path_none_is_missing_and_empty_is_a_value():
    doc = {'HostConfig': {'Memory': 0, 'Dns': [], 'Name': '', 'Gone': None}, 'Flat': 'x'}
    assert get_path(doc, 'HostConfig.Memory', 5) == 0
    assert get_path(doc, 'HostConfig.Dns', 5) == []
    assert get_path(doc, 'HostConfig.Name', 5) == ''
    assert get_path(doc, 'HostConfig.Gone', 5) == 5
    assert get_path(doc, 'HostConfig.Missing.Deeper', 5) == 5
    assert get_path(doc, 'Flat.Key', 5) == 5


@given(st.lists(KEYS, min_size=1, max_size=4), VALUES)
def test_set_path_then_get_path_round_trips(keys, value):
    path = '.'.join(keys)
    body = set_path({}, path, value)
    if value is None:
        assert body == {}
    else:
        assert get_path(body, path) == value


@given(st.lists(st.integers(0, 5), max_size=6), st.lists(st.integers(0, 5), max_size=6))
def test_modes_for_lists_and_sets(desired, actual):
    assert equal('set', 'strict', desired, actual) == (set(desired) == set(actual))
    assert equal('set', 'allow_more_present', desired, actual) == set(desired).issubset(actual)
    assert equal('list', 'strict', desired, actual) == (desired == actual or (not desired and not actual))
    if equal('list', 'allow_more_present', desired, actual):
        assert set(desired) <= set(actual)
    assert equal('list', 'allow_more_present', desired, desired + [9])
    assert equal('set', 'ignore', desired, [7])


@given(st.dictionaries(KEYS, st.integers(0, 3), max_size=4), st.dictionaries(KEYS, st.integers(0, 3), max_size=4))
def test_modes_for_dicts(desired, actual):
    assert equal('dict', 'strict', desired, actual) == (desired == actual)
    assert equal('dict', 'allow_more_present', desired, actual) == all(actual.get(k) == v for k, v in desired.items())
    assert equal('dict', 'allow_more_present', desired, dict(actual, **desired))


def test_set_of_dicts_allow_more_present_lets_entries_hold_more_keys():
    have = [{'Name': 'nofile', 'Soft': 1, 'Hard': 2}, {'Name': 'core', 'Soft': 0, 'Hard': 0}]
    assert equal('set(dict)', 'allow_more_present', [{'Name': 'nofile', 'Soft': 1}], have)
    assert not equal('set(dict)', 'strict', [{'Name': 'nofile', 'Soft': 1}], have)
    assert equal('set(dict)', 'strict', list(reversed(have)), have)
    assert equal('value', 'strict', None, '') and equal('value', 'strict', [], None)
    assert not equal('value', 'strict', 0, None)


def test_comparisons_option_wildcard_aliases_and_refusals():
    modes = comparison_modes('comparisons', {'*': 'ignore', 'cap_add': 'allow_more_present'}, opts.OPTIONS,
                             extra=('image',))
    assert modes['capabilities'] == 'allow_more_present' and modes['memory'] == 'ignore' and modes['image'] == 'ignore'
    defaults = comparison_modes('comparisons', None, opts.OPTIONS, extra=('image',))
    assert defaults['stop_timeout'] == 'ignore' and defaults['env'] == 'strict' and defaults['image'] == 'strict'
    for value, option in (({'memory': 'allow_more_present'}, 'comparisons.memory'), ({'nope': 'strict'}, 'comparisons'),
                          ({'*': 'allow_more_present'}, 'comparisons.*'), ({'env': 'loose'}, 'comparisons.env')):
        with pytest.raises(SpecError) as error:
            comparison_modes('comparisons', value, opts.OPTIONS)
        assert error.value.option == option


def test_every_container_option_is_declared_once_with_a_cli_flag():
    names = [option.name for option in opts.OPTIONS]
    assert len(names) == len(set(names))
    assert all(option.cli for option in opts.OPTIONS)
    with pytest.raises(ValueError):
        Field('x', {}, 'A.b', colour='red')


@pytest.mark.parametrize('value,expected', [
    (['nofile:1024:2048'], [{'Name': 'nofile', 'Soft': 1024, 'Hard': 2048}]),
    (['nproc=64'], [{'Name': 'nproc', 'Soft': 64, 'Hard': 64}]),
    (['core:-1:-1'], [{'Name': 'core', 'Soft': -1, 'Hard': -1}]),
])
def test_ulimits(value, expected):
    assert resources.ulimits('ulimits', value) == expected


@pytest.mark.parametrize('value', [['nofile'], ['colour:1:2'], ['nofile:2:1'], ['nofile:a:b']])
def test_ulimits_refused(value):
    with pytest.raises(SpecError, match='^ulimits: '):
        resources.ulimits('ulimits', value)


def test_gpus_and_device_requests():
    assert resources.gpus('gpus', 'all')['Count'] == -1
    assert resources.gpus('gpus', '2')['Count'] == 2
    assert resources.gpus('gpus', 'device=0,1')['DeviceIDs'] == ['0', '1']
    with pytest.raises(SpecError, match='^gpus: '):
        resources.gpus('gpus', 'many')
    with pytest.raises(SpecError, match='^device_requests: '):
        resources.device_requests('device_requests', [{'count': 1, 'device_ids': ['0']}])


def test_throttles_and_ranges():
    assert resources.throttle(resources.iops)('device_read_iops', [{'path': '/dev/sda', 'rate': 5}]) == [
        {'Path': '/dev/sda', 'Rate': 5}]
    with pytest.raises(SpecError, match='^device_read_iops: '):
        resources.throttle(resources.iops)('device_read_iops', [{'path': 'sda', 'rate': 5}])
    with pytest.raises(SpecError, match='^blkio_weight: '):
        resources.int_range(10, 1000)('blkio_weight', 5)
    assert resources.swap_size('memory_swap', '-1') == -1 and resources.swap_size('memory_swap', '1k') == 1024


def test_mounts():
    assert mounts('mounts', [{'type': 'tmpfs', 'target': '/t', 'tmpfs_size': '1m', 'tmpfs_mode': '1777'}]) == [
        {'Type': 'tmpfs', 'Target': '/t', 'TmpfsOptions': {'SizeBytes': 1 << 20, 'Mode': 0o1777}}]
    volume = mounts('mounts', [{'source': 'data', 'target': '/d', 'no_copy': True, 'volume_driver': 'local'}])[0]
    assert volume['VolumeOptions'] == {'NoCopy': True, 'DriverConfig': {'Name': 'local'}}
    for wrong, option in (([{'type': 'tmpfs', 'target': '/t', 'propagation': 'shared'}], 'mounts.propagation'),
                          ([{'type': 'bind', 'source': 'rel', 'target': '/t'}], 'mounts.source'),
                          ([{'target': 'relative'}], 'mounts.target'),
                          ([{'target': '/a'}, {'target': '/a'}], 'mounts')):
        with pytest.raises(SpecError) as error:
            mounts('mounts', wrong)
        assert error.value.option == option


def test_env_file_lines():
    assert process.env_file('env_file', '# c\nA=1\n B = 2\nC\n\nD=x=y\n') == {'A': '1', 'B': ' 2', 'C': '', 'D': 'x=y'}
    with pytest.raises(SpecError, match='^env_file: '):
        process.env_file('env_file', 'NOT VALID=1')


def test_network_attachment_entries():
    parsed = attachment('networks', {'name': 'n', 'ipv6_address': 'fd00::5', 'mac_address': '02:42:AC:11:00:02'})
    assert parsed.endpoint_config() == {'IPAMConfig': {'IPv6Address': 'fd00::5'}, 'MacAddress': '02:42:ac:11:00:02'}
    for wrong in ({'name': 'n', 'ipv6_address': '10.0.0.1'}, {'name': 'n', 'mac_address': 'zz'}, {'name': 'n', 'x': 1}):
        with pytest.raises(SpecError, match='^networks'):
            attachment('networks', wrong)


@pytest.mark.parametrize('podman, api_1_44, networks, expected', [
    (False, False, None, {'MacAddress': '02:42:ac:11:00:99'}),
    (False, True, None, {'MacAddress': '02:42:ac:11:00:99'}),  # Docker moves it to the endpoint itself
    (True, False, None, {'MacAddress': '02:42:ac:11:00:99'}),
    (True, True, None, {'NetworkingConfig': {'EndpointsConfig': {'podman': {'MacAddress': '02:42:ac:11:00:99'}}}}),
    (True, True, ['app'], {}),  # networks_write puts it on the first network
])
def test_mac_address_goes_where_the_engine_reads_it(podman, api_1_44, networks, expected):
    values = {'mac_address': '02:42:ac:11:00:99'}
    if networks:
        values['networks'] = networks
    ctx = fields_hooks.Context(values, api_at_least=lambda version: api_1_44, is_podman=lambda: podman)
    body = {}
    fields_hooks.mac_write(body, values['mac_address'], ctx)
    assert body == expected


def test_mac_address_read_from_the_only_endpoint_when_the_mode_names_no_network():
    doc = {'HostConfig': {'NetworkMode': 'bridge'},
           'NetworkSettings': {'Networks': {'podman': {'MacAddress': '02:42:AC:11:00:99'}}}}
    assert fields_hooks.mac_read(doc, None) == '02:42:ac:11:00:99'


@pytest.mark.parametrize('test, list_needs_kind, expected', [
    ('curl -f localhost', False, ['CMD-SHELL', 'curl -f localhost']),
    (['curl', '-f', 'localhost'], False, ['CMD', 'curl', '-f', 'localhost']),  # docker run's rule
    (['CMD', 'true'], True, ['CMD', 'true']),
    (['NONE'], True, ['NONE']),
    ('true', True, ['CMD-SHELL', 'true']),
])
def test_one_healthcheck_parser_for_containers_and_services(test, list_needs_kind, expected):
    check = healthcheck.healthcheck('healthcheck', {'test': test, 'interval': '5s', 'retries': 2}, list_needs_kind)
    assert check == {'Test': expected, 'Interval': 5 * 10 ** 9, 'Retries': 2}


SERVICE_RULES = dict(list_needs_kind=True, blank_command=False)


@pytest.mark.parametrize('value, rules, wrong', [
    ({'test': ['curl', 'x']}, SERVICE_RULES, 'healthcheck.test'),
    ({'test': ''}, SERVICE_RULES, 'healthcheck.test'),
    ({'test': 7}, {}, 'healthcheck.test'),
    ({'retries': -1}, {}, 'healthcheck.retries'),
    ({'retries': 'often'}, {}, 'healthcheck.retries'),
])
def test_healthcheck_refusals_name_the_sub_option(value, rules, wrong):
    with pytest.raises(SpecError) as caught:
        healthcheck.healthcheck('healthcheck', value, **rules)
    assert str(caught.value).startswith(wrong + ':')


def test_a_blkio_weight_that_reads_back_0_was_discarded_and_is_no_difference():
    weight = opts.OPTIONS_BY_NAME['blkio_weight']
    assert weight.equal(300, 300) and weight.equal(300, 0) and weight.equal(300, None)
    assert not weight.equal(300, 500)  # a kept weight still compares
    discarded = fields_hooks.discarded_blkio_weight({'blkio_weight': 300}, {'Name': '/web', 'HostConfig': {'BlkioWeight': 0}})
    assert discarded.startswith('blkio_weight: container web reads back no block IO weight (0)') and '300' in discarded
    assert fields_hooks.discarded_blkio_weight({'blkio_weight': 300}, {'HostConfig': {'BlkioWeight': 300}}) is None
    assert fields_hooks.discarded_blkio_weight({}, {'HostConfig': {'BlkioWeight': 0}}) is None
    assert fields_hooks.discarded_blkio_weight({'blkio_weight': 300}, {}) is None  # check mode, no container yet


def test_the_daemons_create_and_update_warnings_become_task_warnings(monkeypatch):
    from ansible_collections.dockyard.docker.plugins.module_utils.container import actions
    warned = []
    monkeypatch.setattr(actions, 'warn', warned.append)
    text = 'Your kernel does not support Block I/O weight or the cgroup is not mounted. Weight discarded.'
    assert actions.pass_on_warnings('web', {'Id': 'x', 'Warnings': [text]})
    assert warned == ['container web: the daemon warned: %s' % text]
    assert not actions.pass_on_warnings('web', {'Id': 'x', 'Warnings': None})
    assert not actions.pass_on_warnings('web', None) and len(warned) == 1
