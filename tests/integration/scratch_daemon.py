"""A scratch dockerd (tests/harness/scratch_dockerd.sh) and ansible-playbook runs against it.

Tests that restart or misconfigure a daemon use this one; the shared daemon at
/var/run/docker.sock is never restarted or reconfigured.
"""

import functools
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile

import pytest

from collection_path import COLLECTIONS_ROOT, REPO_ROOT
from engines import ENGINE

# On an inner engine the scratch dockerd runs in the engine's host container (its own dockerd
# binary), which mounts tests/harness at /dockyard-harness and shares /tmp with this machine.
SCRIPT = os.path.join(REPO_ROOT, 'tests', 'harness', 'scratch_dockerd.sh')
ENGINE_SCRIPT = SCRIPT if ENGINE.is_host else '/dockyard-harness/scratch_dockerd.sh'
PLAYBOOK_BIN = os.path.join(os.path.dirname(sys.executable), 'ansible-playbook')


class ScratchDaemon:

    def __init__(self, folder):
        self.folder = folder
        self.config_path = os.path.join(folder, 'daemon.json')
        self.host = 'unix://%s/docker.sock' % folder
        self.pidfile = os.path.join(folder, 'docker.pid')
        self.log = os.path.join(folder, 'dockerd.log')

    def _script(self, action):
        proc = subprocess.run(ENGINE.exec_argv('bash', ENGINE_SCRIPT, action, self.folder), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=120, check=False)
        assert proc.returncode == 0, proc.stderr.decode()
        return proc.stdout.decode().strip()

    def start(self):
        self._script('start')

    def stop(self):
        self._script('stop')

    def destroy(self):
        self._script('destroy')

    @property
    def own_bridge(self):
        """The bridge scratch_dockerd.sh made for this daemon (its name rule, in Python)."""
        return 'dys' + hashlib.md5((self.folder + '\n').encode()).hexdigest()[:8]

    @property
    def command(self):
        return self._script('command')

    def cli(self, *args, check=True):
        proc = subprocess.run(['docker', '-H', self.host] + list(args), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=300, check=False)
        if check:
            assert proc.returncode == 0, proc.stderr.decode()
        return proc.returncode, (proc.stdout + proc.stderr).decode().strip()

    def running(self):
        return self.cli('version', check=False)[0] == 0

    def read_config(self):
        with open(self.config_path) as handle:
            return json.load(handle)

    def role_vars(self):
        """engine role variables that restart this daemon as a plain process."""
        ENGINE.require('controller-dockerd')
        return dict(engine_install=False, engine_restart_method='process', engine_dockerd_command=self.command,
                    engine_dockerd_pidfile=self.pidfile, engine_dockerd_log=self.log,
                    engine_docker_host=self.host, engine_daemon_config_path=self.config_path,
                    engine_restart_timeout=30)


@pytest.fixture(scope='module')
def scratch_daemon():
    ENGINE.require('scratch-dockerd')
    folder = tempfile.mkdtemp(prefix='dysd-', dir='/tmp')  # short: unix socket paths are limited
    daemon = ScratchDaemon(folder)
    daemon.start()
    yield daemon
    daemon.destroy()
    shutil.rmtree(folder, ignore_errors=True)


@functools.lru_cache(maxsize=None)
def ansible_core_venv(version):
    """The venv holding ansible-core VERSION (tests/harness/ansible_versions.sh, made on first use)."""
    script = '. "$1/tests/harness/ansible_versions.sh"; ROOT="$1" ansible_core_venv "$2"'
    proc = subprocess.run(['bash', '-c', script, 'venv', REPO_ROOT, version], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=900, check=False)
    assert proc.returncode == 0, proc.stderr.decode()
    return proc.stdout.decode().strip().splitlines()[-1]


def run_playbook(tmp_path, tasks, extra_vars=None, env=None, ansible_core=None, inventory_line=None):
    """Run a one-play playbook on localhost with this checkout as dockyard.docker; (rc, output).
    env: more environment for ansible-playbook. ansible_core: a version ('2.16') to run instead of
    this venv's (its venv's Python is then the managed node's too, as here). inventory_line: the one
    host of the play instead ('NAME var=value ...')."""
    play = [{'hosts': inventory_line.split()[0] if inventory_line else 'localhost', 'gather_facts': False,
             'tasks': tasks}]
    playbook = tmp_path / 'play.yml'
    playbook.write_text(json.dumps(play))
    bin_dir = os.path.join(ansible_core_venv(ansible_core), 'bin') if ansible_core else os.path.dirname(sys.executable)
    inventory = tmp_path / 'inventory'
    interpreter = os.path.join(bin_dir, 'python') if ansible_core else sys.executable
    inventory.write_text((inventory_line or 'localhost ansible_connection=local ansible_python_interpreter=%s' % interpreter)
                         + '\n')
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS_ROOT, ANSIBLE_NOCOLOR='1',
               ANSIBLE_LOCALHOST_WARNING='0', ANSIBLE_RETRY_FILES_ENABLED='0', **(env or {}))
    command = [os.path.join(bin_dir, 'ansible-playbook'), '-i', str(inventory), str(playbook)]
    if extra_vars:
        command += ['-e', json.dumps(extra_vars)]
    proc = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, timeout=600, check=False)
    return proc.returncode, proc.stdout.decode('utf-8', 'replace')
