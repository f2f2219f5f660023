# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The `compose` module: a Compose project converged natively on one host.

compose/loader.py reads the project (no daemon); compose/containers.py turns each service into
`container` module parameters, validated by the container module's own argument spec and
ContainerSpec; networks and volumes come first (compose/project.py), then images are built,
then the bulk engine of the `containers` module plans every container and applies the plans
in parallel, service level by service level in depends_on order, waiting for the conditions a
later level needs.
"""

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.dockyard.docker.plugins.module_utils.compose.model import (
    load_compose_project, named_only, project_argument_spec)
from ansible_collections.dockyard.docker.plugins.module_utils.compose.containers import (
    compose_labels, container_params, replicas)
from ansible_collections.dockyard.docker.plugins.module_utils.container.driver import ContainerSpec, container_argument_spec
from ansible_collections.dockyard.docker.plugins.module_utils.image.driver import ImageSpec, image_argument_spec
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError

STATES = ['present', 'absent', 'stopped', 'restarted']
CONTAINER_STATES = {'present': 'started', 'stopped': 'stopped', 'restarted': 'restarted'}
PULL_POLICIES = {'always': 'always', 'never': 'never', 'missing': 'missing', 'if_not_present': 'missing', 'build': 'missing'}


def compose_argument_spec():
    return dict(
        project_argument_spec(),
        state=dict(type='str', default='present', choices=STATES),
        services=dict(type='list', elements='str'),
        pull=dict(type='str', default='policy', choices=['missing', 'always', 'never', 'policy']),
        build=dict(type='str', default='policy', choices=['never', 'always', 'policy']),
        remove_orphans=dict(type='bool', default=False),
        remove_volumes=dict(type='bool', default=False),
        renew_anon_volumes=dict(type='bool', default=False),
        wait=dict(type='bool', default=False),
        wait_timeout=dict(type='int', default=120),
        recreate=dict(type='str', default='auto', choices=['auto', 'always', 'never']),
    )


class ServiceUnit:
    """One service as the task acts on it: its desired containers and its image build."""

    def __init__(self, name, service, specs, build):
        self.name = name
        self.service = service
        self.specs = specs          # ContainerSpec per desired container, numbers 1..N
        self.build = build          # an ImageSpec, or None


class ComposeSpec:
    """The validated task: the project read and checked, every container spec built (no daemon)."""

    def __init__(self, params):
        self.params = params
        if params['files'] and params['definition'] is not None:
            raise SpecError('definition', 'definition', 'give files or definition, not both')
        if params['project_src'] is None and not params['files'] and params['definition'] is None \
                and not self._down_without_files(params):
            raise SpecError('project_src', None, 'give project_src, files or definition (state=absent: or project_name)')
        if params['remove_volumes'] and params['state'] != 'absent':
            raise SpecError('remove_volumes', True, 'only used with state=absent')
        if params['renew_anon_volumes'] and params['state'] == 'absent':
            raise SpecError('renew_anon_volumes', True, 'only used with state present, stopped or restarted')
        if params['wait_timeout'] < 1:
            raise SpecError('wait_timeout', params['wait_timeout'], 'give a number of seconds, 1 or more')
        self.state = params['state']
        if self._down_without_files(params):
            self.project = {'name': params['project_name'], 'services': {}, 'networks': {}, 'volumes': {},
                            'configs': {}, 'secrets': {}, 'working_dir': None, 'config_files': []}
        else:
            self.project = load_compose_project(params)
        # Every service of the file, enabled or not: containers of the others are orphans.
        self.declared = set(load_compose_project(params, profiles=['*'])['services']) if self.state != 'absent' else set()
        self.acted_on = list(params['services'] or sorted(self.project['services']))
        self._container_validator = ArgumentSpecValidator(container_argument_spec())
        self.available = set(container_argument_spec())
        self.units = dict((name, self._unit(name)) for name in self.project['services'])

    @staticmethod
    def _down_without_files(params):
        """state=absent needs only the project's name: its containers, networks and volumes carry it."""
        return params['state'] == 'absent' and named_only(params)

    def _unit(self, name):
        service = self.project['services'][name]
        image = service.get('image') or ('%s-%s' % (self.project['name'], name) if 'build' in service else None)
        build = self._build_spec(name, service, image)
        specs = [self._container_spec(name, service, number, image, build)
                 for number in range(1, replicas(name, service) + 1)]
        return ServiceUnit(name, service, specs, build)

    def _build_spec(self, name, service, image):
        if 'build' not in service or self.params['build'] == 'never':
            return None
        build = service['build']
        options = {'path': build['context'], 'dockerfile': build.get('dockerfile') or 'Dockerfile',
                   'args': dict((key, value) for key, value in (build.get('args') or {}).items() if value is not None),
                   'target': build.get('target'), 'labels': build.get('labels'),
                   'nocache': build.get('no_cache', False), 'pull': build.get('pull', False),
                   'network': build.get('network'), 'cache_from': build.get('cache_from')}
        result = ArgumentSpecValidator(image_argument_spec()).validate({'name': image, 'source': 'build', 'build': options})
        if result.error_messages:
            raise SpecError('services.%s.build' % name, build.get('context'), '; '.join(result.error_messages))
        return ImageSpec(result.validated_parameters)

    def pull_policy(self, service):
        if self.params['pull'] != 'policy':
            return self.params['pull']
        return PULL_POLICIES[service.get('pull_policy') or 'missing']

    def _container_spec(self, name, service, number, image, build):
        params = container_params(self.project, name, number, self.available)
        params.update(image=image, state=CONTAINER_STATES.get(self.state, 'started'),
                      pull=self.pull_policy(service), recreate=self.params['recreate'] == 'always')
        if build is not None:
            params['pull'] = 'missing'  # built before the containers are planned; never pulled
        spec = self.validated_spec(params, compose_labels(self.project, name, service, number), 'services.%s' % name)
        spec.renew_anonymous_volumes = self.params['renew_anon_volumes']
        return spec

    def validated_spec(self, params, labels=None, where='services'):
        result = self._container_validator.validate(params)
        if result.error_messages:
            raise SpecError(where, params['name'], '; '.join(result.error_messages))
        return ContainerSpec(result.validated_parameters, extra_labels=labels)

    def bare_spec(self, name, state, keep_volumes=True):
        """A spec that compares nothing: start, stop or remove a container as it is."""
        return self.validated_spec({'name': name, 'state': state, 'keep_volumes': keep_volumes})
