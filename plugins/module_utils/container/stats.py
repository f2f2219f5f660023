# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The `container_stats` module: one reading of `docker stats --no-stream` for named containers,
a docker ps filter, or every running container, read in parallel.

GET /containers/{id}/stats?stream=false makes Docker wait for its next sample (about a second)
and send the one before as precpu_stats, so one request gives the CPU use over that second.
one-shot=true answers at once but without precpu_stats, and Podman never sends them: then a
second reading SAMPLE_INTERVAL later is the other end of the interval.
"""

import time
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.dockyard.docker.plugins.module_utils.api.client import DockerError
from ansible_collections.dockyard.docker.plugins.module_utils.container.info import container_filters, is_running
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import TaskFailed, wrap

SAMPLE_INTERVAL = 1.0
MAX_PARALLEL = 16


def container_stats_argument_spec():
    return dict(
        name=dict(type='list', elements='str'),
        filters=dict(type='dict'),
    )


def cpu_percent(current, previous):
    """CPU use over the interval between two readings, as `docker stats` computes it (100% is one CPU)."""
    now, before = current.get('cpu_stats') or {}, previous.get('cpu_stats') or {}
    cpu_delta = _cpu_total(now) - _cpu_total(before)
    system_delta = (now.get('system_cpu_usage') or 0) - (before.get('system_cpu_usage') or 0)
    cpus = now.get('online_cpus') or len((now.get('cpu_usage') or {}).get('percpu_usage') or []) or 1
    if system_delta <= 0 or cpu_delta <= 0:
        return 0.0
    return round(100.0 * cpu_delta / system_delta * cpus, 2)


def _cpu_total(cpu_stats):
    return (cpu_stats.get('cpu_usage') or {}).get('total_usage') or 0


def has_previous(stats):
    return bool((stats.get('precpu_stats') or {}).get('system_cpu_usage'))


def memory_used(memory):
    """Usage without the page cache the kernel can drop, as the CLI shows it: total_inactive_file on
    cgroup v1, inactive_file on v2; Podman sends no breakdown, so its usage stays as given."""
    usage = memory.get('usage') or 0
    details = memory.get('stats') or {}
    cache = details['total_inactive_file'] if 'total_inactive_file' in details else details.get('inactive_file', 0)
    return usage - cache if cache < usage else usage


def block_io(stats):
    read = written = 0
    for entry in (stats.get('blkio_stats') or {}).get('io_service_bytes_recursive') or []:
        operation = str(entry.get('op', '')).lower()
        if operation == 'read':
            read += entry.get('value') or 0
        elif operation == 'write':
            written += entry.get('value') or 0
    return read, written


def report_stats(container, current, previous):
    memory = current.get('memory_stats') or {}
    used, limit = memory_used(memory), memory.get('limit') or 0
    networks = (current.get('networks') or {}).values()
    read, written = block_io(current)
    return {
        'id': container['Id'],
        'name': container['Name'].lstrip('/'),
        'running': True,
        'cpu_percent': cpu_percent(current, previous),
        'memory_usage': used,
        'memory_limit': limit,
        'memory_percent': round(100.0 * used / limit, 2) if limit else 0.0,
        'network_rx_bytes': sum(network.get('rx_bytes') or 0 for network in networks),
        'network_tx_bytes': sum(network.get('tx_bytes') or 0 for network in networks),
        'block_read_bytes': read,
        'block_write_bytes': written,
        'pids': (current.get('pids_stats') or {}).get('current') or 0,
        'read': current.get('read'),
    }


def idle_report(container):
    """A container that is not running: docker stats shows it with zeros."""
    return {'id': container['Id'], 'name': container['Name'].lstrip('/'), 'running': False, 'cpu_percent': 0.0,
            'memory_usage': 0, 'memory_limit': 0, 'memory_percent': 0.0, 'network_rx_bytes': 0,
            'network_tx_bytes': 0, 'block_read_bytes': 0, 'block_write_bytes': 0, 'pids': 0, 'read': None}


def _reading(client, container):
    try:
        return client.get('/containers/{}/stats', container['Id'], query={'stream': False})
    except DockerError as exc:
        if exc.not_found:  # removed since it was listed
            return None
        raise TaskFailed('Failed to read the stats of container %s: %s' % (container['Name'].lstrip('/'), exc.reason))


def read_one(client, container):
    """The stats report of one container, from one reading (Docker) or two (no precpu_stats); None when it is gone."""
    if not is_running(container):
        return idle_report(container)
    first = _reading(client, container)
    if first is None or has_previous(first):
        return first and report_stats(container, first, {'cpu_stats': first['precpu_stats']})
    time.sleep(SAMPLE_INTERVAL)
    second = _reading(client, container)
    return second and report_stats(container, second, first)


def select_containers(client, params):
    """(inspect data of the containers to read, names not found)."""
    if params.get('name'):
        found, missing = [], []
        for ident in params['name']:
            container = wrap('inspect container %s' % ident, client.inspect, 'containers', ident)
            if container is None:
                missing.append(ident)
            elif container['Id'] not in [item['Id'] for item in found]:
                found.append(container)
        return found, missing
    filters = container_filters(params.get('filters'))
    # A status filter may ask for stopped containers; otherwise docker stats reads the running ones.
    listed = wrap('list containers', client.get, '/containers/json',
                  query={'all': bool(filters and 'status' in filters), 'filters': filters}) or []
    containers = [wrap('inspect container %s' % item['Id'][:12], client.inspect, 'containers', item['Id'])
                  for item in listed]
    return [container for container in containers if container is not None], []


def run_container_stats(module, client_factory):
    params = module.params
    if params.get('name') and params.get('filters'):
        raise SpecError('filters', params['filters'], 'it selects containers to list; leave it out when name is set')
    for ident in params.get('name') or []:
        if not ident.strip():
            raise SpecError('name', ident, 'give a container name or ID')
    container_filters(params.get('filters'))
    client = client_factory(params)
    containers, missing = select_containers(client, params)
    # Each thread has a client of its own: a client keeps one connection alive, which threads cannot share.
    with ThreadPoolExecutor(max_workers=max(1, min(MAX_PARALLEL, len(containers)))) as pool:
        reports = list(pool.map(lambda container: read_one(client_factory(params), container), containers))
    reports = sorted((report for report in reports if report), key=lambda report: report['name'])
    module.exit_json(changed=False, stats=reports, missing=missing, exists=bool(reports) and not missing)
