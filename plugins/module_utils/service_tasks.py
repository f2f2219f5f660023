# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The tasks of a service: listing them, whether they have converged, and the task reports that
`service` and `service_info` return."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.dockyard.docker.plugins.module_utils.client import DockerError
from ansible_collections.dockyard.docker.plugins.module_utils.state import TaskFailed, wrap

FAILED_UPDATE_STATES = ('paused', 'rollback_started', 'rollback_paused', 'rollback_completed')


def list_tasks(client, service_id, service_name):
    try:
        return client.get('/tasks', query={'filters': {'service': [service_id]}}) or []
    except DockerError as exc:
        if exc.not_found:  # the service is gone, and its tasks with it
            return []
        raise TaskFailed('Failed to list the tasks of service %s: %s' % (service_name, exc.reason))


def current_tasks(tasks):
    return [task for task in tasks if task.get('DesiredState') == 'running']


def is_stale(task, template):
    """Whether a task still runs an older TaskTemplate (the daemon adds Runtime only to the service)."""
    task_spec = task.get('Spec') or {}
    keys = (set(task_spec) | set(template)) - {'Runtime'}
    return any((task_spec.get(key) or None) != (template.get(key) or None) for key in keys)


def convergence_problem(service, tasks):
    """None when every wanted task runs the current spec, else what is still missing."""
    update = (service.get('UpdateStatus') or {})
    if update.get('State') in FAILED_UPDATE_STATES:
        return 'update %s: %s' % (update['State'], update.get('Message') or '')
    template = service['Spec'].get('TaskTemplate') or {}
    status = service.get('ServiceStatus') or {}
    wanted = status.get('DesiredTasks', 0)
    current = current_tasks(tasks)
    running = [task for task in current
               if (task.get('Status') or {}).get('State') == 'running' and not is_stale(task, template)]
    if len(running) == wanted == len(current) and update.get('State') != 'updating':
        return None
    errors = [(task.get('Status') or {}).get('Err') for task in sorted(tasks, key=_task_time)]
    errors = [error for error in errors if error]
    return '%d of %d tasks running%s' % (len(running), wanted, '; last task error: %s' % errors[-1] if errors else '')


def _task_time(task):
    return (task.get('Status') or {}).get('Timestamp') or ''


def node_names(client):
    nodes = wrap('list the swarm nodes', client.get, '/nodes') or []
    return dict((node['ID'], (node.get('Description') or {}).get('Hostname') or node['ID']) for node in nodes)


def task_addresses(task):
    addresses = {}
    for attachment in task.get('NetworksAttachments') or []:
        network = ((attachment.get('Network') or {}).get('Spec') or {}).get('Name')
        addresses[network] = [address.split('/')[0] for address in attachment.get('Addresses') or []]
    return addresses


def report_task(task, names, service_name):
    status = task.get('Status') or {}
    slot = task.get('Slot')
    return {
        'id': task['ID'],
        # The task's container name, which other containers on its networks resolve.
        'name': '%s.%s.%s' % (service_name, slot or task.get('NodeID'), task['ID']),
        'slot': slot,
        'node_id': task.get('NodeID') or '',
        'node': names.get(task.get('NodeID'), task.get('NodeID') or ''),
        'state': status.get('State'),
        'desired_state': task.get('DesiredState'),
        'message': status.get('Message') or '',
        'error': status.get('Err') or '',
        'timestamp': status.get('Timestamp'),
        'container_id': (status.get('ContainerStatus') or {}).get('ContainerID') or '',
        'image': ((task.get('Spec') or {}).get('ContainerSpec') or {}).get('Image'),
        'addresses': task_addresses(task),
    }


def report_tasks(tasks, names, service_name):
    reports = [report_task(task, names, service_name) for task in tasks]
    return sorted(reports, key=lambda item: (item['slot'] or 0, item['node'], item['timestamp'] or ''))
