# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The tasks of a service: listing them, whether they have converged, and the task reports that
`service` and `service_info` return."""

from ansible_collections.dockyard.docker.plugins.module_utils.api.client import DockerError
from ansible_collections.dockyard.docker.plugins.module_utils.specs.times import sortable_time
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import TaskFailed, wrap

FAILED_UPDATE_STATES = ('paused', 'rollback_started', 'rollback_paused', 'rollback_completed')


def list_tasks(client, service_id, service_name):
    try:
        return client.get('/tasks', query={'filters': {'service': [service_id]}}) or []
    except DockerError as exc:
        if exc.not_found:  # the service is gone, and its tasks with it
            return []
        raise TaskFailed('Failed to list the tasks of service %s: %s' % (service_name, exc.reason))


def current_tasks(tasks):
    """The tasks the swarm wants: running ones, and the completed ones of a job."""
    return [task for task in tasks if task.get('DesiredState') in ('running', 'complete')]


def is_stale(task, template):
    """Whether a task still runs an older TaskTemplate (the daemon adds Runtime only to the service)."""
    task_spec = task.get('Spec') or {}
    keys = (set(task_spec) | set(template)) - {'Runtime'}
    return any((task_spec.get(key) or None) != (template.get(key) or None) for key in keys)


def rollout_status(service, since=None):
    """The service's UpdateStatus when it belongs to a rollout started after `since` (the StartedAt
    seen before this task's update), else {}: an old rollout's end says nothing about this one."""
    update = service.get('UpdateStatus') or {}
    return update if update.get('StartedAt') != since else {}


def convergence_problem(service, tasks, since=None, floor=0):
    """None when every wanted task runs the current spec (and the rollout is complete), else what is missing.

    A task with a health check is reported running by the swarm only once it is healthy, and a
    rollout stays `updating` until update_config.monitor has passed for its last batch. floor: the
    fewest tasks wanted (global_task_floor).
    """
    update = rollout_status(service, since)
    if update.get('State') in FAILED_UPDATE_STATES:
        return 'update %s: %s' % (update['State'], update.get('Message') or '')
    if is_job(service):
        return job_problem(service, tasks)
    template = service['Spec'].get('TaskTemplate') or {}
    status = service.get('ServiceStatus') or {}
    wanted = max(status.get('DesiredTasks', 0), floor)
    current = current_tasks(tasks)
    running = [task for task in current
               if (task.get('Status') or {}).get('State') == 'running' and not is_stale(task, template)]
    if len(running) == wanted == len(current) and update.get('State') != 'updating':
        return None
    return '%d of %d tasks running%s' % (len(running), wanted, _last_error(tasks))


def global_task_floor(service, nodes):
    """The fewest tasks a global service wants: one per ready, active node when no constraint places
    it; 0 otherwise (and for other modes). The swarm counts a global service's DesiredTasks from the
    tasks it has, so it reads 0 until the orchestrator has made them."""
    spec = service['Spec']
    placement = (spec.get('TaskTemplate') or {}).get('Placement') or {}
    if 'Global' not in (spec.get('Mode') or {}) or placement.get('Constraints') or placement.get('Platforms'):
        return 0
    return len([node for node in nodes if (node.get('Status') or {}).get('State') == 'ready'
                and (node.get('Spec') or {}).get('Availability') == 'active'])


def _last_error(tasks):
    errors = [(task.get('Status') or {}).get('Err') for task in sorted(tasks, key=_task_time)]
    errors = [error for error in errors if error]
    return '; last task error: %s' % errors[-1] if errors else ''


def is_job(service):
    mode = service['Spec'].get('Mode') or {}
    return 'ReplicatedJob' in mode or 'GlobalJob' in mode


def job_problem(service, tasks):
    """None once every task of the job's current run completed (total_completions of them for a
    replicated job, one per eligible node for a global job), else how far it got."""
    iteration = ((service.get('JobStatus') or {}).get('JobIteration') or {}).get('Index', 0)
    mine = [task for task in tasks if (task.get('JobIteration') or {}).get('Index', 0) == iteration]
    complete = [task for task in mine if (task.get('Status') or {}).get('State') == 'complete']
    unfinished = [task for task in mine if task.get('DesiredState') in ('running', 'complete')
                  and (task.get('Status') or {}).get('State') != 'complete']
    replicated = (service['Spec'].get('Mode') or {}).get('ReplicatedJob')
    wanted = (replicated.get('TotalCompletions') or 1) if replicated is not None else None
    if not unfinished and complete and (wanted is None or len(complete) >= wanted):
        return None
    return '%d of %s job tasks completed%s' % (len(complete), wanted or len(mine) or '?', _last_error(mine))


def failed_tasks(tasks, since=None, named=''):
    """Tasks that failed, were rejected or ended early (a service task that exits 0 stops an update
    too) after `since`, and those `named` in the rollout's message; newest first."""
    def ended_badly(task):
        state = (task.get('Status') or {}).get('State')
        return state in ('failed', 'rejected') or (state == 'complete' and task.get('DesiredState') != 'complete')
    failed = [task for task in tasks if task['ID'] in named or (
        ended_badly(task) and sortable_time(_task_time(task)) >= sortable_time(since or ''))]
    return sorted(failed, key=lambda task: sortable_time(_task_time(task)), reverse=True)


def failure_summary(tasks, names, since=None, named='', limit=3):
    """'task ID on NODE: ERROR' for the newest failed tasks, one clause each."""
    clauses = []
    for task in failed_tasks(tasks, since, named)[:limit]:
        status = task.get('Status') or {}
        node = names.get(task.get('NodeID'), task.get('NodeID') or 'no node')
        exit_code = (status.get('ContainerStatus') or {}).get('ExitCode')
        error = status.get('Err') or '%s (%s, exit code %s)' % (status.get('State'), status.get('Message'), exit_code)
        clauses.append('task %s on %s: %s' % (task['ID'][:12], node, error))
    return '; '.join(clauses)


def _task_time(task):
    return (task.get('Status') or {}).get('Timestamp') or ''


def list_nodes(client):
    return wrap('list the swarm nodes', client.get, '/nodes') or []


def names_of(nodes):
    """Node ID -> hostname (the ID when the node reports none)."""
    return dict((node['ID'], (node.get('Description') or {}).get('Hostname') or node['ID']) for node in nodes)


def node_names(client):
    return names_of(list_nodes(client))


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
