# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The connection options every module takes (docker_host, docker_context, tls, ..., timeout, api_version),
the context and TLS settings resolved like the docker CLI, the client they make."""

import os

from ansible.module_utils.basic import env_fallback

from ansible_collections.dockyard.docker.plugins.module_utils.api.client import DEFAULT_TIMEOUT, DockerClient
from ansible_collections.dockyard.docker.plugins.module_utils.api.contexts import TLS_FILES, resolve_context


DOCKER_COMMON_ARGS = dict(
    docker_host=dict(type='str', aliases=['docker_url'],
                     fallback=(env_fallback, ['DOCKER_HOST'])),
    # No fallback: DOCKER_CONTEXT comes after DOCKER_HOST (api/contexts.py), so it is read there.
    docker_context=dict(type='str'),
    tls=dict(type='bool', fallback=(env_fallback, ['DOCKER_TLS'])),
    validate_certs=dict(type='bool', aliases=['tls_verify'],
                        fallback=(env_fallback, ['DOCKER_TLS_VERIFY'])),
    ca_path=dict(type='path', aliases=['ca_cert', 'tls_ca_cert']),
    client_cert=dict(type='path', aliases=['tls_client_cert', 'cert_path']),
    client_key=dict(type='path', aliases=['tls_client_key', 'key_path']),
    timeout=dict(type='int', default=DEFAULT_TIMEOUT,
                 fallback=(env_fallback, ['DOCKER_TIMEOUT'])),
    api_version=dict(type='str', default='auto', aliases=['docker_api_version'],
                     fallback=(env_fallback, ['DOCKER_API_VERSION'])),
)


def _truthy(value):
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() not in ('', '0', 'false', 'no', 'off')


def tls_settings(params, environ=None):
    """Resolve TLS options like the docker CLI: options, then DOCKER_CERT_PATH files."""
    environ = os.environ if environ is None else environ
    cert_dir = environ.get('DOCKER_CERT_PATH')
    settings = {}
    for option, filename in TLS_FILES:
        value = params.get(option)
        if not value and cert_dir and os.path.exists(os.path.join(cert_dir, filename)):
            value = os.path.join(cert_dir, filename)
        settings[option] = value
    verify = params.get('validate_certs')
    settings['validate_certs'] = _truthy(verify) if verify is not None else False
    use_tls = params.get('tls')
    settings['tls'] = (_truthy(use_tls) if use_tls is not None else False) or settings['validate_certs']
    return settings


def client_from_params(params):
    """Build a client from the connection options (no network traffic yet)."""
    params = resolve_context(params)
    tls = tls_settings(params)
    return DockerClient(
        docker_host=params.get('docker_host'),
        timeout=params.get('timeout'),
        api_version=params.get('api_version'),
        **tls
    )
