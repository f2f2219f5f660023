# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Top-level networks, volumes, configs and secrets of a Compose file, and the merge rules.

Canonical shapes (every one also has `name`, the daemon-side name, set by compose_file):

    networks.N: {driver, driver_opts, attachable, enable_ipv6, internal, labels, external: bool,
                 ipam: {driver, config: [{subnet, ip_range, gateway, aux_addresses}], options}}
    volumes.N:  {driver, driver_opts, labels, external: bool}
    configs.N / secrets.N: {file (absolute path) | environment (a variable name) + content | content,
                            external: bool, labels, template_driver}
"""

import copy

from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.compose.keys import UnsupportedKey
from ansible_collections.dockyard.docker.plugins.module_utils.compose.values import (
    boolean, each, host_path, keyed, label_map, text)

# Sequences replaced, not appended, when a later file (or extends) sets them.
REPLACED = frozenset(['command', 'entrypoint', 'healthcheck.test'])
# Sequences merged by a key: a later entry with the same key replaces the earlier one.
UNIQUE_BY = {
    'ports': lambda port: (port.get('host_ip'), port.get('target'), port.get('published'), port.get('protocol')),
    'volumes': lambda volume: volume.get('target'),
    'configs': lambda reference: reference.get('source'),
    'secrets': lambda reference: reference.get('source'),
}


def merge_values(base, override, path=''):
    """Compose's merge rules: mappings merge, sequences append (some replace, some merge by key)."""
    if isinstance(base, dict) and isinstance(override, dict):
        merged = dict(base)
        for key, value in override.items():
            where = '%s.%s' % (path, key) if path else key
            merged[key] = merge_values(base[key], value, where) if key in base else copy.deepcopy(value)
        return merged
    if isinstance(base, list) and isinstance(override, list):
        if path in REPLACED:
            return copy.deepcopy(override)
        if path in UNIQUE_BY:
            key_of = UNIQUE_BY[path]
            keys = [key_of(entry) for entry in override]
            return [entry for entry in base if key_of(entry) not in keys] + copy.deepcopy(override)
        return base + [entry for entry in override if entry not in base]
    return copy.deepcopy(override)


def _external(value, path):
    """external: true, or the legacy external: {name: N} (returned as a name)."""
    if isinstance(value, dict):
        return keyed(value, path, {'name': text}, required=('name',))['name']
    return boolean(value, path)


def _ipam_config(value, path):
    return keyed(value, path, {'subnet': text, 'ip_range': text, 'gateway': text, 'aux_addresses': label_map})


def _ipam(value, path):
    return keyed(value, path, {'driver': text, 'config': each(_ipam_config), 'options': label_map})


def _file_reader(context):
    return lambda value, path: host_path(value, path, context.base_dir)


def _readers(kind, context):
    common = {'name': text, 'labels': label_map, 'external': _external}
    if kind == 'networks':
        common.update(driver=text, driver_opts=label_map, attachable=boolean, enable_ipv6=boolean,
                      internal=boolean, ipam=_ipam)
    elif kind == 'volumes':
        common.update(driver=text, driver_opts=label_map)
    else:
        common.update(file=_file_reader(context), environment=text)
        if kind == 'configs':
            common.update(content=text, template_driver=text)
    return common


def read_resources(kind, value, context):
    """One top-level section (networks, volumes, configs or secrets) of one file."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise SpecError(kind, value, 'give a mapping of names to settings')
    readers = _readers(kind, context)
    result = {}
    for name, entry in value.items():
        path = '%s.%s' % (kind, name)
        entry = entry or {}
        if not isinstance(entry, dict):
            raise SpecError(path, entry, 'give a mapping of settings (or nothing)')
        for key in entry:
            if key in readers and '%s.%s' % (kind, key) not in context.allowed:
                raise UnsupportedKey('%s.%s' % (path, key), key, context.consumer)
        found = keyed(entry, path, readers)
        if isinstance(found.get('external'), str):
            found['name'] = found['external']
            found['external'] = True
        result[str(name)] = found
    return result


def finish_resources(kind, resources, project_name, environ):
    """Daemon-side names (<project>_<key> unless external or named) and the checks across keys."""
    for key, resource in resources.items():
        path = '%s.%s' % (kind, key)
        resource.setdefault('external', False)
        if 'name' not in resource:
            resource['name'] = key if resource['external'] else '%s_%s' % (project_name, key)
        if kind in ('configs', 'secrets') and not resource['external']:
            sources = [source for source in ('file', 'environment', 'content') if source in resource]
            if len(sources) != 1:
                raise SpecError(path, key, 'give exactly one of file, environment%s (or external: true)'
                                % (', content' if kind == 'configs' else ''))
            if 'environment' in resource:
                resource['content'] = environ.get(resource['environment'])
                if resource['content'] is None:
                    raise SpecError(path + '.environment', resource['environment'], 'the variable is not set')
    return resources
