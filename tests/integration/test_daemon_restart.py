"""The engine role's verified restart, against a scratch dockerd (never the shared one)."""

import json

from scratch_daemon import run_playbook, scratch_daemon  # noqa: F401  pylint: disable=unused-import

CONFIGURE = [
    {'name': 'Configure dockerd', 'ansible.builtin.include_role': {'name': 'dockyard.docker.engine',
                                                                   'tasks_from': 'configure'}},
    {'name': 'Run the restart handler now', 'ansible.builtin.meta': 'flush_handlers'},
]


def _pid(daemon):
    with open(daemon.pidfile) as handle:
        return handle.read().strip()


def test_restart_applies_the_change_and_a_rerun_does_not_restart(scratch_daemon, tmp_path):
    daemon = scratch_daemon
    settings = dict(daemon.role_vars(), engine_daemon_config={'live_restore': True})
    pid_before = _pid(daemon)

    rc, output = run_playbook(tmp_path, CONFIGURE, settings)
    assert rc == 0, output
    assert 'Restart dockerd as a plain process' in output
    assert _pid(daemon) != pid_before
    assert json.loads(daemon.cli('info', '--format', '{{json .LiveRestoreEnabled}}')[1]) is True
    assert daemon.read_config()['bridge'] == daemon.own_bridge  # untouched keys kept

    pid_after = _pid(daemon)
    rc, output = run_playbook(tmp_path, CONFIGURE, settings)
    assert rc == 0, output
    assert 'changed=0' in output, output
    assert _pid(daemon) == pid_after


def test_a_config_dockerd_refuses_is_rolled_back(scratch_daemon, tmp_path):
    daemon = scratch_daemon
    before = daemon.read_config()
    settings = dict(daemon.role_vars(), engine_daemon_config={'bridge': 'nosuchbr0'})

    rc, output = run_playbook(tmp_path, CONFIGURE, settings)

    assert rc != 0, output
    # dockerd's own words, and what the role did about them
    assert 'bridge device with non default name nosuchbr0 must be created manually' in output, output
    assert 'The previous configuration was restored and dockerd runs again' in output
    assert daemon.read_config() == before
    assert daemon.running()
