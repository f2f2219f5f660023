# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""`--mount` entries (community.docker's `mounts` dicts) -> HostConfig.Mounts, as inspect shows them."""

from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError, entry_list
from ansible_collections.dockyard.docker.plugins.module_utils.specs.policies import labels, option_names
from ansible_collections.dockyard.docker.plugins.module_utils.specs.sizes import parse_size

TYPES = ('bind', 'volume', 'tmpfs')
PROPAGATIONS = ('private', 'rprivate', 'shared', 'rshared', 'slave', 'rslave')
CONSISTENCIES = ('cached', 'consistent', 'default', 'delegated')
# key: (types it applies to, where it goes)
ONLY_FOR = {'propagation': ('bind',), 'no_copy': ('volume',), 'labels': ('volume',), 'volume_driver': ('volume',),
            'volume_options': ('volume',), 'tmpfs_size': ('tmpfs',), 'tmpfs_mode': ('tmpfs',)}
KEYS = frozenset(['target', 'source', 'type', 'read_only', 'consistency']) | frozenset(ONLY_FOR)


def _check(option, entry):
    if not isinstance(entry, dict) or set(entry) - KEYS:
        raise SpecError(option, entry, 'each entry is a dict with ' + ', '.join(sorted(KEYS)))
    kind = entry.get('type') or 'volume'
    if kind not in TYPES:
        raise SpecError('%s.type' % option, kind, 'accepted are ' + ', '.join(TYPES))
    if not str(entry.get('target') or '').startswith('/'):
        raise SpecError('%s.target' % option, entry.get('target'), 'give an absolute path in the container')
    for key, types in ONLY_FOR.items():
        if entry.get(key) is not None and kind not in types:
            raise SpecError('%s.%s' % (option, key), entry[key], 'only applies to type %s' % ' or '.join(types))
    if kind == 'bind' and not str(entry.get('source') or '').startswith('/'):
        raise SpecError('%s.source' % option, entry.get('source'), 'a bind mount needs an absolute host path')
    if kind == 'tmpfs' and entry.get('source'):
        raise SpecError('%s.source' % option, entry['source'], 'a tmpfs mount has no source')
    if entry.get('propagation') is not None and entry['propagation'] not in PROPAGATIONS:
        raise SpecError('%s.propagation' % option, entry['propagation'], 'accepted are ' + ', '.join(PROPAGATIONS))
    if entry.get('consistency') is not None and entry['consistency'] not in CONSISTENCIES:
        raise SpecError('%s.consistency' % option, entry['consistency'], 'accepted are ' + ', '.join(CONSISTENCIES))
    return kind


def _tmpfs_mode(option, value):
    try:
        return int(str(value), 8)
    except ValueError:
        raise SpecError('%s.tmpfs_mode' % option, value, 'give an octal mode such as 1777')


def mount(option, entry):
    kind = _check(option, entry)
    result = {'Type': kind, 'Target': entry['target']}
    if entry.get('source'):
        result['Source'] = str(entry['source'])
    if entry.get('read_only'):
        result['ReadOnly'] = True
    if entry.get('consistency'):
        result['Consistency'] = entry['consistency']
    if entry.get('propagation'):
        result['BindOptions'] = {'Propagation': entry['propagation']}
    volume = {}
    if entry.get('no_copy'):
        volume['NoCopy'] = True
    if entry.get('labels'):
        volume['Labels'] = labels('%s.labels' % option, entry['labels'])
    if entry.get('volume_driver') or entry.get('volume_options'):
        volume['DriverConfig'] = dict((key, value) for key, value in (
            ('Name', entry.get('volume_driver')),
            ('Options', option_names('%s.volume_options' % option, entry.get('volume_options')))) if value)
    if volume:
        result['VolumeOptions'] = volume
    tmpfs = {}
    if entry.get('tmpfs_size') is not None:
        tmpfs['SizeBytes'] = parse_size('%s.tmpfs_size' % option, entry['tmpfs_size'])
    if entry.get('tmpfs_mode') is not None:
        tmpfs['Mode'] = _tmpfs_mode(option, entry['tmpfs_mode'])
    if tmpfs:
        result['TmpfsOptions'] = tmpfs
    return result


def mounts(option, value):
    result = [mount(option, entry) for entry in entry_list(option, value or [], 'give a list of mount dicts')]
    targets = [item['Target'] for item in result]
    if len(set(targets)) != len(targets):
        raise SpecError(option, targets, 'each target may appear once')
    return result
