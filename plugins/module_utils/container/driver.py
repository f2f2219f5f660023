# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Containers: desired spec, comparison with inspect, and the plan that converges them.

Used by the `container` module (one container) and the `containers` module (a set). The
options are the entries of container_options.OPTIONS; the spec and the create body are loops
over that table. Network steps live in container/networks.py, the daemon calls of each action
in container/actions.py.
"""

from ansible.module_utils.common.warnings import warn

from ansible_collections.dockyard.docker.plugins.module_utils.api.client import DockerError, version_tuple
from ansible_collections.dockyard.docker.plugins.module_utils.container import options as opts
from ansible_collections.dockyard.docker.plugins.module_utils.container.actions import (
    ContainerActions,
    pass_on_warnings,
    running_state,
)
from ansible_collections.dockyard.docker.plugins.module_utils.container.hooks import (
    Context,
    discarded_blkio_weight,
    joined_container,
    preserved_volumes,
)
from ansible_collections.dockyard.docker.plugins.module_utils.container.networks import NetworkSteps
from ansible_collections.dockyard.docker.plugins.module_utils.container.pulls import ImageSteps
from ansible_collections.dockyard.docker.plugins.module_utils.core.fields import comparison_modes
from ansible_collections.dockyard.docker.plugins.module_utils.image.reference import familiar_name, normalize_reference
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import (
    RACE_ATTEMPTS,
    NameTaken,
    Plan,
    TaskFailed,
    run_driver,
    wrap,
)

# Options that may name another container as container:NAME; the daemon stores container:ID.
JOINED_MODES = ('pid_mode', 'ipc_mode', 'network_mode')
STATES = ['present', 'started', 'stopped', 'restarted', 'healthy', 'absent']


def container_argument_spec():
    spec = dict(
        name=dict(type='str', required=True),
        image=dict(type='str'),
        state=dict(type='str', default='started', choices=STATES),
        detach=dict(type='bool', default=True),
        cleanup=dict(type='bool', default=False),
        expected_rc=dict(type='list', elements='int', default=[0]),
        pull=dict(type='raw', default='missing', choices=['missing', 'always', 'never', True, False]),
        platform=dict(type='str'),
        recreate=dict(type='bool', default=False),
        restart=dict(type='bool', default=False),
        force_kill=dict(type='bool', default=False),
        kill_signal=dict(type='str'),
        keep_volumes=dict(type='bool', default=True),
        comparisons=dict(type='dict'),
        image_comparison=dict(type='str', default='desired-image', choices=['desired-image', 'current-image']),
        image_name_mismatch=dict(type='str', default='recreate', choices=['recreate', 'ignore']),
        image_label_mismatch=dict(type='str', default='ignore', choices=['ignore', 'fail']),
        healthy_wait_timeout=dict(type='float', default=300),
    )
    spec.update(opts.options_argument_spec())
    return spec


class ContainerSpec:
    """The validated desired state of one container; built without touching the daemon."""

    def __init__(self, params, extra_labels=None):
        self.name = params['name']
        self.state = params.get('state') or 'started'
        self.detach = params.get('detach', True)
        self.image = normalize_reference('image', params['image']) if params.get('image') else None
        # community.docker's booleans: true pulls always, false when missing.
        self.pull = {True: 'always', False: 'missing'}.get(params.get('pull'), params.get('pull') or 'missing')
        self.platform = params.get('platform')
        self.recreate = params.get('recreate', False)
        self.restart = params.get('restart', False)
        self.cleanup = params.get('cleanup', False)
        self.expected_rc = params.get('expected_rc') or [0]
        self.force_kill = params.get('force_kill', False)
        self.kill_signal = params.get('kill_signal')
        self.keep_volumes = params.get('keep_volumes', True)
        # compose's renew_anon_volumes (no option of its own here): a recreate gives the new container fresh
        # anonymous volumes and, with keep_volumes, leaves the old container's ones in place.
        self.renew_anonymous_volumes = False
        self.image_comparison = params.get('image_comparison') or 'desired-image'
        self.image_name_mismatch = params.get('image_name_mismatch') or 'recreate'
        self.image_label_mismatch = params.get('image_label_mismatch') or 'ignore'
        self.healthy_wait_timeout = params.get('healthy_wait_timeout', 300)
        if extra_labels:
            params = dict(params, labels=dict(params.get('labels') or {}, **extra_labels))
        self.values = opts.parse_options(params)
        self.modes = comparison_modes('comparisons', params.get('comparisons'), opts.OPTIONS, extra=('image',))
        self.networks = self.values.get('networks')
        self.network_mode = self.values.get('network_mode')
        self.purge_networks = params.get('purge_networks', False)
        self._check_combinations()

    @property
    def volumes(self):
        return self.values.get('volumes') or []

    def _check_combinations(self):
        if not self.detach and self.state not in ('started',):
            raise SpecError('detach', False, 'a one-shot run (detach: false) needs state: started, not %s'
                            % self.state)
        if self.networks and self.network_mode in ('host', 'none'):
            raise SpecError('networks', [n.name for n in self.networks],
                            'a container with network_mode: %s cannot join networks' % self.network_mode)
        if self.networks and self.network_mode and not self.network_mode.startswith('container:') \
                and self.network_mode not in [n.name for n in self.networks] + ['bridge', 'default']:
            raise SpecError('network_mode', self.network_mode,
                            'with networks, network_mode must be one of the listed networks (or leave it unset)')
        if self.values.get('paused') and self.state not in ('started', 'healthy', 'present'):
            raise SpecError('paused', True, 'a paused container runs: use state started or present, not %s'
                            % self.state)

    def check_api(self, api_version, info, is_podman=lambda: False):
        """Refuse options the daemon's API does not have (too old, or dropped since), its kernel lacks,
        or Podman cannot apply."""
        for name in self.values:
            option = opts.OPTIONS_BY_NAME[name]
            if option.not_on_podman and is_podman():
                raise SpecError(name, self.values[name], option.not_on_podman)
            if option.info and info().get(option.info) is False:
                raise SpecError(name, self.values[name], "the daemon's kernel does not support it (docker info "
                                'reports %s: false), so the daemon would discard it; remove the option' % option.info)
            if option.min_api and version_tuple(api_version) < version_tuple(option.min_api):
                raise SpecError(name, self.values[name], 'it needs Docker API %s or newer; the daemon serves %s'
                                % (option.min_api, api_version))
            if option.max_api and version_tuple(api_version) > version_tuple(option.max_api):
                raise SpecError(name, self.values[name], 'the Engine dropped it after API %s (the daemon serves %s '
                                'and ignores it); remove the option' % (option.max_api, api_version))

    def context(self, image=None, container_ids=None, preserved=None, api_at_least=None, is_podman=None):
        return Context(self.values, ((image or {}).get('Config') or {}), container_ids, preserved, api_at_least,
                       is_podman)

    # -- create ---------------------------------------------------------------------------------

    def create_body(self, preserved_volumes=None, api_at_least=None, is_podman=None):
        """The /containers/create body: each option the task sets puts itself in."""
        body = {'Image': self.image, 'Labels': {}, 'HostConfig': {}}
        ctx = self.context(preserved=preserved_volumes, api_at_least=api_at_least, is_podman=is_podman)
        for name, value in self.values.items():
            opts.OPTIONS_BY_NAME[name].put(body, value, ctx)
        if preserved_volumes and 'volumes' not in self.values:
            opts.OPTIONS_BY_NAME['volumes'].put(body, [], ctx)
        return body

    # -- compare --------------------------------------------------------------------------------

    def joined_modes(self):
        """(option, 'container:NAME') for each namespace this container shares with another container."""
        modes = [(name, self.values.get(name)) for name in JOINED_MODES]
        return [(option, mode) for option, mode in modes if joined_container(mode)]

    def differences(self, actual, image, container_ids=None, is_podman=lambda: False):
        """Return [(option, actual_value, expected_value)] for options that differ.

        container_ids maps the names in container:NAME modes to IDs, as the daemon stores them.
        is_podman() says whether the engine is Podman, which reports some values otherwise than
        Docker (the entries' podman hooks); it is asked only when there is a difference.
        """
        ctx = self.context(image, container_ids)
        self._check_image_labels(ctx)
        found = []
        for option in opts.COMPARED:
            mode = self.modes[option.name]
            if option.name not in self.values or mode == 'ignore':
                continue
            expected = option.expected(self.values[option.name], ctx)
            current = option.current(actual, ctx)
            if option.equal(expected, current, mode):
                continue
            # Asked only on a difference, so a Docker no-op costs no extra request.
            if option.podman and is_podman() and option.equal(expected, option.podman(current, expected, actual), mode):
                continue
            found.append((option.name, current, expected))
        return found

    def _check_image_labels(self, ctx):
        # As community.docker: only a task that sets labels compares them with the image's.
        if self.image_label_mismatch != 'fail' or self.modes['labels'] != 'strict' or self.values.get('labels') is None:
            return
        missing = sorted(set(ctx.image_config.get('Labels') or {}) - set(self.values.get('labels') or {}))
        if missing:
            raise TaskFailed('image_label_mismatch: the image has labels the task does not set: %s; set them in '
                             'labels, or use image_label_mismatch: ignore' % ', '.join(missing))

    def in_place_updates(self, differences):
        """The /containers/update body when every difference can be applied in place, else None."""
        body = {}
        for name, _current, _expected in differences:
            option = opts.OPTIONS_BY_NAME[name]
            if option.update is None:
                return None
            body[option.update] = self.values[name]
        if body.get('Memory') and 'memory_swap' not in self.values:
            # Keep the daemon's create-time default (swap = 2 x memory) so lowering or raising memory works.
            body['MemorySwap'] = body['Memory'] * 2
        return body

    def image_differs(self, actual, image, newer_in_registry):
        """Why the image makes a new container, or None."""
        if self.modes.get('image') == 'ignore' or not self.image:
            return None
        if image is None:
            return 'image %s would be pulled' % self.image
        if actual.get('Image') != image.get('Id') or newer_in_registry:
            return 'image %s has a new ID' % self.image
        configured = (actual.get('Config') or {}).get('Image') or ''
        if self.image_name_mismatch == 'recreate' and configured != image.get('Id') and \
                familiar_name(normalize_reference('image', configured) if configured else '') != familiar_name(self.image):
            return 'the container was made from image %s, the task names %s' % (configured, self.image)
        return None


class ContainerDriver(ImageSteps, NetworkSteps, ContainerActions):
    """Reads one container, plans its convergence and carries the plan out."""

    def __init__(self, client, spec):
        self.client = client
        self.spec = spec
        self.actual = None
        self.image = None
        self.network_info = {}
        self.run_output = None
        self.run_raw = None  # the attach stream of a one-shot run, as the daemon sent it
        self.newer_in_registry = False
        self.pulled = None  # (ID the image name had before, ID after) when a pull changes (or would change) it
        self.registry_digest = None  # check mode, image missing: the digest a pull would bring
        self.container_ids = {}  # container:NAME modes: name -> ID
        self.created_alongside = set()  # names the same task creates (the containers module's definitions)
        self.compared_image = None  # image_comparison: current-image
        self.daemon_info = None  # /info, read only for options that depend on the kernel
        self.daemon_warned = False  # a create or update answer carried warnings (passed on as the task's)

    # -- read ---------------------------------------------------------------------------------

    def read(self):
        spec = self.spec
        self.actual = wrap('inspect container %s' % spec.name, self.client.inspect, 'containers', spec.name)
        if spec.state != 'absent':
            options = [opts.OPTIONS_BY_NAME[name] for name in spec.values]
            if any(option.min_api or option.max_api or option.info or option.not_on_podman for option in options):
                spec.check_api(self.client.server_api_version(), self._info, self.client.is_podman)
            self.container_ids = self._read_joined_containers()
            if spec.image_comparison == 'current-image' and self.actual:
                self.compared_image = wrap('inspect image %s' % self.actual['Image'], self.client.inspect,
                                           'images', self.actual['Image'])
        return self.actual

    def _info(self):
        if self.daemon_info is None:
            self.daemon_info = wrap('read daemon info', self.client.get, '/info') or {}
        return self.daemon_info

    def _read_joined_containers(self):
        """IDs of the containers named in container:NAME modes, of the task and of the container as it is."""
        ids = {}
        for option, mode in self.spec.joined_modes():
            name = joined_container(mode)
            joined = wrap('inspect container %s' % name, self.client.inspect, 'containers', name)
            if joined is None and name not in self.created_alongside:
                raise TaskFailed("%s: container '%s' does not exist; create it first" % (option, name))
            ids[name] = joined['Id'] if joined else name
        host = (self.actual or {}).get('HostConfig') or {}
        for mode in (host.get('PidMode'), host.get('IpcMode'), host.get('NetworkMode')):
            name = joined_container(mode)
            if name and name not in ids:
                joined = wrap('inspect container %s' % name, self.client.inspect, 'containers', name)
                ids[name] = joined['Id'] if joined else name
        return ids

    # -- plan ---------------------------------------------------------------------------------

    def plan(self, check_mode=False):
        spec = self.spec
        actual = self.actual
        current_state = running_state(actual)
        plan = Plan()
        if spec.state == 'absent':
            if actual is not None:
                self._plan_remove(plan, actual)
            plan.before, plan.after = {'state': current_state}, {'state': 'absent'}
            return plan
        if actual is None and not spec.image:
            raise TaskFailed('image: required to create container %s, which does not exist' % spec.name)
        self._plan_pull(plan, actual)
        differences, recreate_reason = [], None
        if actual is not None:
            differences = spec.differences(actual, self.compared_image or self.image, self.container_ids,
                                           self.client.is_podman)
            recreate_reason = self._recreate_reason(actual, differences)
            if recreate_reason and not spec.image:
                # Fail before stopping anything: the new container could not be created.
                raise TaskFailed('image: required to recreate container %s (%s); set image'
                                 % (spec.name, recreate_reason))
        target_state = self._target_state(current_state)
        if actual is None:
            self._plan_create(plan, start=target_state == 'started')
        elif recreate_reason:
            self._plan_recreate(plan, actual, start=target_state == 'started', reason=recreate_reason)
        else:
            if differences:
                self._plan_update(plan, actual, differences)
            self._plan_networks(plan, actual)
            self._plan_run_state(plan, actual, current_state, target_state)
        fresh = actual is None or bool(recreate_reason) or spec.state == 'restarted' or spec.restart
        self._plan_pause_and_health(plan, actual, check_mode, target_state, fresh)
        if not spec.detach:
            self._plan_one_shot(plan)
        plan.before = dict(((name, before) for name, before, _after in differences), state=current_state)
        plan.after = dict(((name, after) for name, _before, after in differences),
                          state=target_state if spec.detach else self._state_after_run())
        if recreate_reason:
            plan.after['recreated'] = recreate_reason
        if self.pulled:
            plan.before['image_id'], plan.after['image_id'] = self.pulled
        return plan

    def _state_after_run(self):
        gone = self.spec.cleanup or self.spec.values.get('auto_remove')
        return 'absent' if gone else 'stopped'

    def _target_state(self, current_state):
        state = self.spec.state
        if state in ('started', 'restarted', 'healthy'):
            return 'started'
        if state == 'stopped':
            return 'stopped'
        return current_state if current_state != 'absent' else 'stopped'

    def _recreate_reason(self, actual, differences):
        spec = self.spec
        if spec.recreate:
            return 'recreate requested'
        if not spec.detach:
            return 'a one-shot run starts from a fresh container'
        image_reason = spec.image_differs(actual, self.image, self.newer_in_registry)
        if image_reason:
            return image_reason
        if differences and spec.in_place_updates(differences) is None:
            return 'changed: %s' % ', '.join(sorted(set(name for name, _b, _a in differences)))
        return None

    def _plan_create(self, plan, start, preserved=None):
        spec = self.spec
        holder = {}

        def create():
            holder['id'] = self._create(preserved)

        def undo():
            self._remove(holder.get('id') or spec.name, force=True)

        plan.add('create', 'create container %s from %s' % (spec.name, spec.image), create, undo)
        if start and spec.detach:
            plan.add('start', 'start container %s' % spec.name, lambda: self._start(spec.name))
        return holder

    def _create(self, preserved):
        spec = self.spec
        body = spec.create_body(preserved, self.client.api_at_least, self.client.is_podman)
        try:
            created = self.client.post('/containers/create', query={'name': spec.name}, body=body)
        except DockerError as exc:
            if exc.conflict:
                raise NameTaken('Failed to create container %s: the name was taken meanwhile by another '
                                'writer (%s); rerun the task to converge it' % (spec.name, exc.reason))
            raise
        self.daemon_warned = pass_on_warnings(spec.name, created) or self.daemon_warned
        try:
            self._connect_extra_networks(created['Id'], body)
        except DockerError:
            self._remove(created['Id'], force=True)
            raise
        return created['Id']

    def _plan_recreate(self, plan, actual, start, reason):
        spec = self.spec
        old_id = actual['Id']
        was_running = running_state(actual) == 'started'
        parking_name = '%s_dockyard_old_%s' % (spec.name, old_id[:12])
        carried = spec.keep_volumes and not spec.renew_anonymous_volumes
        preserved = preserved_volumes(actual, spec.volumes, self.image) if carried else {}
        if was_running:
            plan.add('stop', 'stop container %s (%s)' % (spec.name, reason), lambda: self._stop(old_id),
                     lambda: self._start(old_id))
        plan.add('rename', 'set container %s aside as %s%s' % (spec.name, parking_name,
                                                               '' if was_running else ' (%s)' % reason),
                 lambda: self.client.post('/containers/{}/rename', old_id, query={'name': parking_name}),
                 lambda: self.put_back(old_id))
        self._plan_create(plan, start=False, preserved=preserved)
        plan.add('remove', 'remove the old container %s' % parking_name,
                 lambda: self._remove(old_id, force=True, volumes=not spec.keep_volumes))
        if start and spec.detach:
            plan.add('start', 'start container %s' % spec.name, lambda: self._start(spec.name))

    def put_back(self, old_id):
        """Undo of setting a container aside: its name back. When another writer has meanwhile
        created a container under that name, the old one is superseded: remove it rather than leave
        it parked (and started again by the next undo) beside the new one."""
        try:
            self.client.post('/containers/{}/rename', old_id, query={'name': self.spec.name})
        except DockerError as exc:
            if not exc.conflict:
                raise
            self._remove(old_id, force=True)

    def _plan_update(self, plan, actual, differences):
        body = self.spec.in_place_updates(differences)
        names = ', '.join(sorted(name for name, _b, _a in differences))

        def update():
            answer = self.client.post('/containers/{}/update', actual['Id'], body=self._engine_update(body))
            self.daemon_warned = pass_on_warnings(self.spec.name, answer) or self.daemon_warned

        plan.add('update', 'update %s of container %s in place' % (names, self.spec.name), update)

    def _plan_run_state(self, plan, actual, current_state, target_state):
        spec = self.spec
        if spec.state == 'restarted' or (spec.restart and current_state == 'started'):
            plan.add('restart', 'restart container %s' % spec.name, lambda: self._restart(actual['Id']))
        elif target_state == 'started' and current_state != 'started' and spec.detach:
            plan.add('start', 'start container %s' % spec.name, lambda: self._start(actual['Id']))
        elif target_state == 'stopped' and current_state == 'started':
            verb = 'kill' if spec.force_kill else 'stop'
            plan.add(verb, '%s container %s' % (verb, spec.name), lambda: self._stop(actual['Id']))

    def _plan_pause_and_health(self, plan, actual, check_mode, target_state, fresh):
        """paused: pause or unpause the running container; state: healthy: wait for its health check."""
        spec = self.spec
        paused = spec.values.get('paused')
        if target_state == 'started' and paused is not None and spec.detach:
            is_paused = not fresh and bool(((actual or {}).get('State') or {}).get('Paused'))
            if paused != is_paused:
                verb = 'pause' if paused else 'unpause'
                plan.add(verb, '%s container %s' % (verb, spec.name), lambda: self._pause(spec.name, paused))
        if spec.state == 'healthy' and not check_mode and not paused:
            plan.add('wait', 'wait until container %s is healthy' % spec.name, self._wait_healthy)

    def _plan_remove(self, plan, actual):
        spec = self.spec
        if running_state(actual) == 'started':
            verb = 'kill' if spec.force_kill else 'stop'
            plan.add(verb, '%s container %s' % (verb, spec.name), lambda: self._stop(actual['Id']))
        plan.add('remove', 'remove container %s' % spec.name,
                 lambda: self._remove(actual['Id'], force=True, volumes=not spec.keep_volumes))

    def _plan_one_shot(self, plan):
        spec = self.spec
        plan.add('run', 'run container %s to completion' % spec.name, self._run_to_completion)

    # -- result ---------------------------------------------------------------------------------

    def result(self, check_mode):
        result = {}
        if self.run_output is not None:
            result.update(self.run_output)
            if self.run_output['rc'] not in self.spec.expected_rc:
                raise TaskFailed('container %s exited with rc %s (expected %s)'
                                 % (self.spec.name, self.run_output['rc'],
                                    ', '.join(str(rc) for rc in self.spec.expected_rc)),
                                 **self.run_output)
            # An accepted non-zero rc is success; without failed=False Ansible would mark it failed.
            result['failed'] = False
        if self.spec.state != 'absent' and not check_mode and not (self.run_output and self.spec.cleanup):
            result['container'] = self.client.inspect('containers', self.spec.name) or {}
        elif check_mode:
            result['container'] = self.actual or {}
        else:
            result['container'] = {}
        discarded = None if self.daemon_warned else discarded_blkio_weight(self.spec.values, result['container'])
        if discarded and self.spec.modes.get('blkio_weight') != 'ignore':
            warn(discarded)
        return result


def run_container(module, client_factory, check_mode):
    """The `container` module's task: validate, read, plan, apply, report."""
    spec = ContainerSpec(module.params)
    client = client_factory(module.params)
    driver = ContainerDriver(client, spec)
    if spec.state != 'absent':
        driver.read_image(check_mode)
        driver.read_networks()
    run_driver(module, driver, check_mode, attempts=RACE_ATTEMPTS)
