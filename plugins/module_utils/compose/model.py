# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""How a task names its Compose project (the options compose, compose_exec, compose_run and compose_pull share) and
reading that project for it: the Compose keys this collection's single-host modules honour. No daemon."""

import os

from ansible_collections.dockyard.docker.plugins.module_utils.compose.containers import COMPOSE_MODULE
from ansible_collections.dockyard.docker.plugins.module_utils.compose.loader import ALL_KEYS, DEFAULT_FILES, load_project
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError

# What the single-host module does not honour: swarm-only deploy keys, and top-level settings
# that need swarm (external / inline configs and secrets).
REFUSED = frozenset(['services.deploy.mode', 'services.deploy.placement', 'services.deploy.update_config',
                     'services.deploy.rollback_config', 'services.deploy.endpoint_mode', 'services.deploy.labels',
                     'configs.external', 'configs.environment', 'configs.content', 'configs.template_driver',
                     'secrets.external', 'secrets.environment'])
COMPOSE_KEYS = ALL_KEYS - REFUSED
CONSUMER = COMPOSE_MODULE


def project_argument_spec():
    """How a task names its project: the options the compose modules share."""
    return dict(
        project_src=dict(type='path'),
        files=dict(type='list', elements='path'),
        definition=dict(type='raw'),
        project_name=dict(type='str'),
        profiles=dict(type='list', elements='str'),
        env_files=dict(type='list', elements='path'),
    )


def named_only(params):
    """True when the task names its project by project_name alone: no files, no definition, and no Compose
    file in project_src. What its containers, networks and volumes carry is then all there is to go by."""
    if not params['project_name'] or params['files'] or params['definition'] is not None:
        return False
    src = params['project_src']
    return src is None or not any(os.path.isfile(os.path.join(src, name)) for name in DEFAULT_FILES)


def load_for_task(params, services=None, needs_files=False):
    """The project of a compose_exec, compose_run or compose_pull task: read from its files or definition (services named
    enable their profiles), or (unless needs_files) only its name when project_name is given without them, as
    its containers' labels carry it."""
    if params['files'] and params['definition'] is not None:
        raise SpecError('definition', 'definition', 'give files or definition, not both')
    if named_only(params) and not needs_files:
        return {'name': params['project_name'], 'services': {}}
    if params['project_src'] is None and not params['files'] and params['definition'] is None:
        raise SpecError('project_src', None, 'give project_src, files or definition%s'
                        % ('' if needs_files else ' (or project_name)'))
    return load_compose_project(dict(params, services=services))


def load_for_service(params, service, needs_files=False):
    """load_for_task for a task on one service (compose_exec, compose_run): a service the project lacks
    is the task's `service` option that is wrong."""
    try:
        return load_for_task(params, services=[service], needs_files=needs_files)
    except SpecError as exc:
        if exc.option != 'services':
            raise
        raise SpecError('service', service, exc.accepted)


def load_compose_project(params, profiles=None):
    """The task's project, read and checked (profiles: instead of the task's own)."""
    src = params['project_src']
    if src is not None and not os.path.isdir(src):
        raise SpecError('project_src', src, 'give an existing folder (holding compose.yaml) on the managed host')
    return load_project(files=params['files'], definition=params['definition'], project_dir=src,
                        project_name=params['project_name'], env_files=params['env_files'],
                        profiles=params['profiles'] if profiles is None else profiles,
                        environ=os.environ, allowed_keys=COMPOSE_KEYS, consumer=CONSUMER,
                        services=params['services'])
