"""Bad input across the modules: one line naming the option and the value, and nothing changed.

Each case runs against the real daemon; the task must fail before it creates anything, so
afterwards no container, network, volume or image with the case's name exists.
"""

import json
import os

import pytest

from conftest import docker_inspect, run_module

NAME = '@NAME@'

# (module, args, option named in the message, offending value shown in the message)
CASES = [
    ('container', {'image': 'busybox', 'published_ports': ['99999']}, 'published_ports', '99999'),
    ('container', {'image': 'busybox', 'published_ports': ['80/icmp']}, 'published_ports', '80/icmp'),
    ('container', {'image': 'busybox', 'published_ports': ['host.example:80:80']}, 'published_ports', 'host.example'),
    ('container', {'image': 'busybox', 'published_ports': ['8000-8002:80-81']}, 'published_ports', '8000-8002:80-81'),
    ('container', {'image': 'busybox', 'volumes': ['relative/path:/data']}, 'volumes', 'relative/path:/data'),
    ('container', {'image': 'busybox', 'volumes': ['data:/d:rx']}, 'volumes', 'data:/d:rx'),
    ('container', {'image': 'busybox', 'volumes': ['data:not-absolute']}, 'volumes', 'data:not-absolute'),
    ('container', {'image': 'busybox', 'volumes': ['a:/data', '/data']}, 'volumes', '/data'),
    ('container', {'image': 'busybox', 'memory': 'lots'}, 'memory', 'lots'),
    ('container', {'image': 'busybox', 'memory': '12x'}, 'memory', '12x'),
    ('container', {'image': 'busybox', 'memory_reservation': '-1'}, 'memory_reservation', '-1'),
    ('container', {'image': 'busybox', 'cpus': -2}, 'cpus', '-2'),
    ('container', {'image': 'busybox', 'restart_policy': 'always', 'restart_retries': 3}, 'restart_retries', '3'),
    ('container', {'image': 'busybox', 'restart_retries': 3}, 'restart_retries', '3'),
    ('container', {'image': 'busybox', 'restart_policy': 'sometimes'}, 'restart_policy', 'sometimes'),
    ('container', {'image': 'busybox', 'labels': {'': 'x'}}, 'labels', "''"),
    ('container', {'image': 'busybox', 'sysctls': {'bad key': 'x'}}, 'sysctls', 'bad key'),
    ('container', {'image': 'busybox', 'env': {'FLAG': True}}, 'env', 'FLAG'),
    ('container', {'image': 'busybox', 'detach': False, 'state': 'stopped'}, 'detach', 'stopped'),
    ('container', {'image': 'busybox', 'networks': [{'name': 'x', 'ipv4_address': '10.0.0.300'}]},
     'networks.ipv4_address', '10.0.0.300'),
    ('container', {'image': 'busybox', 'networks': [{'name': 'x', 'bogus': 1}]}, 'networks', 'bogus'),
    ('container', {'image': 'busybox', 'network_mode': 'host', 'networks': ['x']}, 'networks', 'x'),
    ('container', {'image': 'Not A Valid Image'}, 'image', 'Not A Valid Image'),
    ('container', {'image': 'busybox:bad tag'}, 'image', 'busybox:bad tag'),
    ('container', {'image': 'busybox', 'links': ['a:b:c']}, 'links', 'a:b:c'),
    ('container', {'image': 'busybox', 'healthcheck': {'test': 'true', 'interval': '10 parsecs'}},
     'healthcheck.interval', '10 parsecs'),
    ('container', {'image': 'busybox', 'devices': ['tun']}, 'devices', 'tun'),
    ('container', {'image': 'busybox', 'tmpfs': ['relative']}, 'tmpfs', 'relative'),
    ('container', {'image': 'busybox', 'state': 'sideways'}, 'state', 'sideways'),
    ('container', {'image': 'busybox', 'extra_hosts': {'db': ['10.0.0.1']}, 'command': 'x y "z'},
     'command', 'x y "z'),
    ('containers', {'project': NAME, 'definitions': [{'name': NAME, 'image': 'busybox', 'memory': 'big'}]},
     'memory', 'big'),
    ('containers', {'project': NAME, 'definitions': [{'image': 'busybox'}]}, 'definitions[0]', 'name'),
    ('containers', {'project': NAME, 'parallel': 0, 'definitions': []}, 'parallel', '0'),
    ('network', {'subnet': '172.30.0.1/16'}, 'subnet', '172.30.0.1/16'),
    ('network', {'subnet': 'not-a-cidr'}, 'subnet', 'not-a-cidr'),
    ('network', {'subnet': '172.31.0.0/16', 'gateway': '10.0.0.1'}, 'gateway', '10.0.0.1'),
    ('network', {'subnet': '172.31.0.0/16', 'ip_range': '10.1.0.0/24'}, 'ip_range', '10.1.0.0/24'),
    ('network', {'subnet': '172.31.0.0/16', 'aux_addresses': {'router': 'nope'}}, 'aux_addresses', 'nope'),
    ('network', {'labels': {'': '1'}}, 'labels', "''"),
    ('network', {'options': {'bad key': '1'}}, 'options', 'bad key'),
    ('volume', {'labels': {'': 'empty'}}, 'labels', "''"),
    ('volume', {'state': 'gone'}, 'state', 'gone'),
    ('image', {'source': 'build'}, 'build', 'source=build'),
    ('image', {'source': 'teleport'}, 'source', 'teleport'),
    ('container_logs', {'wait_for': '(unclosed', 'timeout': 1}, 'wait_for', '(unclosed'),
    ('container_exec', {'container': NAME, 'command': 'echo "unterminated'}, 'command', 'unterminated'),
]


def _substitute(value, name):
    if isinstance(value, str):
        return value.replace(NAME, name)
    if isinstance(value, list):
        return [_substitute(item, name) for item in value]
    if isinstance(value, dict):
        return dict((key, _substitute(item, name)) for key, item in value.items())
    return value


def _ids(case):
    return '%s-%s' % (case[0], case[2])


@pytest.mark.parametrize('module, args, option, value', CASES, ids=[_ids(c) for c in CASES])
def test_bad_input_fails_cleanly(module, args, option, value, name, busybox):
    args = _substitute(dict(args), name)
    if args.get('image') == 'busybox':
        args['image'] = busybox
    if module not in ('containers', 'container_exec'):
        args.setdefault('name', name)
    result = run_module(module, expect_fail=True, options=args)
    message = result['msg']
    assert '\n' not in message, message
    assert option in message, message
    assert value in message, message
    assert not result.get('changed'), result
    for kind in ('container', 'network', 'volume'):
        assert docker_inspect(kind, name) is None, '%s %s was left behind' % (kind, name)


def test_there_are_at_least_forty_cases():
    assert len(CASES) >= 40


def test_daemon_config_bad_input_leaves_file_alone(tmp_path):
    path = tmp_path / 'daemon.json'
    original = {'log-level': 'info'}
    path.write_text(json.dumps(original))
    before = path.read_bytes()
    for args, option, value in (
        ({'bridge': 'br0', 'bip': '172.20.0.1/16'}, 'bip', '172.20.0.1/16'),
        ({'bip': '172.20.0.1/16', 'fixed_cidr': '10.0.0.0/24'}, 'fixed_cidr', '10.0.0.0/24'),
        ({'registry_mirrors': ['ftp://mirror']}, 'registry_mirrors', 'ftp://mirror'),
        ({'settings': {'icc': False}, 'icc': True}, 'icc', 'icc'),
    ):
        result = run_module('daemon_config', expect_fail=True, path=str(path), **args)
        assert option in result['msg'] and value in result['msg'], result['msg']
        assert '\n' not in result['msg']
        assert path.read_bytes() == before
    assert not os.path.exists(str(path) + '.tmp')
