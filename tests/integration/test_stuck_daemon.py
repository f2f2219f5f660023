"""A daemon that stops answering: a scratch dockerd frozen with SIGSTOP the moment a container
create or an image pull reaches it, for longer than the task's timeout. The task fails within
timeout + a few seconds, naming the daemon's address, the operation and the timeout; after
SIGCONT a rerun converges.

The daemon is frozen by the test itself the moment the request passes a unix socket in front of
it (every byte is forwarded to the real daemon unchanged). Signalling the process needs it on
this machine: host engine only ('controller-dockerd').
"""

import os
import re
import signal
import time

import pytest

from conftest import docker_cli, run_module
from socket_proxy import SocketProxy
from scratch_daemon import scratch_daemon  # noqa: F401  pylint: disable=unused-import
from test_daemon_restart_converge import _load_busybox
from test_image_helpers import seed_registry

pytestmark = pytest.mark.needs('controller-dockerd')
TIMEOUT = 5
# Module start, the reads before the request, the liveness check after the timeout.
SLACK = 10


class FreezeOnRequest(SocketProxy):
    """SIGSTOPs the daemon when a request matching pattern passes (before forwarding it), and SIGCONTs it
    on close()."""

    def __init__(self, daemon, pattern):
        self.daemon = daemon
        self.pattern = re.compile(pattern)
        self.frozen_at = None
        super().__init__(os.path.join(daemon.folder, 'freeze.sock'), daemon.host[len('unix://'):])

    def _pid(self):
        with open(self.daemon.pidfile) as handle:
            return int(handle.read())

    def on_request(self, data):
        if self.frozen_at is None and self.pattern.search(data):
            os.kill(self._pid(), signal.SIGSTOP)
            self.frozen_at = time.monotonic()

    def close(self):
        super().close()
        if self.frozen_at is not None:
            os.kill(self._pid(), signal.SIGCONT)


@pytest.fixture
def freeze(scratch_daemon):  # noqa: F811
    made = []

    def on(pattern):
        made.append(FreezeOnRequest(scratch_daemon, pattern))
        return made[-1]
    yield on
    for proxy in made:
        proxy.close()


def _fails_in_time(proxy, module, operation, **args):
    started = time.monotonic()
    failed = run_module(module, expect_fail=True, docker_host=proxy.host, timeout=TIMEOUT, **args)
    elapsed = time.monotonic() - started
    message = failed['msg']
    assert proxy.frozen_at is not None, 'the request never reached the daemon: %s' % message
    assert elapsed < TIMEOUT + SLACK, (elapsed, message)
    assert '\n' not in message and 'Unexpected error' not in message, message
    assert proxy.host in message, message
    assert operation in message, message
    assert '%d seconds' % TIMEOUT in message, message
    return message


def test_container_create_on_a_frozen_daemon(scratch_daemon, freeze, name, busybox):  # noqa: F811
    _load_busybox(scratch_daemon, busybox)
    proxy = freeze(rb'POST (/v[0-9.]+)?/containers/create')
    args = dict(name=name, image=busybox, command='sleep 600', network_mode='none', stop_timeout=1, pull='never')

    _fails_in_time(proxy, 'container', 'POST /containers/create', **args)

    proxy.close()  # SIGCONT
    rerun = run_module('container', docker_host=scratch_daemon.host, **args)
    assert rerun['container']['State']['Running']
    assert not run_module('container', docker_host=scratch_daemon.host, **args)['changed']
    code, listing = scratch_daemon.cli('ps', '-aq', '--filter', 'name=^/%s$' % name)
    assert code == 0 and len(listing.split()) == 1  # never a duplicate
    run_module('container', name=name, state='absent', docker_host=scratch_daemon.host)


def test_image_pull_on_a_frozen_daemon(scratch_daemon, freeze, name, busybox, registry):  # noqa: F811
    reference = '%s/%s:1' % (registry, name)
    seed_registry(busybox, reference)
    proxy = freeze(rb'POST (/v[0-9.]+)?/images/create')

    _fails_in_time(proxy, 'image', 'POST /images/create', name=reference, source='pull')

    proxy.close()
    rerun = run_module('image', docker_host=scratch_daemon.host, name=reference, source='pull')
    assert rerun['image']['Id']
    assert not run_module('image', docker_host=scratch_daemon.host, name=reference, source='pull')['changed']
    docker_cli('-H', scratch_daemon.host, 'rmi', reference)
