# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The `login` module: docker login / docker logout, idempotent on the stored credentials."""

from ansible_collections.dockyard.docker.plugins.module_utils.api.client import DockerError
from ansible_collections.dockyard.docker.plugins.module_utils.api.credentials import (
    DOCKER_HUB,
    default_config_path,
    forget,
    read_config,
    registry_key,
    remember,
    stored_entry_key,
    stored_login,
)
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import Plan, TaskFailed, converge


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
        if current is not None or stored_entry_key(config, key) is not None:
            plan.add('logout', 'log out of %s' % key, lambda: forget(config_path, key))
    else:
        wanted = (params['username'], params['password'])
        if current != wanted or params['reauthorize']:
            # The registry checks the password on every run that would store it, in check mode too.
            _verify(client_factory(params), key, *wanted)
        plan.after = {'registry': key, 'logged_in': True, 'username': wanted[0]}
        if current != wanted:
            plan.add('login', 'log in to %s as %s' % (key, wanted[0]), lambda: remember(config_path, key, *wanted))
    converge(module, plan, lambda: {'registry_url': key, 'config_path': config_path})


def _verify(client, key, username, password):
    try:
        client.post('/auth', body={'username': username, 'password': password, 'serveraddress': key})
    except DockerError as exc:
        raise TaskFailed('login to %s as %s failed: %s' % (key, username, _without(exc.reason, password)))


def _without(text, secret):
    return text.replace(secret, '********') if secret else text
