# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The stacks of a swarm (`docker stack ls`) and one stack's services, tasks, networks, configs
and secrets (`docker stack services`, `docker stack ps`): everything carrying its namespace label."""

from ansible_collections.dockyard.docker.plugins.module_utils.swarm.service_spec import mode_kind
from ansible_collections.dockyard.docker.plugins.module_utils.swarm.service_tasks import current_tasks, node_names, report_tasks
from ansible_collections.dockyard.docker.plugins.module_utils.swarm.stack_convert import NAMESPACE_LABEL
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import wrap
from ansible_collections.dockyard.docker.plugins.module_utils.swarm.cluster import require_manager


def stack_info_argument_spec():
    return dict(
        name=dict(type='str'),
        task_history=dict(type='bool', default=False),
    )


def _label_query(name=None):
    return {'filters': {'label': [NAMESPACE_LABEL + ('=%s' % name if name else '')]}}


def summarize_service(service):
    spec = service['Spec']
    status = service.get('ServiceStatus') or {}
    return {'name': spec['Name'], 'id': service['ID'], 'mode': mode_kind(spec.get('Mode')),
            'image': ((spec.get('TaskTemplate') or {}).get('ContainerSpec') or {}).get('Image'),
            'running': status.get('RunningTasks', 0), 'desired': status.get('DesiredTasks', 0),
            'update_state': (service.get('UpdateStatus') or {}).get('State')}


def list_stacks(services):
    counts = {}
    for service in services:
        name = (service['Spec'].get('Labels') or {}).get(NAMESPACE_LABEL)
        counts[name] = counts.get(name, 0) + 1
    return [{'name': name, 'services': count} for name, count in sorted(counts.items())]


def read_stack(client, name, task_history):
    services = wrap('list the services of stack %s' % name, client.get, '/services',
                    query=dict(_label_query(name), status=True)) or []
    query = {'filters': {'label': ['%s=%s' % (NAMESPACE_LABEL, name)]}}
    tasks = wrap('list the tasks of stack %s' % name, client.get, '/tasks', query=query) if services else []
    names = node_names(client) if tasks else {}
    by_service = dict((service['ID'], service['Spec']['Name']) for service in services)
    reports = []
    for service_id, service_name in sorted(by_service.items(), key=lambda item: item[1]):
        mine = [task for task in tasks or [] if task.get('ServiceID') == service_id]
        reports += [dict(report, service=service_name)
                    for report in report_tasks(mine if task_history else current_tasks(mine), names, service_name)]
    stack = {'name': name, 'services': sorted((summarize_service(s) for s in services), key=lambda s: s['name']),
             'tasks': reports}
    for kind in ('networks', 'configs', 'secrets'):
        listed = wrap('list the %s of stack %s' % (kind, name), client.get, '/' + kind, query=_label_query(name)) or []
        stack[kind] = sorted((item.get('Spec') or {}).get('Name') or item.get('Name') for item in listed)
    return stack


def run_stack_info(module, client_factory):
    client = client_factory(module.params)
    require_manager(client, 'reading stacks')
    name = module.params['name']
    services = wrap('list the services', client.get, '/services', query=_label_query()) or []
    result = {'changed': False, 'stacks': list_stacks(services)}
    if name:
        stack = read_stack(client, name, module.params['task_history'])
        exists = bool(stack['services'] or stack['networks'] or stack['configs'] or stack['secrets'])
        result.update(exists=exists, stack=stack if exists else {})
    module.exit_json(**result)
