# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Registry logins stored as the docker CLI stores them: the `auths` of its config.json, or a
credential helper (`credsStore` / `credHelpers`, a docker-credential-NAME program, as `docker login`
uses on desktops). Helpers are driven through the Docker SDK's docker.credentials, imported only
when the config file names one."""

import base64
import json
import os
import stat

from ansible_collections.dockyard.docker.plugins.module_utils.core.files import lock_beside, write_atomically
from ansible_collections.dockyard.docker.plugins.module_utils.api.sdk import import_sdk
from ansible_collections.dockyard.docker.plugins.module_utils.api.transports import RelayError, active_relay
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import TaskFailed

DOCKER_HUB = 'https://index.docker.io/v1/'
_HUB_HOSTS = ('index.docker.io', 'docker.io', 'registry-1.docker.io', 'registry.hub.docker.com')


def registry_key(registry_url):
    """The key the docker CLI stores a login under: HOST[:PORT], or Docker Hub's index URL."""
    text = str(registry_url or DOCKER_HUB).strip()
    host = text.split('://', 1)[-1].split('/', 1)[0]
    if not host or any(ch.isspace() for ch in host):
        raise SpecError('registry_url', registry_url, 'give a registry such as 127.0.0.1:5000 or https://index.docker.io/v1/')
    return DOCKER_HUB if host in _HUB_HOSTS else host


def default_config_path():
    return os.path.join(os.environ.get('DOCKER_CONFIG') or os.path.expanduser('~/.docker'), 'config.json')


def read_config(path):
    """The parsed config file, {} when it does not exist yet."""
    try:
        with open(path) as handle:
            text = handle.read()
    except OSError:
        return {}
    try:
        config = json.loads(text) if text.strip() else {}
    except ValueError as exc:
        raise TaskFailed('config_path: %s is not valid JSON (%s); fix or remove it' % (path, exc))
    if not isinstance(config, dict):
        raise TaskFailed('config_path: %s does not hold a JSON object; fix or remove it' % path)
    return config


def write_config(path, config):
    """A new file gets mode 0600 (and a missing folder 0700): it holds credentials. An existing one keeps its
    owner and mode, as docker login keeps them: a root task writing a user's ~/.docker/config.json leaves it
    the user's."""
    text = json.dumps(config, indent='\t')
    try:
        existing = os.stat(path)
    except FileNotFoundError:
        write_atomically(path, text, mode=0o600, folder_mode=0o700)
        return
    write_atomically(path, text, mode=stat.S_IMODE(existing.st_mode), folder_mode=0o700,
                     owner=(existing.st_uid, existing.st_gid))


def _locked(config_path):
    """The lock daemon_config takes for daemon.json, beside the config file, from the read to the write:
    two tasks writing logins into one file both land."""
    return lock_beside(config_path, folder_mode=0o700)


def stored_entry_key(config, key):
    """The auths key that stands for this registry (an URL form counts as its host)."""
    for name in (config.get('auths') or {}):
        try:
            if registry_key(name) == key:
                return name
        except SpecError:
            continue
    return None


def credential_helper(config, key):
    """The helper program's NAME (docker-credential-NAME) that holds this registry's login, or None."""
    for name, helper in (config.get('credHelpers') or {}).items():
        try:
            if registry_key(name) == key:
                return helper
        except SpecError:
            continue
    return config.get('credsStore') or None


def stored_login(config, key, relay=None):
    """(username, password) stored for the registry, or None; with a relay, a credential helper runs on
    the managed host."""
    helper = credential_helper(config, key)
    if helper and relay:
        return _relayed_helper_get(relay, helper, key)
    if helper:
        return _helper_call(helper, key, 'read the login for', lambda store, sdk: _helper_get(store, sdk, key))
    name = stored_entry_key(config, key)
    if name is None:
        return None
    encoded = (config['auths'][name] or {}).get('auth')
    if not encoded:
        return None
    try:
        username, _sep, password = base64.b64decode(encoded).decode('utf-8').partition(':')
    except (ValueError, UnicodeDecodeError):
        return None
    return username, password


def remember(config_path, key, username, password):
    """Store a login; with a helper the config file keeps only an empty `auths` entry, as docker login does."""
    with _locked(config_path):
        _remember(config_path, key, username, password)


def _remember(config_path, key, username, password):
    config = read_config(config_path)
    auths = config.setdefault('auths', {})
    old = stored_entry_key(config, key)
    if old is not None and old != key:
        del auths[old]
    helper = credential_helper(config, key)
    if helper:
        _helper_call(helper, key, 'store the login for', lambda store, sdk: store.store(key, username, password))
        auths[key] = {}
    else:
        auths[key] = {'auth': base64.b64encode(('%s:%s' % (username, password)).encode('utf-8')).decode('ascii')}
    write_config(config_path, config)


def forget(config_path, key):
    with _locked(config_path):
        _forget(config_path, key)


def _forget(config_path, key):
    config = read_config(config_path)
    helper = credential_helper(config, key)
    if helper:
        _helper_call(helper, key, 'erase the login for', lambda store, sdk: _helper_erase(store, sdk, key))
    name = stored_entry_key(config, key)
    if name is not None:
        del config['auths'][name]
        write_config(config_path, config)


def registry_auth_header(registry):
    """X-Registry-Auth for a registry host (None: Docker Hub) from the stored login, or an empty auth.

    A config file the task cannot read sends no credentials: the registry then says what it lacks."""
    key = registry_key(registry)
    relay = active_relay()
    try:
        # Controller execution: the logins of the managed host's docker CLI, as its module process reads them.
        config = relay.docker_config() if relay else read_config(default_config_path())
    except (TaskFailed, RelayError):
        config = {}
    login = stored_login(config, key, relay)
    auth = {}
    if login:
        auth = {'username': login[0], 'password': login[1], 'serveraddress': stored_entry_key(config, key) or key}
    return base64.urlsafe_b64encode(json.dumps(auth).encode('utf-8')).decode('ascii')


def _helper_call(helper, key, what, call):
    credentials = import_sdk('credentials', 'the credential helper docker-credential-%s' % helper)
    try:
        return call(credentials.Store(helper), credentials)
    except credentials.StoreError as exc:
        raise TaskFailed('could not %s %s with docker-credential-%s: %s'
                         % (what, key, helper, str(exc).strip().splitlines()[0] if str(exc).strip() else 'no reason given'))


def _helper_get(store, credentials, key):
    try:
        entry = store.get(key)
    except credentials.CredentialsNotFound:
        return None
    return entry.get('Username'), entry.get('Secret')


def _relayed_helper_get(relay, helper, key):
    """What `docker-credential-HELPER get` prints for key on the managed host, as the SDK's Store reads it."""
    try:
        entry = json.loads(relay.run(['docker-credential-' + helper, 'get'], key.encode('utf-8'),
                                     'read the login for %s with docker-credential-%s' % (key, helper)) or b'{}')
    except RelayError as exc:
        if 'credentials not found' in str(exc).lower():
            return None
        raise TaskFailed(str(exc))
    except ValueError:
        return None
    return entry.get('Username'), entry.get('Secret')


def _helper_erase(store, credentials, key):
    try:
        store.erase(key)
    except credentials.CredentialsNotFound:
        pass
