"""Pure parsers: ports, volumes, sizes, addresses, policies (example tables + hypothesis)."""

import ipaddress

import pytest
from hypothesis import given, strategies as st

from ansible_collections.dockyard.docker.plugins.module_utils.specs.addresses import (
    parse_cidr, parse_interface_cidr, parse_ip, subnet_contains)
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.specs.policies import (
    duration_ns, labels, link, option_names, restart_policy)
from ansible_collections.dockyard.docker.plugins.module_utils.specs.ports import (
    COMPOSE_KEYS, PORT_FORMS, SERVICE_KEYS, SWARM, normalize_port_key, parse_port_spec, parse_published_port, port_bindings,
    published_ports, swarm_port)
from ansible_collections.dockyard.docker.plugins.module_utils.specs.sizes import parse_size
from ansible_collections.dockyard.docker.plugins.module_utils.specs.volumes import (
    parse_volume_spec, parse_volume_specs)


@pytest.mark.parametrize('spec, expected', [
    ('80', [('80/tcp', '', '')]),
    (80, [('80/tcp', '', '')]),
    ('8080:80', [('80/tcp', '', '8080')]),
    ('0.0.0.0::80', [('80/tcp', '0.0.0.0', '')]),
    ('0.0.0.0:8080:80', [('80/tcp', '0.0.0.0', '8080')]),
    ('0.0.0.0:80', [('80/tcp', '0.0.0.0', '')]),
    ('127.0.0.1:53:53/udp', [('53/udp', '127.0.0.1', '53')]),
    ('8000-8002:80-82', [('80/tcp', '', '8000'), ('81/tcp', '', '8001'), ('82/tcp', '', '8002')]),
    ('8000-8005:80', [('80/tcp', '', '8000-8005')]),
    ('80-81', [('80/tcp', '', ''), ('81/tcp', '', '')]),
    ('[::1]:8080:80', [('80/tcp', '::1', '8080')]),
    ('[::1]::80', [('80/tcp', '::1', '')]),
    ('9000/SCTP', [('9000/sctp', '', '')]),
])
def test_port_forms(spec, expected):
    assert parse_port_spec('published_ports', spec) == expected


@pytest.mark.parametrize('spec', [
    '', 'abc', '0:80', '70000', '80/icmp', '1.2.3.4:5:6:7', '8000-8002:80-81', '82-80',
    'host.example:80:80', '[::1:80', '[notip]:80:80', '300.1.1.1:80:80',
])
def test_port_errors_name_option_and_value(spec):
    with pytest.raises(SpecError) as error:
        parse_port_spec('published_ports', spec)
    message = str(error.value)
    assert message.startswith('published_ports: invalid value %r' % spec)
    assert '\n' not in message


def test_port_bindings_merge_and_dedupe():
    assert port_bindings('p', ['8080:80', '8080:80', '127.0.0.1:8081:80']) == {
        '80/tcp': [{'HostIp': '', 'HostPort': '8080'}, {'HostIp': '127.0.0.1', 'HostPort': '8081'}]}


@given(host=st.integers(1, 65535), container=st.integers(1, 65535),
       proto=st.sampled_from(['tcp', 'udp', 'sctp']),
       ip=st.sampled_from(['', '0.0.0.0', '127.0.0.1', '[::1]']))
def test_port_round_trip(host, container, proto, ip):
    text = '%d:%d/%s' % (host, container, proto)
    if ip:
        text = '%s:%s' % (ip, text)
    ((key, host_ip, host_port),) = parse_port_spec('p', text)
    assert key == '%d/%s' % (container, proto)
    assert host_port == str(host)
    assert host_ip == ip.strip('[]')


@given(st.text(max_size=20))
def test_port_parser_never_crashes(text):
    try:
        result = parse_port_spec('p', text)
    except SpecError:
        return
    for key, _ip, _port in result:
        number, proto = key.split('/')
        assert 1 <= int(number) <= 65535 and proto in ('tcp', 'udp', 'sctp')


def test_exposed_port_keys():
    assert normalize_port_key('exposed_ports', '53/udp') == ['53/udp']
    assert normalize_port_key('exposed_ports', '80-81') == ['80/tcp', '81/tcp']


@pytest.mark.parametrize('spec, kind, source, target, mode', [
    ('data:/data', 'volume', 'data', '/data', ''),
    ('data:/data:ro', 'volume', 'data', '/data', 'ro'),
    ('/srv/www:/usr/share/nginx/html:ro,z', 'bind', '/srv/www', '/usr/share/nginx/html', 'ro,z'),
    ('/data', 'anonymous', None, '/data', ''),
    ('/data/', 'anonymous', None, '/data', ''),
])
def test_volume_forms(spec, kind, source, target, mode):
    volume = parse_volume_spec('volumes', spec)
    assert (volume.kind, volume.source, volume.target, volume.mode) == (kind, source, target, mode)


def test_volume_home_expands():
    volume = parse_volume_spec('volumes', '~/container_data:/data')
    assert volume.kind == 'bind' and volume.source.startswith('/')


@pytest.mark.parametrize('spec', ['data', 'data:rel/path', 'a:/b:xx', './x:/y', 'a:/b:ro,rw', 'a:/b:c:d', '-bad:/x'])
def test_volume_errors(spec):
    with pytest.raises(SpecError) as error:
        parse_volume_spec('volumes', spec)
    assert str(error.value).startswith('volumes: invalid value')


def test_volume_duplicate_target():
    with pytest.raises(SpecError):
        parse_volume_specs('volumes', ['a:/data', '/data'])


@given(name=st.from_regex(r'[a-z0-9][a-z0-9_.-]{0,20}', fullmatch=True),
       target=st.from_regex(r'/[a-z]{1,8}(/[a-z]{1,8}){0,2}', fullmatch=True),
       mode=st.sampled_from(['', 'ro', 'rw', 'ro,z', 'nocopy']))
def test_volume_bind_round_trip(name, target, mode):
    text = '%s:%s' % (name, target) + (':' + mode if mode else '')
    assert parse_volume_spec('v', text).bind() == text


@pytest.mark.parametrize('value, expected', [
    ('512m', 512 << 20), ('1g', 1 << 30), ('1G', 1 << 30), ('100k', 100 << 10), ('2048', 2048),
    (4096, 4096), ('1.5g', int(1.5 * (1 << 30))), ('64MB', 64 << 20), ('64MiB', 64 << 20), ('10b', 10),
])
def test_sizes(value, expected):
    assert parse_size('memory', value) == expected


@pytest.mark.parametrize('value', ['', 'lots', '-1', '1x', True, -5, '1.2.3m'])
def test_size_errors(value):
    with pytest.raises(SpecError) as error:
        parse_size('memory', value)
    assert 'memory: invalid value' in str(error.value)


@given(number=st.integers(0, 1 << 20), unit=st.sampled_from(['', 'b', 'k', 'm', 'g']))
def test_size_units_scale(number, unit):
    factor = {'': 1, 'b': 1, 'k': 1 << 10, 'm': 1 << 20, 'g': 1 << 30}[unit]
    assert parse_size('memory', '%d%s' % (number, unit)) == number * factor


def test_addresses():
    assert parse_ip('ip', '10.0.0.1') == '10.0.0.1'
    assert parse_cidr('subnet', '172.20.0.0/16') == '172.20.0.0/16'
    assert parse_interface_cidr('bip', '172.20.0.1/16') == '172.20.0.1/16'
    assert subnet_contains('172.20.0.0/16', '172.20.5.0/24')
    assert subnet_contains('172.20.0.0/16', '172.20.0.9')
    assert not subnet_contains('172.20.0.0/16', '10.0.0.0/24')
    for bad in ('172.20.0.1/16', 'x/16', '1.2.3.4/33', '172.20.0.0', 'fdd1:ac8c:0557:7ce1::'):
        with pytest.raises(SpecError):
            parse_cidr('subnet', bad)
    with pytest.raises(SpecError):
        parse_interface_cidr('bip', '172.20.0.1')


@given(a=st.integers(0, 255), b=st.integers(0, 255), prefix=st.integers(8, 30))
def test_cidr_contains_itself_and_its_first_host(a, b, prefix):
    network = ipaddress.ip_network('10.%d.%d.0/%d' % (a, b, prefix), strict=False)
    subnet = parse_cidr('subnet', str(network))
    assert subnet_contains(subnet, subnet)
    assert subnet_contains(subnet, str(next(network.hosts())))


def test_restart_policy():
    assert restart_policy('on-failure', 3) == {'Name': 'on-failure', 'MaximumRetryCount': 3}
    assert restart_policy('no', None) == {'Name': '', 'MaximumRetryCount': 0}
    assert restart_policy(None, None) is None
    for policy, retries in (('sometimes', None), ('always', 3), (None, 2), ('on-failure', -1)):
        with pytest.raises(SpecError):
            restart_policy(policy, retries)


def test_labels_and_links_and_durations():
    assert labels('labels', {'a': 1, 'b': True, 'c': None}) == {'a': '1', 'b': 'true', 'c': ''}
    assert labels('labels', {'this is a label': 'x'}) == {'this is a label': 'x'}
    for bad in ({'': 'x'}, {1: 'x'}):
        with pytest.raises(SpecError):
            labels('labels', bad)
    assert option_names('sysctls', {'net.core.somaxconn': 1024}) == {'net.core.somaxconn': '1024'}
    with pytest.raises(SpecError):
        option_names('sysctls', {'net.core somaxconn': '1'})
    assert link('links', 'db:database') == ('db', 'database')
    assert link('links', 'db') == ('db', 'db')
    assert duration_ns('interval', '1m30s') == 90 * 10 ** 9
    assert duration_ns('interval', 2) == 2 * 10 ** 9
    with pytest.raises(SpecError):
        duration_ns('interval', '10 parsecs')


def _port(target, published='', host_ip='', protocol='tcp', mode='ingress'):
    return dict(target=target, published=published, host_ip=host_ip, protocol=protocol, mode=mode)


@pytest.mark.parametrize('entry, options, expected', [
    # keys: the long form, under each caller's names; None takes strings only (the container module)
    ({'target': 80, 'published': 8080, 'host_ip': '127.0.0.1'}, {'keys': COMPOSE_KEYS},
     [_port(80, '8080', '127.0.0.1')]),
    ({'target_port': 80, 'published_port': 8080, 'mode': 'host'}, {'keys': SERVICE_KEYS}, [_port(80, '8080', mode='host')]),
    ({'target': 80}, {}, "p: invalid value {'target': 80}; accepted forms are"),
    ({'target_port': 80}, {'keys': COMPOSE_KEYS}, 'p.target_port: invalid value 80; not supported'),
    # host_ip: a swarm publishes on every address of its nodes
    ('127.0.0.1:8080:80', {}, [_port(80, '8080', '127.0.0.1')]),
    ('127.0.0.1:8080:80', {'host_ip': False}, "p: invalid value '127.0.0.1:8080:80'; a swarm publishes on every address"),
    ({'target': 80, 'host_ip': '::1'}, {'keys': COMPOSE_KEYS, 'host_ip': False}, "p.host_ip: invalid value '::1'; a swarm"),
    # host_range: docker picks a free port of the range; a swarm publishes one (one-to-one ranges are single ports)
    ('8000-8005:80', {}, [_port(80, '8000-8005')]),
    ('8000-8005:80', {'host_range': False}, "p: invalid value '8000-8005:80'; give one port; a swarm publishes no ranges"),
    ('8000-8001:80-81/udp', {'host_range': False}, [_port(80, '8000', protocol='udp'), _port(81, '8001', protocol='udp')]),
    ({'target': 80, 'published': '8000-8005'}, {'keys': COMPOSE_KEYS, 'host_range': False},
     "p.published: invalid value '8000-8005'; give one port"),
    # any_port: published 0 is any free port for a swarm; docker run refuses it
    ('0:80', {}, "p: invalid value '0:80'; ports must be 1-65535"),
    ('0:80', {'any_port': True}, [_port(80, '0')]),
    ({'target': 80, 'published': 0}, {'keys': COMPOSE_KEYS}, "p.published: invalid value '0'; ports must be 1-65535"),
    ({'target': 80, 'published': 0}, {'keys': COMPOSE_KEYS, 'any_port': True}, [_port(80, '0')]),
    ('0-5:80', {'any_port': True}, "p: invalid value '0-5:80'; ports must be 0-65535"),
    # accepted: the forms an error names
    ('http', {'accepted': PORT_FORMS}, "p: invalid value 'http'; give PUBLISHED:TARGET"),
    ({'target': 70000}, {'keys': COMPOSE_KEYS}, 'p.target: invalid value 70000; give a port number, 1-65535'),
    ({'target': True}, {'keys': COMPOSE_KEYS}, 'p.target: invalid value True; give a port number'),
])
def test_one_published_ports_parser_with_each_callers_limits(entry, options, expected):
    if isinstance(expected, str):
        with pytest.raises(SpecError) as caught:
            published_ports('p', entry, **options)
        assert str(caught.value).startswith(expected), str(caught.value)
    else:
        assert published_ports('p', entry, **options) == expected


@pytest.mark.parametrize('entry', ['8080:80', '53/udp', '0:80', {'target_port': 80, 'published_port': 8080, 'mode': 'host'},
                                   '8000-8001:80-81'])
def test_the_service_publishes_what_the_swarm_takes(entry):
    ports = parse_published_port('published_ports', entry)
    assert ports == [swarm_port(port) for port in published_ports('published_ports', entry, keys=SERVICE_KEYS, **SWARM)]
    assert all(set(port) == {'TargetPort', 'PublishedPort', 'Protocol', 'PublishMode'} for port in ports)
