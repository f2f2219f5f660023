# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Swarm stacks: a Compose project deployed as `docker stack deploy` does, through the Engine API.

Each Compose service becomes a `service` module task of its own (service.ServiceDriver, the same
comparison, update and health-aware wait), run after the stack's networks, configs and secrets
exist; swarm/stack_convert.py holds the conversion and the names and labels.

A secret of the stack is NAME_vN with the secret module's salted digest label: the version whose
label matches the content is used, else the next one is created; the services are pointed at it,
and the stack's other versions of it are removed once no service outside the stack uses them.
"""

import copy
import json
import os
import re
import shutil
import tempfile
import time

from ansible.module_utils.common.warnings import warn

from ansible_collections.dockyard.docker.plugins.module_utils.api.client import DockerError
from ansible_collections.dockyard.docker.plugins.module_utils.compose.loader import load_project
from ansible_collections.dockyard.docker.plugins.module_utils.swarm.service import ServiceDriver
from ansible_collections.dockyard.docker.plugins.module_utils.swarm.service_spec import ServiceSpec, service_argument_spec
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.specs.times import parse_time
from ansible_collections.dockyard.docker.plugins.module_utils.swarm.stack_convert import (
    HASH_LABEL, NAMESPACE_LABEL, STACK_KEYS, content_hash, file_body, file_data, network_body, service_options,
    with_defaults)
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import Plan, TaskFailed, run_driver, wrap
from ansible_collections.dockyard.docker.plugins.module_utils.swarm.cluster import require_manager
from ansible_collections.dockyard.docker.plugins.module_utils.swarm.configs_secrets import (
    list_versions,
    next_version_name,
    version_holding,
    version_number,
)

# Seconds a stack network's create waits for the node to drop the same-named network of a swarm it left.
LEFTOVER_WAIT = 60
STACK_NAME = re.compile(r'^[a-z0-9][a-z0-9_-]*$')
KINDS = ('networks', 'configs', 'secrets')


def stack_argument_spec():
    return dict(
        name=dict(type='str', required=True),
        state=dict(type='str', default='present', choices=['present', 'absent']),
        compose=dict(type='list', elements='raw'),
        project_src=dict(type='path'),
        env_files=dict(type='list', elements='path'),
        profiles=dict(type='list', elements='str'),
        prune=dict(type='bool', default=False),
        wait=dict(type='bool', default=True),
        wait_timeout=dict(type='int', default=300),
    )


def _seconds(created):
    """An RFC 3339 time of the daemon's as seconds since 1970 (0 when missing or unreadable)."""
    try:
        return float(parse_time('Created', created, 0)) if created else 0.0
    except SpecError:
        return 0.0


def _is_inline(entry):
    return isinstance(entry, dict) or (isinstance(entry, str) and '\n' in entry)


def load_stack_project(params):
    """The compose option (paths and inline YAML, merged in order) -> the canonical project."""
    entries = params['compose']
    paths = [entry for entry in entries if not _is_inline(entry)]
    project_dir = params['project_src'] or (os.path.dirname(os.path.abspath(paths[0])) if paths else os.getcwd())
    common = dict(project_dir=project_dir, project_name=params['name'], env_files=params['env_files'],
                  profiles=params['profiles'], allowed_keys=STACK_KEYS, consumer='the stack module')
    if len(entries) == 1 and _is_inline(entries[0]):
        return load_project(definition=entries[0], **common)
    if not paths or len(paths) != len(entries):
        # Inline parts of a list are merged as files would be (JSON is YAML); relative paths still start at project_src.
        folder = tempfile.mkdtemp(prefix='dockyard-stack-')
        try:
            files = []
            for index, entry in enumerate(entries):
                if _is_inline(entry):
                    files.append(os.path.join(folder, 'compose-%d.yaml' % index))
                    with open(files[-1], 'w') as handle:
                        handle.write(entry if isinstance(entry, str) else json.dumps(entry))
                else:
                    files.append(os.path.join(project_dir, entry))
            return load_project(files=files, **common)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    return load_project(files=paths, **common)


class StackSpec:
    """The validated wish for one stack; the Compose files are read here, before any daemon call."""

    def __init__(self, params):
        self.params = params
        self.name = params['name']
        self.state = params['state']
        if not STACK_NAME.match(self.name or ''):
            raise SpecError('name', self.name, 'lowercase letters, digits, _ and -, starting with a letter or digit')
        if params['wait_timeout'] <= 0:
            raise SpecError('wait_timeout', params['wait_timeout'], 'give a number of seconds above 0')
        self.services = {}
        self.resources = dict((kind, {}) for kind in KINDS)
        self.data = {}  # (kind, key) -> bytes of the configs and secrets the stack creates
        if self.state == 'absent':
            return
        if not params['compose']:
            raise SpecError('compose', params['compose'], 'state=present needs a Compose file (a path or inline YAML)')
        project = load_stack_project(params)
        for key, service in sorted(project['services'].items()):
            options = service_options(self.name, key, service, project, params['wait'], params['wait_timeout'])
            self.services[key] = ServiceSpec(options)
        for kind in KINDS:
            self.resources[kind] = project[kind]
            for key, resource in project[kind].items():
                if kind != 'networks' and not resource['external']:
                    self.data[(kind, key)] = file_data(kind, key, resource)

    def removal_spec(self, name):
        return ServiceSpec(with_defaults(service_argument_spec(), dict(
            name=name, state='absent', wait=self.params['wait'], wait_timeout=self.params['wait_timeout'])))


class StackDriver:
    """Reads a stack (the objects with its namespace label), plans and applies its convergence."""

    def __init__(self, client, spec):
        self.client = client
        self.spec = spec
        self.existing = {}  # kind -> {name: listed object} carrying the namespace label
        self.found = {}  # (kind, key) -> the object of that name, labelled or not (None when missing)
        self.drivers = {}  # service key -> ServiceDriver
        self.removals = []  # ServiceDrivers of services to remove (absent, or pruned)
        self.secret_names = {}  # secret key -> the NAME_vN the stack's services use
        self.older_secrets = []  # names of the stack's other versions of its secrets
        self.network_ids = {}  # name -> ID of the stack's networks that exist in the swarm

    # -- read -----------------------------------------------------------------------------------

    def _labelled(self, kind):
        query = {'filters': {'label': ['%s=%s' % (NAMESPACE_LABEL, self.spec.name)]}}
        listed = wrap('list the %s of stack %s' % (kind, self.spec.name), self.client.get, '/' + kind, query=query) or []
        return dict(((item.get('Spec') or {}).get('Name') or item.get('Name'), item) for item in listed)

    def read(self):
        require_manager(self.client, 'deploying a stack')
        spec = self.spec
        for kind in ('services',) + KINDS:
            self.existing[kind] = self._labelled(kind)
        pending = set()
        self.older_secrets = []
        for kind in KINDS:
            for key, resource in spec.resources[kind].items():
                if kind == 'secrets' and not resource['external'] and spec.state == 'present':
                    self._pick_secret_version(key, resource, pending)
                    continue
                if kind == 'networks':
                    found = self._swarm_network(key, resource['name'])
                else:
                    found = wrap('inspect %s %s' % (kind[:-1], resource['name']), self.client.inspect, kind,
                                 resource['name'])
                if found is None and resource['external']:
                    raise TaskFailed("%s.%s: %s '%s' is external but does not exist; create it first"
                                     % (kind, key, kind[:-1], resource['name']))
                self.found[(kind, key)] = found
                if found is None or self._replaced(kind, key):
                    pending.add((kind, resource['name']))
        for key, service_spec in spec.services.items():
            driver = ServiceDriver(self.client, self._by_network_id(service_spec), frozenset(pending))
            driver.read()
            self.drivers[key] = driver
        wanted = set(service_spec.name for service_spec in spec.services.values())
        if spec.state == 'absent' or spec.params['prune']:
            for name in sorted(set(self.existing['services']) - wanted):
                driver = ServiceDriver(self.client, spec.removal_spec(name))
                driver.read()
                self.removals.append(driver)

    def _swarm_network(self, key, name):
        """The swarm network called name, inspected by ID, or None. For some seconds after `swarm leave --force` the
        node still lists the networks of the swarm it left, by the same name and scope, though the new swarm does not
        know them (a service naming one fails 'network ... not found'): a swarm network older than the swarm is such a
        leftover and is passed over. Of several, the oldest is the one (as network/resolve.py picks)."""
        named, current, _leftovers = self._networks_named(name)
        for entry in current:
            found = wrap('inspect network %s' % name, self.client.inspect, 'networks', entry['Id'])
            if found is not None:
                self.network_ids[name] = found['Id']
                return found
        local = [entry for entry in named if entry.get('Scope') not in ('swarm', None)]
        if local:
            raise TaskFailed("networks.%s: network '%s' exists with scope %s; a stack needs a swarm-scoped (overlay) "
                             'network: remove it or name the network otherwise' % (key, name, local[0]['Scope']))
        self._wait_for_leftover(name)
        return None

    def _wait_for_leftover(self, name):
        """Until the node drops the left swarm's network of that name (at most LEFTOVER_WAIT seconds): while an
        inspect by name still answers with it, a service naming the network would be pointed at it, and a create of
        the name is refused."""
        swarm_born = self._swarm_born()
        deadline = time.monotonic() + LEFTOVER_WAIT
        while time.monotonic() < deadline:
            found = wrap('inspect network %s' % name, self.client.inspect, 'networks', name)
            if found is None or found.get('Scope') != 'swarm' or _seconds(found.get('Created')) >= swarm_born:
                return
            time.sleep(0.5)

    def _swarm_born(self):
        return _seconds((wrap('inspect the swarm', self.client.get, '/swarm') or {}).get('CreatedAt'))

    def _networks_named(self, name):
        """(every network called name, the current swarm's ones oldest first, the left swarm's ones)."""
        listed = wrap('list the networks named %s' % name, self.client.get, '/networks',
                      query={'filters': {'name': [name]}}) or []
        named = [entry for entry in listed if entry.get('Name') == name]
        swarm_born = self._swarm_born()
        swarm = [entry for entry in named if entry.get('Scope') == 'swarm']
        current = sorted((entry for entry in swarm if _seconds(entry.get('Created')) >= swarm_born),
                         key=lambda entry: (_seconds(entry.get('Created')), entry.get('Id') or ''))
        return named, current, [entry for entry in swarm if entry not in current]

    def _create_network(self, name, body):
        """Create a stack network. The daemon refuses the name ('already exists') while it still lists the left
        swarm's network of that name, which goes within seconds: try again until it went (at most LEFTOVER_WAIT
        seconds), unless a network of the current swarm or a local one now has the name."""
        deadline = time.monotonic() + LEFTOVER_WAIT
        while True:
            try:
                return self.client.post('/networks/create', body=body)
            except DockerError as exc:
                if not exc.conflict or time.monotonic() > deadline:
                    raise
                named, current, leftovers = self._networks_named(name)
                if current or len(named) > len(leftovers):
                    raise  # the current swarm's network, or a local one: another writer made it meanwhile
            time.sleep(0.5)

    def _by_network_id(self, service_spec):
        """The service's spec with the stack's networks named by the IDs _swarm_network found (a name may still
        stand for a left swarm's network on this node); a network created on apply keeps its name."""
        if not service_spec.networks:
            return service_spec
        resolved = copy.copy(service_spec)
        resolved.networks = [dict(network, name=self.network_ids.get(network['name'], network['name']))
                             for network in service_spec.networks]
        return resolved

    def _pick_secret_version(self, key, resource, pending):
        """The stack's NAME_vN of the secret whose salted digest label matches the content, else the next NAME_vN
        (created on apply); the stack's services refer to it, and the stack's other versions are older ones."""
        base = resource['name']
        listed = list_versions(self.client, 'secrets', base)

        def ours(item):
            return ((item.get('Spec') or {}).get('Labels') or {}).get(NAMESPACE_LABEL) == self.spec.name

        found = version_holding(base, listed, self.spec.data[('secrets', key)], ours)
        target = found['Spec']['Name'] if found else next_version_name(base, listed)
        self.found[('secrets', key)] = found
        self.secret_names[key] = target
        if found is None:
            pending.add(('secrets', target))
        # The plain NAME is what this module made before secrets had versions.
        self.older_secrets.extend(name for name in sorted(self.existing['secrets']) if name != target
                                  and (name == base or version_number(base, name) is not None))
        for service_spec in self.spec.services.values():
            for ref in service_spec.files:
                if ref.kind == 'secrets' and ref.data is None and ref.name == base:
                    ref.object_name = target

    def _replaced(self, kind, key):
        """Whether a config or secret of the stack exists with other content (known by its hash label)."""
        found = self.found.get((kind, key))
        if kind == 'networks' or found is None or self.spec.resources[kind][key]['external']:
            return False
        labels = (found.get('Spec') or {}).get('Labels') or {}
        if labels.get(NAMESPACE_LABEL) != self.spec.name:
            raise TaskFailed("%s.%s: %s '%s' exists but is not part of stack %s; remove it or name it otherwise"
                             % (kind, key, kind[:-1], found['Spec']['Name'], self.spec.name))
        return labels.get(HASH_LABEL) != content_hash(self.spec.data[(kind, key)])

    # -- plan -----------------------------------------------------------------------------------

    def plan(self, check_mode=False):
        spec = self.spec
        plan = Plan(before={'state': 'present' if self.existing['services'] else 'absent', 'services': {}},
                    after={'state': spec.state, 'services': {}})
        waits = []
        if spec.state == 'present':
            self._plan_resources(plan)
            for key, driver in sorted(self.drivers.items()):
                service_plan = driver.plan(check_mode)
                plan.before['services'][key] = service_plan.before
                plan.after['services'][key] = service_plan.after
                for action in service_plan.actions:
                    (waits if action.name == 'wait' else plan.actions).append(action)
        for driver in self.removals:
            removal = driver.plan(check_mode)
            plan.before['services'][driver.spec.name] = {'state': 'present'}
            plan.after['services'][driver.spec.name] = {'state': 'absent'}
            plan.actions.extend(removal.actions)
        if spec.state == 'absent':
            self._plan_removals(plan)
        plan.actions.extend(waits)  # every service is updated before any is waited for
        self._plan_older_secrets(plan)
        return plan

    def _plan_resources(self, plan):
        for kind in KINDS:
            for key, resource in sorted(self.spec.resources[kind].items()):
                if resource['external']:
                    continue
                name = resource['name']
                if kind == 'secrets':
                    if self.found[(kind, key)] is None:
                        plan.add('create', 'create secret %s' % self.secret_names[key], self._create_call(kind, key),
                                 self._delete_call(kind, self.secret_names[key]))
                    continue
                if self.found[(kind, key)] is not None and self._replaced(kind, key):
                    self._check_unused(kind, key, name)
                    plan.add('remove', 'remove %s %s (its content changed)' % (kind[:-1], name),
                             self._delete_call(kind, name))
                elif self.found[(kind, key)] is not None:
                    continue
                plan.add('create', 'create %s %s' % (kind[:-1], name), self._create_call(kind, key),
                         self._delete_call(kind, name))

    def _plan_older_secrets(self, plan):
        """Remove the stack's older secret versions, after its services were pointed at the current ones."""
        if not self.older_secrets:
            return
        # The stack's services point at the current versions, or are removed, before these go.
        stack_services = set(driver.spec.name for driver in list(self.drivers.values()) + self.removals)
        users = {}
        for service in wrap('list the services', self.client.get, '/services') or []:
            if service['Spec']['Name'] not in stack_services:
                refs = ((service['Spec'].get('TaskTemplate') or {}).get('ContainerSpec') or {}).get('Secrets') or []
                for ref in refs:
                    users.setdefault(ref.get('SecretName'), []).append(service['Spec']['Name'])
        for name in self.older_secrets:
            if users.get(name):
                warn('kept secret %s, an older version of a secret of stack %s: services %s use it'
                     % (name, self.spec.name, ', '.join(sorted(users[name]))))
                continue
            plan.add('remove', 'remove secret %s (an older version)' % name, self._delete_call('secrets', name))

    def _check_unused(self, kind, key, name):
        api_key = 'ConfigName' if kind == 'configs' else 'SecretName'
        for service in wrap('list the services', self.client.get, '/services') or []:
            refs = ((service['Spec'].get('TaskTemplate') or {}).get('ContainerSpec') or {}).get(kind.capitalize()) or []
            if any(ref.get(api_key) == name for ref in refs):
                raise TaskFailed("%s.%s: the content of %s '%s' changed while service %s uses it; Swarm cannot "
                                 "change a %s in place: give the new content a new name (name: %s_v2)"
                                 % (kind, key, kind[:-1], name, service['Spec']['Name'], kind[:-1], name))

    def _plan_removals(self, plan):
        for kind in KINDS:
            for name in sorted(self.existing[kind]):
                plan.add('remove', 'remove %s %s' % (kind[:-1], name), self._delete_call(kind, name, retry=True))

    # -- actions --------------------------------------------------------------------------------

    def _create_call(self, kind, key):
        resource = self.spec.resources[kind][key]

        def create():
            if kind == 'networks':
                self._create_network(resource['name'], network_body(self.spec.name, resource))
                return
            body = file_body(self.spec.name, kind, resource, self.spec.data[(kind, key)],
                             name=self.secret_names.get(key) if kind == 'secrets' else None)
            self.client.post('/' + kind + '/create', body=body)
        return create

    def _delete_call(self, kind, name, retry=False):
        def delete():
            # A network is in use until the last task on it is gone, on every node.
            deadline = time.monotonic() + (self.spec.params['wait_timeout'] if retry else 0)
            while True:
                try:
                    return self.client.delete('/' + kind + '/{}', name, ok_statuses=(404,))
                except DockerError as exc:
                    if exc.not_found or time.monotonic() > deadline:
                        raise
                time.sleep(1)
        return delete

    # -- result ---------------------------------------------------------------------------------

    def result(self, check_mode):
        if self.spec.state == 'absent':
            return {'stack': {} if not check_mode else {'name': self.spec.name}, 'services': {}}
        services = {}
        for key, driver in sorted(self.drivers.items()):
            found = driver.result(check_mode)
            spec = (found['service'] or {}).get('Spec') or {}
            services[key] = {'name': driver.spec.name, 'id': (found['service'] or {}).get('ID', ''),
                             'image': ((spec.get('TaskTemplate') or {}).get('ContainerSpec') or {}).get('Image'),
                             'mode': spec.get('Mode'), 'tasks': found['tasks']}
        stack = {'name': self.spec.name, 'services': sorted(item['name'] for item in services.values())}
        for kind in KINDS:
            stack[kind] = sorted(self.secret_names.get(key, resource['name']) if kind == 'secrets' else resource['name']
                                 for key, resource in self.spec.resources[kind].items())
        return {'stack': stack, 'services': services}


def run_stack(module, client_factory, check_mode):
    """The `stack` module's task: read the Compose files, then converge every part of the stack."""
    spec = StackSpec(module.params)
    run_driver(module, StackDriver(client_factory(module.params), spec), check_mode)
