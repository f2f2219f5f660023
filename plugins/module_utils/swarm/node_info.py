# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The `node_info` module: the swarm's nodes as `docker node ls` / `docker node inspect` show them,
with the tasks each one runs (`docker node ps`). `swarm_info` lists nodes with the same report."""

from ansible_collections.dockyard.docker.plugins.module_utils.swarm.service_tasks import report_task
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.specs.filters import parse_filters
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import wrap
from ansible_collections.dockyard.docker.plugins.module_utils.swarm.cluster import require_manager

NODE_FILTERS = ('id', 'label', 'membership', 'name', 'node.label', 'role')


def node_info_argument_spec():
    return dict(
        name=dict(type='str', aliases=['hostname']),
        nodes=dict(type='list', elements='str'),
        filters=dict(type='dict'),
        tasks=dict(type='bool', default=False),
    )


def node_filters(option, value):
    return parse_filters(option, value, names=NODE_FILTERS)


def report_node(node):
    """A node's inspect data as the fields `docker node ls` and `docker node inspect --pretty` show."""
    spec = node.get('Spec') or {}
    description = node.get('Description') or {}
    resources = description.get('Resources') or {}
    status = node.get('Status') or {}
    manager = node.get('ManagerStatus')
    return {
        'id': node['ID'],
        'hostname': description.get('Hostname') or '',
        'name': spec.get('Name') or '',
        'role': spec.get('Role'),
        'availability': spec.get('Availability'),
        'labels': spec.get('Labels') or {},
        'status': {'state': status.get('State'), 'addr': status.get('Addr'), 'message': status.get('Message') or ''},
        'engine_version': (description.get('Engine') or {}).get('EngineVersion'),
        'engine_labels': (description.get('Engine') or {}).get('Labels') or {},
        'platform': description.get('Platform') or {},
        'resources': {'nano_cpus': resources.get('NanoCPUs'), 'memory_bytes': resources.get('MemoryBytes')},
        'manager_status': None if not manager else {
            'leader': bool(manager.get('Leader')), 'reachability': manager.get('Reachability'),
            'addr': manager.get('Addr')},
        'ready': status.get('State') == 'ready',
    }


def service_names(client):
    services = wrap('list the swarm services', client.get, '/services') or []
    return dict((service['ID'], (service.get('Spec') or {}).get('Name') or service['ID']) for service in services)


def add_tasks(reports, tasks, services, list_them):
    """Each node report gains task_states (tasks the swarm keeps for it, counted by state), the
    number of tasks meant to run there, and with list_them the task reports themselves."""
    names = dict((report['id'], report['hostname']) for report in reports)
    for report in reports:
        mine = [task for task in tasks if task.get('NodeID') == report['id']]
        states = {}
        for task in mine:
            state = (task.get('Status') or {}).get('State') or 'unknown'
            states[state] = states.get(state, 0) + 1
        report['task_states'] = states
        report['tasks_desired_running'] = len([task for task in mine if task.get('DesiredState') == 'running'])
        report['tasks_running'] = states.get('running', 0)
        if list_them:
            report['tasks'] = sorted((report_task(task, names, services.get(task.get('ServiceID'), ''))
                                      for task in mine), key=lambda item: (item['name'], item['timestamp'] or ''))
    return reports


def read_nodes(client, idents, filters):
    """(inspect data of the nodes, names not found): the named ones (ID, name or hostname), or the filtered list."""
    if not idents:
        return wrap('list the swarm nodes', client.get, '/nodes', query={'filters': filters}) or [], []
    found, missing, listed = [], [], None
    for ident in idents:
        node = wrap('inspect node %s' % ident, client.inspect, 'nodes', ident)
        if node is None:
            listed = listed if listed is not None else wrap('list the swarm nodes', client.get, '/nodes') or []
            matches = [item for item in listed if (item.get('Description') or {}).get('Hostname') == ident]
            node = matches[0] if len(matches) == 1 else None
        if node is None:
            missing.append(ident)
        elif node['ID'] not in [item['ID'] for item in found]:
            found.append(node)
    return found, missing


def run_node_info(module, client_factory):
    params = module.params
    idents = ([params['name']] if params.get('name') else []) + list(params.get('nodes') or [])
    for ident in idents:
        if not str(ident).strip():
            raise SpecError('name' if ident == params.get('name') else 'nodes', ident, 'give a node hostname or ID')
    filters = node_filters('filters', params.get('filters'))
    if filters and idents:
        raise SpecError('filters', params['filters'], 'filters apply to the listing; leave out name and nodes')
    client = client_factory(params)
    require_manager(client, 'reading nodes')
    nodes, missing = read_nodes(client, idents, filters)
    reports = [dict(report_node(node), inspect=node) for node in nodes]
    tasks = wrap('list the swarm tasks', client.get, '/tasks') or []
    add_tasks(reports, tasks, service_names(client) if params['tasks'] else {}, params['tasks'])
    result = dict(changed=False, exists=bool(reports) and not missing, missing=missing)
    if params.get('name'):
        result['node'] = reports[0] if reports and params['name'] not in missing else {}
    result['nodes'] = sorted(reports, key=lambda report: (report['hostname'], report['id']))
    module.exit_json(**result)
