# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""compose_pull: what `docker compose pull` does, over the project model of the `compose` module; each
image is pulled by the image module's driver."""

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.dockyard.docker.plugins.module_utils.compose.model import load_for_task, project_argument_spec
from ansible_collections.dockyard.docker.plugins.module_utils.compose.project import dependency_levels
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import run_driver
from ansible_collections.dockyard.docker.plugins.module_utils.image.driver import (
    ImageDriver, ImageSpec, image_argument_spec, plan_each)
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError


def compose_pull_argument_spec():
    spec = project_argument_spec()
    spec.update(services=dict(type='list', elements='str'),
                policy=dict(type='str', default='always', choices=['always', 'missing']),
                include_deps=dict(type='bool', default=False))
    return spec


def pulled_services(project, asked, include_deps):
    """The services whose images are pulled, in name order: those asked for (all by default) and, with
    include_deps, what they depend on."""
    services = project['services']  # the loader has checked the names asked for
    if not asked:
        return sorted(services)
    if not include_deps:
        return sorted(set(asked))
    return sorted(name for level in dependency_levels(services, asked) for name in level)


class ComposePullDriver:
    """One image driver per service image: a pull where the policy asks for one."""

    def __init__(self, client, project, names, policy):
        self.client = client
        self.images = {}     # image -> [services]
        self.skipped = []    # services whose image is built, not pulled
        for name in names:
            service = project['services'][name]
            if 'build' in service or not service.get('image'):
                self.skipped.append(name)
            else:
                self.images.setdefault(service['image'], []).append(name)
        self.drivers = dict((image, ImageDriver(client, ImageSpec(_pull_params(image, policy))))
                            for image in self.images)
        self.changed_images = []

    def read(self):
        for driver in self.drivers.values():
            driver.read()

    def plan(self, check_mode=False):
        return plan_each([driver for _image, driver in sorted(self.drivers.items())], check_mode, self._recording)

    def _recording(self, driver, run):
        def pull():
            outcome = run()
            if outcome is not False:
                self.changed_images.append(driver.spec.name)
            return outcome
        return pull

    def result(self, check_mode):
        return {'images': [{'image': image, 'services': services,
                            'pulled': image in self.changed_images if not check_mode
                            else self.drivers[image].replaced}
                           for image, services in sorted(self.images.items())],
                'skipped': sorted(self.skipped)}


def _pull_params(image, policy):
    """The image module's parameters of a pull of image (always: ask the registry for a newer one)."""
    result = ArgumentSpecValidator(image_argument_spec()).validate(
        {'name': image, 'source': 'pull', 'force': policy == 'always'})
    if result.error_messages:
        raise SpecError('services.image', image, '; '.join(result.error_messages))
    return result.validated_parameters


def run_compose_pull(module, client_factory, check_mode):
    params = module.params
    project = load_for_task(params, services=params['services'], needs_files=True)
    names = pulled_services(project, params['services'], params['include_deps'])
    run_driver(module, ComposePullDriver(client_factory(params), project, names, params['policy']), check_mode)
