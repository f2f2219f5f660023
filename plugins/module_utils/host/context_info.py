# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The `context_info` module: the docker CLI's contexts (api/contexts.py) as community.docker's
docker_context_info describes them; the `default` one as the modules read DOCKER_HOST and the TLS variables."""

import os

from ansible_collections.dockyard.docker.plugins.module_utils.api.client import DEFAULT_DOCKER_HOST
from ansible_collections.dockyard.docker.plugins.module_utils.api.connection_options import tls_settings
from ansible_collections.dockyard.docker.plugins.module_utils.api.contexts import (
    DEFAULT_CONTEXT, TLS_FILES, chosen_context, config_dir, list_contexts, read_context)
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError


def context_info(name=None, only_current=False, environ=None):
    """Every context (the `default` one first), or the one named, or the current one."""
    if name and only_current:
        raise SpecError('only_current', only_current, 'leave it out when name is given')
    environ = os.environ if environ is None else environ
    folder = config_dir(environ)
    current = chosen_context({}, environ)
    wanted = current if only_current else name
    if wanted is None:
        chosen = [None] + list_contexts(folder)
    else:
        chosen = [None if wanted == DEFAULT_CONTEXT else read_context(wanted, folder)]
    return {'contexts': [_describe(context, current, environ) for context in chosen], 'current_context_name': current}


def _describe(context, current, environ):
    if context is None:
        config = tls_settings({'tls': environ.get('DOCKER_TLS'), 'validate_certs': environ.get('DOCKER_TLS_VERIFY')},
                              environ)
        config['docker_host'] = environ.get('DOCKER_HOST') or DEFAULT_DOCKER_HOST
        return {'name': DEFAULT_CONTEXT, 'current': current == DEFAULT_CONTEXT, 'config': config,
                'description': 'DOCKER_HOST, else the local socket', 'meta_path': None, 'tls_path': None}
    config = dict((option, None) for option, _filename in TLS_FILES)
    config.update(context.connection())
    return {'name': context.name, 'current': current == context.name, 'config': config,
            'description': context.description, 'meta_path': context.meta_path, 'tls_path': context.tls_path}
