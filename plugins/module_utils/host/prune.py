# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""`docker system/container/image/network/volume/builder prune`.

The prune endpoints have no dry run, so check mode lists what matches the same filters
instead and plans a prune only where something would go; a real run plans every prune asked
for, and one the daemon found nothing to remove for changed nothing (its action returns False).
"""

import calendar
import time

from ansible_collections.dockyard.docker.plugins.module_utils.api.client import REGISTRY_TIMEOUT
from ansible_collections.dockyard.docker.plugins.module_utils.api.errors import DockerError
from ansible_collections.dockyard.docker.plugins.module_utils.core.walks import read_walk, repeat_walk
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.specs.filters import parse_filters
from ansible_collections.dockyard.docker.plugins.module_utils.specs.policies import duration_ns
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import Plan, run_driver, wrap

KINDS = ('containers', 'images', 'networks', 'volumes', 'builder')
PRUNE_ACTIONS = dict([(kind, 'prune ' + kind) for kind in KINDS[:-1]], builder='prune the build cache')
BUILTIN_NETWORKS = ('bridge', 'host', 'none')
# What `docker container prune` leaves alone (paused containers are running ones).
LIVE_CONTAINER_STATES = ('running', 'paused', 'restarting', 'removing')
# Podman's words for a listed container that was started before its prune reached it.
STARTED_MEANWHILE = 'as it is running'
# Set by dockerd (API 1.42+) on volumes it created without a name.
ANONYMOUS_VOLUME_LABEL = 'com.docker.volume.anonymous'


def prune_argument_spec():
    spec = {}
    for kind in KINDS:
        spec[kind] = dict(type='bool', default=False)
        spec[kind + '_filters'] = dict(type='dict')
    spec['builder_all'] = dict(type='bool', default=False)
    return spec


class PruneSpec:

    def __init__(self, params):
        self.kinds = [kind for kind in KINDS if params.get(kind)]
        self.filters = dict((kind, parse_filters(kind + '_filters', params.get(kind + '_filters')) or {})
                            for kind in KINDS)
        for kind in KINDS:
            if params.get(kind + '_filters') is not None and not params.get(kind):
                raise SpecError(kind + '_filters', params[kind + '_filters'], 'it needs %s: true' % kind)
        self.builder_all = params.get('builder_all', False)
        if self.builder_all and not params.get('builder'):
            raise SpecError('builder_all', True, 'it needs builder: true')


class PruneDriver:
    """Plans each requested prune (check mode: each predicted to remove something) and gathers
    what was (or would be) removed into the result keys."""

    def __init__(self, client, spec):
        self.client = client
        self.spec = spec
        self.outcome = {}  # kind -> (removed, space reclaimed)
        self.before = dict((kind, []) for kind in spec.kinds)

    def read(self):
        """Nothing to read first: a real prune reports what it removed, check mode predicts in plan()."""

    def plan(self, check_mode=False):
        plan = Plan(self.before, dict((kind, []) for kind in self.spec.kinds))
        for kind in self.spec.kinds:
            if check_mode and not self._record(kind, getattr(self, '_predict_' + kind)()):
                continue
            plan.add('prune', PRUNE_ACTIONS[kind], self._prune_call(kind))
        return plan

    def _prune_call(self, kind):
        return lambda: self._record(kind, getattr(self, '_prune_' + kind)())

    def _record(self, kind, outcome):
        """Keep what a prune removed (or would); False when that is nothing."""
        removed, space = self.outcome[kind] = outcome
        if kind != 'builder':
            self.before[kind] = removed
        # The build cache counts by the space it frees, as its result lists no caches.
        return bool(space > 0 or (removed and kind != 'builder'))

    def result(self, check_mode):
        result = {}
        for kind in self.spec.kinds:
            removed, space = self.outcome.get(kind, ([], 0))
            if kind != 'builder':
                result[kind] = removed
            if kind != 'networks':
                result[kind + '_space_reclaimed'] = space
        result['space_reclaimed'] = sum(value for key, value in result.items() if key.endswith('_space_reclaimed'))
        return result

    def _query(self, kind, extra=None):
        filters = dict(self.spec.filters[kind], **(extra or {}))
        return {'filters': filters} if filters else None

    # -- real runs ------------------------------------------------------------------------------

    def _prune_containers(self):
        # Podman tells no pruned container when another client removed one under it: listed first there.
        before = self._prunable_containers() if self.client.is_podman() else None
        try:
            answer = self.client.post('/containers/prune', query=self._query('containers')) or {}
        except DockerError as exc:
            if before is None or not only_vanished(exc, or_started=True):
                raise
            return self._pruned_besides_vanished(before, exc)
        return sorted(answer.get('ContainersDeleted') or []), answer.get('SpaceReclaimed') or 0

    def _pruned_besides_vanished(self, before, exc):
        """Podman pruned every container it listed but those it names (another client removed or started
        them first), and answered 500 without the others: they are the listed ones no longer there."""
        remaining = set(item['Id'] for item in self._prunable_containers())
        removed = [item for item in before if item['Id'] not in remaining and item['Id'] not in exc.reason]
        return sorted(item['Id'] for item in removed), sum(item.get('SizeRw') or 0 for item in removed)

    def _prune_images(self):
        answer = self.client.post('/images/prune', query=self._query('images'), timeout=REGISTRY_TIMEOUT) or {}
        removed = [_image_id(item.get('Deleted')) or item.get('Untagged') for item in answer.get('ImagesDeleted') or []]
        return removed, answer.get('SpaceReclaimed') or 0

    def _prune_networks(self):
        # Podman reads every container's networks before it removes any, and fails the whole prune
        # when a container is removed meanwhile: nothing was pruned, so it is tried again, as a walk is.
        answer = repeat_walk(lambda: self.client.post('/networks/prune', query=self._query('networks')),
                             'prune networks', vanished=only_vanished) or {}
        return sorted(answer.get('NetworksDeleted') or []), 0

    def _prune_volumes(self):
        answer = self.client.post('/volumes/prune', query={'filters': self._volume_prune_filters()}) or {}
        return sorted(answer.get('VolumesDeleted') or []), answer.get('SpaceReclaimed') or 0

    def _volume_prune_filters(self):
        """Since API 1.42 dockerd prunes only anonymous volumes unless asked for all; we prune every
        unused volume on every API (what check mode lists), unless the task sets `all` itself.
        Podman prunes named volumes too and refuses the `all` filter."""
        filters = dict(self.spec.filters['volumes'])
        if 'all' not in filters and self.client.api_at_least('1.42') and not self.client.is_podman():
            filters['all'] = ['true']
        return filters

    def _prune_builder(self):
        query = dict(self._query('builder') or {}, all=self.spec.builder_all or None)
        answer = self.client.post('/build/prune', query=query, timeout=REGISTRY_TIMEOUT) or {}
        return sorted(answer.get('CachesDeleted') or []), answer.get('SpaceReclaimed') or 0

    # -- check mode -----------------------------------------------------------------------------

    def _predict_containers(self):
        found = self._prunable_containers()
        return sorted(item['Id'] for item in found), sum(item.get('SizeRw') or 0 for item in found)

    def _prunable_containers(self):
        # Prune removes every container that is not running (created, exited, dead). One listing,
        # filtered here: Podman refuses the status filter `dead`.
        return [item for item in self._list('/containers/json', 'containers', {}, all=True, size=True)
                if item.get('State') not in LIVE_CONTAINER_STATES]

    def _predict_images(self):
        dangling = self.spec.filters['images'].get('dangling', ['true'])
        # dangling=false prunes every unused image, tagged or not: list them all.
        extra = {'dangling': None if dangling[0] in ('false', '0') else ['true']}
        used = set(item.get('ImageID') for item in self._list('/containers/json', None, {}, all=True))
        images = [image for image in self._list('/images/json', 'images', extra) if image['Id'] not in used]
        return sorted(image['Id'] for image in images), sum(image.get('Size') or 0 for image in images)

    def _predict_networks(self):
        networks = [network for network in self._list('/networks', 'networks', {'dangling': ['true']})
                    if network.get('Name') not in BUILTIN_NETWORKS and not network.get('Ingress')]
        return sorted(network['Name'] for network in networks), 0

    def _predict_volumes(self):
        filters = dict(self.spec.filters['volumes'], dangling=['true'])
        # `all` is a prune-only filter: all=false keeps named volumes (they carry no anonymous label).
        if filters.pop('all', ['true']) in (['false'], ['0']):
            filters['label'] = filters.get('label', []) + [ANONYMOUS_VOLUME_LABEL]
        answer = wrap('list volumes', self.client.get, '/volumes', query={'filters': filters}) or {}
        # Podman joins `dangling` and `label` with OR, so the labels are checked here again.
        volumes = [volume for volume in answer.get('Volumes') or [] if volume.get('Scope', 'local') == 'local'
                   and labels_match(volume.get('Labels') or {}, filters)]
        return sorted(volume['Name'] for volume in volumes), 0

    def _predict_builder(self):
        caches = (read_walk(self.client, 'read the build cache usage', '/system/df') or {}).get('BuildCache') or []
        unused = [cache for cache in caches if not cache.get('InUse')
                  and (self.spec.builder_all or not cache.get('Shared'))]
        return sorted(cache.get('ID') for cache in unused), sum(cache.get('Size') or 0 for cache in unused)

    def _list(self, path, kind, extra, **query):
        """List with the task's filters; 'until' is a prune-only filter, so it is applied here."""
        filters = dict(self.spec.filters[kind] if kind else {}, **extra)
        until = filters.pop('until', None)
        filters = dict((key, value) for key, value in filters.items() if value is not None)
        if filters:
            query['filters'] = filters
        items = read_walk(self.client, 'list %s' % path.strip('/').split('/')[0], path, query=query) or []
        return [item for item in items if created_before(item.get('Created'), until)]


def only_vanished(exc, or_started=False):
    """Podman's compat prune joins the error of every container it failed to remove with '; ' into one
    500 answer: True when each is 'no such container' (removed by another client meanwhile) or, with
    or_started, 'as it is running' (started by another client since the listing: Docker skips those)."""
    errors = [part for part in exc.reason.split(';') if part.strip()]
    return exc.status == 500 and bool(errors) and all(
        DockerError(500, part).not_found or (or_started and STARTED_MEANWHILE in part) for part in errors)


def _image_id(deleted):
    """Podman reports deleted image IDs without the sha256: prefix that Docker (and inspect) use."""
    if deleted and ':' not in deleted and len(deleted) == 64:
        return 'sha256:' + deleted
    return deleted


def labels_match(labels, filters):
    """The `label` (KEY or KEY=VALUE, all must hold) and `label!` (none may hold) filters, applied here."""
    def holds(term):
        key, sep, value = term.partition('=')
        return key in labels and (not sep or labels[key] == value)
    return all(holds(term) for term in filters.get('label') or []) and \
        not any(holds(term) for term in filters.get('label!') or [])


def created_before(created, until):
    """True when a Created value (epoch seconds or RFC 3339) is older than until (timestamp or duration)."""
    if not until or created is None:
        return True
    if not isinstance(created, (int, float)):
        created = calendar.timegm(time.strptime(str(created)[:19], '%Y-%m-%dT%H:%M:%S'))
    try:
        limit = float(until[0])
    except ValueError:
        limit = time.time() - duration_ns('until', until[0]) / 1e9
    return created < limit


def run_prune(module, client_factory, check_mode):
    """The `prune` module's task."""
    spec = PruneSpec(module.params)
    run_driver(module, PruneDriver(client_factory(module.params), spec), check_mode)
