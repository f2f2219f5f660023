# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Registries: stored logins (docker login/logout), digests held by a registry, push, search."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import json
import os
import tempfile

from ansible_collections.dockyard.docker.plugins.module_utils.client import DockerError
from ansible_collections.dockyard.docker.plugins.module_utils.image_ref import (
    registry_auth_header,
    split_reference,
)
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.state import Plan, TaskFailed, converge

DOCKER_HUB = 'https://index.docker.io/v1/'
_HUB_HOSTS = ('index.docker.io', 'docker.io', 'registry-1.docker.io', 'registry.hub.docker.com')
LONG_TIMEOUT = 600


# -- stored credentials (the docker CLI's config.json) ---------------------------------------------

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
    except (IOError, OSError):
        return {}
    try:
        config = json.loads(text) if text.strip() else {}
    except ValueError as exc:
        raise TaskFailed('config_path: %s is not valid JSON (%s); fix or remove it' % (path, exc))
    if not isinstance(config, dict):
        raise TaskFailed('config_path: %s does not hold a JSON object; fix or remove it' % path)
    return config


def write_config(path, config):
    """Write atomically with mode 0600: the file holds credentials."""
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        os.makedirs(folder, 0o700)
    handle, temp_path = tempfile.mkstemp(dir=folder, prefix='.config.json.')
    try:
        with os.fdopen(handle, 'w') as stream:
            json.dump(config, stream, indent='\t')
        os.chmod(temp_path, 0o600)
        os.rename(temp_path, path)
    except Exception:
        if os.path.exists(temp_path):
            os.unlink(temp_path)
        raise


def _entry_key(config, key):
    """The auths key that stands for this registry (an URL form counts as its host)."""
    for name in (config.get('auths') or {}):
        try:
            if registry_key(name) == key:
                return name
        except SpecError:
            continue
    return None


def stored_login(config, key):
    """(username, password) stored for the registry, or None."""
    name = _entry_key(config, key)
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


# -- the login module ----------------------------------------------------------------------------

def login_argument_spec():
    return dict(
        registry_url=dict(type='str', default=DOCKER_HUB, aliases=['registry', 'url']),
        username=dict(type='str'),
        password=dict(type='str', no_log=True),
        state=dict(type='str', default='present', choices=['present', 'absent']),
        config_path=dict(type='path', aliases=['dockercfg_path']),
        reauthorize=dict(type='bool', default=False),
    )


def _check_login_params(params):
    if params['state'] == 'present':
        for option in ('username', 'password'):
            if not params.get(option):
                raise SpecError(option, params.get(option), 'required with state=present (a non-empty string)')
        if ':' in params['username']:
            raise SpecError('username', params['username'], 'a user name cannot contain ":"')
    return registry_key(params['registry_url'])


def run_login(module, client_factory, check_mode):
    """docker login / docker logout, idempotent on the stored credentials."""
    params = module.params
    key = _check_login_params(params)
    config_path = params.get('config_path') or default_config_path()
    config = read_config(config_path)
    current = stored_login(config, key)
    plan = Plan(before={'registry': key, 'logged_in': current is not None,
                        'username': current[0] if current else None})
    if params['state'] == 'absent':
        plan.after = {'registry': key, 'logged_in': False, 'username': None}
        if _entry_key(config, key) is not None:
            plan.add('logout', 'log out of %s' % key, lambda: _forget(config_path, key))
    else:
        wanted = (params['username'], params['password'])
        if current != wanted or params['reauthorize']:
            # The registry checks the password on every run that would store it, in check mode too.
            _verify(client_factory(params), key, *wanted)
        plan.after = {'registry': key, 'logged_in': True, 'username': wanted[0]}
        if current != wanted:
            plan.add('login', 'log in to %s as %s' % (key, wanted[0]), lambda: _remember(config_path, key, *wanted))
    converge(module, plan, lambda: {'registry_url': key, 'config_path': config_path})


def _verify(client, key, username, password):
    try:
        client.post('/auth', body={'username': username, 'password': password, 'serveraddress': key})
    except DockerError as exc:
        raise TaskFailed('login to %s as %s failed: %s' % (key, username, _without(exc.reason, password)))


def _without(text, secret):
    return text.replace(secret, '********') if secret else text


def _remember(config_path, key, username, password):
    config = read_config(config_path)
    auths = config.setdefault('auths', {})
    old = _entry_key(config, key)
    if old is not None and old != key:
        del auths[old]
    auth = base64.b64encode(('%s:%s' % (username, password)).encode('utf-8')).decode('ascii')
    auths[key] = {'auth': auth}
    write_config(config_path, config)


def _forget(config_path, key):
    config = read_config(config_path)
    name = _entry_key(config, key)
    if name is not None:
        del config['auths'][name]
        write_config(config_path, config)


# -- registry digests and push -------------------------------------------------------------------

def registry_digest(client, reference):
    """The manifest digest the registry holds for REPO:TAG, or None when it holds none (or is unreachable)."""
    repository = split_reference('name', reference)[0]
    try:
        data = client.get('/distribution/%s/json' % reference,
                          headers={'X-Registry-Auth': registry_auth_header(repository)})
    except DockerError:
        return None
    return ((data or {}).get('Descriptor') or {}).get('digest')


def holds_digest(image, digest):
    """Whether the local image is known to be the content the registry holds as digest.

    A manifest digest pins the content whatever name recorded it (an earlier pull or push): the
    host may know it as localhost:5000/app for 127.0.0.1:5000/app, or as busybox for
    docker.io/library/busybox. With the containerd image store the image's ID is the digest itself.
    """
    if not image or not digest:
        return False
    recorded = [entry.rsplit('@', 1)[-1] for entry in image.get('RepoDigests') or []]
    return digest in recorded or image.get('Id') == digest


def push_image(client, reference):
    """docker push REPO:TAG; returns the digest the registry now holds."""
    repository, tag, _digest = split_reference('name', reference)
    pushed_digest = None
    for message in client.stream_json('POST', '/images/%s/push' % repository, {'tag': tag or 'latest'},
                                      headers={'X-Registry-Auth': registry_auth_header(repository)},
                                      timeout=max(client.timeout, LONG_TIMEOUT)):
        if message.get('error'):
            raise DockerError(500, message['error'])
        pushed_digest = (message.get('aux') or {}).get('Digest') or _digest_in_status(message) or pushed_digest
    return pushed_digest


def _digest_in_status(message):
    """'1: digest: sha256:... size: 422': the containerd image store says the pushed digest only
    in this status line (the graphdriver store also sends it as aux.Digest)."""
    status = message.get('status') or ''
    marker = ' digest: '
    if marker not in status:
        return None
    digest = status.split(marker, 1)[1].split()[0]
    return digest if digest.startswith('sha256:') else None


# -- search --------------------------------------------------------------------------------------

SEARCH_FILTERS = {'is-official': bool, 'is-automated': bool, 'stars': int}


def search_filters(value):
    """image_search filters -> the Engine's {name: [text]} form."""
    if not value:
        return None
    if not isinstance(value, dict):
        raise SpecError('filters', value, 'give a dict with is-official, is-automated and/or stars')
    result = {}
    for name, item in value.items():
        kind = SEARCH_FILTERS.get(name)
        if kind is None:
            raise SpecError('filters', name, 'accepted filters are ' + ', '.join(sorted(SEARCH_FILTERS)))
        result[name] = [_search_filter_value(name, item, kind)]
    return result


def _search_filter_value(name, item, kind):
    if kind is bool:
        text = str(item).strip().lower()
        if text not in ('true', 'false', 'yes', 'no', '1', '0'):
            raise SpecError('filters.%s' % name, item, 'give true or false')
        return 'true' if text in ('true', 'yes', '1') else 'false'
    try:
        number = int(item)
    except (TypeError, ValueError):
        number = -1
    if isinstance(item, bool) or number < 0:
        raise SpecError('filters.%s' % name, item, 'give a whole number of stars, 0 or more')
    return str(number)


def search_argument_spec():
    return dict(
        term=dict(type='str', required=True),
        limit=dict(type='int', default=25),
        filters=dict(type='dict'),
    )


def run_search(module, client_factory):
    params = module.params
    term = (params['term'] or '').strip()
    if not term or any(ch.isspace() for ch in term):
        raise SpecError('term', params['term'], 'give one search word without spaces, such as nginx')
    if not 1 <= params['limit'] <= 100:
        raise SpecError('limit', params['limit'], 'give a number from 1 to 100')
    query = {'term': term, 'limit': params['limit'], 'filters': search_filters(params['filters'])}
    client = client_factory(params)
    try:
        found = client.get('/images/search', query)
    except DockerError as exc:
        raise TaskFailed("Failed to search for '%s': the daemon could not query the registry (%s); "
                         'image_search needs Docker Hub (or the registry named in the term) to be reachable '
                         'from the daemon' % (term, exc.reason))
    module.exit_json(changed=False, results=[_search_result(entry) for entry in found or []])


def _search_result(entry):
    return {
        'name': entry.get('name'),
        'description': entry.get('description'),
        'star_count': entry.get('star_count'),
        'is_official': entry.get('is_official'),
        'is_automated': entry.get('is_automated'),
    }
