"""The parsers of entries in plugins/module_utils/specs/ (mounts, network endpoints, resources,
process settings, file modes, moments) under the broad inputs of fuzzing.py: the only exception
that may escape is SpecError, and a value that parses re-renders to an equivalent value.

HYPOTHESIS_PROFILE=fuzz runs the long search (tests/unit/conftest.py)."""

import shlex

import pytest
from hypothesis import example, given, strategies as st

from ansible_collections.dockyard.docker.plugins.module_utils.specs import endpoints, healthcheck, mounts, ports, process, resources
from ansible_collections.dockyard.docker.plugins.module_utils.specs.modes import parse_file_mode
from ansible_collections.dockyard.docker.plugins.module_utils.specs.sizes import parse_size
from ansible_collections.dockyard.docker.plugins.module_utils.specs.times import parse_time

from fuzzing import CORPUS, NESTED, anything, outcome, texts

NOW = 1700000000.0


def entries(keys, corpus):
    """Dicts whose keys are mostly the parser's own, with real, damaged or arbitrary values."""
    key = st.one_of(st.sampled_from(sorted(keys)), st.text(max_size=6))
    return st.dictionaries(key, anything(corpus), max_size=len(keys))


MOUNT_CORPUS = ['/data', '/srv/www', 'data', 'bind', 'volume', 'tmpfs', 'rshared', 'cached', '64m', '1777']


@given(st.one_of(entries(mounts.KEYS, MOUNT_CORPUS), NESTED))
@example({'type': 'tmpfs', 'target': '/run', 'tmpfs_mode': 'x'})
@example({'type': 'volume', 'target': '/x', 'volume_options': {'a': [1]}})
def test_mounts_raise_only_spec_error_and_round_trip(entry):
    result = outcome(mounts.mount, 'mounts', entry)
    if result is not None:
        assert mounts.mount('mounts', _mount_entry(result)) == result


def _mount_entry(api):
    """HostConfig.Mounts[i] -> the `mounts` entry that asks for it."""
    volume, tmpfs = api.get('VolumeOptions', {}), api.get('TmpfsOptions', {})
    driver = volume.get('DriverConfig', {})
    entry = {'type': api['Type'], 'target': api['Target'], 'source': api.get('Source'),
             'read_only': api.get('ReadOnly'), 'consistency': api.get('Consistency'),
             'propagation': api.get('BindOptions', {}).get('Propagation'), 'no_copy': volume.get('NoCopy'),
             'labels': volume.get('Labels'), 'volume_driver': driver.get('Name'),
             'volume_options': driver.get('Options'), 'tmpfs_size': tmpfs.get('SizeBytes'),
             'tmpfs_mode': '%o' % tmpfs['Mode'] if 'Mode' in tmpfs else None}
    return dict((key, value) for key, value in entry.items() if value is not None)


@given(st.one_of(st.lists(st.one_of(entries(mounts.KEYS, MOUNT_CORPUS), NESTED), max_size=3), NESTED))
def test_mount_lists_raise_only_spec_error(value):
    outcome(mounts.mounts, 'mounts', value)


ENDPOINT_CORPUS = ['front', 'db:database', '172.20.0.10', 'fd00::10', '02:42:ac:11:00:02', 'web']


@given(st.one_of(entries(endpoints.KEYS, ENDPOINT_CORPUS), texts(ENDPOINT_CORPUS), NESTED))
@example({'name': 'front', 'links': ['/']})
@example({'name': 'front', 'aliases': [None, {}]})
def test_network_endpoints_raise_only_spec_error_and_round_trip(entry):
    parsed = outcome(endpoints.endpoint_settings, 'networks', entry)
    if parsed is not None:
        name, settings = parsed
        attachment = endpoints.attachment('networks', dict(name=name, **settings))
        again = endpoints.attachment('networks', dict(name=name, **_attachment_entry(attachment)))
        assert vars(again) == vars(attachment)


@given(st.one_of(st.lists(st.one_of(entries(endpoints.KEYS, ENDPOINT_CORPUS), texts(ENDPOINT_CORPUS)), max_size=3),
                 NESTED))
def test_network_lists_raise_only_spec_error(value):
    outcome(endpoints.attachments, 'networks', value)


def _attachment_entry(attachment):
    entry = attachment.summary()
    entry.pop('name', None)
    if 'links' in entry:
        entry['links'] = ['%s:%s' % pair for pair in entry['links']]
    return entry


@given(texts(CORPUS['macs']))
def test_mac_addresses_raise_only_spec_error_and_round_trip(value):
    mac = outcome(endpoints.mac_address, 'mac_address', value)
    if mac is not None:
        assert endpoints.mac_address('mac_address', mac) == mac


@given(anything(CORPUS['modes']))
@example(10 ** 400)
def test_file_modes_raise_only_spec_error_and_round_trip(value):
    mode = outcome(parse_file_mode, 'mode', value)
    if mode is not None:
        assert parse_file_mode('mode', '%04o' % mode) == mode == parse_file_mode('mode', mode)


@given(anything(CORPUS['commands']))
def test_commands_raise_only_spec_error_and_round_trip(value):
    words = outcome(process.argv, 'command', value)
    if words is not None:
        assert process.argv('command', ' '.join(shlex.quote(word) for word in words)) == words


@given(st.one_of(NESTED, st.dictionaries(st.one_of(st.text(max_size=8), st.integers()), NESTED, max_size=4)))
def test_environments_raise_only_spec_error_and_round_trip(value):
    environment = outcome(process.env, 'env', value)
    if environment is not None:
        assert process.env('env', environment) == environment
        assert process.env_list(['%s=%s' % item for item in environment.items()]) == environment


@given(st.one_of(texts(CORPUS['env_files']), st.lists(texts(CORPUS['env_files']), max_size=5).map('\n'.join)))
def test_env_files_raise_only_spec_error_and_round_trip(text):
    environment = outcome(process.env_file, 'env_file', text)
    if environment is not None:
        assert process.env_file('env_file', '\n'.join('%s=%s' % item for item in environment.items())) == environment


HEALTH_KEYS = ('test', 'interval', 'timeout', 'retries', 'start_period', 'start_interval', 'disable')
HEALTH_CORPUS = ['curl -f http://localhost/', 'CMD', 'CMD-SHELL', 'NONE', '5s', '1m30s', '3', '0']


# The callers' rules: the container module, Compose files, the service module.
HEALTH_RULES = [{}, {'list_needs_kind': True}, {'list_needs_kind': True, 'blank_command': False}]


@pytest.mark.parametrize('rules', HEALTH_RULES)
@given(value=st.one_of(entries(HEALTH_KEYS, HEALTH_CORPUS), NESTED))
@example(value={'interval': -1})  # parsed, but its rendering '-1000000000ns' did not read again
@example(value={'test': []})  # a container's [] became ['CMD'], which made dockerd 20.10 panic
def test_healthchecks_raise_only_spec_error_and_round_trip(rules, value):
    check = outcome(healthcheck.healthcheck, 'healthcheck', value, **rules)
    if check is not None and check.get('Test'):
        assert check['Test'][0] in ('CMD', 'CMD-SHELL', 'NONE')
        assert len(check['Test']) > 1 or check['Test'] == ['NONE']
    if check is not None:
        entry = dict((key, check[api]) for key, api in (('test', 'Test'), ('retries', 'Retries')) if api in check)
        entry.update(('%s' % key, '%dns' % check[api]) for key, api in (
            ('interval', 'Interval'), ('timeout', 'Timeout'), ('start_period', 'StartPeriod'),
            ('start_interval', 'StartInterval')) if api in check)
        assert healthcheck.healthcheck('healthcheck', entry, **rules) == check


# The callers' limits on published ports: the container module, Compose files, the service module, a stack.
PORT_RULES = [{}, {'keys': ports.COMPOSE_KEYS, 'any_port': True}, dict(ports.SWARM, keys=ports.SERVICE_KEYS),
              dict(ports.SWARM, keys=ports.COMPOSE_KEYS)]
PORT_CORPUS = CORPUS['ports'] + ['tcp', 'udp', 'SCTP', 'ingress', 'host', '127.0.0.1', '::1', '0', '8000-8005']


@pytest.mark.parametrize('rules', PORT_RULES)
@given(entry=st.one_of(anything(CORPUS['ports']), entries(set(ports.COMPOSE_KEYS) | set(ports.SERVICE_KEYS.values()),
                                                          PORT_CORPUS)))
@example(entry={'target_port': '\u0668\u0660'})  # int() read Arabic-Indic digits as port 80
@example(entry={'target_port': True})  # int(True): port 1
def test_published_ports_raise_only_spec_error_and_round_trip(rules, entry):
    found = outcome(ports.published_ports, 'published_ports', entry, **rules)
    for port in found or []:
        assert 1 <= port['target'] <= 65535 and port['protocol'] in ports.PROTOCOLS
        assert port['mode'] in ports.PUBLISH_MODES
        if rules.get('keys'):
            names = rules['keys']
            long_form = dict((names[key], port[key]) for key in ('target', 'published', 'protocol', 'mode', 'host_ip')
                             if key in names and port[key] != '')
            assert ports.published_ports('published_ports', long_form, **rules) == [port]
        else:
            address = '[%s]' % port['host_ip'] if ':' in port['host_ip'] else port['host_ip']
            short = ':'.join(part for part in (address, port['published'], str(port['target'])) if part or address)
            assert ports.published_ports('published_ports', short + '/' + port['protocol'], **rules) == [port]


@given(entry=st.one_of(anything(PORT_CORPUS), entries(set(ports.SERVICE_KEYS.values()), PORT_CORPUS)))
def test_service_ports_raise_only_spec_error_and_round_trip(entry):
    configs = outcome(ports.parse_published_port, 'published_ports', entry)
    for config in configs or []:
        again = {'target_port': config['TargetPort'], 'published_port': config['PublishedPort'],
                 'protocol': config['Protocol'], 'mode': config['PublishMode']}
        assert ports.parse_published_port('published_ports', again) == [config]


@given(anything(CORPUS['cpus']))
@example(1e300)
@example('nan')
@example(2.2250738585072014e-308)  # positive, but 0 NanoCpus: no limit at all
@example('0.0000000004')
def test_cpus_raise_only_spec_error_and_round_trip(value):
    nano_cpus = outcome(resources.cpus, 'cpus', value)
    if nano_cpus is not None:
        assert 0 < nano_cpus < 1 << 63
        assert resources.cpus('cpus', '%d.%09d' % divmod(nano_cpus, 10 ** 9)) == nano_cpus


LIST_PARSERS = [
    (resources.capabilities, 'capabilities', ['net_admin', 'CAP_SYS_TIME', 'ALL', 'chown']),
    (resources.devices, 'devices', CORPUS['devices']),
    (resources.tmpfs, 'tmpfs', CORPUS['tmpfs']),
    (resources.ulimits, 'ulimits', CORPUS['ulimits']),
    (resources.strings, 'dns_servers', ['8.8.8.8', '1.1.1.1']),
]


@pytest.mark.parametrize('parser, option, corpus', LIST_PARSERS)
@given(data=st.data())
def test_resource_lists_raise_only_spec_error(parser, option, corpus, data):
    value = data.draw(st.one_of(st.lists(texts(corpus), max_size=4), NESTED))
    parsed = outcome(parser, option, value)
    if parsed is not None:
        assert parser(option, _resource_entries(option, parsed)) == parsed


def _resource_entries(option, parsed):
    if option == 'devices':
        return [':'.join((item['PathOnHost'], item['PathInContainer'], item['CgroupPermissions'])) for item in parsed]
    if option == 'tmpfs':
        return ['%s:%s' % item for item in parsed.items()]
    if option == 'ulimits':
        return ['%s=%d:%d' % (item['Name'], item['Soft'], item['Hard']) for item in parsed]
    return parsed


@given(anything(CORPUS['sizes'] + ['-1']))
def test_swap_sizes_raise_only_spec_error_and_round_trip(value):
    size = outcome(resources.swap_size, 'memory_swap', value)
    if size is not None:
        assert resources.swap_size('memory_swap', str(size)) == size


@given(st.one_of(NESTED, st.dictionaries(st.text(max_size=8), texts(CORPUS['addresses']), max_size=3)))
def test_extra_hosts_raise_only_spec_error_and_round_trip(value):
    hosts = outcome(resources.extra_hosts, 'etc_hosts', value)
    if hosts is not None:
        assert resources.extra_hosts('etc_hosts', dict(item.split(':', 1) for item in hosts)) == hosts


@pytest.mark.parametrize('rate_parser', [resources.iops, parse_size])
@given(value=st.one_of(NESTED, st.lists(entries(('path', 'rate'), ['/dev/sda', '10m', '100']), max_size=3)))
def test_block_io_throttles_raise_only_spec_error_and_round_trip(rate_parser, value):
    parse = resources.throttle(rate_parser)
    rates = outcome(parse, 'device_read_bps', value)
    if rates is not None:
        assert all(0 <= item['Rate'] < 1 << 63 or item['Rate'] == -1 for item in rates)
        assert parse('device_read_bps', [{'path': item['Path'], 'rate': str(item['Rate'])} for item in rates]) == rates


REQUEST_CORPUS = ['nvidia', '1', '-1', 'GPU-0', 'gpu', 'compute']


@given(st.one_of(NESTED, st.lists(entries(resources.DEVICE_REQUEST_KEYS, REQUEST_CORPUS), max_size=2)))
@example([{'count': 'two'}])
@example([{'options': [1]}])
@example([{'device_ids': ['0']}])  # Count 0 beside DeviceIDs (as inspect shows it) read as "both"
@example([{'device_ids': [None]}])
def test_device_requests_raise_only_spec_error_and_round_trip(value):
    requests = outcome(resources.device_requests, 'device_requests', value)
    if requests is not None:
        assert resources.device_requests('device_requests', [_request_entry(item) for item in requests]) == requests


def _request_entry(request):
    return {'driver': request['Driver'], 'count': request['Count'], 'device_ids': request['DeviceIDs'],
            'capabilities': request['Capabilities'], 'options': request['Options']}


@given(anything(CORPUS['gpus']))
def test_gpus_raise_only_spec_error(value):
    request = outcome(resources.gpus, 'gpus', value)
    if request is not None:
        assert -1 <= request['Count'] < 1 << 63


@given(anything(CORPUS['times']))
@example('\u0661\u0667\u0660\u0660')  # other scripts' digits are no Unix time the Engine reads
@example('0001-01-01T00:00:00')
def test_times_raise_only_spec_error_and_round_trip(value):
    moment = outcome(parse_time, 'since', value, NOW)
    if moment is not None:
        assert moment.isascii() and float(moment) == float(moment)
        assert parse_time('since', moment, NOW) == moment
