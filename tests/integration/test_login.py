"""`login` against the local registry with htpasswd auth (127.0.0.1:5001, dockyard / dockyard-secret-pw),
and pushing with the stored credentials.
"""

import json
import os
import pathlib
import shutil
import stat
import subprocess
import sys
import tempfile

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


NOBODY = 65534


@pytest.fixture
def nobody_folder():
    """A docker config folder owned by nobody, in a folder nobody can reach (pytest's tmp_path is root's 0700)."""
    top = tempfile.mkdtemp(prefix='dyt-login-', dir='/tmp')
    os.chmod(top, 0o711)
    folder = os.path.join(top, '.docker')
    os.mkdir(folder, 0o700)
    os.chown(folder, NOBODY, NOBODY)
    yield folder
    shutil.rmtree(top)


def test_a_users_config_file_keeps_its_owner_and_mode_and_stays_writable_by_the_user(nobody_folder):
    path = os.path.join(nobody_folder, 'config.json')
    with open(path, 'w') as handle:
        json.dump({'auths': {'other.example:5000': {'auth': 'eDp5'}}}, handle)
    os.chown(path, NOBODY, NOBODY)
    os.chmod(path, 0o640)

    def owner_and_mode(name='config.json'):
        info = os.stat(os.path.join(nobody_folder, name))
        return info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)

    assert run_module('login', registry_url=AUTH_REGISTRY, username=USER, password=PASSWORD, config_path=path)['changed']
    assert owner_and_mode() == (NOBODY, NOBODY, 0o640)
    assert sorted(read(pathlib.Path(path))['auths']) == [AUTH_REGISTRY, 'other.example:5000']
    # The lock file beside it belongs to the folder's owner, so the user's own runs can take it too.
    assert owner_and_mode('config.json.lock')[:2] == (NOBODY, NOBODY)
    assert run_module('login', registry_url='other.example:5000', state='absent', config_path=path,
                      run_as_nobody=True)['changed']
    assert run_module('login', registry_url=AUTH_REGISTRY, state='absent', config_path=path)['changed']
    assert owner_and_mode() == (NOBODY, NOBODY, 0o640) and read(pathlib.Path(path))['auths'] == {}
    assert [entry for entry in os.listdir(nobody_folder) if entry.startswith('.config.json')] == []


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


HELPERS = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'files')


@pytest.fixture
def helper_env(config, tmp_path):
    """A config file whose logins live in the docker-credential-dyktest helper (tests/integration/files)."""
    config.parent.mkdir(parents=True)
    creds = tmp_path / 'helper-store.json'
    env = {'PATH': HELPERS + os.pathsep + os.environ['PATH'], 'DYKTEST_CREDS': str(creds),
           'DOCKER_CONFIG': str(config.parent)}
    return env, creds


@pytest.mark.parametrize('helper_config', [{'credsStore': 'dyktest'}, {'credHelpers': {AUTH_REGISTRY: 'dyktest'}}],
                         ids=['credsStore', 'credHelpers'])
def test_login_through_a_credential_helper(config, helper_env, helper_config):
    env, creds = helper_env
    config.write_text(json.dumps(helper_config))
    args = dict(registry_url=AUTH_REGISTRY, username=USER, password=PASSWORD, config_path=str(config))
    assert run_module('login', check=True, env=env, **args)['changed'] and not creds.exists()
    result = run_module('login', env=env, **args)
    assert result['changed'] and PASSWORD not in json.dumps(result)
    assert json.loads(creds.read_text()) == {AUTH_REGISTRY: {'Username': USER, 'Secret': PASSWORD}}
    assert read(config)['auths'] == {AUTH_REGISTRY: {}} and PASSWORD not in config.read_text()
    assert not run_module('login', env=env, **args)['changed']
    logout = run_module('login', env=env, registry_url=AUTH_REGISTRY, state='absent', config_path=str(config))
    assert logout['changed'] and json.loads(creds.read_text()) == {} and read(config)['auths'] == {}


def test_push_with_a_login_held_by_a_credential_helper(config, helper_env, name, busybox):
    env, creds = helper_env
    config.write_text(json.dumps({'credsStore': 'dyktest'}))
    creds.write_text(json.dumps({AUTH_REGISTRY: {'Username': USER, 'Secret': PASSWORD}}))
    reference = '%s/%s:1' % (AUTH_REGISTRY, name.lower())
    make_image(reference, busybox)
    pushed = run_module('image', env=env, name=reference, push=True)
    assert pushed['changed'] and pushed['actions'] == ['push %s' % reference]


def test_a_missing_credential_helper_is_one_clear_line(config, helper_env):
    env, _creds = helper_env
    config.write_text(json.dumps({'credsStore': 'no-such-helper'}))
    result = run_module('login', expect_fail=True, env=env, registry_url=AUTH_REGISTRY, username=USER,
                        password=PASSWORD, config_path=str(config))
    assert result['msg'].startswith('could not read the login for %s with docker-credential-no-such-helper: '
                                    % AUTH_REGISTRY), result['msg']
    assert '\n' not in result['msg'] and PASSWORD not in result['msg']
