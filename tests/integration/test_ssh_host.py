"""docker_host: ssh://USER@HOST:PORT — the Docker SDK's ssh transport (`ssh ... docker system dial-stdio`)
against a real sshd on 127.0.0.1, whose remote docker CLI forwards to the engine under test.
"""

import os
import shutil
import socket
import subprocess
import time

import pytest

from conftest import docker_inspect, run_module

SSHD = '/usr/sbin/sshd'

pytestmark = [pytest.mark.skipif(not os.path.exists(SSHD), reason='needs openssh-server (tests/harness/setup.sh installs it)'),
              pytest.mark.needs('full-suite')]


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def keygen(path):
    subprocess.run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-f', str(path)], check=True)


@pytest.fixture(scope='module')
def ssh_host(tmp_path_factory):
    """An sshd for root with a fresh key, and an `ssh` on PATH that uses this test's client config."""
    folder = tmp_path_factory.mktemp('sshd')
    keygen(folder / 'host_key')
    keygen(folder / 'client_key')
    shutil.copy(str(folder / 'client_key.pub'), str(folder / 'authorized_keys'))
    port = free_port()
    (folder / 'sshd_config').write_text('\n'.join([
        'ListenAddress 127.0.0.1', 'Port %d' % port, 'HostKey %s' % (folder / 'host_key'),
        'AuthorizedKeysFile %s' % (folder / 'authorized_keys'), 'PermitRootLogin prohibit-password',
        'PasswordAuthentication no', 'StrictModes no', 'UsePAM no', 'PidFile %s' % (folder / 'sshd.pid'),
        'AcceptEnv DOCKER_HOST', '']))
    (folder / 'ssh_config').write_text('\n'.join([
        'Host *', '  IdentityFile %s' % (folder / 'client_key'), '  IdentitiesOnly yes', '  BatchMode yes',
        '  StrictHostKeyChecking no', '  UserKnownHostsFile /dev/null', '  LogLevel ERROR',
        # The remote docker CLI talks to the engine under test, as the tests' own docker CLI does.
        '  SetEnv DOCKER_HOST=%s' % os.environ.get('DOCKER_HOST', 'unix:///var/run/docker.sock'), '']))
    bin_dir = folder / 'bin'
    bin_dir.mkdir()
    (bin_dir / 'ssh').write_text('#!/bin/sh\nexec /usr/bin/ssh -F %s "$@"\n' % (folder / 'ssh_config'))
    (bin_dir / 'ssh').chmod(0o755)
    os.makedirs('/run/sshd', exist_ok=True)
    daemon = subprocess.Popen([SSHD, '-D', '-e', '-f', str(folder / 'sshd_config')], stderr=subprocess.DEVNULL)
    for _attempt in range(50):
        with socket.socket() as sock:
            if sock.connect_ex(('127.0.0.1', port)) == 0:
                break
        time.sleep(0.1)
    yield {'docker_host': 'ssh://root@127.0.0.1:%d' % port,
           'env': {'PATH': str(bin_dir) + os.pathsep + os.environ['PATH']}}
    daemon.terminate()
    daemon.wait(timeout=10)


def test_container_converges_over_ssh(ssh_host, name, busybox):
    args = dict(name=name, image=busybox, command=['sleep', '300'], state='started', docker_host=ssh_host['docker_host'])
    assert run_module('container', check=True, env=ssh_host['env'], **args)['changed']
    assert docker_inspect('container', name) is None
    created = run_module('container', env=ssh_host['env'], **args)
    assert created['changed'] and docker_inspect('container', name)['State']['Running']
    assert not run_module('container', env=ssh_host['env'], **args)['changed']


def test_exec_streams_over_ssh(ssh_host, name, busybox):
    run_module('container', env=ssh_host['env'], name=name, image=busybox, command=['sleep', '300'],
               docker_host=ssh_host['docker_host'])
    result = run_module('container_exec', env=ssh_host['env'], container=name, argv=['sh', '-c', 'echo out; echo err >&2'],
                        docker_host=ssh_host['docker_host'])
    assert result['stdout'] == 'out' and result['stderr'] == 'err' and result['rc'] == 0
    # stdin reaches the command and its end is passed on (a half-close is the end of ssh's stdin).
    echoed = run_module('container_exec', env=ssh_host['env'], container=name, argv=['cat'], stdin='over ssh',
                        docker_host=ssh_host['docker_host'])
    assert echoed['stdout'] == 'over ssh' and echoed['rc'] == 0


def test_an_unreachable_ssh_host_is_one_clear_line(ssh_host, name, busybox):
    result = run_module('container', expect_fail=True, env=ssh_host['env'], name=name, image=busybox,
                        docker_host='ssh://root@127.0.0.1:1')
    assert result['msg'].startswith('Cannot connect to the Docker daemon at ssh://root@127.0.0.1:1'), result['msg']
    assert '\n' not in result['msg']
