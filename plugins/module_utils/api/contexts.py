# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The docker CLI's contexts (docker context create / use), read from its context store as the CLI reads it.

    $DOCKER_CONFIG (default ~/.docker)/config.json           currentContext: the context of `docker context use`
    .../contexts/meta/<sha256 of the name>/meta.json          Name, Metadata.Description, Endpoints.docker.Host and
                                                              .SkipTLSVerify
    .../contexts/tls/<sha256 of the name>/docker/             ca.pem, cert.pem, key.pem

Which context a task uses, as the CLI decides: the task's docker_context; else none when a daemon address
is given (docker_host, or DOCKER_HOST); else DOCKER_CONTEXT; else currentContext; else `default`, which
is DOCKER_HOST or the local socket. No daemon is asked anything.
"""

import hashlib
import json
import os

from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError

DEFAULT_CONTEXT = 'default'
TLS_FILES = (('ca_path', 'ca.pem'), ('client_cert', 'cert.pem'), ('client_key', 'key.pem'))


def config_dir(environ=None):
    environ = os.environ if environ is None else environ
    return environ.get('DOCKER_CONFIG') or os.path.expanduser('~/.docker')


class Context:
    """One context of the store: where its daemon is and the TLS material the CLI keeps for it."""

    def __init__(self, name, meta, meta_path, tls_path):
        endpoint = ((meta.get('Endpoints') or {}).get('docker') or {})
        self.name = name
        self.description = ((meta.get('Metadata') or {}).get('Description')) or ''
        self.docker_host = endpoint.get('Host') or None
        self.skip_tls_verify = bool(endpoint.get('SkipTLSVerify'))
        self.meta_path = meta_path  # the context's folder of the store's meta part
        self.tls_path = tls_path    # its folder of the TLS part (one subfolder per endpoint), or None
        endpoint_tls = os.path.join(tls_path, 'docker') if tls_path else ''
        self.tls_files = dict((option, os.path.join(endpoint_tls, filename)) for option, filename in TLS_FILES
                              if endpoint_tls and os.path.isfile(os.path.join(endpoint_tls, filename)))

    def connection(self):
        """The connection options this context stands for (TLS when the store holds TLS material)."""
        tls = bool(self.tls_files)
        return dict(self.tls_files, docker_host=self.docker_host, tls=tls,
                    validate_certs=tls and 'ca_path' in self.tls_files and not self.skip_tls_verify)


def context_folder_id(name):
    return hashlib.sha256(name.encode('utf-8')).hexdigest()


def read_context(name, folder):
    """The context `name` of the store under folder; SpecError when there is none of that name."""
    ident = context_folder_id(name)
    meta_path = os.path.join(folder, 'contexts', 'meta', ident)
    meta = _read_json(os.path.join(meta_path, 'meta.json'), 'docker_context')
    if meta is None:
        raise SpecError('docker_context', name, 'no such context in %s (docker context ls lists them)'
                        % os.path.join(folder, 'contexts'))
    tls_path = os.path.join(folder, 'contexts', 'tls', ident)
    return Context(name, meta, meta_path, tls_path if os.path.isdir(tls_path) else None)


def list_contexts(folder):
    """Every context of the store, by name (the `default` context is not stored: it is not listed here)."""
    meta_root = os.path.join(folder, 'contexts', 'meta')
    found = []
    for ident in sorted(os.listdir(meta_root)) if os.path.isdir(meta_root) else []:
        meta = _read_json(os.path.join(meta_root, ident, 'meta.json'), 'docker_context')
        if meta and meta.get('Name'):
            found.append(read_context(meta['Name'], folder))
    return sorted(found, key=lambda context: context.name)


def chosen_context(params, environ=None):
    """The name of the context a task's connection options choose, as the docker CLI would choose it."""
    environ = os.environ if environ is None else environ
    if params.get('docker_context'):
        return params['docker_context']
    if params.get('docker_host') or environ.get('DOCKER_HOST'):
        return DEFAULT_CONTEXT
    if environ.get('DOCKER_CONTEXT'):
        return environ['DOCKER_CONTEXT']
    config = _read_json(os.path.join(config_dir(environ), 'config.json'), 'config.json') or {}
    return config.get('currentContext') or DEFAULT_CONTEXT


def resolve_context(params, environ=None):
    """params with the daemon address and TLS settings of the chosen context filled in; the options the
    task gives itself win. A docker_host the task gives beside docker_context is refused, as the CLI
    refuses --host beside --context (one that only repeats DOCKER_HOST is not the task's own)."""
    environ = os.environ if environ is None else environ
    name = chosen_context(params, environ)
    if name == DEFAULT_CONTEXT:
        return params
    if params.get('docker_context') and own_docker_host(params, environ):
        raise SpecError('docker_host', params['docker_host'],
                        'give either docker_host or docker_context (%s), not both' % params['docker_context'])
    resolved = dict(params)
    for option, value in read_context(name, config_dir(environ)).connection().items():
        if option == 'docker_host' or params.get(option) is None:
            resolved[option] = value
    return resolved


def own_docker_host(params, environ=None):
    """The task's docker_host, or None when it has none or, beside a docker_context, only repeats DOCKER_HOST:
    the context then wins, as the CLI's --context wins over DOCKER_HOST."""
    environ = os.environ if environ is None else environ
    host = params.get('docker_host')
    return None if params.get('docker_context') and host == environ.get('DOCKER_HOST') else host


def _read_json(path, what):
    try:
        with open(path, 'r') as handle:
            text = handle.read()
    except (IOError, OSError):
        return None
    try:
        data = json.loads(text) if text.strip() else {}
    except ValueError as exc:
        raise SpecError(what, path, 'not valid JSON (%s); fix or remove it' % exc)
    return data if isinstance(data, dict) else {}
