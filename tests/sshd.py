"""A real sshd on 127.0.0.1 for root with keys of its own, for the tests (tests/integration/ssh_server.py)
and the remote benchmark (bench/remote.py): this machine reached as a managed host over SSH."""

import os
import shutil
import socket
import subprocess
import time

SSHD = '/usr/sbin/sshd'


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def keygen(path):
    subprocess.run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-f', str(path)], check=True)


def start_sshd(folder):
    """Start an sshd whose files live in folder (a pathlib.Path); ({docker_host, port, key, env}, process).
    env puts an `ssh` on PATH that uses this sshd's client config (the SDK's ssh:// transport runs it)."""
    keygen(folder / 'host_key')
    keygen(folder / 'client_key')
    shutil.copy(str(folder / 'client_key.pub'), str(folder / 'authorized_keys'))
    port = free_port()
    (folder / 'sshd_config').write_text('\n'.join([
        'ListenAddress 127.0.0.1', 'Port %d' % port, 'HostKey %s' % (folder / 'host_key'),
        'AuthorizedKeysFile %s' % (folder / 'authorized_keys'), 'PermitRootLogin prohibit-password',
        'PasswordAuthentication no', 'StrictModes no', 'UsePAM no', 'PidFile %s' % (folder / 'sshd.pid'),
        'AcceptEnv DOCKER_HOST', 'MaxSessions 100', 'MaxStartups 100', '']))
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
    return ({'docker_host': 'ssh://root@127.0.0.1:%d' % port, 'port': port, 'key': str(folder / 'client_key'),
             'env': {'PATH': str(bin_dir) + os.pathsep + os.environ['PATH']}}, daemon)


def stop_sshd(daemon):
    daemon.terminate()
    daemon.wait(timeout=10)
