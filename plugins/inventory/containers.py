# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
name: containers
short_description: The containers of one or more Docker daemons as inventory hosts
description:
  - Lists the containers of one or more daemons (running ones by default, O(filters) like
    C(docker ps --filter)) and adds each as a host, with host variables read from its inspect
    data and the connection variables that reach it (O(connection)).
  - "Reads an inventory file whose name ends in C(containers.yml) or C(containers.yaml) and that
    says C(plugin: dockyard.docker.containers)."
  - "Host variables: C(docker_name), C(docker_id), C(docker_short_id), C(docker_image) (as the
    container was created from it), C(docker_image_id), C(docker_state) (C(running), C(exited), ...),
    C(docker_labels), C(docker_networks) (per network: C(ip_address), C(ipv6_address),
    C(mac_address), C(gateway), C(aliases)), C(docker_addresses) (the IPv4 addresses, in network name
    order), C(docker_compose_project), C(docker_compose_service), C(docker_stack_namespace),
    C(docker_swarm_service) (from the labels Compose and swarm stacks set; V(null) when missing),
    C(docker_daemon) (the daemon's address) and, with O(verbose_output), C(docker_inspect)."
  - "Every value read from a daemon (host names, host variables, the groups named after them and what
    O(compose), O(groups) and O(keyed_groups) compute from them) is marked unsafe: Jinja syntax in a
    label or name (C({{ ... }}), a lookup say) is never templated and stays literal text, with every
    supported ansible-core. Whoever starts a container or publishes its image writes these values."
version_added: 0.2.0
author: Dockyard maintainers (@dockyard)
extends_documentation_fragment:
  - constructed
  - inventory_cache
  - dockyard.docker.docker.inventory
options:
  plugin:
    description: The name of this plugin; the file is read by it only when this says so.
    type: str
    required: true
    choices: [dockyard.docker.containers]
  all:
    description: Stopped containers too (C(docker ps --all)); only running containers when V(false).
    type: bool
    default: false
  filters:
    description:
      - "Filters of the daemon's container list, as C(docker ps --filter) takes them, such as
        C({label: [env=prod], name: web}) (V(label), V(name), V(status), V(network), V(ancestor), ...)."
      - A value may be one text or a list of them.
    type: dict
    default: {}
  hostname:
    description: What names a host. V(name) is the container name, V(short_id) the first 12 characters of its ID.
    type: str
    choices: [name, id, short_id]
    default: name
  connection:
    description:
      - How the hosts are reached, set as their connection variables.
      - V(api) uses the P(dockyard.docker.docker_exec#connection) connection over the Engine API (no
        docker CLI on the controller), V(exec) the same connection through the C(docker) CLI, both
        pointed at the container's daemon with the same connection options.
      - V(ssh) sets C(ansible_connection=ssh), C(ansible_host) to the container's address on
        O(ssh_network) and C(ansible_port) to O(ssh_port); the container must run an SSH server.
    type: str
    choices: [api, exec, ssh]
    default: api
  ssh_network:
    description:
      - With O(connection=ssh), the network whose address of the container is C(ansible_host).
      - The first network (by name) on which the container has an IPv4 address when not set.
    type: str
  ssh_port:
    description: With O(connection=ssh), the port of the container's SSH server.
    type: int
    default: 22
  verbose_output:
    description: Also set C(docker_inspect), the container's whole inspect data.
    type: bool
    default: false
'''

EXAMPLES = r'''
# containers.yml: every running container of the local daemon, reached over the Engine API.
plugin: dockyard.docker.containers

# ---- another inventory file ----
# app.containers.yml: one Compose project's containers, grouped by service, on two daemons.
# plugin: dockyard.docker.containers
# filters:
#   label: com.docker.compose.project=shop
# daemons:
#   - docker_host: unix:///var/run/docker.sock
#     host_prefix: "local-"
#   - docker_host: tcp://build.example.org:2376
#     validate_certs: true
#     ca_path: /etc/docker-certs/ca.pem
#     client_cert: /etc/docker-certs/cert.pem
#     client_key: /etc/docker-certs/key.pem
#     host_prefix: "build-"
# keyed_groups:
#   - key: docker_compose_service
#     prefix: service
#   - key: docker_labels['tier'] | default('none')
#     prefix: tier
# groups:
#   databases: "'postgres' in docker_image"
# compose:
#   ansible_python_interpreter: "'/usr/local/bin/python3' if 'python' in docker_image else '/usr/bin/python3'"
# cache: true
# cache_plugin: ansible.builtin.jsonfile
# cache_connection: ~/.cache/ansible-containers
# cache_timeout: 300
'''

from ansible_collections.dockyard.docker.plugins.plugin_utils.inventory import DaemonsInventory, ask

COMPOSE_PROJECT = 'com.docker.compose.project'
COMPOSE_SERVICE = 'com.docker.compose.service'
STACK_NAMESPACE = 'com.docker.stack.namespace'
SWARM_SERVICE = 'com.docker.swarm.service.name'
TLS_VARS = ('tls', 'validate_certs', 'ca_path', 'client_cert', 'client_key')


def networks_of(container):
    """{network: its addresses} and the IPv4 addresses in network name order."""
    networks = {}
    for network, settings in sorted((((container.get('NetworkSettings') or {}).get('Networks')) or {}).items()):
        settings = settings or {}
        networks[network] = {'ip_address': settings.get('IPAddress') or None,
                             'ipv6_address': settings.get('GlobalIPv6Address') or None,
                             'mac_address': settings.get('MacAddress') or None,
                             'gateway': settings.get('Gateway') or None,
                             'aliases': settings.get('Aliases') or []}
    return networks, [entry['ip_address'] for entry in networks.values() if entry['ip_address']]


def container_vars(container, daemon, verbose):
    """The docker_* host variables of one inspected container."""
    config = container.get('Config') or {}
    labels = config.get('Labels') or {}
    networks, addresses = networks_of(container)
    hostvars = {
        'docker_name': container['Name'].lstrip('/'),
        'docker_id': container['Id'],
        'docker_short_id': container['Id'][:12],
        'docker_image': config.get('Image'),
        'docker_image_id': container.get('Image'),
        'docker_state': (container.get('State') or {}).get('Status'),
        'docker_labels': labels,
        'docker_networks': networks,
        'docker_addresses': addresses,
        'docker_compose_project': labels.get(COMPOSE_PROJECT),
        'docker_compose_service': labels.get(COMPOSE_SERVICE),
        'docker_stack_namespace': labels.get(STACK_NAMESPACE),
        'docker_swarm_service': labels.get(SWARM_SERVICE),
        'docker_daemon': daemon.docker_host,
    }
    if verbose:
        hostvars['docker_inspect'] = container
    return hostvars


class InventoryModule(DaemonsInventory):

    NAME = 'dockyard.docker.containers'
    FILE_NAME = 'containers'

    def hosts_of(self, daemon, filters):
        hosts = []
        listed = ask(self, 'list the containers of %s' % daemon.docker_host, daemon.client.get, '/containers/json',
                     query={'all': self.get_option('all'), 'filters': filters})
        for summary in listed:
            container = ask(self, 'inspect a container of %s' % daemon.docker_host,
                            daemon.client.inspect, 'containers', summary['Id'])
            if container is not None:  # removed since it was listed
                hostvars = container_vars(container, daemon, self.get_option('verbose_output'))
                hostvars.update(self._connection_vars(hostvars, daemon))
                hosts.append([daemon.host_prefix + self._hostname(hostvars), hostvars])
        return hosts

    def _hostname(self, hostvars):
        return hostvars[{'name': 'docker_name', 'id': 'docker_id', 'short_id': 'docker_short_id'}[self.get_option('hostname')]]

    def _connection_vars(self, hostvars, daemon):
        """ansible_connection and what it needs to reach the container."""
        if self.get_option('connection') == 'ssh':
            network = self.get_option('ssh_network')
            if network:
                address = (hostvars['docker_networks'].get(network) or {}).get('ip_address')
            else:
                address = (hostvars['docker_addresses'] or [None])[0]
            found = {'ansible_connection': 'ssh', 'ansible_port': self.get_option('ssh_port')}
            if address:
                found['ansible_host'] = address
            return found
        found = {'ansible_connection': 'dockyard.docker.docker_exec',
                 'ansible_docker_exec_container': hostvars['docker_name'],
                 'ansible_docker_exec_transport': 'api' if self.get_option('connection') == 'api' else 'cli',
                 'ansible_docker_exec_docker_host': daemon.docker_host}
        for option in TLS_VARS:
            if daemon.params.get(option):
                found['ansible_docker_exec_' + option] = daemon.params[option]
        if daemon.params.get('api_version') not in (None, '', 'auto'):
            found['ansible_docker_exec_api_version'] = daemon.params['api_version']
        return found
