"""The engine role and a dockerd started as a plain process: `auto` restarts it as a process though an
init script exists, and when the method cannot start dockerd the role starts it again as it ran before.
A pidfile naming a process that is not dockerd (a stale pidfile, its pid reused) is never trusted: that
process is neither stopped nor its command line run as the last resort.

Against a scratch dockerd on this machine, so only with the host engine ('controller-dockerd');
the helpers and fixtures are in engine_supervision.py. The systemd path cannot be tried: PID 1
here is not systemd, and no container on this machine can run it.
"""

import os
import subprocess

import pytest

from engine_supervision import (  # noqa: F401  pylint: disable=unused-import
    CONFIGURE,
    as_process,
    cmdline,
    daemon_pid,
    init_script,
    role_vars,
    ssd_pidfile,
)
from scratch_daemon import run_playbook, scratch_daemon  # noqa: F401  pylint: disable=unused-import

# The init script and the role run on this machine, against a dockerd started here.
pytestmark = pytest.mark.needs('controller-dockerd')


def test_auto_restarts_a_plain_process_as_a_process_though_an_init_script_exists(as_process, tmp_path):
    # The reported bug: an init script that cannot start dockerd was picked for a hand-started one.
    daemon = as_process
    script = init_script(daemon, startable=False)
    settings = role_vars(daemon, script, engine_daemon_config={'live_restore': True})

    rc, output = run_playbook(tmp_path, CONFIGURE, settings)

    assert rc == 0, output
    assert 'Restart dockerd as a plain process' in output, output
    assert 'Restart dockerd through its init script' not in output
    assert daemon.cli('info', '--format', '{{json .LiveRestoreEnabled}}')[1] == 'true'
    assert not os.path.exists(ssd_pidfile(daemon))
    run_playbook(tmp_path, CONFIGURE, dict(settings, engine_daemon_config={'live_restore': False}))


def test_when_the_method_cannot_start_dockerd_it_runs_again_as_before(as_process, tmp_path):
    # Told to use an init script that cannot start dockerd (here: its ulimit), the role restores
    # the file, fails with the script again, and then starts dockerd as it ran before the task.
    daemon = as_process
    before = daemon.read_config()
    command_before = cmdline(daemon_pid(daemon))
    script = init_script(daemon, startable=False)
    settings = role_vars(daemon, script, method='service', engine_daemon_config={'live_restore': True})

    rc, output = run_playbook(tmp_path, CONFIGURE, settings)

    assert rc != 0, output
    message = [line for line in output.splitlines() if '"msg"' in line][-1]
    assert 'dockerd was started again as it ran before the task' in message, message
    assert 'runs with the previous configuration' in message, message
    assert 'dockerd is down' not in output
    assert daemon.running()
    assert daemon.read_config() == before
    assert cmdline(daemon_pid(daemon)) == command_before


@pytest.fixture
def pidfile_names_another_process(as_process):
    """dockerd stopped, its pidfile left naming a live `sleep` (a pid reused after a crash)."""
    daemon = as_process
    daemon.stop()
    argv = ['sleep', '86399.%d' % os.getpid()]  # a command line no other process has
    sleeper = subprocess.Popen(argv)
    with open(daemon.pidfile, 'w') as handle:
        handle.write('%d\n' % sleeper.pid)
    yield daemon, sleeper, argv
    for pid in _pids_running(argv):  # the sleeper, and any copy the role started of it
        os.kill(pid, 9)
    sleeper.wait()
    if os.path.exists(daemon.pidfile) and daemon_pid(daemon) == str(sleeper.pid):
        os.unlink(daemon.pidfile)
    if not daemon.running():
        daemon.start()


def _pids_running(argv):
    wanted = [word.encode() for word in argv] + [b'']
    pids = []
    for entry in os.listdir('/proc'):
        if entry.isdigit():
            try:
                if cmdline(entry) == wanted:
                    pids.append(int(entry))
            except OSError:
                continue
    return sorted(pids)


def test_a_pidfile_naming_another_process_is_neither_stopped_nor_run_as_the_last_resort(
        pidfile_names_another_process, tmp_path):
    # The init script cannot start dockerd, so the role reaches its last resort; before, it took the
    # pidfile's process for dockerd: it killed the sleep, then ran `sleep ...` as dockerd's command line.
    daemon, sleeper, argv = pidfile_names_another_process
    script = init_script(daemon, startable=False)
    settings = role_vars(daemon, script, method='service', engine_daemon_config={'live_restore': True},
                         engine_restart_timeout=5)

    rc, output = run_playbook(tmp_path, CONFIGURE, settings)

    assert rc != 0, output
    assert sleeper.poll() is None, output
    assert _pids_running(argv) == [sleeper.pid], output
    message = [line for line in output.splitlines() if '"msg"' in line][-1]
    assert 'dockerd is down' in message, message
    assert argv[1] not in message, message


def test_the_process_method_leaves_the_process_of_a_stale_pidfile_alone(pidfile_names_another_process, tmp_path):
    daemon, sleeper, argv = pidfile_names_another_process
    settings = role_vars(daemon, init_script(daemon, startable=False), method='process',
                         engine_daemon_config={'live_restore': True})

    rc, output = run_playbook(tmp_path, CONFIGURE, settings)

    assert rc == 0, output
    assert sleeper.poll() is None, output
    assert _pids_running(argv) == [sleeper.pid], output
    assert daemon.running()
    assert daemon_pid(daemon) != str(sleeper.pid)
    assert daemon.cli('info', '--format', '{{json .LiveRestoreEnabled}}')[1] == 'true'
    run_playbook(tmp_path, CONFIGURE, dict(settings, engine_daemon_config={'live_restore': False}))


def test_a_reload_signals_dockerd_and_never_the_process_of_a_stale_pidfile(as_process, tmp_path):
    daemon = as_process
    settings = role_vars(daemon, init_script(daemon, startable=False), method='process',
                         engine_daemon_config={'settings': {'debug': True}})
    pid_before = daemon_pid(daemon)

    rc, output = run_playbook(tmp_path, CONFIGURE, settings)  # debug is live-reloadable: SIGHUP, no restart

    assert rc == 0 and 'Send SIGHUP to dockerd' in output, output
    assert daemon_pid(daemon) == pid_before
    assert daemon.cli('info', '--format', '{{json .Debug}}')[1] == 'true'

    daemon.stop()
    argv = ['sleep', '86398.%d' % os.getpid()]
    sleeper = subprocess.Popen(argv)
    try:
        with open(daemon.pidfile, 'w') as handle:
            handle.write('%d\n' % sleeper.pid)
        rc, output = run_playbook(tmp_path, CONFIGURE, dict(settings, engine_daemon_config={'settings': {'debug': False}}))
        assert rc != 0, output
        assert 'names pid %d, which is not dockerd; sent it no signal' % sleeper.pid in output, output
        assert sleeper.poll() is None, output
    finally:
        sleeper.kill()
        sleeper.wait()
        os.unlink(daemon.pidfile)
        daemon.start()
