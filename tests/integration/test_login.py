"""`login` against the local registry with htpasswd auth (127.0.0.1:5001, dockyard / dockyard-secret-pw),
and pushing with the stored credentials.
"""

import json
import os
import stat
import subprocess
import sys

import pytest

from collection_path import COLLECTIONS_ROOT
from conftest import run_module
from test_image_helpers import converge, make_image

AUTH_REGISTRY = os.environ.get('DOCKYARD_TEST_AUTH_REGISTRY', '127.0.0.1:5001')
USER = 'dockyard'
PASSWORD = 'dockyard-secret-pw'

pytestmark = pytest.mark.needs('plain-http-login')


@pytest.fixture
def config(tmp_path):
    return tmp_path / 'docker' / 'config.json'


def read(config):
    return json.loads(config.read_text()) if config.exists() else None


def test_wrong_password_fails_cleanly_and_prints_no_secret(config):
    secret = 'wrong-%s' % PASSWORD
    args = {'registry_url': AUTH_REGISTRY, 'username': USER, 'password': secret, 'config_path': str(config),
            '_ansible_check_mode': False, '_ansible_diff': True}
    proc = subprocess.run([sys.executable, '-m', 'ansible_collections.dockyard.docker.plugins.modules.login'],
                          input=json.dumps({'ANSIBLE_MODULE_ARGS': args}).encode(), stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, env=dict(os.environ, PYTHONPATH=COLLECTIONS_ROOT), check=False)
    output = proc.stdout.decode() + proc.stderr.decode()
    result = json.loads(proc.stdout.decode())
    assert result['failed'] and result['msg'].startswith('login to %s as %s failed: ' % (AUTH_REGISTRY, USER))
    assert '401' in result['msg'] and '\n' not in result['msg']
    assert secret not in output and 'Traceback' not in output
    assert not config.exists()


def test_login_then_logout(config):
    args = dict(registry_url=AUTH_REGISTRY, username=USER, password=PASSWORD, config_path=str(config))
    result = converge('login', lambda: read(config), **args)
    assert result['actions'] == ['log in to %s as %s' % (AUTH_REGISTRY, USER)]
    assert result['diff'] == {'before': {'registry': AUTH_REGISTRY, 'logged_in': False, 'username': None},
                              'after': {'registry': AUTH_REGISTRY, 'logged_in': True, 'username': USER}}
    assert PASSWORD not in json.dumps(result)
    assert list(read(config)['auths']) == [AUTH_REGISTRY]
    assert stat.S_IMODE(os.stat(str(config)).st_mode) == 0o600
    # The same registry written as an URL is the same login.
    assert not run_module('login', **dict(args, registry_url='http://%s/' % AUTH_REGISTRY))['changed']
    assert not run_module('login', reauthorize=True, **args)['changed']

    logout = dict(registry_url=AUTH_REGISTRY, state='absent', config_path=str(config))
    converge('login', lambda: read(config), **logout)
    assert read(config)['auths'] == {}


def test_other_entries_of_the_config_file_are_kept(config):
    config.parent.mkdir(parents=True)
    config.write_text(json.dumps({'auths': {'other.example:5000': {'auth': 'eDp5'}}, 'detachKeys': 'ctrl-x'}))
    run_module('login', registry_url=AUTH_REGISTRY, username=USER, password=PASSWORD, config_path=str(config))
    stored = read(config)
    assert stored['detachKeys'] == 'ctrl-x' and sorted(stored['auths']) == [AUTH_REGISTRY, 'other.example:5000']


def test_push_with_stored_login(config, name, busybox):
    reference = '%s/%s:1' % (AUTH_REGISTRY, name.lower())
    make_image(reference, busybox)
    env = {'DOCKER_CONFIG': str(config.parent)}
    refused = run_module('image', expect_fail=True, env=env, name=reference, push=True)
    assert refused['msg'].startswith('Failed to push %s: ' % reference) and 'auth' in refused['msg']
    run_module('login', registry_url=AUTH_REGISTRY, username=USER, password=PASSWORD, config_path=str(config))
    pushed = run_module('image', env=env, name=reference, push=True)
    assert pushed['changed'] and pushed['actions'] == ['push %s' % reference]
    assert not run_module('image', env=env, name=reference, push=True)['changed']


@pytest.mark.parametrize('args, message', [
    (dict(registry_url=AUTH_REGISTRY, username=USER, password=''), "password: invalid value ''; required with state=present"),
    (dict(registry_url=AUTH_REGISTRY, username='a:b', password='x'), "username: invalid value 'a:b'; a user name cannot"),
    (dict(registry_url='http:// bad', username=USER, password='x'), "registry_url: invalid value 'http:// bad'"),
])
def test_login_arguments_checked(config, args, message):
    result = run_module('login', expect_fail=True, config_path=str(config), **args)
    assert result['msg'].startswith(message), result['msg']
    assert not config.exists()
