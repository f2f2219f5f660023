"""The daemon restarts between two tasks or during one: the task fails clearly or completes,
and a rerun converges. Uses a scratch dockerd so the shared one keeps running."""

import subprocess
import threading
import time

from conftest import run_module
from scratch_daemon import scratch_daemon  # noqa: F401  pylint: disable=unused-import


def _load_busybox(daemon, busybox):
    save = subprocess.Popen(['docker', 'save', busybox], stdout=subprocess.PIPE)
    load = subprocess.run(['docker', '-H', daemon.host, 'load'], stdin=save.stdout, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, check=False)
    save.wait()
    assert load.returncode == 0, load.stderr.decode()


def _container(daemon, name, busybox, **extra):
    args = dict(name=name, image=busybox, command='sleep 600', network_mode='none', stop_timeout=1,
                docker_host=daemon.host, pull='never')
    args.update(extra)
    return args


def test_restart_between_tasks_then_rerun_converges(scratch_daemon, name, busybox):  # noqa: F811
    _load_busybox(scratch_daemon, busybox)
    assert run_module('container', **_container(scratch_daemon, name, busybox))['changed']

    scratch_daemon.stop()
    down = run_module('container', expect_fail=True, **_container(scratch_daemon, name, busybox))
    assert 'Cannot connect to the Docker daemon at %s' % scratch_daemon.host in down['msg']
    assert '\n' not in down['msg']

    scratch_daemon.start()
    rerun = run_module('container', **_container(scratch_daemon, name, busybox))
    # Without live-restore the container stopped with the daemon; the rerun starts it again.
    assert rerun['changed'] and rerun['actions'] == ['start container %s' % name]
    assert not run_module('container', **_container(scratch_daemon, name, busybox))['changed']
    run_module('container', name=name, state='absent', docker_host=scratch_daemon.host)


def test_restart_during_one_shot_run_then_rerun_completes(scratch_daemon, name, busybox):  # noqa: F811
    _load_busybox(scratch_daemon, busybox)
    one_shot = _container(scratch_daemon, name, busybox, command='sleep 3', detach=False, cleanup=True)

    def restart_soon():
        time.sleep(1.5)
        scratch_daemon.stop()
        scratch_daemon.start()

    restarter = threading.Thread(target=restart_soon)
    restarter.start()
    interrupted = run_module('container', expect_fail=True, **one_shot)
    restarter.join()
    assert scratch_daemon.host in interrupted['msg'] or 'exited with rc' in interrupted['msg'], interrupted['msg']
    assert '\n' not in interrupted['msg']

    completed = run_module('container', **one_shot)
    assert completed['rc'] == 0
    assert completed['actions'][-1] == 'run container %s to completion' % name
    code, listing = scratch_daemon.cli('ps', '-aq', '--filter', 'name=%s' % name)
    assert code == 0 and listing == ''
