"""The registry role: a locally built registry, and a pull-through mirror of it behind htpasswd auth;
closed by default (loopback only, no deletes), refusing an open registry on a network address."""

import base64
import os
import urllib.error
import urllib.request

import pytest

from conftest import docker_cli, docker_inspect
from scratch_daemon import run_playbook

MANIFEST_TYPES = ('application/vnd.docker.distribution.manifest.v2+json, '
                  'application/vnd.docker.distribution.manifest.list.v2+json')


def _status(url, user=None, password=None, method='GET'):
    request = urllib.request.Request(url, headers={'Accept': MANIFEST_TYPES}, method=method)
    if user:
        token = base64.b64encode(('%s:%s' % (user, password)).encode()).decode()
        request.add_header('Authorization', 'Basic ' + token)
    try:
        return urllib.request.urlopen(request, timeout=10).status
    except urllib.error.HTTPError as error:
        return error.code


def _registry_vars(tmp_path, prefix, debian, role, port, **extra):
    settings = dict(registry_name='%s-%s' % (prefix, role), registry_image='%s-registry:local' % prefix,
                    registry_build='host_binary', registry_build_base_image=debian,
                    registry_bind_address='127.0.0.1', registry_port=port,
                    registry_config_dir=str(tmp_path / role))
    settings.update(extra)
    return settings


def _recording_htpasswd(tmp_path):
    """An htpasswd first in PATH that appends its argv to a log, then runs the real one."""
    folder = tmp_path / 'bin'
    folder.mkdir()
    log = tmp_path / 'htpasswd-argv.log'
    script = folder / 'htpasswd'
    script.write_text('#!/bin/sh\nprintf "%%s\\n" "$*" >>%s\nexec /usr/bin/htpasswd "$@"\n' % log)
    script.chmod(0o755)
    return {'PATH': '%s:%s' % (folder, os.environ['PATH'])}, log


@pytest.mark.needs('daemon-on-managed-host')
def test_registry_role_runs_a_pull_through_mirror_with_auth(tmp_path, prefix, debian, busybox):
    """Upstream registry A (built locally, no auth); mirror B proxies A behind htpasswd auth."""
    tasks = [{'ansible.builtin.include_role': {'name': 'dockyard.docker.registry'}}]
    rc, output = run_playbook(tmp_path, tasks, _registry_vars(tmp_path, prefix, debian, 'upstream', 5012))
    assert rc == 0, output
    name = '%s-cached' % prefix
    docker_cli('tag', busybox, '127.0.0.1:5012/library/%s:latest' % name)
    docker_cli('push', '127.0.0.1:5012/library/%s:latest' % name)
    upstream_ip = docker_cli('inspect', '-f', '{{.NetworkSettings.IPAddress}}', '%s-upstream' % prefix)

    mirror_vars = _registry_vars(tmp_path, prefix, debian, 'mirror', 5014,
                                 registry_proxy_remote_url='http://%s:5000' % upstream_ip,
                                 registry_htpasswd_users=[{'name': 'dockyard', 'password': 'mirror-secret-pw'}])
    env, argv_log = _recording_htpasswd(tmp_path)
    rc, output = run_playbook(tmp_path, tasks, mirror_vars, env=env)
    assert rc == 0, output
    assert 'mirror-secret-pw' not in output
    # The password reaches htpasswd on stdin: argv is readable by every user of the host (ps).
    assert 'dockyard' in argv_log.read_text()
    assert 'mirror-secret-pw' not in argv_log.read_text()
    manifest = 'http://127.0.0.1:5014/v2/library/%s/manifests/latest' % name
    assert _status(manifest) == 401
    assert _status(manifest, 'dockyard', 'mirror-secret-pw') == 200  # fetched from A through the cache

    rc, output = run_playbook(tmp_path, tasks, mirror_vars, env=env)
    assert rc == 0 and 'changed=0' in output, output
    assert 'mirror-secret-pw' not in argv_log.read_text()


@pytest.mark.needs('daemon-on-managed-host')
def test_registry_role_defaults_to_loopback_and_refuses_deletes(tmp_path, prefix, debian, busybox):
    settings = _registry_vars(tmp_path, prefix, debian, 'closed', 5016)
    del settings['registry_bind_address']
    tasks = [{'ansible.builtin.include_role': {'name': 'dockyard.docker.registry'}}]
    rc, output = run_playbook(tmp_path, tasks, settings)
    assert rc == 0, output
    bindings = docker_inspect('container', '%s-closed' % prefix)['HostConfig']['PortBindings']['5000/tcp']
    assert [binding['HostIp'] for binding in bindings] == ['127.0.0.1']

    name = '127.0.0.1:5016/library/%s-kept' % prefix
    docker_cli('tag', busybox, name + ':latest')
    docker_cli('push', name + ':latest')
    digest = docker_cli('inspect', '-f', '{{index .RepoDigests 0}}', name + ':latest').split('@')[1]
    manifest = 'http://127.0.0.1:5016/v2/library/%s-kept/manifests/%s' % (prefix, digest)
    assert _status(manifest, method='DELETE') == 405  # storage.delete.enabled: false
    assert _status(manifest) == 200


@pytest.mark.needs('daemon-on-managed-host')
@pytest.mark.parametrize('extra', [
    {},
    {'registry_htpasswd_users': [{'name': 'dockyard', 'password': 'open-secret-pw'}]},
], ids=['no-auth-no-tls', 'auth-without-tls'])
def test_registry_role_refuses_an_open_registry_on_a_network_address(tmp_path, prefix, debian, extra):
    settings = _registry_vars(tmp_path, prefix, debian, 'open', 5013, registry_bind_address='0.0.0.0', **extra)
    tasks = [{'ansible.builtin.include_role': {'name': 'dockyard.docker.registry'}}]
    rc, output = run_playbook(tmp_path, tasks, settings)

    assert rc != 0, output
    message = [line for line in output.splitlines() if '"msg"' in line][-1]
    assert "registry_bind_address: '0.0.0.0'" in message, message
    assert 'registry_insecure' in message, message
    assert 'open-secret-pw' not in output
    # Refused before anything changed on the host.
    assert not (tmp_path / 'open').exists()
    assert docker_inspect('container', '%s-open' % prefix) is None
