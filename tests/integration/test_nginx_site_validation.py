"""The nginx_site role checks its ports with the container module's own parser (the port_bindings filter),
before it touches anything."""

import pytest

from conftest import docker_inspect
from scratch_daemon import run_playbook

FILTER_CHECKS = {'name': 'The filter gives the bindings', 'ansible.builtin.assert': {'that': [
    "('127.0.0.1:8000-8001:80-81' | dockyard.docker.port_bindings) == ["
    "{'container_port': '80/tcp', 'host_ip': '127.0.0.1', 'host_port': '8000'},"
    "{'container_port': '81/tcp', 'host_ip': '127.0.0.1', 'host_port': '8001'}]",
    "('[::1]::53/udp' | dockyard.docker.port_bindings)[0].host_ip == '::1'"]}}


@pytest.mark.parametrize('port, message', [
    ('8080:81', 'nginx_site_ports=8080:81: not a binding of container port 80/tcp'),
    ('host.example:8080:80', "nginx_site_ports: invalid value 'host.example:8080:80'; the host address must be an IP"),
], ids=['not-port-80', 'parser-refuses'])
def test_a_port_the_module_would_refuse_stops_the_role_first(tmp_path, name, port, message):
    tasks = [FILTER_CHECKS, {'name': 'Site', 'ansible.builtin.include_role': {'name': 'dockyard.docker.nginx_site'},
                             'vars': {'nginx_site_name': name, 'nginx_site_ports': ['127.0.0.1::80', port]}}]
    rc, output = run_playbook(tmp_path, tasks)
    assert rc != 0 and message in output, output
    assert 'The filter gives the bindings' in output and 'Assertion failed' not in output, output
    assert docker_inspect('container', name) is None
