"""Single-node swarms on scratch dockerds, for the swarm, node and service tests.

Swarm mode is never turned on in the shared daemon at /var/run/docker.sock. Each daemon
listens for the swarm on its own free port of 127.0.0.1 and gets the test busybox image.
"""

import random
import shutil
import socket
import subprocess
import tempfile

import pytest

from conftest import BUSYBOX
from engines import ENGINE
from scratch_daemon import ScratchDaemon

# A task command that stops at once on SIGTERM, so removing a service takes no 10 s grace period.
QUICK_STOP = "trap 'exit 0' TERM; echo ready; while true; do sleep 1; done"


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def free_vxlan_port():
    """A free UDP port for the swarm's VXLAN traffic (1024-49151). Swarms on one kernel that share the
    default 4789 collide: the second overlay with the same VNI fails 'error creating vxlan interface: file exists'."""
    while True:
        port = random.randint(20000, 49151)
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            try:
                sock.bind(('0.0.0.0', port))
            except OSError:
                continue
        return port


class SwarmDaemon(ScratchDaemon):

    def __init__(self, folder):
        super().__init__(folder)
        self.swarm_port = free_port()
        self.listen_addr = '127.0.0.1:%d' % self.swarm_port

    def args(self, **options):
        """Module options that point at this daemon."""
        return dict(options, docker_host=self.host)

    def load_image(self, image=BUSYBOX):
        save = subprocess.Popen(['docker', 'save', image], stdout=subprocess.PIPE)
        load = subprocess.run(['docker', '-H', self.host, 'load'], stdin=save.stdout, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=120, check=False)
        save.wait()
        assert load.returncode == 0, load.stderr.decode()

    def swarm_state(self):
        return self.cli('info', '--format', '{{.Swarm.LocalNodeState}}')[1]

    def init_swarm(self):
        self.cli('swarm', 'init', '--advertise-addr', '127.0.0.1', '--listen-addr', self.listen_addr,
                 '--data-path-port', str(free_vxlan_port()))

    def hostname(self):
        return self.cli('info', '--format', '{{.Name}}')[1]


def start_daemon(prefix='dysw-'):
    ENGINE.require('swarm')
    daemon = SwarmDaemon(tempfile.mkdtemp(prefix=prefix, dir='/tmp'))  # short: unix socket paths are limited
    daemon.start()
    daemon.load_image()
    return daemon


def stop_daemon(daemon):
    daemon.cli('swarm', 'leave', '--force', check=False)
    daemon.destroy()
    shutil.rmtree(daemon.folder, ignore_errors=True)


@pytest.fixture(scope='module')
def swarm_manager():
    """A scratch daemon that is the one manager of its own swarm."""
    daemon = start_daemon()
    daemon.init_swarm()
    yield daemon
    stop_daemon(daemon)


@pytest.fixture
def bare_daemon():
    """A scratch daemon outside any swarm, for init, join and leave."""
    daemon = start_daemon()
    yield daemon
    stop_daemon(daemon)
