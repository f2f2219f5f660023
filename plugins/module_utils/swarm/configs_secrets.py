# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Swarm configs and secrets (`docker config` / `docker secret` create, rm, inspect): one driver for both.

Swarm never changes an object's data: only its labels can be updated in place
(POST /{configs,secrets}/{id}/update). A new data means a new object, and an object a
service uses cannot be removed. So either the object is removed and created again
(when no service uses it), or, with rolling_versions, a new NAME_vN is created next to
the old ones and the oldest beyond versions_to_keep are removed.

The daemon returns a config's data, so configs are compared directly. It never returns a
secret's data: a secret carries a salted PBKDF2 digest of its data in the HASH_LABEL label,
which is never returned, compared in a diff or written to an action. The service's and the
stack's own secrets use the same label and the same rolling NAME_vN names (version_holding,
next_version_name): no name or label anywhere carries an unsalted digest of secret data, which
would give a short secret away to anyone who tries every value.
"""

import base64
import binascii
import hashlib
import hmac
import os
import re

from ansible.module_utils.common.warnings import warn

from ansible_collections.dockyard.docker.plugins.module_utils.specs import policies
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import Plan, TaskFailed, run_driver, wrap

HASH_LABEL = 'dockyard.docker.data-hash'
HASH_SCHEME = 'pbkdf2-sha256'
HASH_ITERATIONS = 100000
# The most iterations a label may claim: labels are writable by anyone who can reach the swarm, and a
# label asking for 10^9 rounds would stall the task for hours. Above it (or below 1) the label is a mismatch.
MAX_HASH_ITERATIONS = 1000000
# Swarm's object names (swarmkit's identity check), before any _vN suffix.
NAME = re.compile(r'^[a-zA-Z0-9](?:[a-zA-Z0-9_.-]*[a-zA-Z0-9])?$')
NAME_LIMIT = 64


class Kind:
    """What differs between configs and secrets."""

    def __init__(self, name, max_size, data_returned, template_driver):
        self.name = name                      # 'config' or 'secret'
        self.path = '/%ss' % name             # /configs, /secrets
        self.ref_key = name.capitalize() + 's'  # ContainerSpec.Configs / .Secrets
        self.id_key = name.capitalize() + 'ID'
        self.max_size = max_size
        self.data_returned = data_returned
        self.template_driver = template_driver


KINDS = {
    'config': Kind('config', 1000 * 1024, data_returned=True, template_driver=True),
    'secret': Kind('secret', 500 * 1024, data_returned=False, template_driver=False),
}


def swarm_object_argument_spec(kind):
    spec = dict(
        name=dict(type='str', required=True),
        state=dict(type='str', default='present', choices=['present', 'absent']),
        data=dict(type='str', no_log=kind == 'secret'),
        data_is_b64=dict(type='bool', default=False),
        data_src=dict(type='path'),
        labels=dict(type='dict'),
        force=dict(type='bool', default=False),
        rolling_versions=dict(type='bool', default=False),
        versions_to_keep=dict(type='int', default=5),
    )
    if KINDS[kind].template_driver:
        spec['template_driver'] = dict(type='str', choices=['golang'])
    return spec


SWARM_OBJECT_MODULE_OPTIONS = dict(mutually_exclusive=[('data', 'data_src')],
                                   required_if=[('state', 'present', ('data', 'data_src'), True)])


def data_digest(data, salt=None):
    """The HASH_LABEL value for data: scheme, iterations, salt and a PBKDF2-SHA256 digest."""
    salt = os.urandom(16) if salt is None else salt
    digest = hashlib.pbkdf2_hmac('sha256', data, salt, HASH_ITERATIONS)
    return '%s$%d$%s$%s' % (HASH_SCHEME, HASH_ITERATIONS, binascii.hexlify(salt).decode(), binascii.hexlify(digest).decode())


def digest_matches(label, data):
    """True / False when the label says whether data is what the object holds; None when it cannot tell.

    A label of this scheme that claims an iteration count outside 1..MAX_HASH_ITERATIONS is a mismatch."""
    try:
        scheme, iterations, salt, digest = (label or '').split('$')
        if scheme != HASH_SCHEME:
            return None
        if not 1 <= int(iterations) <= MAX_HASH_ITERATIONS:
            return False
        found = hashlib.pbkdf2_hmac('sha256', data, binascii.unhexlify(salt), int(iterations))
        return hmac.compare_digest(binascii.hexlify(found).decode(), digest)
    except (ValueError, TypeError, binascii.Error):
        return None


def version_number(base, name):
    """N of BASE_vN, or None for any other name."""
    match = re.match(r'^%s_v([0-9]+)$' % re.escape(base), name or '')
    return int(match.group(1)) if match else None


def list_versions(client, kind, base):
    """The secrets (kind 'secrets') or configs named BASE_vN, as listed (the name filter is a prefix match)."""
    listed = wrap('list %s %s' % (kind, base), client.get, '/' + kind, query={'filters': {'name': [base]}}) or []
    return [item for item in listed if version_number(base, _name(item)) is not None]


def next_version_name(base, listed):
    """BASE_vN with N above every version listed, whoever made it."""
    return '%s_v%d' % (base, max([0] + [version_number(base, _name(item)) for item in listed]) + 1)


def version_holding(base, listed, data, belongs):
    """The newest listed BASE_vN for which belongs(item) holds and whose salted digest label matches data, or None."""
    for item in sorted(listed, key=lambda item: version_number(base, _name(item)) or 0, reverse=True):
        labels = (item.get('Spec') or {}).get('Labels') or {}
        if belongs(item) and digest_matches(labels.get(HASH_LABEL), data):
            return item
    return None


def _read_data(params, kind):
    if params.get('data_src') is not None:
        try:
            with open(params['data_src'], 'rb') as handle:
                data = handle.read()
        except (IOError, OSError) as exc:
            raise SpecError('data_src', params['data_src'], 'give a readable file on the managed node (%s)'
                            % (exc.strerror or exc))
    elif params.get('data') is None:
        return None
    elif params.get('data_is_b64'):
        try:
            data = base64.b64decode(params['data'], validate=True)
        except (binascii.Error, ValueError):
            raise SpecError('data', '(%d characters)' % len(params['data']), 'data_is_b64 is true: give base64 text')
    else:
        data = params['data'].encode('utf-8')
    if not 0 < len(data) <= kind.max_size:
        raise SpecError('data_src' if params.get('data_src') else 'data', '(%d bytes)' % len(data),
                        'Swarm takes a %s of 1 byte to %d KiB' % (kind.name, kind.max_size // 1024))
    return data


class SwarmObjectSpec:
    """The validated wish for one config or secret; built without touching the daemon."""

    def __init__(self, kind, params):
        self.kind = KINDS[kind]
        self.name = params['name']
        self.state = params['state']
        self.force = params.get('force')
        self.rolling = params.get('rolling_versions')
        self.keep = params.get('versions_to_keep')
        self.template_driver = params.get('template_driver')
        longest = self.name + ('_v999' if self.rolling else '')
        if not NAME.match(self.name or '') or len(longest) > NAME_LIMIT:
            raise SpecError('name', self.name, 'give letters, digits, _ . or - (first and last a letter or digit), at '
                                               'most %d characters%s' % (NAME_LIMIT, ' with _vN' if self.rolling else ''))
        if self.keep is None or self.keep < 1:
            raise SpecError('versions_to_keep', self.keep, 'give 1 or more')
        self.labels = policies.labels('labels', params.get('labels'))
        if self.labels and HASH_LABEL in self.labels:
            raise SpecError('labels', HASH_LABEL, 'this label is reserved for the data digest of the module')
        self.data = _read_data(params, self.kind) if self.state == 'present' else None

    def version_of(self, name):
        """N of NAME_vN (rolling), 0 for NAME itself (not rolling), None for other names."""
        if not self.rolling:
            return 0 if name == self.name else None
        return version_number(self.name, name)

    def object_name(self, version):
        return '%s_v%d' % (self.name, version) if self.rolling else self.name

    def same_data(self, actual):
        """True / False, or None when the daemon keeps nothing to compare with (a secret made elsewhere)."""
        spec = actual.get('Spec') or {}
        if self.kind.data_returned:
            return base64.b64decode(spec.get('Data') or '') == self.data
        return digest_matches((spec.get('Labels') or {}).get(HASH_LABEL), self.data)

    def same_template(self, actual):
        if not self.kind.template_driver:
            return True
        current = ((actual.get('Spec') or {}).get('Templating') or {}).get('Name')
        return (current or None) == self.template_driver

    def create_body(self, name, labels):
        labels = dict(labels or {})
        if not self.kind.data_returned:
            labels[HASH_LABEL] = data_digest(self.data)
        body = {'Name': name, 'Labels': labels, 'Data': base64.b64encode(self.data).decode('ascii')}
        if self.template_driver:
            body['Templating'] = {'Name': self.template_driver}
        return body


def visible_labels(actual):
    """An object's labels as the user sees them: without the data digest."""
    labels = dict(((actual or {}).get('Spec') or {}).get('Labels') or {})
    labels.pop(HASH_LABEL, None)
    return labels


class SwarmObjectDriver:

    def __init__(self, client, spec):
        self.client = client
        self.spec = spec
        self.versions = []     # [(N, inspect data)] of the existing objects, oldest first
        self.kept_id = None    # the object the task leaves as the current one
        self._users = None

    @property
    def kind(self):
        return self.spec.kind

    def read(self):
        listed = wrap('list %ss' % self.kind.name, self.client.get, self.kind.path,
                      query={'filters': {'name': [self.spec.name]}}) or []
        found = [(self.spec.version_of((item.get('Spec') or {}).get('Name')), item) for item in listed]
        self.versions = sorted((pair for pair in found if pair[0] is not None), key=lambda pair: pair[0])

    @property
    def current(self):
        return self.versions[-1][1] if self.versions else None

    def users(self, actual):
        """Names of the services that use the object."""
        if self._users is None:
            self._users = {}
            for service in wrap('list services', self.client.get, '/services') or []:
                refs = (((service.get('Spec') or {}).get('TaskTemplate') or {}).get('ContainerSpec') or {}).get(
                    self.kind.ref_key) or []
                for ref in refs:
                    self._users.setdefault(ref.get(self.kind.id_key), set()).add(service['Spec']['Name'])
        return sorted(self._users.get(actual['ID']) or [])

    def plan(self, check_mode=False):
        if self.spec.state == 'absent':
            return self._plan_absent()
        plan = Plan()
        current = self.current
        same = self.spec.same_data(current) if current is not None else False
        if current is not None and same is None and not self.spec.force:
            warn('%s %s carries no data digest of this module (made elsewhere?), so its data cannot be compared; '
                 'set force: true to replace it' % (self.kind.name, _name(current)))
        replace = current is None or self.spec.force or same is False or not self.spec.same_template(current)
        labels = self.spec.labels if self.spec.labels is not None else visible_labels(current)
        if replace:
            self._plan_replace(plan, current, labels, same)
        else:
            self.kept_id = current['ID']
            if labels != visible_labels(current):
                plan.add('update', 'update labels of %s %s' % (self.kind.name, _name(current)),
                         lambda: self._update_labels(current, labels))
        if self.spec.rolling:
            self._plan_rotation(plan, replace)
        plan.before, plan.after = self._diff(current, labels, replace)
        return plan

    def target_name(self, replace):
        """The name of the object the task leaves as the current one."""
        last = self.versions[-1][0] if self.versions else 0
        return self.spec.object_name(last + 1 if replace or not self.versions else last)

    def _plan_replace(self, plan, current, labels, same):
        spec, kind = self.spec, self.kind
        reason = self._reason(current, same)
        if current is not None and not spec.rolling:
            users = self.users(current)
            if users:
                words = (kind.name, spec.name, reason, ', '.join(users), kind.name, spec.name)
                raise TaskFailed('%s %s: %s, but services %s use it and Swarm cannot change the data of a %s or '
                                 'remove one in use; set rolling_versions: true to create %s_vN versions and point '
                                 'the services at the new one' % words)
            plan.add('remove', 'remove %s %s (%s)' % (kind.name, spec.name, reason), lambda: self._remove(current))
        name = self.target_name(True)
        description = 'create %s %s' % (kind.name, name) + (' (%s)' % reason if current is not None else '')
        plan.add('create', description, lambda: self._create(name, labels), undo=self._remove_created)

    def _reason(self, current, same):
        if current is None:
            return 'new'
        if self.spec.force:
            return 'force'
        return 'data changed' if same is False else 'template_driver changed'

    def _plan_rotation(self, plan, adding):
        """Remove the oldest versions beyond versions_to_keep (counting a version this task adds)."""
        excess = len(self.versions) + (1 if adding else 0) - self.spec.keep
        for _version, actual in self.versions:
            if excess <= 0:
                break
            if actual['ID'] == self.kept_id:
                continue
            excess -= 1
            users = self.users(actual)
            if users:
                warn('kept %s %s beyond versions_to_keep=%d: services %s use it'
                     % (self.kind.name, _name(actual), self.spec.keep, ', '.join(users)))
                continue
            description = 'remove %s %s (beyond versions_to_keep=%d)' % (self.kind.name, _name(actual), self.spec.keep)
            plan.add('remove', description, lambda doomed=actual: self._remove(doomed))

    def _plan_absent(self):
        plan = Plan(before={'state': 'present' if self.versions else 'absent'}, after={'state': 'absent'})
        used = ['%s (services %s)' % (_name(actual), ', '.join(self.users(actual)))
                for _version, actual in self.versions if self.users(actual)]
        if used:
            raise TaskFailed('cannot remove %s %s: in use by %s; remove it from the services first'
                             % (self.kind.name, self.spec.name, '; '.join(used)))
        for _version, actual in self.versions:
            plan.add('remove', 'remove %s %s' % (self.kind.name, _name(actual)),
                     lambda doomed=actual: self._remove(doomed))
        return plan

    def _diff(self, current, labels, replace):
        before = {'state': 'absent'} if current is None else {'state': 'present', 'name': _name(current),
                                                              'labels': visible_labels(current)}
        after = {'state': 'present', 'labels': labels, 'name': self.target_name(replace)}
        if self.kind.template_driver:
            after['template_driver'] = self.spec.template_driver
            if current is not None:
                before['template_driver'] = ((current['Spec'].get('Templating') or {}).get('Name')) or None
        if self.kind.data_returned:
            after['data'] = _text(self.spec.data)
            if current is not None:
                before['data'] = _text(base64.b64decode(current['Spec'].get('Data') or ''))
        elif current is not None and replace:
            before['data'], after['data'] = '(previous secret data)', '(new secret data)'
        return before, after

    def _create(self, name, labels):
        answer = self.client.post(self.kind.path + '/create', body=self.spec.create_body(name, labels)) or {}
        self.kept_id = answer.get('ID') or answer.get('Id')

    def _remove_created(self):
        if self.kept_id:
            self.client.delete(self.kind.path + '/{}', self.kept_id, ok_statuses=(404,))

    def _remove(self, actual):
        self.client.delete(self.kind.path + '/{}', actual['ID'], ok_statuses=(404,))

    def _update_labels(self, actual, labels):
        spec = dict(actual['Spec'])
        spec.pop('Data', None)  # Swarm refuses an update that carries data, even the same
        spec['Labels'] = dict(labels, **{HASH_LABEL: spec['Labels'][HASH_LABEL]}) \
            if HASH_LABEL in (spec.get('Labels') or {}) else dict(labels)
        self.client.post(self.kind.path + '/{}/update', actual['ID'], query={'version': actual['Version']['Index']},
                         body=spec)

    def result(self, check_mode):
        kept = None
        if self.spec.state == 'present':
            kept = self.current if check_mode else None
            if not check_mode and self.kept_id:
                kept = self.client.inspect(self.kind.path.lstrip('/'), self.kept_id)
        summary = self._summary(kept)
        return {self.kind.name: summary, '%s_id' % self.kind.name: summary.get('id'),
                '%s_name' % self.kind.name: summary.get('name')}

    def _summary(self, actual):
        if not actual:
            return {}
        name = _name(actual)
        summary = {'id': actual['ID'], 'name': name, 'labels': visible_labels(actual),
                   'version': self.spec.version_of(name) if self.spec.rolling else None,
                   'created_at': actual.get('CreatedAt'), 'updated_at': actual.get('UpdatedAt')}
        if self.kind.template_driver:
            summary['template_driver'] = ((actual['Spec'].get('Templating') or {}).get('Name')) or None
        return summary


def _name(actual):
    return (actual.get('Spec') or {}).get('Name')


def _text(data):
    """Config data as diff text: decoded when it is UTF-8 text, else a placeholder."""
    try:
        return data.decode('utf-8')
    except UnicodeDecodeError:
        return '(%d bytes of binary data)' % len(data)


def run_swarm_object(kind, module, client_factory, check_mode):
    """The `config` and `secret` modules' task: validate, read, plan, apply, report."""
    spec = SwarmObjectSpec(kind, module.params)
    run_driver(module, SwarmObjectDriver(client_factory(module.params), spec), check_mode)
