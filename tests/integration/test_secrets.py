"""Secrets never show: each credential-carrying option run with -vvv and diff mode, and the
secret must appear nowhere in the output, the diff or the returned values."""

import json
import os
import subprocess
import sys

from collection_path import COLLECTIONS_ROOT

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
