# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The last steps of loading a Compose project: profiles, env_file, default network, and the
checks across keys (every reference names something declared; depends_on has no cycle)."""

import os

from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.compose.interpolate import read_env_file
from ansible_collections.dockyard.docker.plugins.module_utils.compose.service import volumes_from_source


def _active(services, profiles, asked):
    for name in asked:
        if name not in services:
            raise SpecError('services', name, 'no such service; the project has ' + ', '.join(sorted(services)))
        profiles = profiles | set(services[name].get('profiles') or [])
    return dict((name, service) for name, service in services.items()
                if not service.get('profiles') or '*' in profiles or profiles & set(service['profiles']))


def _dependencies(name, service, active, declared):
    depends_on = service.get('depends_on') or {}
    started = {'condition': 'service_started', 'required': True, 'restart': False}
    mode = service.get('network_mode') or ''
    for prefix in ('service:',):
        if mode.startswith(prefix):
            depends_on.setdefault(mode[len(prefix):], dict(started))
    for index, entry in enumerate(service.get('volumes_from') or []):
        kind, other, _mode = volumes_from_source(entry)
        if kind == 'service':
            if other not in declared:
                raise SpecError('services.%s.volumes_from[%d]' % (name, index), entry,
                                'no such service; the project has ' + ', '.join(sorted(declared)))
            depends_on.setdefault(other, dict(started))  # its container must exist first, as Compose orders it
    for other in list(depends_on):
        path = 'services.%s.depends_on.%s' % (name, other)
        if other not in declared:
            raise SpecError(path, other, 'no such service')
        if other not in active:
            if depends_on[other]['required']:
                raise SpecError(path, other, 'that service is not enabled (its profiles are not); enable one or set required: false')
            del depends_on[other]
    if depends_on:
        service['depends_on'] = depends_on
    else:
        service.pop('depends_on', None)


def _environment(name, service, environ):
    found = {}
    for index, entry in enumerate(service.pop('env_file', None) or []):
        if not entry['required'] and not os.path.exists(entry['path']):
            continue
        values = read_env_file(entry['path'], environ, 'services.%s.env_file[%d]' % (name, index))
        found.update((key, value) for key, value in values.items() if value is not None)
    found.update(service.get('environment') or {})
    if found or 'environment' in service:
        service['environment'] = found


def _references(name, service, project):
    for network in service.get('networks') or {}:
        if network != 'default' and network not in project['networks']:
            raise SpecError('services.%s.networks.%s' % (name, network), network, 'the network is not declared in networks')
    for index, volume in enumerate(service.get('volumes') or []):
        source = volume.get('source')
        if volume['type'] == 'volume' and source and source not in project['volumes']:
            raise SpecError('services.%s.volumes[%d].source' % (name, index), source, 'the volume is not declared in volumes')
    for kind in ('configs', 'secrets'):
        for index, reference in enumerate(service.get(kind) or []):
            if reference['source'] not in project[kind]:
                raise SpecError('services.%s.%s[%d].source' % (name, kind, index), reference['source'],
                                'not declared in %s' % kind)
    if 'image' not in service and 'build' not in service:
        raise SpecError('services.%s' % name, name, 'a service needs an image or a build')


def _check_cycles(services):
    done = set()

    def visit(name, chain):
        if name in chain:
            raise SpecError('services.%s.depends_on' % name, ' -> '.join(chain + (name,)), 'depends_on makes a cycle')
        if name in done:
            return
        for other in services[name].get('depends_on') or {}:
            visit(other, chain + (name,))
        done.add(name)

    for name in services:
        visit(name, ())


def _used(project):
    """Leave out declared networks, volumes, configs, secrets no enabled service uses (as `up` does)."""
    used = dict((kind, set()) for kind in ('networks', 'volumes', 'configs', 'secrets'))
    for service in project['services'].values():
        used['networks'].update(service.get('networks') or {})
        used['volumes'].update(volume.get('source') for volume in service.get('volumes') or [] if volume['type'] == 'volume')
        for kind in ('configs', 'secrets'):
            used[kind].update(reference['source'] for reference in service.get(kind) or [])
    for kind, names in used.items():
        project[kind] = dict((key, value) for key, value in project[kind].items() if key in names)


def finish_project(project, environ, profiles, asked):
    declared = project['services']
    active = _active(declared, profiles, asked)
    for name, service in active.items():
        _dependencies(name, service, active, declared)
        _environment(name, service, environ)
        if 'network_mode' in service and service.get('networks'):
            raise SpecError('services.%s.networks' % name, list(service['networks']), 'network_mode and networks cannot be combined')
        if 'network_mode' not in service and not service.get('networks'):
            service['networks'] = {'default': {}}
        _references(name, service, project)
    _check_cycles(active)
    project['services'] = active
    if any('default' in (service.get('networks') or {}) for service in active.values()):
        project['networks'].setdefault('default', {'name': '%s_default' % project['name'], 'external': False})
    _used(project)
    return project
