# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The `registry_mirror` module: one entry of daemon.json's registry-mirrors, other entries and keys
untouched; reading, writing and the restart decision are daemon_config's."""

from ansible_collections.dockyard.docker.plugins.module_utils.host.daemon_config import (
    converge_file,
    file_argument_spec,
    file_lock,
    mirror_url,
    read_file,
)


def registry_mirror_argument_spec():
    return file_argument_spec(url=dict(type='str', required=True),
                              state=dict(type='str', default='present', choices=['present', 'absent']))


def mirror_list(config):
    return list(config.get('registry-mirrors') or [])


def with_mirror(config, url, present):
    """config with url added to (or removed from) registry-mirrors, other entries untouched."""
    mirrors = mirror_list(config)
    known = [entry.rstrip('/') for entry in mirrors]
    if present and url not in known:
        mirrors.append(url)
    if not present:
        mirrors = [entry for entry, bare in zip(mirrors, known) if bare != url]
    updated = dict(config)
    if mirrors:
        updated['registry-mirrors'] = mirrors
    else:
        updated.pop('registry-mirrors', None)
    return updated


def run_registry_mirror(module):
    """The registry_mirror module's task: add or remove one mirror, other entries untouched."""
    params = module.params
    url = mirror_url('url', params['url'])
    with file_lock(module):
        current = read_file(params)
        after = with_mirror(current.config, url, params['state'] == 'present')
        converge_file(module, current, after, dict(registry_mirrors=mirror_list(after)))
