# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The `host_info` module: docker info and docker version, the registry mirrors in use, and on
request the disk use of images, containers, volumes and the build cache (docker system df)."""

from ansible_collections.dockyard.docker.plugins.module_utils.core.state import wrap
from ansible_collections.dockyard.docker.plugins.module_utils.core.walks import read_walk


def host_info_argument_spec():
    return dict(disk_usage=dict(type='bool', default=False))


def read_host(client):
    info = wrap('read docker info', client.get, '/info')
    version = wrap('read docker version', client.server_version)
    mirrors = (info.get('RegistryConfig') or {}).get('Mirrors') or []
    return dict(changed=False, info=info, version=version, registry_mirrors=mirrors)


def _usage(count, active, size, reclaimable):
    return {'count': count, 'active': active, 'size': size, 'reclaimable': reclaimable,
            'reclaimable_percent': round(100.0 * reclaimable / size, 1) if size else 0.0}


def image_usage(images, layers_size):
    """As `docker system df`: the size is the layers on disk; what no container uses is reclaimable."""
    used = [image for image in images if image.get('Containers', 0) > 0]
    in_use = 0
    for image in used:
        size = image.get('VirtualSize', image.get('Size', -1))  # API 1.44 dropped VirtualSize
        shared = image.get('SharedSize', -1)
        if size != -1 and shared != -1:
            in_use += size - shared
    if layers_size is None:
        layers_size = sum(max(image.get('Size') or 0, 0) for image in images)
    return _usage(len(images), len(used), layers_size, max(layers_size - in_use, 0))


def container_usage(containers):
    """Writable layers; those of containers not running are reclaimable."""
    size = sum(container.get('SizeRw') or 0 for container in containers)
    idle = sum(container.get('SizeRw') or 0 for container in containers if container.get('State') != 'running')
    running = len([container for container in containers if container.get('State') == 'running'])
    return _usage(len(containers), running, size, idle)


def volume_usage(volumes):
    """Volume contents (-1: not measured); volumes no container references are reclaimable."""
    size = unused = active = 0
    for volume in volumes:
        data = volume.get('UsageData') or {}
        measured = max(data.get('Size', -1), 0)
        size += measured
        if data.get('RefCount', 0) > 0:
            active += 1
        else:
            unused += measured
    return _usage(len(volumes), active, size, unused)


def build_cache_usage(records):
    """Build cache records; shared ones are counted once (in the images), those in use are not reclaimable."""
    own = [record for record in records if not record.get('Shared')]
    size = sum(record.get('Size') or 0 for record in own)
    idle = sum(record.get('Size') or 0 for record in own if not record.get('InUse'))
    active = len([record for record in records if record.get('InUse')])
    return _usage(len(records), active, size, idle)


def read_disk_usage(client):
    data = read_walk(client, 'read the disk usage (docker system df)', '/system/df') or {}
    usage = {
        'images': image_usage(data.get('Images') or [], data.get('LayersSize')),
        'containers': container_usage(data.get('Containers') or []),
        'volumes': volume_usage(data.get('Volumes') or []),
        'build_cache': build_cache_usage(data.get('BuildCache') or []),
    }
    usage['total_size'] = sum(usage[kind]['size'] for kind in ('images', 'containers', 'volumes', 'build_cache'))
    usage['total_reclaimable'] = sum(usage[kind]['reclaimable']
                                     for kind in ('images', 'containers', 'volumes', 'build_cache'))
    return usage


def run_host_info(module, client_factory):
    """The `host_info` module's task."""
    client = client_factory(module.params)
    result = read_host(client)
    if module.params.get('disk_usage'):
        result['disk_usage'] = read_disk_usage(client)
    module.exit_json(**result)
