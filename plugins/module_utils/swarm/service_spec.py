# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The service module's options and what they become: fields of the service Spec (no daemon calls).

Each option the task sets becomes one field: a path in the service Spec and a value.
Comparing only those fields keeps the daemon's own defaults from causing changes; an
update writes them into the service's current Spec and sends it back whole, as the CLI does.
"""

import base64
import copy
import hashlib

from ansible_collections.dockyard.docker.plugins.module_utils.core.fields import Field
from ansible_collections.dockyard.docker.plugins.module_utils.specs import healthcheck, process, resources
from ansible_collections.dockyard.docker.plugins.module_utils.specs import policies
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.specs.ports import normalize_ports, parse_published_port
from ansible_collections.dockyard.docker.plugins.module_utils.specs.sizes import parse_size
from ansible_collections.dockyard.docker.plugins.module_utils.swarm.configs_secrets import HASH_LABEL, data_digest

OWNER_LABEL = 'dockyard.docker.service'
NAME_LABEL = 'dockyard.docker.name'  # the name a config or secret of the service has in the task
CONTAINER = 'TaskTemplate.ContainerSpec.'
# mode option -> the key of the service Spec's Mode
MODES = {'replicated': 'Replicated', 'global': 'Global', 'replicated-job': 'ReplicatedJob', 'global-job': 'GlobalJob'}
JOB_MODES = ('replicated-job', 'global-job')


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


def _healthcheck_options():
    return dict(test=dict(type='raw'), interval=dict(type='str'), timeout=dict(type='str'), retries=dict(type='int'),
                start_period=dict(type='str'), disable=dict(type='bool', default=False))


def service_argument_spec():
    resources = dict(cpus=dict(type='float'), memory=dict(type='str'))
    return dict(
        name=dict(type='str', required=True),
        state=dict(type='str', default='present', choices=['present', 'absent']),
        image=dict(type='str'),
        command=dict(type='raw'),
        entrypoint=dict(type='raw'),
        mode=dict(type='str', choices=list(MODES)),
        replicas=dict(type='int'),
        max_concurrent=dict(type='int'), total_completions=dict(type='int'),  # replicated-job
        healthcheck=dict(type='dict', options=_healthcheck_options()),
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
        hostname=dict(type='str'), stop_grace_period=dict(type='str'),
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
    if isinstance(entry, dict) and isinstance(entry.get('name'), str) and entry['name'].strip() \
            and set(entry) <= {'name', 'aliases'}:
        aliases = entry.get('aliases') or []
        if isinstance(aliases, str) or not isinstance(aliases, list) \
                or not all(isinstance(alias, str) and alias.strip() for alias in aliases):
            raise SpecError('networks.aliases', aliases, 'give a list of names (non-empty strings)')
        return {'name': entry['name'].strip(), 'aliases': sorted(aliases)}
    raise SpecError('networks', entry, 'each entry is a network name or a dict with name and aliases')


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


# Sub-option -> (lowest, highest accepted, what to say otherwise)
NUMBER_RANGES = {
    'parallelism': (0, None, 'give 0 (all at once) or more'),
    'max_failure_ratio': (0, 1, 'give a fraction from 0 to 1'),
    'max_attempts': (0, None, 'give 0 (no limit) or more'),
    'max_replicas': (0, None, 'give 0 (no limit) or more'),
}


def in_range(option, value):
    lowest, highest, accepted = NUMBER_RANGES[option.rpartition('.')[2]]
    if value < lowest or (highest is not None and value > highest):
        raise SpecError(option, value, accepted)
    return value


def spread_preferences(option, value):
    preferences = []
    for item in value:
        kind, _sep, descriptor = str(item).partition('=')
        if kind.strip() != 'spread' or not descriptor.strip():
            raise SpecError(option, item, 'give spread=DESCRIPTOR such as spread=node.labels.zone')
        preferences.append({'Spread': {'SpreadDescriptor': descriptor.strip()}})
    return preferences


def normalize_healthcheck(check):
    return dict((key, item) for key, item in (check or {}).items() if item)


class FileReference:
    """One config or secret of the service: the object it uses and where it appears in the container.

    With data, the object is this module's own (Docker cannot change a config or secret): a config
    is named after a hash of its content, which the daemon shows anyway; a secret gets the next
    NAME_vN version and the salted digest label of the secret module, and the driver picks the
    version whose label matches the data (object_name stays None until then). Without data it is
    an existing object, by name.
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
            self.labels = {OWNER_LABEL: service, NAME_LABEL: self.name}
            self.object_name = None
            if kind == 'configs':
                self.object_name = '%s-%s' % (self.name, hashlib.sha256(self.data.encode('utf-8')).hexdigest()[:12])
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

    @property
    def versioned(self):
        """A secret of this module's own: its object is the NAME_vN whose digest label matches the data."""
        return self.kind == 'secrets' and self.data is not None

    def create_body(self):
        data = self.data.encode('utf-8')
        labels = dict(self.labels, **{HASH_LABEL: data_digest(data)}) if self.versioned else self.labels
        return {'Name': self.object_name, 'Labels': labels, 'Data': base64.b64encode(data).decode('ascii')}


def normalize_references(kind, references):
    name_key = 'ConfigName' if kind == 'configs' else 'SecretName'
    normalized = []
    for ref in references or []:
        file_ = ref.get('File') or {}
        normalized.append((ref.get(name_key), file_.get('Name'), file_.get('UID') or '0', file_.get('GID') or '0',
                           file_.get('Mode', 0o444)))
    return sorted(normalized)


def ref_key(kind):
    return 'Configs' if kind == 'configs' else 'Secrets'


def _each(parse):
    return lambda option, value: [parse(entry) for entry in value]


def _normalized(normalize):
    """kind: desired and actual compare once both are normalised."""
    return lambda mode, desired, actual: normalize(desired) == normalize(actual)


def _env(option, value):
    return sorted('%s=%s' % pair for pair in process.env(option, value).items())


def _published_ports(option, value):
    return [port for entry in value for port in parse_published_port(option, entry)]


def _healthcheck(option, value):
    return healthcheck.healthcheck(option, value, list_needs_kind=True, blank_command=False)


def _sorted(option, value):
    return sorted(value)


SORTED = _normalized(lambda items: sorted(items or []))  # a list compared in any order


def _part(group, key, path, **kw):
    """The field of one key of a dict option (update_config.delay ...)."""
    return Field('%s.%s' % (group, key), None, path, take=lambda params: (params.get(group) or {}).get(key), **kw)


def _rollout_fields(group, path):
    """update_config / rollback_config: the daemon omits zeros and fills in pause and stop-first."""
    return [_part(group, 'parallelism', path + 'Parallelism', parse=in_range, default=0),
            _part(group, 'delay', path + 'Delay', parse=policies.duration_ns, default=0),
            _part(group, 'failure_action', path + 'FailureAction', default='pause'),
            _part(group, 'monitor', path + 'Monitor', parse=policies.duration_ns, default=0),
            _part(group, 'max_failure_ratio', path + 'MaxFailureRatio', parse=in_range, default=0),
            _part(group, 'order', path + 'Order', default='stop-first')]


def _resource_fields(group, key):
    path = 'TaskTemplate.Resources.%s.' % key
    return [_part(group, 'cpus', path + 'NanoCPUs', parse=resources.cpus, default=0),
            _part(group, 'memory', path + 'MemoryBytes', parse=parse_size, default=0)]


# Each option (or key of a dict option) the task sets becomes one field of the service Spec; `default`
# is what the daemon assumes for a field it leaves out of inspect (it omits zeros).
FIELDS = [
    Field('image', None, CONTAINER + 'Image'),
    Field('hostname', None, CONTAINER + 'Hostname'),
    Field('user', None, CONTAINER + 'User'),
    Field('workdir', None, CONTAINER + 'Dir'),
    Field('endpoint_mode', None, 'EndpointSpec.Mode', default='vip'),
    Field('command', None, CONTAINER + 'Args', parse=process.argv, kind='list'),
    Field('stop_grace_period', None, CONTAINER + 'StopGracePeriod', parse=policies.duration_ns, default=0),
    Field('entrypoint', None, CONTAINER + 'Command', parse=process.argv, kind='list'),
    Field('healthcheck', None, CONTAINER + 'Healthcheck', parse=_healthcheck, kind=_normalized(normalize_healthcheck)),
    Field('env', None, CONTAINER + 'Env', parse=_env, kind=SORTED),
    Field('labels', None, 'Labels', parse=policies.labels, kind='dict'),
    Field('container_labels', None, CONTAINER + 'Labels', parse=policies.labels, kind='dict'),
    Field('replicas', None, 'Mode.Replicated.Replicas', default=0),
    Field('max_concurrent', None, 'Mode.ReplicatedJob.MaxConcurrent', default=0),
    Field('total_completions', None, 'Mode.ReplicatedJob.TotalCompletions', default=0),
    Field('mounts', None, CONTAINER + 'Mounts', parse=_each(parse_mount), kind=_normalized(normalize_mounts)),
    Field('published_ports', None, 'EndpointSpec.Ports', parse=_published_ports,
          kind=_normalized(normalize_ports)),
    _part('placement', 'constraints', 'TaskTemplate.Placement.Constraints', parse=_sorted, kind=SORTED),
    _part('placement', 'preferences', 'TaskTemplate.Placement.Preferences', parse=spread_preferences, kind='list'),
    _part('placement', 'max_replicas', 'TaskTemplate.Placement.MaxReplicas', parse=in_range, default=0),
] + _rollout_fields('update_config', 'UpdateConfig.') + _rollout_fields('rollback_config', 'RollbackConfig.') + [
    _part('restart_policy', 'condition', 'TaskTemplate.RestartPolicy.Condition', default='any'),
    _part('restart_policy', 'delay', 'TaskTemplate.RestartPolicy.Delay', parse=policies.duration_ns, default=0),
    _part('restart_policy', 'max_attempts', 'TaskTemplate.RestartPolicy.MaxAttempts', parse=in_range, default=0),
    _part('restart_policy', 'window', 'TaskTemplate.RestartPolicy.Window', parse=policies.duration_ns, default=0),
] + _resource_fields('limits', 'Limits') + _resource_fields('reservations', 'Reservations')
# Fields the driver adds once it has read the daemon (network IDs, config and secret IDs, the force counter).
NETWORKS = Field('networks', None, 'TaskTemplate.Networks', kind=_normalized(
    lambda nets: sorted((n.get('Target'), sorted(n.get('Aliases') or [])) for n in nets or [])))
REFERENCES = dict((kind, Field(kind, None, CONTAINER + ref_key(kind), kind=_normalized(
    lambda refs, kind=kind: normalize_references(kind, refs)))) for kind in ('configs', 'secrets'))
FORCE_UPDATE = Field('force_update', None, 'TaskTemplate.ForceUpdate', default=0)


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
        """[(Field, value)] for each field the task sets."""
        return [(field, field.value(params)) for field in FIELDS if field.raw(params) is not None]

    def wanted(self, path):
        """The value the task gives the field at a dotted path, or None."""
        return next((value for field, value in self.fields if field.path == path), None)

    def _check_combinations(self, params):
        if not self.name.strip():
            raise SpecError('name', self.name, 'give a service name')
        if params.get('replicas') is not None:
            if self.mode in ('global', 'global-job'):
                raise SpecError('replicas', params['replicas'], 'mode=%s runs one task per node; leave replicas out'
                                % self.mode)
            if self.mode == 'replicated-job':
                raise SpecError('replicas', params['replicas'], 'a replicated-job runs total_completions tasks, '
                                'max_concurrent at a time; give those')
            if params['replicas'] < 0:
                raise SpecError('replicas', params['replicas'], 'give 0 or more')
        for option in ('max_concurrent', 'total_completions'):
            if params.get(option) is not None:
                if self.mode != 'replicated-job':
                    raise SpecError(option, params[option], 'only mode=replicated-job has %s' % option)
                if params[option] < 1:
                    raise SpecError(option, params[option], 'give 1 or more')
        if self.wait_timeout <= 0:
            raise SpecError('wait_timeout', self.wait_timeout, 'give a number of seconds above 0')
        ingress = [p for p in self.wanted('EndpointSpec.Ports') or [] if p['PublishMode'] == 'ingress']
        if params.get('endpoint_mode') == 'dnsrr' and ingress:
            raise SpecError('published_ports', params['published_ports'],
                            'endpoint_mode=dnsrr has no routing mesh; publish with mode: host')
        for kind in ('configs', 'secrets'):
            names = [ref.file['Name'] for ref in self.files if ref.kind == kind]
            duplicates = sorted(set(name for name in names if names.count(name) > 1))
            if duplicates:
                raise SpecError(kind, duplicates, 'each file name may appear once')
        names = [ref.name for ref in self.files if ref.versioned]
        duplicates = sorted(set(name for name in names if names.count(name) > 1))
        if duplicates:
            raise SpecError('secrets', duplicates, 'each secret with data needs a name of its own (its NAME_vN versions)')

    @property
    def is_job(self):
        return self.mode in JOB_MODES

    def mode_spec(self):
        if self.mode in ('global', 'global-job'):
            return {MODES[self.mode]: {}}
        if self.mode == 'replicated-job':
            return {'ReplicatedJob': {}}  # MaxConcurrent and TotalCompletions are fields
        return {'Replicated': {'Replicas': self.params.get('replicas') if self.params.get('replicas') is not None
                               else 1}}


def mode_kind(mode):
    for option, api_key in MODES.items():
        if api_key in (mode or {}):
            return option
    return 'replicated'
