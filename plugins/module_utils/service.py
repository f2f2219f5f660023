# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Swarm services: desired spec, comparison with inspect, the plan, waiting for convergence,
and the task and log reports shared with `service_info`.

Each option the task sets becomes one field: a path in the service Spec and a value.
Comparing only those fields keeps the daemon's own defaults from causing changes; an
update writes them into the service's current Spec and sends it back whole, as the CLI does.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import copy
import hashlib
import time

from ansible_collections.dockyard.docker.plugins.module_utils.client import DockerError, demultiplex
from ansible_collections.dockyard.docker.plugins.module_utils.container_options import _argv, _cpus, _env
from ansible_collections.dockyard.docker.plugins.module_utils.specs import policies
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.specs.sizes import parse_size
from ansible_collections.dockyard.docker.plugins.module_utils.state import Plan, TaskFailed, converge, wrap
from ansible_collections.dockyard.docker.plugins.module_utils.swarm import require_manager

OWNER_LABEL = 'dockyard.docker.service'
UPDATE_KEYS = dict(parallelism='Parallelism', delay='Delay', failure_action='FailureAction', monitor='Monitor',
                   max_failure_ratio='MaxFailureRatio', order='Order')
RESTART_KEYS = dict(condition='Condition', delay='Delay', max_attempts='MaxAttempts', window='Window')
# What the daemon assumes for a field it leaves out of inspect.
DEFAULTS = {
    ('EndpointSpec', 'Mode'): 'vip',
    ('TaskTemplate', 'RestartPolicy', 'Condition'): 'any',
    ('UpdateConfig', 'FailureAction'): 'pause',
    ('UpdateConfig', 'Order'): 'stop-first',
    ('RollbackConfig', 'FailureAction'): 'pause',
    ('RollbackConfig', 'Order'): 'stop-first',
}
FAILED_UPDATE_STATES = ('paused', 'rollback_started', 'rollback_paused', 'rollback_completed')
CONTAINER = ('TaskTemplate', 'ContainerSpec')


def _update_config_options(failure_actions):
    return dict(
        parallelism=dict(type='int'),
        delay=dict(type='str'),
        failure_action=dict(type='str', choices=failure_actions),
        monitor=dict(type='str'),
        max_failure_ratio=dict(type='float'),
        order=dict(type='str', choices=['stop-first', 'start-first']),
    )


def _file_reference_options(data_no_log):
    return dict(
        name=dict(type='str', required=True),
        data=dict(type='str', no_log=data_no_log),
        filename=dict(type='str'),
        uid=dict(type='str', default='0'),
        gid=dict(type='str', default='0'),
        mode=dict(type='int', default=0o444),
    )


def service_argument_spec():
    resources = dict(cpus=dict(type='float'), memory=dict(type='str'))
    return dict(
        name=dict(type='str', required=True),
        state=dict(type='str', default='present', choices=['present', 'absent']),
        image=dict(type='str'),
        command=dict(type='raw'),
        mode=dict(type='str', choices=['replicated', 'global']),
        replicas=dict(type='int'),
        placement=dict(type='dict', options=dict(
            constraints=dict(type='list', elements='str'),
            preferences=dict(type='list', elements='str'),
            max_replicas=dict(type='int'),
        )),
        networks=dict(type='list', elements='raw'),
        endpoint_mode=dict(type='str', choices=['vip', 'dnsrr']),
        published_ports=dict(type='list', elements='raw'),
        env=dict(type='dict'),
        labels=dict(type='dict'),
        container_labels=dict(type='dict'),
        hostname=dict(type='str'),
        user=dict(type='str'),
        workdir=dict(type='str'),
        mounts=dict(type='list', elements='dict', options=dict(
            target=dict(type='str', required=True),
            source=dict(type='str'),
            type=dict(type='str', default='volume', choices=['volume', 'bind', 'tmpfs']),
            readonly=dict(type='bool', default=False),
        )),
        update_config=dict(type='dict', options=_update_config_options(['continue', 'pause', 'rollback'])),
        rollback_config=dict(type='dict', options=_update_config_options(['continue', 'pause'])),
        restart_policy=dict(type='dict', options=dict(
            condition=dict(type='str', choices=['none', 'on-failure', 'any']),
            delay=dict(type='str'),
            max_attempts=dict(type='int'),
            window=dict(type='str'),
        )),
        limits=dict(type='dict', options=resources),
        reservations=dict(type='dict', options=copy.deepcopy(resources)),
        configs=dict(type='list', elements='dict', options=_file_reference_options(False)),
        # References to secrets; only their `data` is a secret value (no_log there).
        secrets=dict(type='list', elements='dict', no_log=False, options=_file_reference_options(True)),
        force_update=dict(type='bool', default=False),
        wait=dict(type='bool', default=True),
        wait_timeout=dict(type='int', default=120),
    )


# -- parsing the options into fields (no daemon calls) -------------------------------------------

def parse_network(entry):
    if isinstance(entry, str) and entry.strip():
        return {'name': entry.strip(), 'aliases': []}
    if isinstance(entry, dict) and entry.get('name') and set(entry) <= {'name', 'aliases'}:
        aliases = entry.get('aliases') or []
        if isinstance(aliases, str) or not isinstance(aliases, list):
            raise SpecError('networks.aliases', aliases, 'give a list of names')
        return {'name': str(entry['name']), 'aliases': sorted(str(alias) for alias in aliases)}
    raise SpecError('networks', entry, 'each entry is a network name or a dict with name and aliases')


PORT_FORMS = 'give PUBLISHED:TARGET[/PROTOCOL], TARGET[/PROTOCOL], or a dict with target_port, published_port, ' \
             'protocol (tcp, udp, sctp) and mode (ingress, host)'


def parse_published_port(entry):
    if isinstance(entry, dict):
        unknown = set(entry) - {'target_port', 'published_port', 'protocol', 'mode'}
        if unknown or entry.get('target_port') is None:
            raise SpecError('published_ports', entry, PORT_FORMS)
        port = dict(TargetPort=entry['target_port'], PublishedPort=entry.get('published_port') or 0,
                    Protocol=entry.get('protocol') or 'tcp', PublishMode=entry.get('mode') or 'ingress')
    else:
        text, _sep, protocol = str(entry).strip().partition('/')
        published, _sep, target = text.rpartition(':')
        port = dict(TargetPort=target, PublishedPort=published or 0, Protocol=protocol or 'tcp',
                    PublishMode='ingress')
    try:
        port['TargetPort'] = int(port['TargetPort'])
        port['PublishedPort'] = int(port['PublishedPort'])
    except (TypeError, ValueError):
        raise SpecError('published_ports', entry, PORT_FORMS)
    if port['Protocol'] not in ('tcp', 'udp', 'sctp') or port['PublishMode'] not in ('ingress', 'host') \
            or not 1 <= port['TargetPort'] <= 65535 or not 0 <= port['PublishedPort'] <= 65535:
        raise SpecError('published_ports', entry, PORT_FORMS)
    return port


def _port_key(port):
    return (port.get('TargetPort'), port.get('Protocol') or 'tcp', port.get('PublishedPort') or 0,
            port.get('PublishMode') or 'ingress')


def normalize_ports(ports):
    return sorted(_port_key(port) for port in ports or [])


def parse_mount(entry):
    mount = {'Type': entry['type'], 'Target': entry['target'], 'ReadOnly': entry['readonly']}
    if not entry['target'].startswith('/'):
        raise SpecError('mounts.target', entry['target'], 'give an absolute path in the container')
    if entry['type'] == 'tmpfs':
        if entry.get('source'):
            raise SpecError('mounts.source', entry['source'], 'a tmpfs mount has no source')
    elif not entry.get('source'):
        raise SpecError('mounts.source', None, 'a %s mount needs a source' % entry['type'])
    elif entry['type'] == 'bind' and not entry['source'].startswith('/'):
        raise SpecError('mounts.source', entry['source'], 'a bind mount needs an absolute host path')
    else:
        mount['Source'] = entry['source']
    return mount


def normalize_mounts(mounts):
    return sorted((m.get('Type') or 'volume', m.get('Source') or '', m.get('Target'), bool(m.get('ReadOnly')))
                  for m in mounts or [])


DURATION_KEYS = ('delay', 'monitor', 'window')
# Sub-option -> (lowest, highest accepted, what to say otherwise)
NUMBER_RANGES = {
    'parallelism': (0, None, 'give 0 (all at once) or more'),
    'max_failure_ratio': (0, 1, 'give a fraction from 0 to 1'),
    'max_attempts': (0, None, 'give 0 (no limit) or more'),
}


def _sub_fields(option, value, keys, path):
    """A dict option (update_config, rollback_config, restart_policy) -> fields under path."""
    fields = []
    for key, api_key in keys.items():
        item = (value or {}).get(key)
        if item is None:
            continue
        if key in DURATION_KEYS:
            item = policies.duration_ns('%s.%s' % (option, key), item)
        elif key in NUMBER_RANGES:
            lowest, highest, accepted = NUMBER_RANGES[key]
            if item < lowest or (highest is not None and item > highest):
                raise SpecError('%s.%s' % (option, key), item, accepted)
        fields.append((path + (api_key,), item))
    return fields


def _resources(option, value, api_key):
    fields = []
    if (value or {}).get('cpus') is not None:
        fields.append((('TaskTemplate', 'Resources', api_key, 'NanoCPUs'), _cpus(option + '.cpus', value['cpus'])))
    if (value or {}).get('memory') is not None:
        fields.append((('TaskTemplate', 'Resources', api_key, 'MemoryBytes'),
                       parse_size(option + '.memory', value['memory'])))
    return fields


def _placement(value):
    value = value or {}
    fields = []
    if value.get('constraints') is not None:
        fields.append((('TaskTemplate', 'Placement', 'Constraints'), sorted(value['constraints'])))
    if value.get('preferences') is not None:
        preferences = []
        for item in value['preferences']:
            kind, _sep, descriptor = str(item).partition('=')
            if kind.strip() != 'spread' or not descriptor.strip():
                raise SpecError('placement.preferences', item, 'give spread=DESCRIPTOR such as spread=node.labels.zone')
            preferences.append({'Spread': {'SpreadDescriptor': descriptor.strip()}})
        fields.append((('TaskTemplate', 'Placement', 'Preferences'), preferences))
    if value.get('max_replicas') is not None:
        if value['max_replicas'] < 0:
            raise SpecError('placement.max_replicas', value['max_replicas'], 'give 0 (no limit) or more')
        fields.append((('TaskTemplate', 'Placement', 'MaxReplicas'), value['max_replicas']))
    return fields


class FileReference:
    """One config or secret of the service: the object it uses and where it appears in the container.

    With data, the object is this module's own, named after a hash of the content (Docker
    cannot change a config or secret); without data it is an existing object, by name.
    """

    def __init__(self, kind, service, entry):
        self.kind = kind  # 'configs' or 'secrets'
        self.name = entry['name']
        self.data = entry.get('data')
        option = '%s.mode' % kind
        if not 0 <= entry['mode'] <= 0o777:
            raise SpecError(option, entry['mode'], 'give file permissions such as 0o444 (292)')
        self.file = {'Name': entry.get('filename') or self.name, 'UID': entry['uid'], 'GID': entry['gid'],
                     'Mode': entry['mode']}
        if self.data is not None:
            digest = hashlib.sha256(self.data.encode('utf-8')).hexdigest()[:12]
            self.object_name = '%s-%s' % (self.name, digest)
            self.labels = {OWNER_LABEL: service, 'dockyard.docker.name': self.name}
        else:
            self.object_name = self.name
        self.object_id = None

    @property
    def api_kind(self):
        return 'Config' if self.kind == 'configs' else 'Secret'

    def reference(self):
        prefix = self.api_kind
        return {prefix + 'ID': self.object_id or '(created on apply)', prefix + 'Name': self.object_name,
                'File': dict(self.file)}

    def create_body(self):
        return {'Name': self.object_name, 'Labels': self.labels,
                'Data': base64.b64encode(self.data.encode('utf-8')).decode('ascii')}


def normalize_references(kind, references):
    name_key = 'ConfigName' if kind == 'configs' else 'SecretName'
    normalized = []
    for ref in references or []:
        file_ = ref.get('File') or {}
        normalized.append((ref.get(name_key), file_.get('Name'), file_.get('UID') or '0', file_.get('GID') or '0',
                           file_.get('Mode', 0o444)))
    return sorted(normalized)


# Paths whose values are lists compared as a set or with their own normalisation.
NORMALIZERS = {
    CONTAINER + ('Env',): sorted,
    CONTAINER + ('Mounts',): normalize_mounts,
    CONTAINER + ('Configs',): lambda refs: normalize_references('configs', refs),
    CONTAINER + ('Secrets',): lambda refs: normalize_references('secrets', refs),
    ('EndpointSpec', 'Ports'): normalize_ports,
    ('TaskTemplate', 'Networks'): lambda nets: sorted((n.get('Target'), sorted(n.get('Aliases') or []))
                                                      for n in nets or []),
    ('TaskTemplate', 'Placement', 'Constraints'): sorted,
}


class ServiceSpec:
    """The validated wish for one service; built without touching the daemon."""

    def __init__(self, params):
        self.params = params
        self.name = params['name']
        self.state = params['state']
        self.wait = params['wait']
        self.wait_timeout = params['wait_timeout']
        self.mode = params.get('mode')
        self.networks = [parse_network(entry) for entry in params.get('networks') or []] \
            if params.get('networks') is not None else None
        self.files = [FileReference(kind, self.name, entry) for kind in ('configs', 'secrets')
                      for entry in params.get(kind) or []]
        self.fields = self._fields(params)
        self._check_combinations(params)

    def _fields(self, params):
        fields = []
        simple = (('image', CONTAINER + ('Image',)), ('hostname', CONTAINER + ('Hostname',)),
                  ('user', CONTAINER + ('User',)), ('workdir', CONTAINER + ('Dir',)),
                  ('endpoint_mode', ('EndpointSpec', 'Mode')))
        for option, path in simple:
            if params.get(option) is not None:
                fields.append((path, params[option]))
        if params.get('command') is not None:
            fields.append((CONTAINER + ('Args',), _argv('command', params['command'])))
        if params.get('env') is not None:
            fields.append((CONTAINER + ('Env',), sorted('%s=%s' % pair for pair in _env('env', params['env']).items())))
        if params.get('labels') is not None:
            fields.append((('Labels',), policies.labels('labels', params['labels'])))
        if params.get('container_labels') is not None:
            fields.append((CONTAINER + ('Labels',), policies.labels('container_labels', params['container_labels'])))
        if params.get('replicas') is not None:
            fields.append((('Mode', 'Replicated', 'Replicas'), params['replicas']))
        if params.get('mounts') is not None:
            fields.append((CONTAINER + ('Mounts',), [parse_mount(entry) for entry in params['mounts']]))
        if params.get('published_ports') is not None:
            fields.append((('EndpointSpec', 'Ports'), [parse_published_port(p) for p in params['published_ports']]))
        fields += _placement(params.get('placement'))
        fields += _sub_fields('update_config', params.get('update_config'), UPDATE_KEYS, ('UpdateConfig',))
        fields += _sub_fields('rollback_config', params.get('rollback_config'), UPDATE_KEYS, ('RollbackConfig',))
        fields += _sub_fields('restart_policy', params.get('restart_policy'), RESTART_KEYS,
                              ('TaskTemplate', 'RestartPolicy'))
        fields += _resources('limits', params.get('limits'), 'Limits')
        fields += _resources('reservations', params.get('reservations'), 'Reservations')
        return fields

    def _check_combinations(self, params):
        if not self.name.strip():
            raise SpecError('name', self.name, 'give a service name')
        if params.get('replicas') is not None:
            if self.mode == 'global':
                raise SpecError('replicas', params['replicas'], 'mode=global runs one task per node; leave replicas out')
            if params['replicas'] < 0:
                raise SpecError('replicas', params['replicas'], 'give 0 or more')
        if self.wait_timeout <= 0:
            raise SpecError('wait_timeout', self.wait_timeout, 'give a number of seconds above 0')
        ingress = [p for p in dict(self.fields).get(('EndpointSpec', 'Ports')) or [] if p['PublishMode'] == 'ingress']
        if params.get('endpoint_mode') == 'dnsrr' and ingress:
            raise SpecError('published_ports', params['published_ports'],
                            'endpoint_mode=dnsrr has no routing mesh; publish with mode: host')
        for kind in ('configs', 'secrets'):
            names = [ref.file['Name'] for ref in self.files if ref.kind == kind]
            duplicates = sorted(set(name for name in names if names.count(name) > 1))
            if duplicates:
                raise SpecError(kind, duplicates, 'each file name may appear once')

    def mode_spec(self):
        if self.mode == 'global':
            return {'Global': {}}
        return {'Replicated': {'Replicas': self.params.get('replicas') if self.params.get('replicas') is not None
                               else 1}}


def dig(data, path):
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def write(spec, path, value):
    node = spec
    for key in path[:-1]:
        node = node.setdefault(key, {})
    node[path[-1]] = value


def _empty_like(value):
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return 0
    return type(value)() if isinstance(value, (str, list, dict)) else None


def field_value(spec, path, like):
    """A field of an inspected Spec, with the daemon's defaults for what it leaves out."""
    value = dig(spec, path)
    if value is None:
        value = DEFAULTS.get(path, _empty_like(like))
    normalize = NORMALIZERS.get(path)
    return normalize(value) if normalize else value


def mode_kind(mode):
    return 'global' if 'Global' in (mode or {}) else 'replicated'


class ServiceDriver:
    """Reads one service and what it refers to, plans its convergence, carries it out."""

    def __init__(self, client, spec):
        self.client = client
        self.spec = spec
        self.actual = None
        self.fields = list(spec.fields)
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
            self.fields.append((('TaskTemplate', 'Networks'), [self._network_target(n) for n in spec.networks]))
        for kind in ('configs', 'secrets'):
            refs = [ref for ref in spec.files if ref.kind == kind]
            if spec.params.get(kind) is not None:
                for ref in refs:
                    ref.object_id = self._object_id(ref)
                self.fields.append((CONTAINER + (ref_key(kind),), [ref.reference() for ref in refs]))
        if self.actual is not None and spec.params['force_update']:
            forced = (dig(self.actual['Spec'], ('TaskTemplate', 'ForceUpdate')) or 0) + 1
            self.fields.append((('TaskTemplate', 'ForceUpdate'), forced))

    def _network_target(self, network):
        found = wrap('inspect network %s' % network['name'], self.client.inspect, 'networks', network['name'])
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
        found = wrap('inspect %s %s' % (ref.kind[:-1], ref.object_name), self.client.inspect, ref.kind, ref.object_name)
        if found is None and ref.data is None:
            raise TaskFailed("%s: %s '%s' does not exist; create it or give its data"
                             % (ref.kind, ref.kind[:-1], ref.name))
        return found['ID'] if found else None

    def _list_owned(self):
        owned = []
        for kind in ('configs', 'secrets'):
            query = {'filters': {'label': ['%s=%s' % (OWNER_LABEL, self.spec.name)]}}
            for item in wrap('list %s' % kind, self.client.get, '/' + kind, query) or []:
                owned.append((kind, item['ID'], item['Spec']['Name']))
        return owned

    # -- plan -----------------------------------------------------------------------------------

    def differences(self):
        found = []
        for path, wanted in self.fields:
            current = field_value(self.actual['Spec'], path, wanted)
            normalize = NORMALIZERS.get(path)
            if current != (normalize(wanted) if normalize else wanted):
                found.append(('.'.join(path), dig(self.actual['Spec'], path), wanted))
        return found

    def plan(self):
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
            if not dict(self.fields).get(CONTAINER + ('Image',)):
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
        for path, value in self.fields:
            write(body, path, value)
        return self._with_file_ids(body)

    def _with_file_ids(self, body):
        for ref in self.spec.files:
            if ref.object_id is None:
                ref.object_id = self.client.inspect(ref.kind, ref.object_name)['ID']
        for kind in ('configs', 'secrets'):
            if self.spec.params.get(kind) is not None:
                write(body, CONTAINER + (ref_key(kind),), [ref.reference() for ref in self.spec.files if ref.kind == kind])
        return body

    def _create(self):
        answer = self.client.post('/services/create', body=self._create_body())
        self.actual = {'ID': answer['ID']}

    def _update(self):
        body = copy.deepcopy(self.actual['Spec'])
        for path, value in self.fields:
            write(body, path, value)
        self.client.post('/services/%s/update' % self.actual['ID'], {'version': self.actual['Version']['Index']},
                         body=self._with_file_ids(body))

    def _remove(self):
        try:
            self.client.delete('/services/%s' % self.spec.name)
        except DockerError as exc:
            if not exc.not_found:
                raise

    def _remove_and_wait(self):
        service_id = self.actual['ID']
        self._remove()
        # The tasks vanish at once, their containers only once stopped; only this node's are visible.
        deadline = time.monotonic() + self.spec.wait_timeout
        while self.spec.wait and (self._list_tasks(service_id) or self._local_containers(service_id)):
            if time.monotonic() > deadline:
                raise TaskFailed('the containers of service %s were still there after %ss'
                                 % (self.spec.name, self.spec.wait_timeout))
            time.sleep(0.5)

    def _local_containers(self, service_id):
        query = {'all': True, 'filters': {'label': ['com.docker.swarm.service.id=%s' % service_id]}}
        return wrap('list the containers of service %s' % self.spec.name, self.client.get, '/containers/json', query)

    def _create_file_call(self, ref):
        def create():
            self.client.post('/%s/create' % ref.kind, body=ref.create_body())
            self.created_files.append(self._delete_call(ref.kind, ref.object_name))
        return create

    def _delete_call(self, kind, ident):
        def delete():
            try:
                self.client.delete('/%s/%s' % (kind, ident))
            except DockerError as exc:
                if not exc.not_found:
                    raise
        return delete

    def _list_tasks(self, service_id):
        return list_tasks(self.client, service_id, self.spec.name)

    def _wait_converged(self, created):
        deadline = time.monotonic() + self.spec.wait_timeout
        while True:
            service = self._service_with_status()
            tasks = self._list_tasks(service['ID'])
            problem = convergence_problem(service, tasks)
            if problem is None:
                return
            if problem.startswith('update') or time.monotonic() > deadline:
                if created:
                    # A service that never ran is not left behind, nor the objects made for it.
                    self._remove_and_wait()
                    for delete in self.created_files:
                        delete()
                raise TaskFailed('service %s did not converge within %ss: %s'
                                 % (self.spec.name, self.spec.wait_timeout, problem),
                                 tasks=report_tasks(tasks, self._node_names(), self.spec.name))
            time.sleep(0.5)

    def _service_with_status(self):
        query = {'filters': {'id': [self.actual['ID']]}, 'status': True}
        listed = wrap('read service %s' % self.spec.name, self.client.get, '/services', query) or []
        if not listed:
            raise TaskFailed('service %s disappeared while waiting for it' % self.spec.name)
        return listed[0]

    def _node_names(self):
        if self.nodes is None:
            self.nodes = node_names(self.client)
        return self.nodes

    # -- result ---------------------------------------------------------------------------------

    def result(self, check_mode):
        if self.spec.state == 'absent':
            return {'service': {} if not check_mode else (self.actual or {}), 'tasks': []}
        if check_mode and self.actual is None:
            return {'service': {}, 'tasks': []}
        service = self.client.inspect('services', self.spec.name) or {}
        tasks = self._list_tasks(service['ID']) if service else []
        return {'service': service, 'tasks': report_tasks(current_tasks(tasks), self._node_names(), self.spec.name)}


def ref_key(kind):
    return 'Configs' if kind == 'configs' else 'Secrets'


# -- convergence and reports (shared with service_info) -----------------------------------------

def list_tasks(client, service_id, service_name):
    try:
        return client.get('/tasks', {'filters': {'service': [service_id]}}) or []
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


def run_service(module, client_factory, check_mode):
    """The `service` module's task: validate, read, plan, apply, wait, report."""
    spec = ServiceSpec(module.params)
    driver = ServiceDriver(client_factory(module.params), spec)
    driver.read()
    converge(module, driver.plan(), lambda: driver.result(check_mode))


# -- service_info ------------------------------------------------------------------------------

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
    query = {'stdout': True, 'stderr': True, 'details': True, 'timestamps': True,
             'tail': 'all' if tail is None else tail}
    data = wrap('read the logs of service %s' % service_id, client.request, 'GET', '/services/%s/logs' % service_id,
                query, expect_json=False)
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
        module.exit_json(changed=False, exists=False, service={}, tasks=[], tasks_by_node={})
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
    module.exit_json(**result)
