# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""compose_run: what `docker compose run SERVICE` does, over the project model of the `compose` module.

The service's dependencies are converged as `compose` converges them (unless no_deps), the project's
networks and volumes made and its image built when missing; then a one-off container of the service
(Compose's labels, com.docker.compose.oneoff=True, so `compose` never takes it for one of its own) runs
the task's command: to its exit, its output returned and the container removed (remove), or left
running (detach). The container is the container module's one-shot run."""

import secrets
import shlex

from ansible_collections.dockyard.docker.plugins.module_utils.compose.containers import (
    ONEOFF_LABEL, compose_labels, container_params)
from ansible_collections.dockyard.docker.plugins.module_utils.compose.model import load_for_service, project_argument_spec
from ansible_collections.dockyard.docker.plugins.module_utils.compose.spec import ComposeSpec, compose_argument_spec
from ansible_collections.dockyard.docker.plugins.module_utils.compose.task import ComposeTask
from ansible_collections.dockyard.docker.plugins.module_utils.container.exec import split_output
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import TaskFailed, apply_plan
from ansible_collections.dockyard.docker.plugins.module_utils.specs import process
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError

SLUG_LABEL = 'com.docker.compose.slug'
# What a one-off container does not take from its service, as with `docker compose run`: a restart policy
# (it runs once) and, unless service_ports, the published ports (they would clash with the service's).
NOT_INHERITED = ('restart_policy', 'restart_retries')


def compose_run_argument_spec():
    spec = project_argument_spec()
    spec.update(
        service=dict(type='str', required=True),
        argv=dict(type='list', elements='str'),
        command=dict(type='str'),
        entrypoint=dict(type='list', elements='str'),
        user=dict(type='str'),
        workdir=dict(type='str', aliases=['chdir']),
        env=dict(type='dict'),
        labels=dict(type='dict'),
        name=dict(type='str'),
        remove=dict(type='bool', default=True),
        detach=dict(type='bool', default=False),
        tty=dict(type='bool', default=False),
        service_ports=dict(type='bool', default=False),
        publish=dict(type='list', elements='str'),
        no_deps=dict(type='bool', default=False),
        expected_rc=dict(type='list', elements='int', default=[0]),
        strip_empty_ends=dict(type='bool', default=True),
    )
    return spec


RUN_MUTUALLY_EXCLUSIVE = [('command', 'argv')]


def _compose_params(params):
    """The compose module's parameters that converge the project's part this run needs: the task's own
    (its project and connection) and, for the options compose_run lacks, compose's defaults."""
    compose = dict((key, option.get('default')) for key, option in compose_argument_spec().items())
    compose.update((key, value) for key, value in params.items() if key not in compose)
    compose.update((key, params[key]) for key in project_argument_spec())
    compose.update(state='present', services=[params['service']])
    return compose


def _command(params):
    if params['argv'] is not None:
        if not params['argv']:
            raise SpecError('argv', params['argv'], 'give a non-empty command, or leave argv out for the service\'s own')
        return params['argv']
    if params['command'] is not None:
        if not process.argv('command', params['command']):
            raise SpecError('command', params['command'], 'give a non-empty command, or leave command out for the '
                                                          'service\'s own')
        return params['command']
    return None


def one_off_params(spec, params, name):
    """The container module's parameters of the one-off container: the service's, with the task's
    command, user, working folder, environment and ports."""
    service = params['service']
    values = container_params(spec.project, service, 1, spec.available)
    for key in NOT_INHERITED:
        values.pop(key, None)
    if not params['service_ports']:
        values.pop('published_ports', None)
    if params['publish']:
        values['published_ports'] = list(values.get('published_ports') or []) + params['publish']
    for entry in values.get('networks') or []:
        entry['aliases'] = []  # the service's name stays the service's containers' alias
    overrides = {'command': _command(params), 'entrypoint': params['entrypoint'], 'user': params['user'],
                 'workdir': params['workdir']}
    values.update((key, value) for key, value in overrides.items() if value is not None)
    if params['env']:
        values['env'] = dict(values.get('env') or {}, **params['env'])
    values['labels'] = dict(values.get('labels') or {}, **(params['labels'] or {}))
    unit = spec.units[service]
    image = unit.specs[0].image
    values.update(name=name, image=image, tty=params['tty'], interactive=False, state='started',
                  pull='missing' if unit.build is not None else spec.pull_policy(unit.service),
                  detach=params['detach'], cleanup=params['remove'] and not params['detach'],
                  auto_remove=params['remove'] and params['detach'])
    return values


def one_off_labels(project, service, slug):
    labels = compose_labels(project, service, project['services'][service], 1)
    labels.update({ONEOFF_LABEL: 'True', SLUG_LABEL: slug})
    return labels


class ComposeRun:
    """The run as a task: the project's part converged by the compose module's steps, then the container."""

    def __init__(self, params, client_factory, check_mode):
        self.params = params
        self.check_mode = check_mode
        self.spec = ComposeSpec(_compose_params(params))
        self.task = ComposeTask(self.spec, self.spec.params, client_factory, check_mode)
        slug = secrets.token_hex(6)
        self.name = params['name'] or '%s-%s-run-%s' % (self.spec.project['name'], params['service'], slug)
        self.container_spec = self.spec.validated_spec(one_off_params(self.spec, params, self.name),
                                                       one_off_labels(self.spec.project, params['service'], slug),
                                                       'service')
        self.driver = None

    def prepare(self):
        """The dependencies up (their networks and volumes with them), else the networks and volumes; the
        image built when missing. Returns what was (or would be) done."""
        service = self.params['service']
        dependencies = sorted(self.spec.project['services'][service].get('depends_on') or {})
        if dependencies and not self.params['no_deps']:
            self.spec.acted_on = dependencies
            errors, _orphans = self.task.run_present()
            if errors:
                raise TaskFailed('could not start the dependencies of service %s: %s' % (
                    service, '; '.join('%s: %s' % item for item in sorted(errors.items()))),
                    actions=self.task.report({}, False)['actions'])
        else:
            self.task.converge_resources()
        self.task.build_images([service])
        return self.task.report({}, False)['actions']

    def run(self):
        actions = self.prepare()
        _name, self.driver, plan = self.task.converger.plan_spec(self.container_spec, read_networks=False)
        if self.check_mode:
            return dict(actions=actions + plan.describe(), changed=True, container_name=self.name,
                        msg='command would run in a new container of service %s' % self.params['service'])
        try:
            done = apply_plan(plan)
        except TaskFailed as exc:
            exc.result['actions'] = actions + exc.result.get('actions', [])
            raise
        result = dict(actions=actions + done, changed=True, container_name=self.name)
        return dict(result, **self._outcome())

    def _outcome(self):
        if self.params['detach']:
            found = self.driver.client.inspect('containers', self.name) or {}
            return {'container_id': found.get('Id')}
        output = split_output(self.driver.run_raw or b'', self.params['tty'], self.params['strip_empty_ends'])
        output['rc'] = self.driver.run_output['rc']
        if output['rc'] not in self.params['expected_rc']:
            raise TaskFailed('command %s exited with rc %s in a one-off container of service %s (expected %s)' % (
                self._described_command(), output['rc'], self.params['service'],
                ', '.join(str(rc) for rc in self.params['expected_rc'])), changed=True, container_name=self.name,
                **output)
        # An accepted non-zero rc is success; without failed=False Ansible would mark it failed.
        return dict(output, failed=False)

    def _described_command(self):
        command = self.container_spec.values.get('command')
        return shlex.join(command) if command else "the service's command"


def run_compose_run(module, client_factory, check_mode):
    params = module.params
    load_for_service(params, params['service'], needs_files=True)  # checks how the project is named
    module.exit_json(**ComposeRun(params, client_factory, check_mode).run())
