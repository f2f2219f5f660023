# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Named volumes: create, compare, remove (`docker volume create/rm/ls/inspect`).

A volume cannot be changed after creation. Recreating one deletes its data, so a
difference fails the task unless recreate says otherwise.
"""

from ansible_collections.dockyard.docker.plugins.module_utils.core.fields import Field, argument_spec
from ansible_collections.dockyard.docker.plugins.module_utils.core.resource_info import run_info
from ansible_collections.dockyard.docker.plugins.module_utils.specs import policies
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.specs.volumes import VOLUME_NAME
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import Plan, TaskFailed, run_driver, wrap

RECREATE = ['never', 'options-changed', 'always']


def _podman_options(current, expected, doc):
    """Podman adds upper-case options it derived from the asked ones (o=size=8m gives SIZE=8m)."""
    return dict((key, value) for key, value in current.items() if key in expected or not key.isupper())


# All fixed at creation. `path` is where inspect shows the field, `body` where the create request takes it.
FIELDS = (
    Field('driver', dict(type='str'), 'Driver', default='local', cli='--driver'),
    Field('driver_options', dict(type='dict', aliases=['driver_opts']), 'Options', body='DriverOpts',
          parse=policies.option_names, kind='dict', default={}, cli='--opt', podman=_podman_options),
    Field('labels', dict(type='dict'), 'Labels', parse=policies.labels, kind='dict', default={}, cli='--label'),
)


def volume_argument_spec():
    return dict(
        argument_spec(FIELDS),
        name=dict(type='str', required=True),
        state=dict(type='str', default='present', choices=['present', 'absent']),
        recreate=dict(type='str', default='never', choices=RECREATE),
    )


def check_volume_name(option, name):
    if not VOLUME_NAME.match(name or ''):
        raise SpecError(option, name, 'volume names start with a letter or digit, then letters, digits, _ . or -')
    return name


class VolumeSpec:
    """The validated desired state of one volume; built without touching the daemon."""

    def __init__(self, params):
        self.name = check_volume_name('name', params['name'])
        self.state = params.get('state') or 'present'
        self.recreate = params.get('recreate') or 'never'
        self.fields = dict((field.name, field.value(params)) for field in FIELDS)

    def create_body(self):
        body = {'Name': self.name}
        for field in FIELDS:
            value = self.fields[field.name]
            field.put(body, field.default if value is None else value)
        return body

    def differences(self, actual, is_podman=lambda: False):
        """[(option, current, desired)] for the fields the task sets; is_podman() is asked only when
        a field whose Podman read-back differs does not match."""
        found = []
        for field in FIELDS:
            desired = self.fields[field.name]
            if desired is None:
                continue
            current = field.current(actual)
            if not field.equal(desired, current) and not (
                    field.podman and is_podman() and field.equal(desired, field.podman(current, desired, actual))):
                found.append((field.name, current, desired))
        return found


class VolumeDriver:

    def __init__(self, client, spec):
        self.client = client
        self.spec = spec
        self.actual = None

    def read(self):
        self.actual = wrap('inspect volume %s' % self.spec.name, self.client.inspect, 'volumes', self.spec.name)

    def users(self):
        """Names of the containers (running or not) that mount the volume."""
        containers = wrap('list containers', self.client.get, '/containers/json',
                          query={'all': True, 'filters': {'volume': [self.spec.name]}}) or []
        return sorted(name.lstrip('/') for item in containers for name in (item.get('Names') or [])[:1])

    def plan(self, check_mode=False):
        spec, actual = self.spec, self.actual
        plan = Plan()
        if spec.state == 'absent':
            if actual is not None:
                self._refuse_if_used('remove')
                plan.add('remove', 'remove volume %s' % spec.name, self._remove)
            plan.before, plan.after = {'state': 'present' if actual else 'absent'}, {'state': 'absent'}
            return plan
        differences = spec.differences(actual, self.client.is_podman) if actual is not None else []
        if actual is None:
            plan.add('create', 'create volume %s' % spec.name, self._create, self._remove)
        elif differences or spec.recreate == 'always':
            self._plan_recreate(plan, differences)
        plan.before = dict(((name, before) for name, before, _after in differences),
                           state='present' if actual else 'absent')
        plan.after = dict(((name, after) for name, _before, after in differences), state='present')
        return plan

    def _plan_recreate(self, plan, differences):
        spec = self.spec
        names = ', '.join(name for name, _b, _a in differences)
        if spec.recreate == 'never':
            raise TaskFailed('volume %s exists with other %s; a volume cannot be changed in place and recreating '
                             'it deletes its data: set recreate: options-changed to do that' % (spec.name, names))
        self._refuse_if_used('recreate')
        reason = 'changed: %s' % names if differences else 'recreate: always'
        plan.add('remove', 'remove volume %s (%s)' % (spec.name, reason), self._remove)
        plan.add('create', 'create volume %s (%s)' % (spec.name, reason), self._create)

    def _refuse_if_used(self, verb):
        users = self.users()
        if users:
            raise TaskFailed('cannot %s volume %s: containers %s use it; remove them first'
                             % (verb, self.spec.name, ', '.join(users)))

    def _create(self):
        self.client.post('/volumes/create', body=self.spec.create_body())

    def _remove(self):
        self.client.delete('/volumes/{}', self.spec.name, ok_statuses=(404,))  # gone already is removed

    def result(self, check_mode):
        if check_mode or self.spec.state == 'absent':
            return {'volume': (self.actual or {}) if check_mode else {}}
        return {'volume': self.client.inspect('volumes', self.spec.name) or {}}


def run_volume(module, client_factory, check_mode):
    """The `volume` module's task: validate, read, plan, apply, report."""
    spec = VolumeSpec(module.params)
    run_driver(module, VolumeDriver(client_factory(module.params), spec), check_mode)


def list_volumes(client, filters):
    answer = wrap('list volumes', client.get, '/volumes', query={'filters': filters}) or {}
    return sorted(answer.get('Volumes') or [], key=lambda volume: volume.get('Name'))


def run_volume_info(module, client_factory):
    """The `volume_info` module's task: inspect named volumes, or list them with filters."""
    run_info(module, client_factory, 'volumes', list_volumes)
