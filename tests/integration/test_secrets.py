"""Secrets never show: each credential-carrying option run with -vvv and diff mode, and the
secret must appear nowhere in the output, the diff or the returned values."""

import json
import os
import subprocess
import sys

import pytest

from collection_path import COLLECTIONS_ROOT, REPO_ROOT
from swarm_scratch import BUSYBOX, swarm_manager  # noqa: F401  pylint: disable=unused-import

pytestmark = pytest.mark.needs('full-suite')

AUTH_REGISTRY = '127.0.0.1:5001'
AUTH_USER = 'dockyard'
AUTH_PASSWORD = 'dockyard-secret-pw'
WRONG_PASSWORD = 'not-the-Secret-4711'


def _run_verbose(tmp_path, tasks):
    play = [{'hosts': 'localhost', 'gather_facts': False, 'tasks': tasks}]
    playbook = tmp_path / 'play.yml'
    playbook.write_text(json.dumps(play))
    inventory = tmp_path / 'inventory'
    inventory.write_text('localhost ansible_connection=local ansible_python_interpreter=%s\n' % sys.executable)
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS_ROOT, ANSIBLE_NOCOLOR='1')
    proc = subprocess.run([os.path.join(os.path.dirname(sys.executable), 'ansible-playbook'), '-vvv', '--diff',
                           '-i', str(inventory), str(playbook)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          env=env, timeout=300, check=False)
    return proc.returncode, proc.stdout.decode('utf-8', 'replace')


@pytest.mark.needs('plain-http-login')
def test_login_passwords_never_printed(tmp_path):
    config = str(tmp_path / 'docker-config.json')
    login = {'registry_url': AUTH_REGISTRY, 'username': AUTH_USER, 'config_path': config}
    tasks = [
        {'name': 'Wrong password', 'dockyard.docker.login': dict(login, password=WRONG_PASSWORD),
         'register': 'wrong', 'ignore_errors': True},
        {'name': 'Right password', 'dockyard.docker.login': dict(login, password=AUTH_PASSWORD),
         'register': 'right'},
        {'name': 'Show what was registered', 'ansible.builtin.debug': {'var': 'right'}},
        {'name': 'Show the failure', 'ansible.builtin.debug': {'var': 'wrong'}},
        {'name': 'Log out', 'dockyard.docker.login': dict(login, state='absent')},
    ]
    rc, output = _run_verbose(tmp_path, tasks)
    assert rc == 0, output
    assert 'Wrong password' in output and 'Right password' in output
    assert WRONG_PASSWORD not in output
    assert AUTH_PASSWORD not in output


def test_weave_password_never_printed(tmp_path):
    """The weave_network role against the stand-in weave script, with its state kept in tmp_path."""
    standin = tmp_path / 'weave-standin.sh'
    script = open(os.path.join(REPO_ROOT, 'tests', 'integration', 'files', 'weave-standin.sh')).read()
    standin.write_text(script.replace('/var/lib/weave-standin', str(tmp_path / 'state'))
                       .replace('/var/log/weave-standin.log', str(tmp_path / 'calls.log')))
    password = 'weave-Secret-%s' % os.getpid()
    role_vars = {'weave_network_script_src': str(standin), 'weave_network_script_dest': str(tmp_path / 'weave'),
                 'weave_network_password': password, 'weave_network_peers': ['192.0.2.10']}
    tasks = [{'name': 'Weave with a password', 'ansible.builtin.include_role': {'name': 'dockyard.docker.weave_network'},
              'vars': role_vars}] * 2
    rc, output = _run_verbose(tmp_path, tasks)
    assert rc == 0, output
    assert 'launch' in (tmp_path / 'calls.log').read_text()
    assert 'password=set' in (tmp_path / 'calls.log').read_text()
    assert password not in output


def test_service_secret_and_join_tokens_never_printed(tmp_path, swarm_manager):
    secret = 'svc-Secret-%s' % os.getpid()
    service = 'dyt-secret-%d' % os.getpid()
    tasks = [
        {'name': 'Read the swarm with its tokens', 'dockyard.docker.swarm': swarm_manager.args(state='present'),
         'register': 'cluster'},
        {'name': 'A service with a secret', 'dockyard.docker.service': swarm_manager.args(
            name=service, image=BUSYBOX, command=['sleep', '600'], secrets=[{'name': 'db-password', 'data': secret}]),
         'register': 'svc'},
        {'name': 'Show both registered results', 'ansible.builtin.debug': {'msg': '{{ svc }}'}},
        {'name': 'Remove the service', 'dockyard.docker.service': swarm_manager.args(name=service, state='absent')},
    ]
    rc, output = _run_verbose(tmp_path, tasks)
    assert rc == 0, output
    assert 'A service with a secret' in output
    assert secret not in output
    assert 'SWMTKN' not in output
