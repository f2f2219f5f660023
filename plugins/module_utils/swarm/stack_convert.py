# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A Compose project (compose_file.load_project's canonical model) -> what `docker stack deploy`
makes of it: the `service` module's options for each service, and the bodies of the stack's
networks, configs and secrets. Pure: no daemon calls.

Names and labels are those of `docker stack deploy`: `<stack>_<key>` for services, networks,
configs and secrets (unless external or named), the `com.docker.stack.namespace` label on all
of them and on the task containers, `com.docker.stack.image` on services, and each service's
short name as an alias on each of its networks (so services of a stack find each other by it).
"""

import base64
import hashlib

from ansible_collections.dockyard.docker.plugins.module_utils.compose.loader import ALL_KEYS
from ansible_collections.dockyard.docker.plugins.module_utils.swarm.service_spec import service_argument_spec
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.specs.ports import COMPOSE_KEYS, SWARM, published_ports
from ansible_collections.dockyard.docker.plugins.module_utils.swarm.configs_secrets import data_digest
from ansible_collections.dockyard.docker.plugins.module_utils.swarm.configs_secrets import HASH_LABEL as SECRET_HASH_LABEL

NAMESPACE_LABEL = 'com.docker.stack.namespace'
IMAGE_LABEL = 'com.docker.stack.image'
# Content hash of a config (whose data the daemon shows anyway). A secret carries the secret module's salted
# digest instead (SECRET_HASH_LABEL) under a NAME_vN name: an unsalted hash would give a short secret away.
HASH_LABEL = 'dockyard.docker.stack.hash'

SERVICE_KEYS = ('image', 'command', 'entrypoint', 'environment', 'env_file', 'ports', 'networks', 'volumes',
                'configs', 'secrets', 'healthcheck', 'deploy', 'labels', 'hostname', 'user', 'working_dir',
                'stop_grace_period', 'extends')
STACK_KEYS = frozenset(
    ['name', 'version', 'services', 'networks', 'volumes', 'configs', 'secrets']
    + ['services.' + key for key in SERVICE_KEYS]
    + [key for key in ALL_KEYS if key.startswith('services.deploy.')]
    + ['networks.' + key for key in ('name', 'labels', 'external', 'driver', 'driver_opts', 'attachable', 'internal',
                                     'ipam')]
    + ['volumes.' + key for key in ('name', 'labels', 'external', 'driver', 'driver_opts')]
    + ['configs.' + key for key in ('name', 'labels', 'external', 'file', 'environment', 'content', 'template_driver')]
    + ['secrets.' + key for key in ('name', 'labels', 'external', 'file', 'environment')])


def with_defaults(spec, values):
    """Module options as AnsibleModule would pass them: every option present, defaults filled in."""
    result = {}
    for key, option in spec.items():
        value = values.get(key, option.get('default'))
        if isinstance(value, dict) and option.get('options'):
            value = with_defaults(option['options'], value)
        elif isinstance(value, list) and option.get('options'):
            value = [with_defaults(option['options'], item) for item in value]
        result[key] = value
    return result


def _ports(name, ports):
    converted = []
    for index, port in enumerate(ports or []):
        where = 'services.%s.ports[%d]' % (name, index)
        for found in published_ports(where, port, keys=COMPOSE_KEYS, **SWARM):
            converted.append({'target_port': found['target'], 'published_port': int(found['published'] or 0),
                              'protocol': found['protocol'], 'mode': found['mode']})
    return converted


def _mounts(name, volumes, project):
    mounts = []
    for index, volume in enumerate(volumes or []):
        where = 'services.%s.volumes[%d]' % (name, index)
        if volume['type'] == 'volume' and not volume.get('source'):
            raise SpecError(where, volume['target'], 'a stack needs a named volume (SOURCE:TARGET)')
        source = volume.get('source')
        if volume['type'] == 'volume':
            source = project['volumes'][source]['name']
        mounts.append({'type': volume['type'], 'source': source, 'target': volume['target'],
                       'readonly': bool(volume.get('read_only'))})
    return mounts


def _files(kind, references, project):
    files = []
    for reference in references or []:
        key = reference['source']
        target = reference.get('target') or ('/' + key if kind == 'configs' else key)
        entry = {'name': project[kind][key]['name'], 'filename': target}
        entry.update((item, reference[item]) for item in ('uid', 'gid', 'mode') if reference.get(item) is not None)
        files.append(entry)
    return files


def _healthcheck(check):
    if check.get('test') == ['NONE']:
        return {'disable': True}
    return dict((key, check[key]) for key in ('test', 'interval', 'timeout', 'retries', 'start_period') if key in check)


def _resources(resources):
    return dict((key, value) for key, value in (('cpus', resources.get('cpus')), ('memory', resources.get('memory')))
                if value is not None) or None


def _deploy_options(deploy):
    options = {}
    mode = deploy.get('mode') or 'replicated'
    options['mode'] = mode
    if deploy.get('replicas') is not None:
        if mode == 'replicated-job':  # as docker stack deploy: replicas tasks, all at once
            options.update(max_concurrent=deploy['replicas'], total_completions=deploy['replicas'])
        else:
            options['replicas'] = deploy['replicas']
    placement = deploy.get('placement') or {}
    if placement:
        options['placement'] = {
            'constraints': placement.get('constraints'),
            'preferences': ['spread=%s' % item['spread'] for item in placement['preferences']]
            if placement.get('preferences') is not None else None,
            'max_replicas': placement.get('max_replicas_per_node')}
    resources = deploy.get('resources') or {}
    options['limits'] = _resources(resources.get('limits') or {})
    options['reservations'] = _resources(resources.get('reservations') or {})
    for key in ('restart_policy', 'update_config', 'rollback_config', 'endpoint_mode'):
        if deploy.get(key) is not None:
            options[key] = deploy[key]
    return options


def service_options(stack, key, service, project, wait, wait_timeout):
    """One Compose service -> the `service` module's options (defaults filled in)."""
    name = '%s_%s' % (stack, key)
    deploy = service.get('deploy') or {}
    if deploy.get('mode') in ('global', 'global-job') and deploy.get('replicas') is not None:
        raise SpecError('services.%s.deploy.replicas' % key, deploy['replicas'], 'a global service runs one task per node')
    labels = dict(deploy.get('labels') or {})
    labels.update({NAMESPACE_LABEL: stack, IMAGE_LABEL: service['image']})
    container_labels = dict(service.get('labels') or {})
    container_labels[NAMESPACE_LABEL] = stack
    options = dict(
        name=name, image=service['image'], command=service.get('command'), entrypoint=service.get('entrypoint'),
        env=dict((var, value) for var, value in (service.get('environment') or {}).items() if value is not None),
        labels=labels, container_labels=container_labels, hostname=service.get('hostname'), user=service.get('user'),
        workdir=service.get('working_dir'), stop_grace_period=service.get('stop_grace_period'),
        published_ports=_ports(key, service.get('ports')),
        networks=[{'name': project['networks'][net]['name'],
                   'aliases': sorted(set(list((settings or {}).get('aliases') or []) + [key]))}
                  for net, settings in sorted((service.get('networks') or {}).items())],
        mounts=_mounts(key, service.get('volumes'), project),
        configs=_files('configs', service.get('configs'), project),
        secrets=_files('secrets', service.get('secrets'), project),
        healthcheck=_healthcheck(service['healthcheck']) if service.get('healthcheck') else None,
        wait=wait, wait_timeout=wait_timeout)
    options.update(_deploy_options(deploy))
    return with_defaults(service_argument_spec(), options)


def network_body(stack, network):
    """POST /networks/create for a stack network (overlay unless the file says otherwise)."""
    labels = dict(network.get('labels') or {})
    labels[NAMESPACE_LABEL] = stack
    body = {'Name': network['name'], 'Driver': network.get('driver') or 'overlay', 'Labels': labels,
            'Attachable': bool(network.get('attachable')), 'Internal': bool(network.get('internal')),
            'Options': dict(network.get('driver_opts') or {}), 'CheckDuplicate': True}
    ipam = network.get('ipam')
    if ipam:
        body['IPAM'] = {'Driver': ipam.get('driver') or 'default', 'Options': ipam.get('options') or {},
                        'Config': [dict((api, entry[key]) for key, api in (('subnet', 'Subnet'), ('ip_range', 'IPRange'),
                                                                           ('gateway', 'Gateway'),
                                                                           ('aux_addresses', 'AuxiliaryAddresses'))
                                        if entry.get(key)) for entry in ipam.get('config') or []]}
    return body


def file_data(kind, key, resource):
    """The bytes of a config or secret: its file (read on the managed host) or its content."""
    if resource.get('file'):
        try:
            with open(resource['file'], 'rb') as handle:
                return handle.read()
        except (IOError, OSError) as exc:
            raise SpecError('%s.%s.file' % (kind, key), resource['file'], 'cannot read it (%s)' % exc.strerror)
    return (resource.get('content') or '').encode('utf-8')


def file_body(stack, kind, resource, data, name=None):
    """POST /configs/create or /secrets/create, labelled with the stack and a hash of the content (salted for a
    secret); name is the secret's NAME_vN."""
    labels = dict(resource.get('labels') or {})
    labels[NAMESPACE_LABEL] = stack
    if kind == 'secrets':
        labels[SECRET_HASH_LABEL] = data_digest(data)
    else:
        labels[HASH_LABEL] = content_hash(data)
    body = {'Name': name or resource['name'], 'Labels': labels, 'Data': base64.b64encode(data).decode('ascii')}
    if kind == 'configs' and resource.get('template_driver'):
        body['Templating'] = {'Name': resource['template_driver']}
    return body


def content_hash(data):
    return hashlib.sha256(data).hexdigest()
