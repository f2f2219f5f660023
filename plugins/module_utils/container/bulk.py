# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A set of containers converged in one task: the `containers` module.

Each definition is validated by the same code as the `container` module and
planned by the same ContainerDriver; one list call finds the project's
containers, images are inspected once per name, and changes run in a small
thread pool (one client connection per container).
"""

import json

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.dockyard.docker.plugins.module_utils.container.driver import (
    ContainerDriver,
    ContainerSpec,
    container_argument_spec,
)
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import (
    TaskFailed,
    apply_plan,
    retry_on_race,
    wrap,
)

PROJECT_LABEL = 'dockyard.project'
SUMMARY_KEYS = ('create', 'start', 'stop', 'kill', 'restart', 'update', 'remove', 'connect', 'disconnect')


def containers_argument_spec():
    return dict(
        project=dict(type='str', required=True),
        definitions=dict(type='list', elements='dict', default=[]),
        state=dict(type='str', default='present', choices=['present', 'absent']),
        purge=dict(type='bool', default=False),
        parallel=dict(type='int', default=4),
    )


def parse_definitions(params):
    """Validate every definition with the container module's own argument spec."""
    # Connection options belong to the task, not to each definition.
    validator = ArgumentSpecValidator(container_argument_spec())
    specs, names = [], set()
    labels = {PROJECT_LABEL: params['project']}
    if params['parallel'] < 1:
        raise SpecError('parallel', params['parallel'], 'give 1 or more')
    for index, definition in enumerate(params['definitions']):
        result = validator.validate(definition)
        if result.error_messages:
            raise SpecError('definitions[%d]' % index, definition.get('name', definition),
                            '; '.join(result.error_messages))
        spec = ContainerSpec(result.validated_parameters, extra_labels=labels)
        if not spec.detach:
            raise SpecError('definitions[%d].detach' % index, False, 'one-shot runs belong to the container module')
        if spec.name in names:
            raise SpecError('definitions[%d].name' % index, spec.name, 'each container name may appear once')
        names.add(spec.name)
        specs.append(spec)
    return specs


def list_project(client, project):
    filters = json.dumps({'label': ['%s=%s' % (PROJECT_LABEL, project)]})
    listed = wrap('list containers of project %s' % project, client.get, '/containers/json',
                  query={'all': True, 'filters': filters})
    return dict((entry['Names'][0].lstrip('/'), entry['Id']) for entry in listed or [] if entry.get('Names'))


class ProjectConverger:

    def __init__(self, params, client_factory, check_mode):
        self.params = params
        self.client_factory = client_factory
        self.check_mode = check_mode
        self.client = client_factory(params)
        self.images = {}
        self.networks = {}  # read once for all the containers: an inspect lists every container attached
        self.parallel = params.get('parallel') or 4

    def plan_all(self, specs):
        """One (name, driver, plan) per container, purged ones included."""
        listed = list_project(self.client, self.params['project'])
        planned = []
        names = set(spec.name for spec in specs)
        for spec in specs:
            if self.params['state'] == 'absent':
                spec.state = 'absent'
            planned.append(self.plan_spec(spec, names))
        if self.params['purge'] or self.params['state'] == 'absent':
            wanted = set(spec.name for spec in specs)
            for name in sorted(set(listed) - wanted):
                planned.append(self._purge_plan(name))
        return planned

    def plan_spec(self, spec, created_alongside=(), read_networks=True):
        """(name, driver, plan) of one container. read_networks=False when the task itself creates
        the networks before applying (the compose module): their absence is then no error."""
        driver = ContainerDriver(self.client, spec)
        driver.created_alongside = set(created_alongside)
        driver.read()
        if spec.state != 'absent':
            driver.image = self._image(driver)
            if read_networks:
                driver.read_networks(self.networks)
            else:
                driver.pin_networks(self.networks)
        return spec.name, driver, driver.plan(self.check_mode)

    def _image(self, driver):
        key = driver.spec.image
        if key not in self.images or driver.spec.pull == 'always':
            self.images[key] = driver.read_image(self.check_mode)
        return self.images[key]

    def _purge_plan(self, name):
        spec = ContainerSpec({'name': name, 'state': 'absent'})
        driver = ContainerDriver(self.client, spec)
        driver.read()
        return name, driver, driver.plan(self.check_mode)

    def apply_all(self, planned):
        """Apply each container's plan, in parallel; return {name: error message}."""
        pending = [(name, driver, plan) for name, driver, plan in planned if plan.changed]
        if self.check_mode or not pending:
            return {}
        workers = min(self.parallel, len(pending))
        if workers == 1:
            return dict(filter(None, (self._apply_one(item) for item in pending)))
        from concurrent.futures import ThreadPoolExecutor
        with ThreadPoolExecutor(max_workers=workers) as pool:
            outcomes = list(pool.map(self._apply_one, pending))
        return dict(outcome for outcome in outcomes if outcome)

    def apply_stages(self, stages):
        """Apply stages in order, the plans of each in parallel; after a stage, its `after`
        callable (may be None) runs, e.g. to wait for health checks the next stage depends on.
        A stage that fails stops the later ones. Returns {name: error message}."""
        for planned, after in stages:
            errors = self.apply_all(planned)
            if errors:
                return errors
            if after is not None and not self.check_mode:
                errors = after()
                if errors:
                    return errors
        return {}

    def _apply_one(self, item):
        name, driver, plan = item
        # http.client connections are not thread-safe; actions look the client up on the driver when they run.
        driver.client = self.client_factory(self.params)

        def attempt(number):
            # A container another writer changed meanwhile is read and planned again.
            if number > 1:
                driver.read()
            apply_plan(plan if number == 1 else driver.plan(False))
        try:
            retry_on_race(attempt)
        except TaskFailed as exc:
            return name, exc.msg
        except Exception as exc:  # pylint: disable=broad-except
            return name, str(exc)
        finally:
            driver.client.close()
        return None


def summarize(planned):
    summary = dict((key, 0) for key in SUMMARY_KEYS)
    summary['unchanged'] = 0
    for _name, _driver, plan in planned:
        if not plan.changed:
            summary['unchanged'] += 1
        for action in plan.actions:
            if action.name in summary:
                summary[action.name] += 1
    return summary


def run_containers(module, client_factory, check_mode):
    specs = parse_definitions(module.params)
    converger = ProjectConverger(module.params, client_factory, check_mode)
    planned = converger.plan_all(specs)
    errors = converger.apply_all(planned)
    results = []
    for name, _driver, plan in planned:
        entry = {'name': name, 'changed': plan.changed, 'actions': plan.describe()}
        if name in errors:
            entry['failed'] = True
            entry['msg'] = errors[name]
        results.append(entry)
    result = {'changed': any(plan.changed for _n, _d, plan in planned), 'results': results,
              'summary': summarize(planned)}
    if module._diff:
        result['diff'] = {'before': dict((name, plan.before) for name, _d, plan in planned if plan.changed),
                          'after': dict((name, plan.after) for name, _d, plan in planned if plan.changed)}
    if errors:
        module.fail_json(msg='%d of %d containers failed: %s' % (
            len(errors), len(planned), '; '.join('%s: %s' % item for item in sorted(errors.items()))), **result)
    module.exit_json(**result)
