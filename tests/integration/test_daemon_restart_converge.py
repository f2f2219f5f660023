"""The daemon restarts between two tasks or during one: the task fails clearly or completes,
and a rerun converges. Uses a scratch dockerd so the shared one keeps running."""

import os
import subprocess
import threading
import time

import pytest

from conftest import docker_cli, run_module
from scratch_daemon import scratch_daemon  # noqa: F401  pylint: disable=unused-import

pytestmark = pytest.mark.needs('full-suite')


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


class _RestartWhen(threading.Thread):
    """Stops and starts the daemon once ready() says the task is under way, unless the task ended first."""

    def __init__(self, scratch, ready, timeout=60):
        super().__init__()
        self.scratch = scratch
        self.ready = ready
        self.timeout = timeout
        self.task_ended = threading.Event()
        self.stopped_at = None
        self.old_pid = None

    def run(self):
        deadline = time.monotonic() + self.timeout
        while not self.ready():
            if self.task_ended.is_set() or time.monotonic() > deadline:
                return
            time.sleep(0.05)
        self.stopped_at = time.monotonic()
        self.old_pid = _pid(self.scratch)
        self.scratch.stop()
        self.scratch.start()


def _pid(daemon):
    with open(daemon.pidfile) as handle:
        return handle.read().strip()


def _run_across_restart(daemon, ready, **args):
    """Run the image module while the daemon restarts; the restart must begin before the task ends."""
    restarter = _RestartWhen(daemon, ready)
    restarter.start()
    result = run_module('image', expect_fail=None, **args)
    ended_at = time.monotonic()
    restarter.task_ended.set()
    restarter.join()
    assert restarter.stopped_at is not None and restarter.stopped_at < ended_at, 'no restart during the task'
    assert daemon.running() and _pid(daemon) != restarter.old_pid
    return result


def _fails_clearly_or_completes(result, *clear):
    """A failure must be one line and say one of the clear texts (the daemon address, what broke)."""
    if result.failed:
        assert '\n' not in result['msg'] and any(text in result['msg'] for text in clear), result['msg']
    else:
        assert result['changed'] and result['image'].get('Id'), result
    return result.failed


def _converges(daemon, interrupted, **args):
    """The rerun finishes the job (a change only if the first run failed and the daemon did not
    finish it on its own: a build whose answer was cut may still complete, as Docker 28's does);
    the third run changes nothing."""
    finished_anyway = interrupted and daemon.cli('image', 'inspect', args['name'], check=False)[0] == 0
    rerun = run_module('image', **args)
    assert rerun['changed'] is (interrupted and not finished_anyway) and rerun['image'].get('Id'), rerun
    assert daemon.cli('image', 'inspect', args['name'])[0] == 0
    assert not run_module('image', **args)['changed']


def _new_running_container(daemon):
    before = set(daemon.cli('ps', '-q')[1].split())
    return lambda: bool(set(daemon.cli('ps', '-q', check=False)[1].split()) - before)


def _new_files_in_data_root(daemon):
    """Downloads go to data/tmp, layers are unpacked into new data/overlay2 folders (with the
    containerd image store: downloads to its content store's ingest folder, layers to snapshots)."""
    content = os.path.join('containerd', 'daemon', 'io.containerd.content.v1.content')
    snapshots = os.path.join('containerd', 'daemon', 'io.containerd.snapshotter.v1.overlayfs', 'snapshots')
    folders = [os.path.join(daemon.folder, 'data', sub)
               for sub in ('tmp', 'overlay2', os.path.join(content, 'ingest'), snapshots)]

    def listing():
        return {(folder, entry) for folder in folders if os.path.isdir(folder) for entry in os.listdir(folder)}
    before = listing()
    return lambda: bool(listing() - before)


def test_restart_during_build_then_rerun_converges(scratch_daemon, name, busybox, tmp_path):  # noqa: F811
    _load_busybox(scratch_daemon, busybox)
    (tmp_path / 'Dockerfile').write_text('FROM %s\nRUN sleep 4\n' % busybox)
    build = dict(name='%s:1' % name, source='build', build={'path': str(tmp_path)}, docker_host=scratch_daemon.host)

    # The restart begins while the RUN step's container runs. A stopping dockerd lets a short RUN
    # finish, so the build mostly completes; a stop that meets the next step's container setup
    # fails the build with the daemon's own reason, and a cut stream fails as interrupted.
    first = _run_across_restart(scratch_daemon, _new_running_container(scratch_daemon), **build)
    interrupted = _fails_clearly_or_completes(first, scratch_daemon.host, 'build of %s failed: ' % build['name'],
                                              'build of %s was interrupted' % build['name'])
    _converges(scratch_daemon, interrupted, **build)


def test_restart_during_pull_then_rerun_converges(scratch_daemon, name, debian, registry):  # noqa: F811
    reference = '%s/%s:1' % (registry, name)
    docker_cli('tag', debian, reference)
    docker_cli('push', reference)
    docker_cli('rmi', reference)
    pull = dict(name=reference, source='pull', docker_host=scratch_daemon.host)

    # The restart begins once the daemon writes the first layer (tens of MB: the pull takes seconds).
    first = _run_across_restart(scratch_daemon, _new_files_in_data_root(scratch_daemon), **pull)
    interrupted = _fails_clearly_or_completes(
        first, 'Lost the connection to the Docker daemon at %s while reading its answer' % scratch_daemon.host,
        'Cannot connect to the Docker daemon at %s' % scratch_daemon.host,
        # The containerd store says why in the stream before the daemon goes ("failed to copy: ...").
        '(Docker daemon at %s)' % scratch_daemon.host)
    _converges(scratch_daemon, interrupted, **pull)
