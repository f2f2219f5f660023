# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The `service_info` module: a service, its tasks by node, and its logs (docker service ps / logs)."""

from ansible_collections.dockyard.docker.plugins.module_utils.swarm.service_tasks import current_tasks, list_tasks, node_names, report_tasks
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.api.errors import DockerError
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import daemon_failed, wrap
from ansible_collections.dockyard.docker.plugins.module_utils.api.streams import demultiplex
from ansible_collections.dockyard.docker.plugins.module_utils.swarm.cluster import require_manager


# The result for a service that is not there (or was removed while it was read).
GONE = {'changed': False, 'exists': False, 'service': {}, 'tasks': [], 'tasks_by_node': {}}


def service_info_argument_spec():
    return dict(
        name=dict(type='str', required=True),
        task_history=dict(type='bool', default=False),
        logs=dict(type='bool', default=False),
        tail=dict(type='int'),
        timestamps=dict(type='bool', default=False),
    )


def parse_log_line(line, names, timestamps):
    """'TIMESTAMP com.docker.swarm.node.id=..,..task.id=.. TEXT' -> a dict naming node and task."""
    stamp, _sep, rest = line.partition(' ')
    details, text = {}, rest
    if rest.startswith('com.docker.swarm.'):
        attributes, _sep, text = rest.partition(' ')
        for pair in attributes.split(','):
            key, _sep, value = pair.partition('=')
            details[key.rsplit('.', 2)[-2] if key.endswith('.id') else key] = value
    entry = {'node': names.get(details.get('node'), details.get('node', '')), 'task_id': details.get('task', ''),
             'line': text}
    if timestamps:
        entry['timestamp'] = stamp
    return entry


def read_logs(client, service_id, tail, timestamps, names):
    """The service's log entries; None when it was removed since it was inspected."""
    query = {'stdout': True, 'stderr': True, 'details': True, 'timestamps': True,
             'tail': 'all' if tail is None else tail}
    try:
        data = client.request('GET', '/services/{}/logs', service_id, query=query, expect_json=False)
    except DockerError as exc:
        if exc.not_found:
            return None
        raise daemon_failed('read the logs of service %s' % service_id, exc)
    entries = []
    for stream, chunk in demultiplex(data or b''):
        for line in chunk.split('\n'):
            if line:
                entry = parse_log_line(line.rstrip('\r'), names, True)
                entry['stream'] = stream
                entries.append(entry)
    entries.sort(key=lambda entry: entry['timestamp'])
    if not timestamps:
        for entry in entries:
            del entry['timestamp']
    return entries


def run_service_info(module, client_factory):
    params = module.params
    if params.get('tail') is not None and params['tail'] < 0:
        raise SpecError('tail', params['tail'], 'give a number of lines, 0 or more (leave it out for all)')
    for option in ('tail', 'timestamps'):
        if params.get(option) and not params['logs']:
            raise SpecError(option, params[option], 'it applies to logs; set logs: true')
    client = client_factory(params)
    require_manager(client, 'reading services')
    service = wrap('inspect service %s' % params['name'], client.inspect, 'services', params['name'])
    if service is None:
        module.exit_json(**GONE)
    names = node_names(client)
    tasks = list_tasks(client, service['ID'], params['name'])
    if not params['task_history']:
        tasks = current_tasks(tasks)
    reports = report_tasks(tasks, names, service['Spec']['Name'])
    by_node = {}
    for report in reports:
        by_node.setdefault(report['node'], []).append(report)
    result = dict(changed=False, exists=True, service=service, tasks=reports, tasks_by_node=by_node)
    if params['logs']:
        result['logs'] = read_logs(client, service['ID'], params.get('tail'), params['timestamps'], names)
        if result['logs'] is None:  # the service was removed while it was read: gone
            again = wrap('inspect service %s' % params['name'], client.inspect, 'services', service['ID'])
            result = dict(result, logs=[]) if again is not None else GONE
    module.exit_json(**result)
