# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reading containers: one by name (docker inspect / port / top) or a list (docker ps)."""

from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.specs.filters import parse_filters
from ansible_collections.dockyard.docker.plugins.module_utils.api.errors import DockerError
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import daemon_failed, wrap

# The filters GET /containers/json accepts (Engine API 1.41).
CONTAINER_FILTERS = ('ancestor', 'before', 'expose', 'exited', 'health', 'id', 'isolation', 'is-task',
                     'label', 'name', 'network', 'publish', 'since', 'status', 'volume')
STATUSES = ('created', 'restarting', 'running', 'removing', 'paused', 'exited', 'dead')


def container_info_argument_spec():
    return dict(
        name=dict(type='str'),
        all=dict(type='bool', default=False),
        latest=dict(type='bool', default=False),
        filters=dict(type='dict'),
        top=dict(type='bool', default=False),
        ps_args=dict(type='str'),
    )


def container_filters(value):
    """container_info filters in the Engine's form (docker ps -f)."""
    parsed = parse_filters('filters', value, names=CONTAINER_FILTERS, empty_lists=False)
    for status in (parsed or {}).get('status', []):
        if status not in STATUSES:
            raise SpecError('filters', {'status': status}, 'status is one of ' + ', '.join(STATUSES))
    return parsed


def check_combinations(params):
    if params.get('name'):
        for option in ('all', 'latest'):
            if params.get(option):
                raise SpecError(option, True, 'it lists containers; leave it out when name is set')
        if params.get('filters'):
            raise SpecError('filters', params['filters'], 'it lists containers; leave it out when name is set')
    else:
        for option in ('top', 'ps_args'):
            if params.get(option):
                raise SpecError(option, params[option], 'it needs name: the container to list processes of')


def published_ports(container):
    """NetworkSettings.Ports without the exposed-only entries: what `docker port` prints."""
    ports = ((container or {}).get('NetworkSettings') or {}).get('Ports') or {}
    return dict((port, bindings) for port, bindings in ports.items() if bindings)


def is_running(container):
    return bool(((container or {}).get('State') or {}).get('Running'))


NO_PROCESSES = {'titles': [], 'rows': []}


def read_processes(client, container, ps_args):
    """(container, its processes: docker top). A stopped container has none (the daemon would answer
    409). One removed or stopped after it was inspected is read again: (None, none) when it is gone."""
    if not is_running(container):
        return container, dict(NO_PROCESSES)
    what = 'list processes of container %s' % container['Name'].lstrip('/')
    try:
        top = client.get('/containers/{}/top', container['Id'], query={'ps_args': ps_args})
    except DockerError as exc:
        # Each engine words "removed" or "stopped" its own way (404, 409, Podman's 500s): inspect again to tell.
        again = wrap('inspect container %s' % container['Id'][:12], client.inspect, 'containers', container['Id'])
        if again is not None and is_running(again):
            raise daemon_failed(what, exc)
        return again, dict(NO_PROCESSES)
    return container, {'titles': top.get('Titles') or [], 'rows': top.get('Processes') or []}


def describe_container(client, params):
    name = params['name']
    container = wrap('inspect container %s' % name, client.inspect, 'containers', name)
    processes = None
    if params.get('top') and container is not None:
        container, processes = read_processes(client, container, params.get('ps_args'))
    result = {'exists': container is not None, 'container': container or {},
              'ports': published_ports(container)}
    if params.get('top'):
        result['processes'] = processes or dict(NO_PROCESSES)
    return result


def list_containers(client, params):
    query = {'all': params.get('all'), 'filters': container_filters(params.get('filters'))}
    if params.get('latest'):
        # docker ps -l: the most recently created container, whatever its state.
        query['limit'] = 1
    return {'containers': wrap('list containers', client.get, '/containers/json', query=query)}


def run_container_info(module, client_factory):
    params = module.params
    check_combinations(params)
    container_filters(params.get('filters'))
    client = client_factory(params)
    if params.get('name'):
        result = describe_container(client, params)
    else:
        result = list_containers(client, params)
    module.exit_json(changed=False, **result)
