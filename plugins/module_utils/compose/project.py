# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a Compose project holds besides its containers: networks and volumes (with the labels
Compose sets, so `docker compose` takes them as its own), the listing of a project's containers,
the order of services by depends_on, and the waits for service_healthy / completed / running."""

import json
import time

from ansible_collections.dockyard.docker.plugins.module_utils.compose.containers import (
    COMPOSE_VERSION, NETWORK_LABEL, NUMBER_LABEL, ONEOFF_LABEL, PROJECT_LABEL, SERVICE_LABEL, VERSION_LABEL, VOLUME_LABEL)
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import Plan, TaskFailed, wrap
from ansible_collections.dockyard.docker.plugins.module_utils.network.resolve import age, resolve_network


def _ipam(ipam):
    if not ipam:
        return None
    pools = [dict((api, entry[key]) for key, api in (('subnet', 'Subnet'), ('ip_range', 'IPRange'), ('gateway', 'Gateway'),
                                                     ('aux_addresses', 'AuxiliaryAddresses')) if key in entry)
             for entry in ipam.get('config') or []]
    return {'Driver': ipam.get('driver') or 'default', 'Config': pools, 'Options': ipam.get('options') or {}}


def network_body(project, key, network):
    labels = dict(network.get('labels') or {})
    labels.update({PROJECT_LABEL: project['name'], NETWORK_LABEL: key, VERSION_LABEL: COMPOSE_VERSION})
    body = {'Name': network['name'], 'Driver': network.get('driver') or 'bridge', 'Labels': labels,
            'Options': network.get('driver_opts') or {}}
    for field, api in (('internal', 'Internal'), ('attachable', 'Attachable'), ('enable_ipv6', 'EnableIPv6')):
        if field in network:
            body[api] = network[field]
    if _ipam(network.get('ipam')):
        body['IPAM'] = _ipam(network['ipam'])
    return body


def volume_body(project, key, volume):
    labels = dict(volume.get('labels') or {})
    labels.update({PROJECT_LABEL: project['name'], VOLUME_LABEL: key, VERSION_LABEL: COMPOSE_VERSION})
    return {'Name': volume['name'], 'Driver': volume.get('driver') or 'local',
            'DriverOpts': volume.get('driver_opts') or {}, 'Labels': labels}


class ProjectResources:
    """Plans the project's networks and volumes: created when missing (an existing one is used
    as it is, as Compose does), external ones must exist, removed by state=absent."""

    KINDS = (('networks', 'network', network_body), ('volumes', 'volume', volume_body))

    def __init__(self, client, project):
        self.client = client
        self.project = project
        self.actual = {}

    def read(self):
        for kind, single, _body in self.KINDS:
            for key, resource in self.project[kind].items():
                self.actual[(kind, key)] = wrap('inspect %s %s' % (single, resource['name']), self._inspect, kind,
                                                resource['name'])

    def _inspect(self, kind, name):
        if kind == 'networks':  # the oldest of the networks that share a name (network/resolve.py)
            return resolve_network(self.client, name).network
        return self.client.inspect(kind, name)

    def plan_present(self):
        plan = Plan()
        for kind, single, body_of in self.KINDS:
            for key, resource in sorted(self.project[kind].items()):
                if self.actual[(kind, key)] is not None:
                    continue
                if resource['external']:
                    raise TaskFailed('%s.%s: external %s %s does not exist; create it first'
                                     % (kind, key, single, resource['name']))
                plan.add('create', 'create %s %s' % (single, resource['name']),
                         self._create_call(kind, body_of(self.project, key, resource)),
                         self._remove_call(kind, resource['name']))
        return plan

    def plan_absent(self, remove_volumes):
        """Remove what carries the project's label (as `down` does, the file's or not); external ones never do."""
        plan = Plan()
        filters = json.dumps({'label': ['%s=%s' % (PROJECT_LABEL, self.project['name'])]})
        networks = wrap('list networks of project %s' % self.project['name'], self.client.get, '/networks',
                        query={'filters': filters}) or []
        names = [network['Name'] for network in networks]
        for network in sorted(networks, key=lambda network: (network['Name'], age(network))):
            if names.count(network['Name']) == 1:
                plan.add('remove', 'remove network %s' % network['Name'], self._remove_call('networks', network['Name']))
            else:  # by ID: the name of networks that share it is ambiguous to the daemon
                plan.add('remove', 'remove network %s (%s)' % (network['Name'], network['Id'][:12]),
                         self._remove_call('networks', network['Id']))
        if remove_volumes:
            volumes = (wrap('list volumes of project %s' % self.project['name'], self.client.get, '/volumes',
                            query={'filters': filters}) or {}).get('Volumes') or []
            for name in sorted(set(volume['Name'] for volume in volumes)):
                plan.add('remove', 'remove volume %s' % name, self._remove_call('volumes', name))
        return plan

    def _create_call(self, kind, body):
        if kind == 'networks':
            # Before API 1.44 the daemon refuses a taken name only when asked to (dropped since: always).
            return lambda: self.client.post('/networks/create', body=dict(
                body, **({} if self.client.api_at_least('1.44') else {'CheckDuplicate': True})))
        return lambda: self.client.post('/volumes/create', body=body)

    def _remove_call(self, kind, name):
        if kind == 'networks':
            return lambda: self.client.delete('/networks/{}', name, ok_statuses=(404,))
        return lambda: self.client.delete('/volumes/{}', name, ok_statuses=(404,))


def list_containers(client, project_name, one_offs=False):
    """{name: (service, number)} of the project's containers; compose_run's one-off containers only
    with one_offs (`docker compose down` removes them too)."""
    filters = json.dumps({'label': ['%s=%s' % (PROJECT_LABEL, project_name)]})
    listed = wrap('list containers of project %s' % project_name, client.get, '/containers/json',
                  query={'all': True, 'filters': filters})
    found = {}
    for entry in listed or []:
        labels = entry.get('Labels') or {}
        if not entry.get('Names') or (labels.get(ONEOFF_LABEL, 'False') == 'True' and not one_offs):
            continue
        found[entry['Names'][0].lstrip('/')] = (labels.get(SERVICE_LABEL), labels.get(NUMBER_LABEL))
    return found


def dependency_levels(services, names):
    """names (and what they depend on) in start order: a list of lists, each after the ones it needs."""
    wanted, pending = set(), list(names)
    while pending:
        name = pending.pop()
        if name not in wanted:
            wanted.add(name)
            pending.extend(services[name].get('depends_on') or {})
    levels, placed = [], set()
    while len(placed) < len(wanted):
        level = sorted(name for name in wanted - placed if set(services[name].get('depends_on') or {}) <= placed)
        levels.append(level)
        placed.update(level)
    return levels


def waited_conditions(services, level):
    """{service: condition} of the services in `level` that a later service waits for."""
    conditions = {}
    for service in services.values():
        for other, dependency in (service.get('depends_on') or {}).items():
            if other in level and dependency['condition'] != 'service_started':
                conditions[other] = dependency['condition']
    return conditions


def _reached(container, condition):
    """True when reached, a failure message when it never will be, else None (keep waiting)."""
    state = (container or {}).get('State') or {}
    name = ((container or {}).get('Name') or '').lstrip('/')
    if condition == 'service_completed_successfully':
        if state.get('Status') == 'exited':
            return True if state.get('ExitCode') == 0 else 'container %s exited with code %s' % (name, state.get('ExitCode'))
        return None
    if not state.get('Running'):
        return 'container %s is not running (%s)' % (name, state.get('Status'))
    health = (state.get('Health') or {}).get('Status')
    if condition == 'service_healthy' or health is not None:
        if health == 'unhealthy':
            return 'container %s is unhealthy' % name
        return True if health == 'healthy' else None
    return True


def wait_for(client, names_conditions, timeout):
    """Wait until each container reaches its condition; return {name: message} of those that fail."""
    deadline = time.monotonic() + timeout
    pending = dict(names_conditions)
    errors = {}
    while pending:
        for name, condition in list(pending.items()):
            outcome = _reached(client.inspect('containers', name), condition)
            if outcome is True:
                pending.pop(name)
            elif outcome is not None:
                errors[name] = outcome
                pending.pop(name)
        if not pending:
            break
        if time.monotonic() > deadline:
            errors.update((name, 'container %s did not reach %s within %ss' % (name, condition, timeout))
                          for name, condition in pending.items())
            break
        time.sleep(0.5)
    return errors
