# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The `host_info` module: docker info and docker version, the registry mirrors in use, and on
request the disk use of images, containers, volumes and the build cache (docker system df)."""

import random
import time

from ansible_collections.dockyard.docker.plugins.module_utils.api.client import DockerError
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import daemon_failed, wrap

# A disk-usage walk that meets an object removed under it fails as a whole, with 404 (an image's
# snapshot in the containerd store) or 500 '... rw layer snapshot not found for container ...';
# the next walk no longer sees that object. On a daemon that removes containers all the time a walk
# may meet one again, so a few attempts, each after a longer pause. Docker before 23 also refuses
# a walk while another client's runs (500 'a disk usage operation is already running'): that one
# ends, so it is waited for, up to DF_BUSY_WAIT seconds.
DF_ATTEMPTS = 10
DF_BUSY_WAIT = 60
DF_PAUSE = 0.2
DF_PAUSE_MAX = 1.0


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


def read_system_df(client, description):
    """GET /system/df, read again while objects vanish during the daemon's walk (another writer pruning)
    and while another client's walk runs (Docker before 23 refuses a second one instead of sharing it)."""
    deadline = time.monotonic() + DF_BUSY_WAIT
    attempt = 0
    while True:
        attempt += 1
        try:
            return client.get('/system/df') or {}
        except DockerError as exc:
            if not _df_worth_reading_again(exc, attempt, deadline):
                raise daemon_failed(description, exc)
        # Jittered, so that readers refused together do not collide again.
        time.sleep(min(DF_PAUSE * attempt, DF_PAUSE_MAX) * random.uniform(0.5, 1.5))


def _df_worth_reading_again(exc, attempt, deadline):
    if 'already running' in exc.reason:
        return time.monotonic() < deadline
    vanished = exc.not_found or 'not found' in exc.reason
    return vanished and attempt < DF_ATTEMPTS


def read_disk_usage(client):
    data = read_system_df(client, 'read the disk usage (docker system df)')
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
