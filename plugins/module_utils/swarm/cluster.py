# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Swarm mode on one engine: init, join, leave and cluster settings (the `swarm` module), and
whether this engine can manage the swarm (`require_manager`, for node and service tasks).

Join tokens are secrets: they only leave the module in `join_tokens`, and the action plugin of
the same name hides the task output whenever they are there.
"""

import copy

from ansible_collections.dockyard.docker.plugins.module_utils.api.client import SWARM_JOIN_TIMEOUT
from ansible_collections.dockyard.docker.plugins.module_utils.core.fields import Field, argument_spec, set_path
from ansible_collections.dockyard.docker.plugins.module_utils.specs import policies
from ansible_collections.dockyard.docker.plugins.module_utils.specs.addresses import parse_cidr
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import Plan, TaskFailed, run_driver, wrap

SWARM_PORT = 2377
# Local node states in which the engine already belongs to a swarm.
MEMBER_STATES = ('active', 'pending', 'locked', 'error')


def _non_negative(option, value):
    if value < 0:
        raise SpecError(option, value, 'give 0 or more')
    return value


# The cluster settings, in the swarm Spec. Only those the task sets are compared; the daemon
# leaves zero values and empty labels out of the Spec, hence the defaults.
FIELDS = (
    Field('labels', dict(type='dict'), 'Labels', parse=policies.labels, kind='dict', default={}),
    Field('task_history_retention_limit', dict(type='int'), 'Orchestration.TaskHistoryRetentionLimit',
          parse=_non_negative, default=0, cli='--task-history-limit'),
    Field('snapshot_interval', dict(type='int'), 'Raft.SnapshotInterval', parse=_non_negative, default=0,
          cli='--snapshot-interval'),
    Field('keep_old_snapshots', dict(type='int'), 'Raft.KeepOldSnapshots', parse=_non_negative, default=0),
    Field('dispatcher_heartbeat_period', dict(type='str'), 'Dispatcher.HeartbeatPeriod', parse=policies.duration_ns,
          default=0, cli='--dispatcher-heartbeat'),
    Field('node_cert_expiry', dict(type='str'), 'CAConfig.NodeCertExpiry', parse=policies.duration_ns, default=0,
          cli='--cert-expiry'),
    Field('autolock_managers', dict(type='bool'), 'EncryptionConfig.AutoLockManagers', default=False, cli='--autolock'),
)


def swarm_argument_spec():
    return dict(
        argument_spec(FIELDS),
        state=dict(type='str', default='present', choices=['present', 'join', 'absent']),
        advertise_addr=dict(type='str'),
        listen_addr=dict(type='str', default='0.0.0.0:%d' % SWARM_PORT),
        data_path_addr=dict(type='str'),
        data_path_port=dict(type='int'),
        default_addr_pool=dict(type='list', elements='str'),
        subnet_size=dict(type='int'),
        remote_addrs=dict(type='list', elements='str'),
        join_token=dict(type='str', no_log=True),
        force=dict(type='bool', default=False),
        rotate_worker_token=dict(type='bool', default=False),
        rotate_manager_token=dict(type='bool', default=False),
    )


def _with_port(address):
    """'10.0.0.1' -> '10.0.0.1:2377'; an interface name or a full address stays as given."""
    text = str(address).strip()
    if text.startswith('[') and ']:' in text:
        return text
    if text.count(':') == 1:
        return text
    if ':' in text:  # a bare IPv6 address
        return '[%s]:%d' % (text, SWARM_PORT)
    return '%s:%d' % (text, SWARM_PORT)


class SwarmSpec:
    """The validated wish for this engine's swarm membership; built without touching the daemon."""

    def __init__(self, params):
        self.state = params['state']
        self.params = params
        self.force = params['force']
        self.remote_addrs = [_with_port(addr) for addr in params.get('remote_addrs') or []]
        self.settings = self._settings(params)
        self.rotate = dict(worker=params['rotate_worker_token'], manager=params['rotate_manager_token'])
        self._check_combinations(params)

    @staticmethod
    def _settings(params):
        """{dotted Spec path: value} of the cluster settings the task gives."""
        return dict((field.path, field.value(params)) for field in FIELDS if params.get(field.name) is not None)

    def _check_combinations(self, params):
        if self.state == 'join':
            if not self.remote_addrs:
                raise SpecError('remote_addrs', params.get('remote_addrs'),
                                'state=join needs the address of at least one manager, such as 10.0.0.1:2377')
            if not params.get('join_token'):
                raise SpecError('join_token', None, 'state=join needs the worker or manager token of the swarm')
        for option in ('join_token', 'remote_addrs'):
            if self.state != 'join' and params.get(option):
                raise SpecError(option, '...' if option == 'join_token' else params[option],
                                'it is only used with state=join')
        if self.state != 'present':
            for field in FIELDS:
                if params.get(field.name) is not None:
                    raise SpecError(field.name, params[field.name], 'cluster settings need state=present on a manager')
        for option in ('default_addr_pool', 'subnet_size'):
            if params.get(option) is not None and self.state != 'present':
                raise SpecError(option, params[option], 'it only applies when a swarm is initialised (state=present)')
        for pool in params.get('default_addr_pool') or []:
            parse_cidr('default_addr_pool', pool)
        if params.get('subnet_size') is not None and not 16 <= params['subnet_size'] <= 29:
            raise SpecError('subnet_size', params['subnet_size'], 'give a prefix length from 16 to 29')
        if params.get('data_path_port') is not None and not 1024 <= params['data_path_port'] <= 49151:
            raise SpecError('data_path_port', params['data_path_port'], 'give a UDP port from 1024 to 49151')

    def init_body(self):
        params = self.params
        body = {'ListenAddr': params['listen_addr'], 'ForceNewCluster': False,
                'Spec': apply_settings({}, self.settings)}
        optional = (('advertise_addr', 'AdvertiseAddr'), ('data_path_addr', 'DataPathAddr'),
                    ('data_path_port', 'DataPathPort'), ('default_addr_pool', 'DefaultAddrPool'),
                    ('subnet_size', 'SubnetSize'))
        for option, key in optional:
            if params.get(option) is not None:
                body[key] = params[option]
        if 'SubnetSize' in body and 'DefaultAddrPool' not in body:
            # The engine applies SubnetSize only beside a pool list; an empty one keeps the default
            # pool (what `docker swarm init --default-addr-pool-mask-length` sends).
            body['DefaultAddrPool'] = []
        return body

    def init_settings_not_applied(self, swarm):
        """[(option, wanted, applied)] of the init-only settings the new swarm does not show."""
        wanted = [('subnet_size', self.params.get('subnet_size'), swarm.get('SubnetSize')),
                  ('default_addr_pool', self.params.get('default_addr_pool'), swarm.get('DefaultAddrPool'))]
        return [(option, value, applied) for option, value, applied in wanted
                if value is not None and value != applied]

    def join_body(self):
        params = self.params
        body = {'ListenAddr': params['listen_addr'], 'RemoteAddrs': self.remote_addrs,
                'JoinToken': params['join_token']}
        for option, key in (('advertise_addr', 'AdvertiseAddr'), ('data_path_addr', 'DataPathAddr')):
            if params.get(option):
                body[key] = params[option]
        return body


FIELD_AT = dict((field.path, field) for field in FIELDS)


def apply_settings(spec, settings):
    """A copy of a swarm Spec with the task's settings written in."""
    merged = copy.deepcopy(spec)
    for path, value in settings.items():
        set_path(merged, path, value)
    return merged


def setting_differences(spec, settings):
    """[(dotted path, actual, wanted)] for the settings the task gives."""
    found = []
    for path, wanted in sorted(settings.items()):
        field = FIELD_AT[path]
        actual = field.current(spec)
        if not field.equal(wanted, actual):
            found.append((path, actual, wanted))
    return found


class SwarmDriver:
    """Reads this engine's swarm membership and plans init, join, leave or an update."""

    def __init__(self, client, spec):
        self.client = client
        self.spec = spec
        self.info = {}
        self.swarm = None

    @property
    def local_state(self):
        return self.info.get('LocalNodeState') or 'inactive'

    @property
    def is_manager(self):
        return bool(self.info.get('ControlAvailable'))

    def read(self):
        self.info = (wrap('read the engine information', self.client.get, '/info') or {}).get('Swarm') or {}
        if self.local_state == 'locked':
            raise TaskFailed('this engine is a locked swarm manager; unlock it first (docker swarm unlock)')
        if self.is_manager:
            self.swarm = wrap('inspect the swarm', self.client.get, '/swarm')

    def plan(self, check_mode=False):
        plan = Plan()
        member = self.local_state in MEMBER_STATES
        plan.before = {'state': 'member' if member else 'inactive'}
        plan.after = {'state': 'inactive' if self.spec.state == 'absent' else 'member'}
        if self.spec.state == 'absent':
            if member:
                plan.add('leave', 'leave the swarm', self._leave)
        elif self.spec.state == 'join':
            self._plan_join(plan, member)
        else:
            self._plan_present(plan, member)
        return plan

    def _plan_join(self, plan, member):
        if not member:
            plan.add('join', 'join the swarm at %s' % ', '.join(self.spec.remote_addrs), self._join, self._leave)
            return
        known = set(manager.get('Addr') for manager in self.info.get('RemoteManagers') or [])
        if known and not known.intersection(self.spec.remote_addrs):
            raise TaskFailed('this engine already belongs to a swarm managed at %s, not at %s; '
                             'leave it first (state=absent)'
                             % (', '.join(sorted(known)), ', '.join(self.spec.remote_addrs)))

    def _plan_present(self, plan, member):
        if not member:
            plan.add('init', 'initialise a swarm on this engine', self._init, self._leave_force)
            plan.after.update(sorted(self.spec.settings.items()))
            return
        if not self.is_manager:
            if self.spec.settings or any(self.spec.rotate.values()):
                raise TaskFailed('this engine is a swarm worker; cluster settings and token rotation '
                                 'must run on a manager')
            return
        differences = setting_differences(self.swarm['Spec'], self.spec.settings)
        for name, actual, wanted in differences:
            plan.before[name] = actual
            plan.after[name] = wanted
        rotations = [kind for kind in ('worker', 'manager') if self.spec.rotate[kind]]
        if differences or rotations:
            what = [name for name, _a, _w in differences] + ['%s token' % kind for kind in rotations]
            plan.add('update', 'update the swarm (%s)' % ', '.join(what), self._update)

    # -- actions --------------------------------------------------------------------------------

    def _init(self):
        self.client.post('/swarm/init', body=self.spec.init_body())
        swarm = wrap('inspect the new swarm', self.client.get, '/swarm') or {}
        missed = self.spec.init_settings_not_applied(swarm)
        if missed:
            self._leave_force()
            raise TaskFailed('the engine did not apply %s; it left the swarm it had just initialised'
                             % '; '.join('%s=%s (it shows %s)' % item for item in missed))

    def _join(self):
        self.client.post('/swarm/join', body=self.spec.join_body(), timeout=SWARM_JOIN_TIMEOUT)

    def _leave(self):
        self.client.post('/swarm/leave', query={'force': self.spec.force})

    def _leave_force(self):
        self.client.post('/swarm/leave', query={'force': True})

    def _update(self):
        query = {'version': self.swarm['Version']['Index'],
                 'rotateWorkerToken': self.spec.rotate['worker'],
                 'rotateManagerToken': self.spec.rotate['manager']}
        self.client.post('/swarm/update', query=query, body=apply_settings(self.swarm['Spec'], self.spec.settings))

    # -- result ---------------------------------------------------------------------------------

    def result(self, check_mode):
        if not check_mode:
            self.info = (wrap('read the engine information', self.client.get, '/info') or {}).get('Swarm') or {}
            self.swarm = wrap('inspect the swarm', self.client.get, '/swarm') if self.is_manager else None
        result = {'node_id': self.info.get('NodeID') or '', 'local_node_state': self.local_state,
                  'is_manager': self.is_manager, 'node_addr': self.info.get('NodeAddr') or '',
                  'remote_managers': sorted(manager.get('Addr') for manager in self.info.get('RemoteManagers') or [])}
        swarm = copy.deepcopy(self.swarm) if self.is_manager and self.swarm else {}
        tokens = swarm.pop('JoinTokens', None)
        result['swarm'] = swarm
        if tokens:
            result['join_tokens'] = {'worker': tokens.get('Worker'), 'manager': tokens.get('Manager')}
        return result


def run_swarm(module, client_factory, check_mode):
    """The `swarm` module's task: validate, read, plan, apply, report."""
    spec = SwarmSpec(module.params)
    run_driver(module, SwarmDriver(client_factory(module.params), spec), check_mode)


def require_manager(client, what):
    info = (wrap('read the engine information', client.get, '/info') or {}).get('Swarm') or {}
    if not info.get('ControlAvailable'):
        state = info.get('LocalNodeState') or 'inactive'
        raise TaskFailed('%s needs a swarm manager; this engine is %s' % (
            what, 'a worker' if state == 'active' else 'not in a swarm (%s)' % state))
