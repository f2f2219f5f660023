"""The registry role: a locally built registry, and a pull-through mirror of it behind htpasswd auth."""

import base64
import urllib.error
import urllib.request

import pytest

from conftest import docker_cli
from scratch_daemon import run_playbook

MANIFEST_TYPES = ('application/vnd.docker.distribution.manifest.v2+json, '
                  'application/vnd.docker.distribution.manifest.list.v2+json')


def _status(url, user=None, password=None):
    request = urllib.request.Request(url, headers={'Accept': MANIFEST_TYPES})
    if user:
        token = base64.b64encode(('%s:%s' % (user, password)).encode()).decode()
        request.add_header('Authorization', 'Basic ' + token)
    try:
        return urllib.request.urlopen(request, timeout=10).status
    except urllib.error.HTTPError as error:
        return error.code


def _registry_vars(tmp_path, prefix, debian, role, port, **extra):
    return dict(registry_name='%s-%s' % (prefix, role), registry_image='%s-registry:local' % prefix,
                registry_build='host_binary', registry_build_base_image=debian,
                registry_bind_address='127.0.0.1', registry_port=port,
                registry_config_dir=str(tmp_path / role), **extra)


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
    rc, output = run_playbook(tmp_path, tasks, mirror_vars)
    assert rc == 0, output
    assert 'mirror-secret-pw' not in output
    manifest = 'http://127.0.0.1:5014/v2/library/%s/manifests/latest' % name
    assert _status(manifest) == 401
    assert _status(manifest, 'dockyard', 'mirror-secret-pw') == 200  # fetched from A through the cache

    rc, output = run_playbook(tmp_path, tasks, mirror_vars)
    assert rc == 0 and 'changed=0' in output, output
