"""The engine role and a dockerd started as a plain process: `auto` restarts it as a process though an
init script exists, and when the method cannot start dockerd the role starts it again as it ran before.

Against a scratch dockerd on this machine, so only with the host engine ('controller-dockerd');
the helpers and fixtures are in engine_supervision.py. The systemd path cannot be tried: PID 1
here is not systemd, and no container on this machine can run it.
"""

import os

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
