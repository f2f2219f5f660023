"""Helpers of the engine-role supervision tests (test_engine_supervision*.py).

The engine role never leaves Docker down: `auto` restarts dockerd the way the running one is
supervised, and when nothing brings it back with either configuration it starts dockerd as it
ran before the task.

Against a scratch dockerd on this machine (the shared one is never restarted), so only with the
host engine ('controller-dockerd'). Two supervisors are tried: a plain process, and Debian's
docker.io init script (a copy pointed at the scratch daemon's files). The systemd path cannot be
tried: PID 1 here is not systemd, and no container on this machine can run it.
"""

import os
import shlex
import subprocess

import pytest

from scratch_daemon import scratch_daemon  # noqa: F401  pylint: disable=unused-import


DEBIAN_INIT_SCRIPT = '/etc/init.d/docker'
CONFIGURE = [
    {'name': 'Configure dockerd', 'ansible.builtin.include_role': {'name': 'dockyard.docker.engine',
                                                                   'tasks_from': 'configure'}},
    {'name': 'Run the restart handler now', 'ansible.builtin.meta': 'flush_handlers'},
]
# docker.io's script raises `ulimit -n` / `-p`, which needs CAP_SYS_RESOURCE; no process here has it
# (ENVIRONMENT.md). Kept, the script fails to start dockerd exactly as it does on this machine.
ULIMIT_LINES = ('\t\tulimit -n 1048576\n', '\t\t\tulimit -u unlimited\n', '\t\t\tulimit -p unlimited\n')


def init_script(daemon, startable):
    """A copy of Debian's init script for the scratch daemon; startable=False keeps its ulimit calls."""
    assert os.path.exists(DEBIAN_INIT_SCRIPT), 'docker.io is installed by tests/harness/setup.sh'
    with open(DEBIAN_INIT_SCRIPT) as handle:
        text = handle.read()
    options = shlex.split(daemon.command)[1:]
    at = options.index('--pidfile')
    del options[at:at + 2]  # the script passes -p DOCKER_PIDFILE itself
    replacements = {
        'DOCKER_PIDFILE=/var/run/$BASE.pid': 'DOCKER_PIDFILE=%s' % daemon.pidfile,
        'DOCKER_SSD_PIDFILE=/var/run/$BASE-ssd.pid': 'DOCKER_SSD_PIDFILE=%s' % ssd_pidfile(daemon),
        'DOCKER_LOGFILE=/var/log/$BASE.log': 'DOCKER_LOGFILE=%s' % daemon.log,
        'DOCKER_OPTS=\n': 'DOCKER_OPTS=%s\n' % shlex.quote(' '.join(options)),
        'if [ -f /etc/default/$BASE ]; then': 'if false; then',
    }
    if startable:
        replacements.update({line: '\t\t:\n' for line in ULIMIT_LINES})
    for old, new in replacements.items():
        assert old in text, 'Debian init script changed: %r' % old
        text = text.replace(old, new)
    path = os.path.join(daemon.folder, 'init-docker-%s' % ('ok' if startable else 'ulimit'))
    with open(path, 'w') as handle:
        handle.write(text)
    os.chmod(path, 0o755)
    return path


def ssd_pidfile(daemon):
    return os.path.join(daemon.folder, 'docker-ssd.pid')


def daemon_pid(daemon):
    with open(daemon.pidfile) as handle:
        return handle.read().strip()


def cmdline(pid):
    with open('/proc/%s/cmdline' % pid, 'rb') as handle:
        return handle.read().split(b'\0')


def role_vars(daemon, script, method='auto', **extra):
    settings = dict(daemon.role_vars(), engine_restart_method=method, engine_init_script=script,
                    engine_init_script_pidfile=ssd_pidfile(daemon))
    settings.update(extra)
    return settings


@pytest.fixture
def as_process(scratch_daemon):  # noqa: F811
    """The scratch daemon running as a plain process (how scratch_dockerd.sh starts it)."""
    _restart_with(scratch_daemon, None)
    return scratch_daemon


@pytest.fixture
def by_init_script(scratch_daemon):  # noqa: F811
    """The scratch daemon started by the startable init script copy."""
    script = init_script(scratch_daemon, startable=True)
    _restart_with(scratch_daemon, script)
    yield scratch_daemon, script
    _restart_with(scratch_daemon, None)


def _restart_with(daemon, script):
    subprocess.run([script, 'stop'] if script else ['true'], check=False, capture_output=True)
    daemon.stop()
    if script is None:
        daemon.start()
    else:
        proc = subprocess.run([script, 'start'], capture_output=True, check=False, timeout=60)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        for _attempt in range(150):
            if daemon.running():
                break
            subprocess.run(['sleep', '0.2'], check=True)
    assert daemon.running()
