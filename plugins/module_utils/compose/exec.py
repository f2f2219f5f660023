# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""compose_exec: what `docker compose exec` does, over the project model of the `compose` module. The
service's container is found by Compose's labels; the exec is container_exec's."""

from ansible_collections.dockyard.docker.plugins.module_utils.compose.model import load_for_service, project_argument_spec
from ansible_collections.dockyard.docker.plugins.module_utils.compose.project import list_containers
from ansible_collections.dockyard.docker.plugins.module_utils.container.exec import (
    ExecDriver, ExecSpec, container_exec_argument_spec)
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import TaskFailed, run_driver
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError


def compose_exec_argument_spec():
    spec = project_argument_spec()
    spec.update((key, value) for key, value in container_exec_argument_spec().items() if key != 'container')
    spec.update(service=dict(type='str', required=True), index=dict(type='int', default=1))
    return spec


class ComposeExecDriver(ExecDriver):
    """container_exec's driver, its container found first: the service's container number `index`."""

    def __init__(self, client, spec, project, service, index):
        super().__init__(client, spec)
        self.project, self.service, self.index = project, service, index

    def read(self):
        listed = list_containers(self.client, self.project['name'])
        found = [name for name, (service, number) in listed.items()
                 if service == self.service and number == str(self.index)]
        if not found:
            raise TaskFailed('service: %s of project %s has no container number %d; start it with '
                             'dockyard.docker.compose' % (self.service, self.project['name'], self.index))
        self.spec.container = found[0]
        super().read()


def run_compose_exec(module, client_factory, check_mode):
    params = module.params
    service = params['service']
    project = load_for_service(params, service)
    if params['index'] < 1:
        raise SpecError('index', params['index'], 'give a container number, 1 or more')
    spec = ExecSpec(dict(params, container='%s-%s-%d' % (project['name'], service, params['index'])))
    driver = ComposeExecDriver(client_factory(params), spec, project, service, params['index'])
    run_driver(module, driver, check_mode)
