"""The engine role and a dockerd started by Debian's init script: `auto` restarts it through the
script, and a refused configuration is restored and started through the script again.

Against a scratch dockerd on this machine, so only with the host engine ('controller-dockerd');
the helpers and fixtures are in engine_supervision.py. The systemd path cannot be tried: PID 1
here is not systemd, and no container on this machine can run it.
"""

import pytest

from engine_supervision import (  # noqa: F401  pylint: disable=unused-import
    CONFIGURE,
    by_init_script,
    daemon_pid,
    role_vars,
    ssd_pidfile,
)
from scratch_daemon import run_playbook, scratch_daemon  # noqa: F401  pylint: disable=unused-import

# The init script and the role run on this machine, against a dockerd started here.
pytestmark = pytest.mark.needs('controller-dockerd')


def test_auto_restarts_an_init_script_daemon_through_the_script(by_init_script, tmp_path):
    daemon, script = by_init_script
    pid_before = daemon_pid(daemon)
    settings = role_vars(daemon, script, engine_daemon_config={'live_restore': True})

    rc, output = run_playbook(tmp_path, CONFIGURE, settings)

    assert rc == 0, output
    assert 'Restart dockerd through its init script' in output, output
    assert daemon_pid(daemon) != pid_before
    with open(ssd_pidfile(daemon)) as handle:
        assert handle.read().strip() == daemon_pid(daemon)  # still the script's daemon
    assert daemon.cli('info', '--format', '{{json .LiveRestoreEnabled}}')[1] == 'true'
    rc, output = run_playbook(tmp_path, CONFIGURE, dict(settings, engine_daemon_config={'live_restore': False}))
    assert rc == 0, output


def test_init_script_daemon_with_a_refused_config_is_restored_through_the_script(by_init_script, tmp_path):
    daemon, script = by_init_script
    before = daemon.read_config()
    # The script's start returns before dockerd dies of the bridge: the wait gives up after 10 s.
    settings = role_vars(daemon, script, engine_daemon_config={'bridge': 'nosuchbr0'}, engine_restart_timeout=10)

    rc, output = run_playbook(tmp_path, CONFIGURE, settings)

    assert rc != 0, output
    assert 'bridge device with non default name nosuchbr0 must be created manually' in output, output
    assert 'The previous configuration was restored and dockerd runs again' in output, output
    assert daemon.read_config() == before
    assert daemon.running()
    with open(ssd_pidfile(daemon)) as handle:
        assert handle.read().strip() == daemon_pid(daemon)
