# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Compose files -> one canonical project model (pure: files and environment, no daemon).

    project = load_project(files=['compose.yaml', 'prod.yaml'], project_dir='/srv/app',
                           allowed_keys=COMPOSE_KEYS)

The model is the one `docker compose config` prints, as plain dicts:

    name, working_dir (absolute), config_files (absolute paths; '<definition>' for inline YAML)
    services.S:
        image, build: {context (absolute), dockerfile, args, target, labels, ...}
        command / entrypoint: [str] (a string is split as a shell would; None unsets)
        environment: {str: str | None}   (env_file entries first, environment over them; a bare
                                          KEY takes its value from the project environment)
        ports: [{target: int, published: str ('' = any port), host_ip: str ('' = all), protocol, mode}]
        expose: ['80/tcp', ...]
        volumes: [{type: volume | bind | tmpfs, source, target, read_only, bind: {...}, volume: {...}, tmpfs: {...}}]
        depends_on: {S2: {condition, required, restart}}
        networks: {N: {aliases, ipv4_address, ...}}   (absent when network_mode is set)
        healthcheck: {test: [str], interval, timeout, start_period, retries}
        configs / secrets: [{source, target, uid, gid, mode}]
        deploy: see compose/deploy.py; other keys: see compose_service.SERVICE_READERS
    networks / volumes / configs / secrets: see compose/resources.py (each with its daemon `name`)

Anything invalid raises SpecError whose option is the key path: `services.web.ports[0]`. A key the
Compose specification lacks raises UnknownKey (`services.web.imgae: unknown key; did you mean image?`);
valid Compose this consumer does not support (`allowed_keys`, a set of key paths such as
'services.ports', 'services.deploy.replicas', 'networks.driver') raises UnsupportedKey
(`valid Compose, not supported by CONSUMER: services.web.develop`); both are in compose/keys.py.

Each file's `include:` (compose/include.py) adds the resources of the projects it names to that file
first; files then merge in order by Compose's rules (mappings merge; ports, volumes, configs and secrets
merge by their key; command, entrypoint and healthcheck.test replace; other lists append); `extends`
(same file, an included service, or `file:`) merges a base service under the local one; profiles leave
out the services of profiles not enabled. Interpolation: compose/interpolate.py; the environment is `environ`
(default os.environ) over the `.env` file of project_dir, or over `env_files` when given.
"""

import copy
import os
import re

from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.compose.interpolate import interpolate, read_env_file
from ansible_collections.dockyard.docker.plugins.module_utils.compose.checks import finish_project
from ansible_collections.dockyard.docker.plugins.module_utils.compose.deploy import DEPLOY_KEYS, read_deploy
from ansible_collections.dockyard.docker.plugins.module_utils.compose.include import (
    KINDS, import_resources, included_environment, read_includes, refuse_cycle)
from ansible_collections.dockyard.docker.plugins.module_utils.compose.keys import UnsupportedKey, check_keys
from ansible_collections.dockyard.docker.plugins.module_utils.compose.resources import (
    finish_resources, merge_values, read_resources)
from ansible_collections.dockyard.docker.plugins.module_utils.compose.service import SERVICE_KEYS, SERVICE_READERS
from ansible_collections.dockyard.docker.plugins.module_utils.compose.yaml_schema import load_yaml_file, load_yaml_text

__all__ = ['load_project', 'ALL_KEYS', 'SpecError', 'DEFAULT_FILES']

DEFAULT_FILES = ('compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml')
SECTIONS = ('networks', 'volumes', 'configs', 'secrets')
TOP_KEYS = ('name', 'version', 'services', 'include') + SECTIONS
RESOURCE_KEYS = {
    'networks': ('name', 'labels', 'external', 'driver', 'driver_opts', 'attachable', 'enable_ipv6', 'internal', 'ipam'),
    'volumes': ('name', 'labels', 'external', 'driver', 'driver_opts'),
    'configs': ('name', 'labels', 'external', 'file', 'environment', 'content', 'template_driver'),
    'secrets': ('name', 'labels', 'external', 'file', 'environment'),
}
ALL_KEYS = frozenset(list(TOP_KEYS) + ['services.' + key for key in SERVICE_KEYS]
                     + ['services.deploy.' + key for key in DEPLOY_KEYS]
                     + ['%s.%s' % (kind, key) for kind, keys in RESOURCE_KEYS.items() for key in keys])
_PROJECT_NAME = re.compile(r'^[a-z0-9][a-z0-9_-]*$')
_NAME = re.compile(r'^[A-Za-z0-9][A-Za-z0-9_.-]*\Z')


class Context:
    """What reading one file needs: where relative paths start, the environment, what is allowed."""

    def __init__(self, base_dir, environ, allowed, consumer):
        self.base_dir = base_dir
        self.environ = environ
        self.allowed = allowed
        self.consumer = consumer


def _short(value, key):
    return key if isinstance(value, (dict, list)) else value


def _key_name(key):
    """A key as the option of an error: as written when it is a name, else quoted (':', '', 3)."""
    return key if isinstance(key, str) and _NAME.match(key) else repr(key)


def read_service(raw, path, context):
    """One service's keys -> canonical values (extends is resolved before this)."""
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise SpecError(path, raw, 'give a mapping of service settings')
    service = {}
    for key, value in raw.items():
        where = '%s.%s' % (path, key)
        if isinstance(key, str) and key.startswith('x-'):
            continue
        if key not in SERVICE_KEYS or 'services.' + key not in context.allowed:
            raise UnsupportedKey(where, _short(value, key), context.consumer)
        if key == 'extends':
            continue
        reader = read_deploy if key == 'deploy' else SERVICE_READERS[key]
        service[key] = reader(value, where, context)
    return service


def _extends_target(value, path):
    if isinstance(value, str):
        return value, None
    if not isinstance(value, dict) or not isinstance(value.get('service'), str):
        raise SpecError(path, value, 'give a service name, or a mapping with service and an optional file')
    unknown = set(value) - set(['service', 'file'])
    if unknown:
        raise SpecError('%s.%s' % (path, sorted(unknown)[0]), value, 'extends takes service and file')
    return value['service'], value.get('file')


class _Source:
    """One file's interpolated services, and how to resolve the extends of each."""

    def __init__(self, label, document, context, loader):
        self.label = label
        self.document = document
        self.context = context
        self.loader = loader
        raw = document.get('services') or {}
        if not isinstance(raw, dict):
            raise SpecError('services', raw, 'give a mapping of service names to settings')
        self.raw = raw
        self.imported = {}  # the services of its includes, which extends may name too

    def service(self, name, path, chain=()):
        if name not in self.raw and name in self.imported:
            return copy.deepcopy(self.imported[name])
        if name not in self.raw:
            raise SpecError(path, name, 'no service of that name in %s' % self.label)
        if (self.label, name) in chain:
            raise SpecError(path, name, 'extends makes a cycle')
        raw = self.raw[name]
        where = 'services.%s' % name
        service = read_service(raw, where, self.context)
        if isinstance(raw, dict) and 'extends' in raw:
            base_name, base_file = _extends_target(raw['extends'], where + '.extends')
            source = self if base_file is None else self.loader(base_file, self.context, where + '.extends.file')
            base = source.service(base_name, where + '.extends', chain + ((self.label, name),))
            service = merge_values(base, service)
        return service


def _merge_models(models):
    """Several files' models (an include's path list) merged in order, by the rules of several files."""
    merged = dict((kind, {}) for kind in KINDS)
    for model in models:
        for kind in KINDS:
            for name, value in model[kind].items():
                merged[kind][name] = merge_values(merged[kind][name], value) if name in merged[kind] else value
    return merged


class _Loader:
    """Reads each file once (extends may name one several times), and the includes of each."""

    def __init__(self, environ, allowed, consumer):
        self.environ = environ
        self.allowed = allowed
        self.consumer = consumer
        self.sources = {}

    def document(self, label, document, base_dir, environ=None):
        """environ: None for the task's own files (the project environment, errors without the file's name)."""
        if not isinstance(document, dict):  # the value is not quoted: the file may be anything (a password file)
            raise SpecError(label, '<%s>' % type(document).__name__, 'a Compose file is a mapping with services, networks, ...')
        check_keys(document, None if environ is None else label)
        environ = self.environ if environ is None else environ
        for key, value in document.items():
            if isinstance(key, str) and key.startswith('x-'):
                continue
            if key not in TOP_KEYS or key not in self.allowed:
                raise UnsupportedKey(_key_name(key), _short(value, key), self.consumer)
        document = interpolate(dict((key, value) for key, value in document.items()
                                    if not (isinstance(key, str) and key.startswith('x-'))), environ)
        return _Source(label, document, Context(base_dir, environ, self.allowed, self.consumer), self.file)

    def file(self, path, context, option='files'):
        path = os.path.normpath(os.path.join(context.base_dir, os.path.expanduser(str(path))))
        key = (path, tuple(sorted(context.environ.items())))
        if key not in self.sources:
            self.sources[key] = self.document(path, load_yaml_file(path, option), os.path.dirname(path), context.environ)
        return self.sources[key]

    def register(self, source):
        """A file read as a project file: an extends naming it by path uses this reading."""
        self.sources.setdefault((source.label, tuple(sorted(source.context.environ.items()))), source)

    def model(self, source, chain):
        """{kind: {name: definition}} of one file with its includes, and {(kind, name): file} of each."""
        model = dict((kind, {}) for kind in KINDS)
        origins = {}
        for include in read_includes(source.document.get('include'), 'include', source.context.base_dir, self.consumer):
            refuse_cycle(include, chain)
            environ = included_environment(include, source.context.environ)
            parts = []
            for index, path in enumerate(include.files):
                option = '%s.path[%d] (%s)' % (include.option, index, path)
                included = self.document(path, load_yaml_file(path, option), include.project_dir, environ)
                self.register(included)
                parts.append(self.model(included, chain + (path,))[0])
            included = _merge_models(parts)
            import_resources(model, origins, included,
                             dict(((kind, name), include.files[0]) for kind in KINDS for name in included[kind]))
        source.imported = dict(model['services'])
        own = {'services': dict((name, source.service(name, 'services.%s' % name)) for name in source.raw)}
        own.update((kind, read_resources(kind, source.document.get(kind), source.context)) for kind in SECTIONS)
        import_resources(model, origins, own, dict(((kind, name), source.label) for kind in KINDS for name in own[kind]))
        return model, origins


def _environment(project_dir, env_files, environ):
    """The project environment: env files (or .env) under the given environ (environ wins)."""
    values = {}
    if env_files is None:
        default = os.path.join(project_dir, '.env')
        env_files = [default] if os.path.isfile(default) else []
    for index, path in enumerate(env_files):
        found = read_env_file(os.path.join(project_dir, path), environ, 'env_files[%d]' % index)
        values.update((key, value) for key, value in found.items() if value is not None)
    values.update(environ)
    return values


def _project_name(explicit, environ, documents, project_dir):
    if explicit:
        if not _PROJECT_NAME.match(explicit):
            raise SpecError('project_name', explicit, 'lowercase letters, digits, _ and -, starting with a letter or digit')
        return explicit
    for source in ([environ.get('COMPOSE_PROJECT_NAME')] + [doc.get('name') for doc in reversed(documents)]):
        if source:
            return _project_name(str(source), environ, documents, project_dir)
    derived = re.sub(r'[^a-z0-9_-]', '', os.path.basename(os.path.abspath(project_dir)).lower()).lstrip('_-')
    if not derived:
        raise SpecError('project_name', os.path.basename(project_dir), 'cannot derive a project name from the folder; give project_name')
    return derived


def _config_files(files, definition, project_dir):
    if definition is not None:
        return []
    if files:
        return [os.path.normpath(os.path.join(project_dir, os.path.expanduser(str(path)))) for path in files]
    for name in DEFAULT_FILES:
        path = os.path.join(project_dir, name)
        if os.path.isfile(path):
            stem, ext = os.path.splitext(path)
            override = stem + '.override' + ext
            return [path] + ([override] if os.path.isfile(override) else [])
    raise SpecError('project_src', project_dir, 'no %s in this folder' % ' / '.join(DEFAULT_FILES))


def load_project(files=None, definition=None, project_dir=None, project_name=None, env_files=None,
                 profiles=None, environ=None, allowed_keys=ALL_KEYS, consumer='this module', services=None):
    """Read, interpolate, merge and check a Compose project; return the canonical model (above).

    files: paths merged in order (relative to project_dir); definition: inline YAML text or an
    already parsed mapping (instead of files); project_dir: where relative paths and .env start
    (default: the first file's folder, else the current one); env_files: replace .env;
    profiles: enabled profiles (default COMPOSE_PROFILES); environ: the environment (default
    os.environ); allowed_keys: the key paths the consumer supports (default all the parser
    knows, ALL_KEYS); consumer: names it in refusals; services: services asked for by name,
    whose profiles are enabled as `docker compose up SERVICE` does.
    """
    try:
        return _load(files, definition, project_dir, project_name, env_files, profiles, environ, allowed_keys,
                     consumer, services)
    except UnsupportedKey as error:
        error.consumer = error.consumer or consumer  # a reader that found it did not know the consumer
        raise


def _load(files, definition, project_dir, project_name, env_files, profiles, environ, allowed_keys, consumer, services):
    environ = dict(os.environ if environ is None else environ)
    if project_dir is None:
        project_dir = os.path.dirname(os.path.abspath(str(files[0]))) if files else os.getcwd()
    project_dir = os.path.abspath(os.path.expanduser(project_dir))
    allowed = frozenset(allowed_keys)
    config_files = _config_files(files, definition, project_dir)
    env = _environment(project_dir, env_files, environ)
    raw_documents = [_parse_definition(definition)] if definition is not None else \
        [load_yaml_file(path, 'files[%d]' % index) for index, path in enumerate(config_files)]
    name = _project_name(project_name, env, [doc for doc in raw_documents if isinstance(doc, dict)], project_dir)
    env.setdefault('COMPOSE_PROJECT_NAME', name)
    loader = _Loader(env, allowed, consumer)
    labels = config_files or ['<definition>']
    merged = dict((kind, {}) for kind in KINDS)
    for label, document in zip(labels, raw_documents):
        source = loader.document(label, document, project_dir)
        loader.register(source)
        model = loader.model(source, (label,))[0]
        for service_name, service in model['services'].items():
            known = merged['services'].get(service_name)
            merged['services'][service_name] = merge_values(known, service) if known is not None else service
        for kind in SECTIONS:
            merged[kind] = merge_values(merged[kind], model[kind])
    project = {'name': name, 'working_dir': project_dir, 'config_files': labels}
    project.update(merged)
    return _finish(project, env, _profiles(profiles, env), services or [])


def _parse_definition(definition):
    if isinstance(definition, dict):
        return copy.deepcopy(definition)
    if isinstance(definition, str):
        return load_yaml_text(definition, 'definition')
    raise SpecError('definition', _short(definition, 'definition'), 'give Compose YAML text or a mapping')


def _profiles(profiles, env):
    if profiles is None:
        profiles = [item for item in (env.get('COMPOSE_PROFILES') or '').split(',') if item]
    return set(profiles)


def _finish(project, env, profiles, asked):
    for kind in SECTIONS:
        finish_resources(kind, project[kind], project['name'], env)
    return finish_project(project, env, profiles, asked)
