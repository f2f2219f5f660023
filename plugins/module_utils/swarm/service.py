# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Swarm services: read one service and what it refers to, plan its convergence, carry it out
and wait until its tasks run the new spec.

The options become fields of the service Spec in swarm/service_spec.py; the tasks are read and
reported in swarm/service_tasks.py.
"""

import copy
import time

from ansible_collections.dockyard.docker.plugins.module_utils.core.fields import get_path
from ansible_collections.dockyard.docker.plugins.module_utils.network.resolve import resolve_network
from ansible_collections.dockyard.docker.plugins.module_utils.swarm.configs_secrets import (
    list_versions,
    next_version_name,
    version_holding,
)
from ansible_collections.dockyard.docker.plugins.module_utils.swarm.service_spec import (
    FORCE_UPDATE,
    NAME_LABEL,
    NETWORKS,
    OWNER_LABEL,
    REFERENCES,
    ServiceSpec,
    mode_kind,
)
from ansible_collections.dockyard.docker.plugins.module_utils.swarm.service_tasks import (
    convergence_problem,
    current_tasks,
    failure_summary,
    list_tasks,
    global_task_floor,
    list_nodes,
    names_of,
    report_tasks,
    rollout_status,
)
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import Plan, TaskFailed, run_driver, wrap
from ansible_collections.dockyard.docker.plugins.module_utils.swarm.cluster import require_manager


class ServiceDriver:
    """Reads one service and what it refers to, plans its convergence, carries it out."""

    def __init__(self, client, spec, pending=frozenset()):
        self.client = client
        self.spec = spec
        # (kind, name) of networks, configs and secrets that are created before this service on apply
        # (a stack's): referring to one that does not exist yet is fine.
        self.pending = pending
        self.actual = None
        self.fields = list(spec.fields)  # [(Field, value)]
        self.owned = []  # this module's configs and secrets of the service, as listed now
        self.nodes = None
        self.created_files = []  # how to delete the configs and secrets this task created

    # -- read -----------------------------------------------------------------------------------

    def read(self):
        require_manager(self.client, 'managing services')
        spec = self.spec
        self.actual = wrap('inspect service %s' % spec.name, self.client.inspect, 'services', spec.name)
        self.owned = self._list_owned()
        if spec.state == 'absent':
            return
        if spec.networks is not None:
            self.fields.append((NETWORKS, [self._network_target(n) for n in spec.networks]))
        for kind in ('configs', 'secrets'):
            refs = [ref for ref in spec.files if ref.kind == kind]
            if spec.params.get(kind) is not None:
                for ref in refs:
                    if ref.versioned:
                        self._pick_version(ref)
                    else:
                        ref.object_id = self._object_id(ref)
                self.fields.append((REFERENCES[kind], [ref.reference() for ref in refs]))
        if self.actual is not None and spec.params['force_update']:
            forced = FORCE_UPDATE.current(self.actual['Spec']) + 1
            self.fields.append((FORCE_UPDATE, forced))

    def _network_target(self, network):
        # A name several networks share means the oldest swarm network of it (network/resolve.py).
        found = wrap('inspect network %s' % network['name'], resolve_network, self.client, network['name'],
                     'swarm').network
        if found is None and ('networks', network['name']) in self.pending:
            found = {'Id': network['name'], 'Scope': 'swarm'}  # the daemon takes a name and keeps the ID
        if found is None:
            raise TaskFailed("networks: network '%s' does not exist; create it first (driver: overlay)"
                             % network['name'])
        if found.get('Scope') != 'swarm':
            raise TaskFailed("networks: network '%s' has scope %s; a service needs a swarm-scoped (overlay) network"
                             % (network['name'], found.get('Scope')))
        target = {'Target': found['Id']}
        if network['aliases']:
            target['Aliases'] = network['aliases']
        return target

    def _object_id(self, ref):
        if (ref.kind, ref.object_name) in self.pending:
            return None  # made (or made anew) on apply; its ID is read then
        found = wrap('inspect %s %s' % (ref.kind[:-1], ref.object_name), self.client.inspect, ref.kind, ref.object_name)
        if found is None and ref.data is None:
            raise TaskFailed("%s: %s '%s' does not exist; create it or give its data"
                             % (ref.kind, ref.kind[:-1], ref.name))
        return found['ID'] if found else None

    def _pick_version(self, ref):
        """This service's NAME_vN of the secret whose salted digest label matches the data, else the next NAME_vN."""
        listed = list_versions(self.client, ref.kind, ref.name)

        def ours(item):
            labels = item['Spec'].get('Labels') or {}
            return labels.get(OWNER_LABEL) == self.spec.name and labels.get(NAME_LABEL) == ref.name

        found = version_holding(ref.name, listed, ref.data.encode('utf-8'), ours)
        ref.object_name = found['Spec']['Name'] if found else next_version_name(ref.name, listed)
        ref.object_id = found['ID'] if found else None

    def _list_owned(self):
        owned = []
        for kind in ('configs', 'secrets'):
            query = {'filters': {'label': ['%s=%s' % (OWNER_LABEL, self.spec.name)]}}
            for item in wrap('list %s' % kind, self.client.get, '/' + kind, query=query) or []:
                owned.append((kind, item['ID'], item['Spec']['Name']))
        return owned

    # -- plan -----------------------------------------------------------------------------------

    def differences(self):
        found = []
        for field, wanted in self.fields:
            if not field.equal(wanted, field.current(self.actual['Spec'])):
                found.append((field.path, get_path(self.actual['Spec'], field.path), wanted))
        return found

    def plan(self, check_mode=False):
        spec, actual = self.spec, self.actual
        plan = Plan()
        plan.before = {'state': 'present' if actual else 'absent'}
        plan.after = {'state': spec.state}
        if spec.state == 'absent':
            if actual is not None:
                plan.add('remove', 'remove service %s' % spec.name, self._remove_and_wait)
            for kind, ident, name in self.owned:
                plan.add('remove', 'remove %s %s' % (kind[:-1], name), self._delete_call(kind, ident))
            return plan
        if actual is None:
            if not spec.wanted('TaskTemplate.ContainerSpec.Image'):
                raise SpecError('image', None, 'creating service %s needs an image' % spec.name)
            self._plan_files(plan)
            plan.add('create', 'create service %s' % spec.name, self._create, self._remove)
            self._plan_wait(plan, created=True)
            return plan
        if spec.mode and mode_kind(actual['Spec'].get('Mode')) != spec.mode:
            self._plan_recreate(plan)
            return plan
        differences = self.differences()
        for name, before, after in differences:
            plan.before[name] = before
            plan.after[name] = after
        if differences:
            self._plan_files(plan)
            plan.add('update', 'update service %s (%s)' % (spec.name, ', '.join(name for name, _b, _a in differences)),
                     self._update)
            self._plan_wait(plan)
            self._plan_stale_files(plan)
        return plan

    def _plan_files(self, plan):
        for ref in self.spec.files:
            if ref.data is not None and ref.object_id is None:
                plan.add('create', 'create %s %s' % (ref.kind[:-1], ref.object_name), self._create_file_call(ref),
                         self._delete_call(ref.kind, ref.object_name))

    def _plan_stale_files(self, plan):
        used = set(ref.object_name for ref in self.spec.files)
        for kind, ident, name in self.owned:
            if name not in used and self.spec.params.get(kind) is not None:
                plan.add('remove', 'remove unused %s %s' % (kind[:-1], name), self._delete_call(kind, ident))

    def _plan_recreate(self, plan):
        reason = 'mode %s -> %s' % (mode_kind(self.actual['Spec'].get('Mode')), self.spec.mode)
        plan.before['mode'] = mode_kind(self.actual['Spec'].get('Mode'))
        plan.after['mode'] = self.spec.mode
        plan.add('remove', 'remove service %s (%s)' % (self.spec.name, reason), self._remove_and_wait)
        self._plan_files(plan)
        plan.add('create', 'create service %s (%s)' % (self.spec.name, reason), self._create)
        self._plan_wait(plan)
        self._plan_stale_files(plan)

    def _plan_wait(self, plan, created=False):
        if self.spec.wait:
            plan.add('wait', 'wait until service %s converged' % self.spec.name,
                     lambda: self._wait_converged(created))

    # -- actions --------------------------------------------------------------------------------

    def _create_body(self):
        body = {'Name': self.spec.name, 'TaskTemplate': {'ContainerSpec': {}}, 'Mode': self.spec.mode_spec()}
        for field, value in self.fields:
            field.put(body, value)
        return self._with_file_ids(body)

    def _with_file_ids(self, body):
        for ref in self.spec.files:
            if ref.object_id is None:
                ref.object_id = self.client.inspect(ref.kind, ref.object_name)['ID']
        for kind in ('configs', 'secrets'):
            if self.spec.params.get(kind) is not None:
                REFERENCES[kind].put(body, [ref.reference() for ref in self.spec.files if ref.kind == kind])
        return body

    def _create(self):
        answer = self.client.post('/services/create', body=self._create_body())
        self.actual = {'ID': answer['ID']}

    def _update(self):
        body = copy.deepcopy(self.actual['Spec'])
        for field, value in self.fields:
            field.put(body, value)
        self.client.post('/services/{}/update', self.actual['ID'], query={'version': self.actual['Version']['Index']},
                         body=self._with_file_ids(body))

    def _remove(self):
        self.client.delete('/services/{}', self.spec.name, ok_statuses=(404,))  # gone already is removed

    def _remove_and_wait(self):
        service_id = self.actual['ID']
        self._remove()
        # The tasks vanish at once, their containers only once stopped; only this node's are visible.
        deadline = time.monotonic() + self.spec.wait_timeout
        while self.spec.wait and (self._list_tasks(service_id) or self._local_containers(service_id)):
            self._remove_exited(service_id)
            if time.monotonic() > deadline:
                raise TaskFailed('the containers of service %s were still there after %ss'
                                 % (self.spec.name, self.spec.wait_timeout))
            time.sleep(0.5)

    def _remove_exited(self, service_id):
        """The daemon leaves the exited containers of a removed job's tasks behind; remove this node's."""
        if self._list_tasks(service_id):
            return
        for container in self._local_containers(service_id):
            if container.get('State') in ('exited', 'created', 'dead'):
                self.client.delete('/containers/{}', container['Id'], query={'v': True}, ok_statuses=(404, 409))

    def _local_containers(self, service_id):
        query = {'all': True, 'filters': {'label': ['com.docker.swarm.service.id=%s' % service_id]}}
        return wrap('list the containers of service %s' % self.spec.name, self.client.get, '/containers/json', query=query)

    def _create_file_call(self, ref):
        def create():
            self.client.post('/' + ref.kind + '/create', body=ref.create_body())
            self.created_files.append(self._delete_call(ref.kind, ref.object_name))
        return create

    def _delete_call(self, kind, ident):
        def delete():
            self.client.delete('/' + kind + '/{}', ident, ok_statuses=(404,))
        return delete

    def _list_tasks(self, service_id):
        return list_tasks(self.client, service_id, self.spec.name)

    def _wait_converged(self, created):
        # Only a rollout started by this task counts: the one before may have ended in a rollback.
        since = None if created else (self.actual.get('UpdateStatus') or {}).get('StartedAt')
        deadline = time.monotonic() + self.spec.wait_timeout
        reason = None  # why the swarm started rolling back, kept until the rollback is over
        floor = None
        while True:
            service = self._service_with_status()
            if floor is None:
                floor = global_task_floor(service, self._nodes()) if 'Global' in service['Spec'].get('Mode', {}) else 0
            tasks = self._list_tasks(service['ID'])
            problem = convergence_problem(service, tasks, since, floor)
            if problem is None:
                return
            rolling_back = problem.startswith('update rollback_started')
            reason = reason or (problem.partition(': ')[2] if rolling_back else None)
            past = time.monotonic() > deadline
            if (problem.startswith('update') and not rolling_back) or past:
                self._fail_wait(problem, tasks, created, rollout_status(service, since).get('StartedAt'), reason)
            time.sleep(0.5)

    def _fail_wait(self, problem, tasks, created, since, reason):
        if created:
            # A service that never ran is not left behind, nor the objects made for it.
            self._remove_and_wait()
            for delete in self.created_files:
                delete()
        if problem.startswith('update rollback'):
            message = 'service %s: the update failed and was rolled back (%s: %s)' % (
                self.spec.name, problem.split(':')[0][len('update '):], reason or problem.partition(': ')[2])
        elif problem.startswith('update'):
            message = 'service %s: the update was %s' % (self.spec.name, problem[len('update '):])
        else:
            message = 'service %s did not converge within %ss: %s' % (self.spec.name, self.spec.wait_timeout, problem)
        failed = failure_summary(tasks, self._node_names(), since, named=(reason or '') + problem)
        raise TaskFailed(message + ('; failed tasks: %s' % failed if failed else ''),
                         tasks=report_tasks(tasks, self._node_names(), self.spec.name))

    def _service_with_status(self):
        query = {'filters': {'id': [self.actual['ID']]}, 'status': True}
        listed = wrap('read service %s' % self.spec.name, self.client.get, '/services', query=query) or []
        if not listed:
            raise TaskFailed('service %s disappeared while waiting for it' % self.spec.name)
        return listed[0]

    def _nodes(self):
        if self.nodes is None:
            self.nodes = list_nodes(self.client)
        return self.nodes

    def _node_names(self):
        return names_of(self._nodes())

    # -- result ---------------------------------------------------------------------------------

    def result(self, check_mode):
        if self.spec.state == 'absent':
            return {'service': {} if not check_mode else (self.actual or {}), 'tasks': []}
        if check_mode and self.actual is None:
            return {'service': {}, 'tasks': []}
        service = self.client.inspect('services', self.spec.name) or {}
        tasks = self._list_tasks(service['ID']) if service else []
        return {'service': service, 'tasks': report_tasks(current_tasks(tasks), self._node_names(), self.spec.name)}


def run_service(module, client_factory, check_mode):
    """The `service` module's task: validate, read, plan, apply, wait, report."""
    spec = ServiceSpec(module.params)
    run_driver(module, ServiceDriver(client_factory(module.params), spec), check_mode)
