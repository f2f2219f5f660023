"""playbooks/cluster_health.yml against a scratch swarm: silent when healthy, one line per problem otherwise."""

import json
import os
import subprocess
import sys
import time

import pytest

from collection_path import COLLECTIONS_ROOT, REPO_ROOT
from conftest import BUSYBOX
from scratch_daemon import PLAYBOOK_BIN
from swarm_scratch import QUICK_STOP, swarm_manager  # noqa: F401  pylint: disable=unused-import

pytestmark = pytest.mark.needs('full-suite')

PLAYBOOK = os.path.join(REPO_ROOT, 'playbooks', 'cluster_health.yml')


def run_health(tmp_path, docker_host, **extra_vars):
    inventory = tmp_path / 'inventory'
    inventory.write_text('manager ansible_connection=local ansible_python_interpreter=%s\n' % sys.executable)
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS_ROOT, ANSIBLE_NOCOLOR='1', ANSIBLE_RETRY_FILES_ENABLED='0')
    extra = dict(extra_vars, cluster_health_docker_host=docker_host)
    proc = subprocess.run([PLAYBOOK_BIN, '-i', str(inventory), PLAYBOOK, '-e', json.dumps(extra)], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, env=env, timeout=600, check=False)
    return proc.returncode, proc.stdout.decode('utf-8', 'replace')


def problems(output):
    """The lines of the final fail task's message."""
    for line in output.splitlines():
        if line.startswith('fatal: [manager]: FAILED! => '):
            return json.loads(line.split(' => ', 1)[1])['msg'].split('\n')
    raise AssertionError('no failure in: ' + output)


def wait_for(daemon, fmt, name, wanted):
    for _attempt in range(60):
        if daemon.cli('inspect', '--format', fmt, name, check=False)[1] == wanted:
            return
        time.sleep(0.5)
    raise AssertionError('%s never became %s' % (name, wanted))


def test_outside_a_swarm_only_containers_and_disk_are_checked(tmp_path):
    shared = os.environ.get('DOCKER_HOST', 'unix:///var/run/docker.sock')
    rc, output = run_health(tmp_path, shared, cluster_health_disk_max_bytes=0)
    assert rc != 0, output
    lines = problems(output)
    # Other suites may leave unhealthy containers on the shared daemon: only the disk line is certain.
    assert [line for line in lines if line.startswith('disk manager: Docker uses ')], lines
    assert not [line for line in lines if line.startswith(('node ', 'service '))], lines


@pytest.mark.needs('swarm')
def test_healthy_cluster_passes_and_each_problem_is_one_line(swarm_manager, prefix, tmp_path):
    daemon = swarm_manager
    good, stuck, sick = prefix + 'hc-good', prefix + 'hc-stuck', prefix + 'hc-sick'
    daemon.cli('service', 'create', '--detach', '--name', good, '--replicas', '1', BUSYBOX, 'sh', '-c', QUICK_STOP)
    daemon.cli('run', '-d', '--name', prefix + 'hc-fine', '--health-cmd', 'true', '--health-interval', '1s', BUSYBOX,
               'sleep', '600')
    wait_for(daemon, '{{.State.Health.Status}}', prefix + 'hc-fine', 'healthy')
    for _attempt in range(60):
        if daemon.cli('service', 'ls', '--filter', 'name=' + good, '--format', '{{.Replicas}}')[1] == '1/1':
            break
        time.sleep(0.5)
    try:
        rc, output = run_health(tmp_path, daemon.host)
        assert rc == 0, output
        assert 'Report every problem' in output and 'FAILED' not in output

        daemon.cli('service', 'create', '--detach', '--name', stuck, '--constraint', 'node.labels.nowhere==1',
                   BUSYBOX, 'sh', '-c', QUICK_STOP)
        daemon.cli('run', '-d', '--name', sick, '--health-cmd', 'false', '--health-interval', '1s',
                   '--health-retries', '1', BUSYBOX, 'sleep', '600')
        wait_for(daemon, '{{.State.Health.Status}}', sick, 'unhealthy')
        node = daemon.hostname()
        daemon.cli('node', 'update', '--availability', 'pause', node)
        rc, output = run_health(tmp_path, daemon.host, cluster_health_disk_max_bytes=0)
        assert rc != 0, output
        lines = problems(output)
        assert len(lines) == 4, lines
        assert lines[0] == 'node %s: ready, availability pause' % node
        assert lines[1].startswith('service %s: 0 of 1 tasks running; last task error: no suitable node' % stuck), lines
        assert lines[2].startswith('container manager/%s: Up ' % sick) and lines[2].endswith('(unhealthy)'), lines
        assert lines[3].startswith('disk manager: Docker uses ') and ' bytes, over the limit of 0 (' in lines[3], lines
    finally:
        daemon.cli('node', 'update', '--availability', 'active', daemon.hostname(), check=False)
        daemon.cli('service', 'rm', good, stuck, check=False)
        daemon.cli('rm', '-f', prefix + 'hc-fine', sick, check=False)
