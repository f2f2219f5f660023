# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
name: swarm_nodes
short_description: The nodes of a Docker swarm as inventory hosts
description:
  - Asks a manager of a swarm (or one manager of each of several swarms, O(daemons)) for its nodes
    and adds each as a host named by its hostname, grouped by role, availability and labels, with
    its address as C(ansible_host).
  - "Reads an inventory file whose name ends in C(swarm_nodes.yml) or C(swarm_nodes.yaml) and that
    says C(plugin: dockyard.docker.swarm_nodes)."
  - "Groups: C(manager) and C(worker) (the node's role), C(leader) (the manager that leads),
    C(availability_active), C(availability_pause) and C(availability_drain), C(state_ready) and
    C(state_down) (...), and C(label_<key>_<value>) for each node label (characters a group name
    cannot hold become C(_))."
  - "Host variables: C(docker_swarm_node_id), C(docker_swarm_hostname), C(docker_swarm_role),
    C(docker_swarm_availability), C(docker_swarm_state), C(docker_swarm_addr) (the address the node
    reports), C(docker_swarm_manager_addr) (host:port of a manager's swarm listener, V(null) on a
    worker), C(docker_swarm_leader), C(docker_swarm_labels) (node labels), C(docker_swarm_engine_labels),
    C(docker_swarm_engine_version), C(docker_swarm_platform) (C(os), C(architecture)) and
    C(docker_daemon) (the manager asked); with O(verbose_output) also C(docker_swarm_inspect)."
  - "Every value read from the manager (host names, host variables, the groups named after them and what
    O(compose), O(groups) and O(keyed_groups) compute from them) is marked unsafe: Jinja syntax in a
    hostname or label is never templated and stays literal text, with every supported ansible-core. Each
    node reports its own hostname and engine labels, so any node that joins the swarm writes these values."
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
    choices: [dockyard.docker.swarm_nodes]
  filters:
    description:
      - "Filters of the node list, as C(docker node ls --filter) takes them: V(id), V(label),
        V(node.label), V(membership), V(name), V(role). A value may be one text or a list of them."
    type: dict
    default: {}
  hostname:
    description:
      - What names a host. V(hostname) is the hostname the node reports, V(id) its node ID.
      - With V(hostname), two nodes that name the same host (the same hostname, or a hostname that is
        another node's ID) fail the inventory with one line naming both node IDs; they are never merged
        into one host. V(id) names every node apart.
    type: str
    choices: [hostname, id]
    default: hostname
  set_ansible_host:
    description: Set C(ansible_host) to the node's address (C(docker_swarm_addr)).
    type: bool
    default: true
  verbose_output:
    description: Also set C(docker_swarm_inspect), the node's whole inspect data.
    type: bool
    default: false
'''

EXAMPLES = r'''
# swarm_nodes.yml: the nodes of the swarm that the local daemon manages.
plugin: dockyard.docker.swarm_nodes

# ---- another inventory file ----
# prod.swarm_nodes.yml: a remote manager over TLS; the workers reached by SSH as user "ops".
# plugin: dockyard.docker.swarm_nodes
# docker_host: tcp://manager-1.example.org:2376
# validate_certs: true
# ca_path: /etc/docker-certs/ca.pem
# client_cert: /etc/docker-certs/cert.pem
# client_key: /etc/docker-certs/key.pem
# filters:
#   membership: accepted
# keyed_groups:
#   - key: docker_swarm_platform.architecture
#     prefix: arch
# groups:
#   gpu_nodes: "docker_swarm_labels.gpu | default('') == 'true'"
# compose:
#   ansible_user: "'ops'"
# cache: true
# cache_plugin: ansible.builtin.jsonfile
# cache_connection: ~/.cache/ansible-swarm
'''

from ansible.errors import AnsibleParserError

from ansible_collections.dockyard.docker.plugins.plugin_utils.inventory import DaemonsInventory, ask

NODE_FILTERS = ('id', 'label', 'node.label', 'membership', 'name', 'role')


def node_vars(node, daemon, verbose):
    """The docker_swarm_* host variables of one node of GET /nodes."""
    spec, status = node.get('Spec') or {}, node.get('Status') or {}
    description = node.get('Description') or {}
    engine, platform = description.get('Engine') or {}, description.get('Platform') or {}
    manager = node.get('ManagerStatus') or {}
    hostvars = {
        'docker_swarm_node_id': node['ID'],
        'docker_swarm_hostname': description.get('Hostname'),
        'docker_swarm_role': spec.get('Role'),
        'docker_swarm_availability': spec.get('Availability'),
        'docker_swarm_state': status.get('State'),
        'docker_swarm_addr': status.get('Addr') or None,
        'docker_swarm_manager_addr': manager.get('Addr') or None,
        'docker_swarm_leader': bool(manager.get('Leader')),
        'docker_swarm_labels': spec.get('Labels') or {},
        'docker_swarm_engine_labels': engine.get('Labels') or {},
        'docker_swarm_engine_version': engine.get('EngineVersion'),
        'docker_swarm_platform': {'os': platform.get('OS'), 'architecture': platform.get('Architecture')},
        'docker_daemon': daemon.docker_host,
    }
    if verbose:
        hostvars['docker_swarm_inspect'] = node
    return hostvars


def node_groups(hostvars):
    """The groups every node is put in: role, leader, availability, state, labels."""
    groups = [hostvars['docker_swarm_role'], 'availability_%s' % hostvars['docker_swarm_availability'],
              'state_%s' % hostvars['docker_swarm_state']]
    if hostvars['docker_swarm_leader']:
        groups.append('leader')
    groups.extend('label_%s_%s' % item for item in sorted(hostvars['docker_swarm_labels'].items()))
    return [group for group in groups if group and 'None' not in group]


class InventoryModule(DaemonsInventory):

    NAME = 'dockyard.docker.swarm_nodes'
    FILE_NAME = 'swarm_nodes'
    FILTER_NAMES = NODE_FILTERS
    groups_of = staticmethod(node_groups)

    def hosts_of(self, daemon, filters):
        nodes = ask(self, 'list the swarm nodes of %s (is it a swarm manager?)' % daemon.docker_host,
                    daemon.client.get, '/nodes', query={'filters': filters})
        return node_hosts(nodes, daemon, self.get_option('hostname'), self.get_option('set_ansible_host'),
                          self.get_option('verbose_output'))


def node_hosts(nodes, daemon, hostname='hostname', set_ansible_host=True, verbose=False):
    """[[hostname, vars], ...] of the nodes of one swarm. A node reports its own hostname: two nodes that
    name one host (the same hostname, or a hostname that is another node's ID) fail the inventory rather
    than become one host with the variables of whichever came last."""
    hosts, named = [], {}
    for node in sorted(nodes, key=lambda entry: entry['ID']):
        hostvars = node_vars(node, daemon, verbose)
        if set_ansible_host and hostvars['docker_swarm_addr']:
            hostvars['ansible_host'] = hostvars['docker_swarm_addr']
        name = (hostvars['docker_swarm_hostname'] if hostname == 'hostname' else None) or node['ID']
        if name in named:
            raise AnsibleParserError('%s: swarm nodes %s and %s of %s both name the host %r; give hostname: id to '
                                     'name the hosts by node ID' % (InventoryModule.NAME, named[name], node['ID'],
                                                                    daemon.docker_host, name))
        named[name] = node['ID']
        hosts.append([daemon.host_prefix + name, hostvars])
    return hosts
