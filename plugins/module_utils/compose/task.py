# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Carrying out a `compose` task: networks and volumes, image builds, then containers in
depends_on order through the bulk engine (containers.ProjectConverger), then the report."""

from ansible_collections.dockyard.docker.plugins.module_utils.compose.spec import ComposeSpec
from ansible_collections.dockyard.docker.plugins.module_utils.compose.project import (
    ProjectResources, dependency_levels, list_containers, wait_for, waited_conditions)
from ansible_collections.dockyard.docker.plugins.module_utils.container.bulk import ProjectConverger
from ansible_collections.dockyard.docker.plugins.module_utils.container.hooks import is_anonymous_volume_name
from ansible_collections.dockyard.docker.plugins.module_utils.image.driver import ImageDriver
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import TaskFailed, apply_plan


PARALLEL = 8


class ComposeTask:

    def __init__(self, spec, params, client_factory, check_mode):
        self.spec = spec
        self.params = params
        self.check_mode = check_mode
        self.converger = ProjectConverger(params, client_factory, check_mode)
        # Most of a container change is waiting for the daemon; Compose itself runs them all at once.
        self.converger.parallel = PARALLEL
        self.client = self.converger.client
        self.actions = []
        self.planned = {}      # container name -> (service, driver, plan)
        self.built = set()     # services whose image this task builds (or would)

    # -- steps ------------------------------------------------------------------------------

    def _apply(self, plan):
        """Run (or, in check mode, report) a plan of project-level steps."""
        if not plan.changed:
            return
        self.actions.extend(plan.describe() if self.check_mode else apply_plan(plan))

    def converge_resources(self):
        resources = ProjectResources(self.client, self.spec.project)
        resources.read()
        if self.spec.state == 'absent':
            return resources
        self._apply(resources.plan_present())
        return resources

    def build_images(self, names):
        for name in names:
            unit = self.spec.units[name]
            if unit.build is None:
                continue
            driver = ImageDriver(self.client, unit.build)
            driver.read()
            always = self.params['build'] == 'always' or unit.service.get('pull_policy') == 'build'
            if driver.actual is not None and not always:
                continue
            plan = driver.plan(self.check_mode)
            if plan.changed:
                self.built.add(name)
            self._apply(plan)

    def plan_service(self, name, listed, names):
        unit = self.spec.units[name]
        planned = []
        for spec in unit.specs:
            exists = spec.name in listed
            if exists and self.params['recreate'] == 'never':
                spec = self.spec.bare_spec(spec.name, spec.state)
            elif exists and self.check_mode and name in self.built:
                spec.recreate = True  # its image will be rebuilt: a new image ID
            planned.append(self._plan(name, spec, names))
        wanted = set(spec.name for spec in unit.specs)
        for container, (service, _number) in sorted(listed.items()):
            if service == name and container not in wanted:
                # Scaled down: as Compose does, the container's anonymous volumes (its data) stay.
                planned.append(self._plan(name, self.spec.bare_spec(container, 'absent'), names))
        return planned

    def _plan(self, service, spec, names):
        item = self.converger.plan_spec(spec, names, read_networks=False)
        self.planned[item[0]] = (service, item[1], item[2])
        return item

    def orphans(self, listed, names):
        found = sorted(container for container, (service, _n) in listed.items() if service not in self.spec.declared)
        if not found or not self.params['remove_orphans']:
            return [], found
        return [self._plan(None, self.spec.bare_spec(container, 'absent'), names) for container in found], []

    def _waits(self, level, wanted_all):
        services = self.spec.project['services']
        conditions = {}
        if wanted_all is not None:
            # Like `up --wait`: one-shot services others wait to complete count once they exited 0.
            completed = waited_conditions(services, services)
            conditions = dict((name, completed.get(name, 'service_started')) for name in wanted_all)
        conditions.update(waited_conditions(services, level))
        containers = dict((spec.name, condition) for name, condition in conditions.items()
                          for spec in self.spec.units[name].specs)
        if not containers:
            return None
        return lambda: wait_for(self.client, containers, self.params['wait_timeout'])

    def run_present(self):
        self.converge_resources()
        levels = dependency_levels(self.spec.project['services'], self.spec.acted_on)
        if self.spec.state == 'stopped':
            levels = list(reversed(levels))
        names = set(spec.name for unit in self.spec.units.values() for spec in unit.specs)
        self.build_images([name for level in levels for name in level])
        listed = list_containers(self.client, self.spec.project['name'])
        stages = []
        starting = self.spec.state != 'stopped'
        for index, level in enumerate(levels):
            planned = [item for name in level for item in self.plan_service(name, listed, names)]
            last = index == len(levels) - 1
            wait_all = [other for group in levels for other in group] if last and self.params['wait'] else None
            stages.append((planned, self._waits(level, wait_all) if starting else None))
        removals, kept = self.orphans(listed, names)
        if removals:
            stages.append((removals, None))
        errors = self.converger.apply_stages(stages)
        return errors, kept

    def run_absent(self):
        resources = self.converge_resources()
        listed = list_containers(self.client, self.spec.project['name'], one_offs=True)
        asked = self.params['services']
        names = set(listed)
        remove_volumes = self.params['remove_volumes']
        planned = [self._plan(service, self.spec.bare_spec(container, 'absent', not remove_volumes), names)
                   for container, (service, _n) in sorted(listed.items()) if not asked or service in asked]
        if remove_volumes:
            for _container, driver, plan in planned:
                plan_anonymous_volumes_removal(driver, plan)
        errors = self.converger.apply_stages([(planned, None)])
        if not errors and not asked:
            self._apply(resources.plan_absent(self.params['remove_volumes']))
        return errors, []

    # -- report -----------------------------------------------------------------------------

    def report(self, errors, diff):
        services = {}
        containers = []
        for container, (service, _driver, plan) in sorted(self.planned.items()):
            entry = services.setdefault(service or '(orphans)', {'containers': [], 'changed': False, 'actions': []})
            entry['containers'].append(container)
            entry['changed'] = entry['changed'] or plan.changed
            entry['actions'].extend(plan.describe())
            containers.append(container)
        actions = self.actions + [action for entry in services.values() for action in entry['actions']]
        result = {'changed': bool(actions), 'actions': actions, 'services': services,
                  'project_name': self.spec.project['name'], 'containers': containers}
        if diff:
            # Per service, then per container: what the containers that change were and will be.
            result['diff'] = {'before': {}, 'after': {}}
            for container, (service, _driver, plan) in sorted(self.planned.items()):
                if plan.changed:
                    for side, value in (('before', plan.before), ('after', plan.after)):
                        result['diff'][side].setdefault(service or '(orphans)', {})[container] = value
        return result


def plan_anonymous_volumes_removal(driver, plan):
    """`down -v`: the removed container's anonymous volumes go with it. The daemon's v=1 spares one mounted
    by name, as a recreate carries them over, so each is removed by name after the container (404: v=1 took it;
    409: another container still uses it, so it stays)."""
    for mount in (driver.actual or {}).get('Mounts') or []:
        if mount.get('Type') == 'volume' and is_anonymous_volume_name(mount.get('Name')):
            plan.add('remove', 'remove anonymous volume %s of container %s' % (mount['Name'], driver.spec.name),
                     _volume_removal(driver, mount['Name']))


def _volume_removal(driver, volume):
    # driver.client at run time: the bulk engine gives each container's plan a connection of its own.
    return lambda: driver.client.delete('/volumes/{}', volume, ok_statuses=(404, 409))


def run_compose(module, client_factory, check_mode):
    spec = ComposeSpec(module.params)
    task = ComposeTask(spec, module.params, client_factory, check_mode)
    errors, orphans = task.run_absent() if spec.state == 'absent' else task.run_present()
    result = task.report(errors, module._diff)
    if orphans:
        result['orphans'] = orphans
        module.warn('containers of project %s belong to no service of the file (orphans): %s; '
                    'remove_orphans: true removes them' % (spec.project['name'], ', '.join(orphans)))
    if errors:
        raise TaskFailed('%d of the project\'s containers failed: %s' % (
            len(errors), '; '.join('%s: %s' % item for item in sorted(errors.items()))), **result)
    module.exit_json(**result)
