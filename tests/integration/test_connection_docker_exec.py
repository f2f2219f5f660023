"""The dockyard.docker.docker_exec connection plugin against real containers of the test dockerd."""

import hashlib
import json
import os
import shutil
import subprocess
import sys

import pytest

from collection_path import COLLECTIONS_ROOT
from conftest import docker_cli, remove_containers

pytestmark = pytest.mark.needs('full-suite')

ANSIBLE_BIN = os.path.join(os.path.dirname(sys.executable), 'ansible')
# Bytes that a text-mode transfer would mangle: NUL, CR, high bytes, no final newline.
PAYLOAD = bytes(range(256)) * 64 + b'\r\nend'


@pytest.fixture(autouse=True, params=['api', 'cli'])
def transport(request, monkeypatch):
    """Every test runs over both transports: the Engine API (the default) and the docker CLI."""
    monkeypatch.setenv('ANSIBLE_DOCKER_EXEC_TRANSPORT', request.param)
    return request.param


@pytest.fixture(scope='module')
def debian_host(prefix, debian):
    name = '%s-dx-debian' % prefix
    docker_cli('run', '-d', '--name', name, '--tmpfs', '/mnt/tmpfs', debian, 'sleep', '600')
    yield name
    remove_containers(name)


def ansible(tmp_path, host, module, args='', *options, env=None):
    """Run one ad-hoc task over the plugin; (rc, the task's result, or the output when there is none)."""
    inventory, tree = tmp_path / 'inventory.json', tmp_path / 'tree'
    shutil.rmtree(tree, ignore_errors=True)
    inventory.write_text(json.dumps({'all': {'hosts': {host: None}, 'vars': {
        'ansible_connection': 'dockyard.docker.docker_exec',
        'ansible_python_interpreter': '/usr/bin/python3'}}}))
    env = dict(env or os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS_ROOT, ANSIBLE_NOCOLOR='1')
    command = [ANSIBLE_BIN, '-i', str(inventory), host, '-t', str(tree), '-m', module, '-a', args] + list(options)
    proc = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, timeout=120,
                          check=False)
    try:
        return proc.returncode, json.loads((tree / host).read_text())
    except (OSError, ValueError):
        return proc.returncode, proc.stdout.decode('utf-8', 'replace')


@pytest.mark.parametrize('pipelining', ['true', 'false'])
def test_module_runs_with_and_without_pipelining(tmp_path, debian_host, pipelining):
    rc, result = ansible(tmp_path, debian_host, 'ansible.builtin.command', 'cat /etc/debian_version',
                         '-e', 'ansible_pipelining=%s' % pipelining)
    assert rc == 0, result
    assert result['stdout'].startswith('12'), result


def test_put_and_fetch_file_keep_every_byte(tmp_path, debian_host, transport):
    source, fetched = tmp_path / 'payload.bin', tmp_path / 'fetched'
    source.write_bytes(PAYLOAD)
    target = '/mnt/tmpfs/payload-%s.bin' % transport  # docker cp cannot write to a tmpfs mount; this plugin can
    rc, result = ansible(tmp_path, debian_host, 'ansible.builtin.copy', 'src=%s dest=%s' % (source, target))
    assert rc == 0 and result['changed'], result
    rc, result = ansible(tmp_path, debian_host, 'ansible.builtin.fetch', 'src=%s dest=%s/ flat=true' % (target, fetched))
    assert rc == 0, result
    assert (fetched / ('payload-%s.bin' % transport)).read_bytes() == PAYLOAD
    rc, result = ansible(tmp_path, debian_host, 'ansible.builtin.copy', 'src=%s dest=%s' % (source, target))
    assert rc == 0 and not result['changed'], result


def test_remote_user_is_the_exec_user(tmp_path, debian_host):
    rc, result = ansible(tmp_path, debian_host, 'ansible.builtin.command', 'id -u',
                         '-e', 'ansible_user=nobody', '-e', 'ansible_pipelining=true')
    assert rc == 0, result
    assert result['stdout'] == '65534'


def test_passwordless_become_strips_the_success_marker(tmp_path, debian_host):
    rc, result = ansible(tmp_path, debian_host, 'ansible.builtin.command', 'whoami',
                         '--become', '--become-method', 'ansible.builtin.su', '-e', 'ansible_pipelining=true')
    assert rc == 0, result
    assert result['stdout'] == 'root'


def test_missing_and_stopped_containers_are_unreachable_with_a_reason(tmp_path, prefix, busybox, transport):
    rc, result = ansible(tmp_path, '%s-dx-missing-%s' % (prefix, transport), 'ansible.builtin.raw', 'true')
    assert rc != 0 and result.get('unreachable'), result
    assert 'no such container' in result['msg'].lower(), result  # the daemon's words (Podman's in lower case)
    stopped = '%s-dx-stopped-%s' % (prefix, transport)
    docker_cli('create', '--name', stopped, busybox, 'true')
    rc, result = ansible(tmp_path, stopped, 'ansible.builtin.raw', 'true')
    assert rc != 0 and result['msg'].endswith('docker_exec: container %r is not running' % stopped), result


def test_raw_without_python(tmp_path, prefix, busybox, transport):
    name = '%s-dx-busybox-%s' % (prefix, transport)
    docker_cli('run', '-d', '--name', name, busybox, 'sleep', '600')
    rc, result = ansible(tmp_path, name, 'ansible.builtin.raw', 'echo out; echo err >&2; exit 3')
    assert rc != 0 and result['rc'] == 3, result
    assert result['stdout'].strip() == 'out' and 'err' in result['stderr'], result


def test_commands_may_outlast_the_connection_timeout_unless_exec_timeout_says_so(tmp_path, prefix, busybox, transport):
    name = '%s-dx-slow-%s' % (prefix, transport)
    docker_cli('run', '-d', '--name', name, busybox, 'sleep', '600')
    rc, result = ansible(tmp_path, name, 'ansible.builtin.raw', 'sleep 4', '-T', '2')
    assert rc == 0, result
    rc, result = ansible(tmp_path, name, 'ansible.builtin.raw', 'sleep 5', '-e', 'ansible_docker_exec_timeout=1')
    assert rc != 0 and result['msg'].endswith('did not finish within 1s (exec_timeout)'), result


def test_api_transport_needs_no_docker_cli(tmp_path, debian_host, transport):
    """A controller with only Python: PATH holds the virtualenv's bin folder and no docker binary."""
    path = os.path.dirname(sys.executable)
    assert shutil.which('docker', path=path) is None
    env = dict(os.environ, PATH=path)
    rc, result = ansible(tmp_path, debian_host, 'ansible.builtin.command', 'cat /etc/debian_version', env=env)
    if transport == 'cli':  # the same environment really has no CLI: the cli transport cannot work in it
        assert rc != 0 and "'docker' is not an executable on PATH" in result['msg'], result
        return
    assert rc == 0 and result['stdout'].startswith('12'), result
    source, fetched = tmp_path / 'payload.bin', tmp_path / 'fetched'
    source.write_bytes(PAYLOAD)
    rc, result = ansible(tmp_path, debian_host, 'ansible.builtin.copy', 'src=%s dest=/tmp/nocli-%s.bin' % (source, transport), env=env)
    assert rc == 0 and result['changed'], result
    rc, result = ansible(tmp_path, debian_host, 'ansible.builtin.fetch', 'src=/tmp/nocli-%s.bin dest=%s/ flat=true' % (transport, fetched),
                         env=env)
    assert rc == 0 and (fetched / ('nocli-%s.bin' % transport)).read_bytes() == PAYLOAD, result


def test_archive_file_transfer_copies_through_the_archive_endpoint(tmp_path, debian_host, transport):
    """The cli transport ignores the setting (it always streams through exec); both must deliver every byte."""
    source, fetched = tmp_path / 'payload.bin', tmp_path / 'fetched'
    source.write_bytes(PAYLOAD)
    archive = ('-e', 'ansible_docker_exec_file_transfer=archive')
    rc, result = ansible(tmp_path, debian_host, 'ansible.builtin.copy', 'src=%s dest=/root/archive-%s.bin' % (source, transport), *archive)
    assert rc == 0 and result['changed'], result
    rc, result = ansible(tmp_path, debian_host, 'ansible.builtin.command', 'sha256sum /root/archive-%s.bin' % transport)
    assert rc == 0 and result['stdout'].split()[0] == hashlib.sha256(PAYLOAD).hexdigest(), result
    rc, result = ansible(tmp_path, debian_host, 'ansible.builtin.fetch', 'src=/root/archive-%s.bin dest=%s/ flat=true' % (transport, fetched),
                         *archive)
    assert rc == 0 and (fetched / ('archive-%s.bin' % transport)).read_bytes() == PAYLOAD, result
