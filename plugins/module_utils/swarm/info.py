# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The `swarm_info` module: whether this engine is in a swarm and can manage it, the swarm's spec,
and on request its join tokens, unlock key, nodes, services and tasks.

Join tokens and the unlock key are secrets: they leave the module only when asked for, and the
action plugin of the same name then hides the task output (the registered variable keeps them).
"""

import copy

from ansible_collections.dockyard.docker.plugins.module_utils.api.client import DockerConnectionError
from ansible_collections.dockyard.docker.plugins.module_utils.swarm.node_info import node_filters, report_node, service_names
from ansible_collections.dockyard.docker.plugins.module_utils.swarm.service_tasks import node_names, report_task
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.specs.filters import parse_filters
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import TaskFailed, wrap

SERVICE_FILTERS = ('id', 'label', 'mode', 'name')
TASK_FILTERS = ('desired-state', 'id', 'label', 'name', 'node', 'service')
# Options that need a manager, in the order a failure names them.
MANAGER_OPTIONS = ('join_tokens', 'unlock_key', 'nodes', 'services', 'tasks')


def swarm_info_argument_spec():
    return dict(
        join_tokens=dict(type='bool', default=False),
        unlock_key=dict(type='bool', default=False),
        nodes=dict(type='bool', default=False),
        nodes_filters=dict(type='dict'),
        services=dict(type='bool', default=False),
        services_filters=dict(type='dict'),
        tasks=dict(type='bool', default=False),
        tasks_filters=dict(type='dict'),
    )


def parse_list_filters(params):
    """{'nodes': filters, ...} for the lists asked for; a filter for a list not asked for is refused."""
    parsers = {'nodes': lambda value: node_filters('nodes_filters', value),
               'services': lambda value: parse_filters('services_filters', value, names=SERVICE_FILTERS),
               'tasks': lambda value: parse_filters('tasks_filters', value, names=TASK_FILTERS)}
    filters = {}
    for kind, parse in parsers.items():
        given = params.get(kind + '_filters')
        if given is not None and not params[kind]:
            raise SpecError(kind + '_filters', given, 'it filters the %s list; set %s: true' % (kind, kind))
        filters[kind] = parse(given)
    return filters


def swarm_flags(info):
    """The flags every answer carries, from GET /info's Swarm part."""
    swarm = info.get('Swarm') or {}
    state = swarm.get('LocalNodeState') or 'inactive'
    return {
        'can_talk_to_docker': True,
        'docker_swarm_active': state in ('active', 'locked'),
        'docker_swarm_manager': bool(swarm.get('ControlAvailable')),
        'local_node_state': state,
        'locked': state == 'locked',
        'node_id': swarm.get('NodeID') or '',
        'node_addr': swarm.get('NodeAddr') or '',
    }


def report_service(service):
    spec = service.get('Spec') or {}
    mode = spec.get('Mode') or {}
    status = service.get('ServiceStatus') or {}
    return {
        'id': service['ID'],
        'name': spec.get('Name'),
        'mode': next(iter(mode), None),
        'replicas': (mode.get('Replicated') or {}).get('Replicas'),
        'image': ((spec.get('TaskTemplate') or {}).get('ContainerSpec') or {}).get('Image'),
        'running_tasks': status.get('RunningTasks'),
        'desired_tasks': status.get('DesiredTasks'),
        'completed_tasks': status.get('CompletedTasks'),
        'update_state': (service.get('UpdateStatus') or {}).get('State'),
        'labels': spec.get('Labels') or {},
    }


def read_lists(client, params, filters):
    result = {}
    if params['nodes']:
        nodes = wrap('list the swarm nodes', client.get, '/nodes', query={'filters': filters['nodes']}) or []
        result['nodes'] = sorted((dict(report_node(node), inspect=node) for node in nodes),
                                 key=lambda item: (item['hostname'], item['id']))
    if params['services']:
        query = {'filters': filters['services'], 'status': True if client.api_at_least('1.41') else None}
        services = wrap('list the swarm services', client.get, '/services', query=query) or []
        result['services'] = sorted((report_service(service) for service in services), key=lambda item: item['name'])
    if params['tasks']:
        tasks = wrap('list the swarm tasks', client.get, '/tasks', query={'filters': filters['tasks']}) or []
        names, services = node_names(client), service_names(client)
        result['tasks'] = sorted((report_task(task, names, services.get(task.get('ServiceID'), '')) for task in tasks),
                                 key=lambda item: (item['name'], item['timestamp'] or ''))
    return result


def read_swarm(client, params):
    """The manager's answer: the swarm spec (tokens only when asked for), then what was asked for."""
    swarm = copy.deepcopy(wrap('inspect the swarm', client.get, '/swarm') or {})
    tokens = swarm.pop('JoinTokens', None) or {}
    result = {'swarm': swarm}
    if params['join_tokens']:
        result['join_tokens'] = {'worker': tokens.get('Worker'), 'manager': tokens.get('Manager')}
    if params['unlock_key']:
        # Empty when autolock is off: there is no key to unlock the managers with.
        result['unlock_key'] = (wrap('read the unlock key', client.get, '/swarm/unlockkey') or {}).get('UnlockKey') or ''
    return result


def run_swarm_info(module, client_factory):
    params = module.params
    filters = parse_list_filters(params)
    client = client_factory(params)
    try:
        info = client.get('/info') or {}
    except DockerConnectionError as exc:
        module.fail_json(msg=str(exc), can_talk_to_docker=False, docker_swarm_active=False, docker_swarm_manager=False)
    flags = swarm_flags(info)
    if not flags['docker_swarm_manager']:
        asked = [option for option in MANAGER_OPTIONS if params[option]]
        if asked:
            what = 'locked (unlock it first)' if flags['locked'] else 'a worker' if flags['docker_swarm_active'] \
                else 'not in a swarm (%s)' % flags['local_node_state']
            raise TaskFailed('%s: needs a swarm manager; this engine is %s' % (', '.join(asked), what), **flags)
        module.exit_json(changed=False, swarm={}, **flags)
    result = dict(changed=False, **flags)
    result.update(read_swarm(client, params))
    result.update(read_lists(client, params, filters))
    module.exit_json(**result)
