#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: network
short_description: Create, connect, disconnect and remove a Docker network
author:
  - Dockyard maintainers (@dockyard)
version_added: 0.1.0
description:
  - Converges one network (C(docker network create), C(connect), C(disconnect), C(rm)).
  - Only properties the task sets are compared. Docker cannot change a network in place, so a
    difference recreates it; the containers that were attached are then reconnected with their
    aliases, static addresses and links (community.docker's docker_network drops them).
  - Containers attached with dynamic addresses are reconnected in their old address order, so on an
    unchanged subnet they normally get the same addresses back.
  - When the daemon refuses to create the new network (a subnet overlapping another network's, say), the old
    network is created again as it was and its containers are reconnected, and the task fails.
  - A new network is created with C(CheckDuplicate) where the engine API still has it (before 1.44), so the
    daemon itself refuses most second networks of a name. Docker before 25 still allows two networks of one
    name (two creates at the same moment, another tool, or C(CheckDuplicate=false)), and then answers every
    request by the name with C(network NAME is ambiguous). This module converges them into one, the oldest
    (by C(Created), then by ID) - it moves the containers of the others onto it with their aliases, links and
    the static addresses its subnets can hold (any other address is left to the daemon), then removes the
    others. It reports a change and, in diff mode, the IDs before and after and what was merged; check mode
    predicts the same without touching anything. O(state=absent) removes all of them. The M(dockyard.docker.container),
    M(dockyard.docker.containers), M(dockyard.docker.compose) and M(dockyard.docker.service) modules take such
    a name for the oldest network too.
extends_documentation_fragment:
  - dockyard.docker.docker
  - dockyard.docker.docker.attributes
options:
  name:
    description: Name of the network.
    type: str
    required: true
  state:
    description:
      - V(present) makes sure the network exists with these properties and containers.
      - V(absent) removes it (C(docker network rm)). With containers attached the task fails unless O(force=true),
        which disconnects them first.
    type: str
    default: present
    choices: [present, absent]
  driver:
    description: Network driver (C(--driver)), such as C(bridge), C(overlay), C(macvlan); the daemon's default is C(bridge).
    type: str
  subnet:
    description:
      - Subnet in CIDR form with its prefix length, such as C(172.20.0.0/16) (C(--subnet)). For several subnets
        use O(ipam_config).
      - An IPv6 C(/128) is refused, as it leaves no address for the gateway.
    type: str
  gateway:
    description: Gateway address inside O(subnet) (C(--gateway)).
    type: str
  ip_range:
    description: Range inside O(subnet) that container addresses are allocated from, in CIDR form (C(--ip-range)).
    type: str
  aux_addresses:
    description: Addresses inside O(subnet) the IPAM driver must not hand out, a dict of host names to addresses (C(--aux-address)).
    type: dict
  ipam_config:
    description:
      - Several address pools, one per subnet; the list form of O(subnet), O(gateway), O(ip_range), O(aux_addresses).
      - Mutually exclusive with those four options.
      - Subnets are compared for the address families listed only. The daemon adds a pool of its own choosing
        for a family left out (an IPv4 pool next to an IPv6-only subnet); that pool is no reason to recreate.
        An empty list leaves every pool to the daemon.
    type: list
    elements: dict
    suboptions:
      subnet:
        description: Subnet in CIDR form with its prefix length; an IPv6 C(/128) is refused (no room for a gateway).
        type: str
        required: true
      gateway:
        description: Gateway address inside the subnet.
        type: str
      ip_range:
        description: Allocation range inside the subnet, in CIDR form.
        type: str
      aux_addresses:
        description: Reserved addresses, a dict of host names to addresses.
        type: dict
  ipam_driver:
    description: IPAM driver (C(--ipam-driver)); the daemon's default is C(default).
    type: str
  ipam_options:
    description: IPAM driver options (C(--ipam-opt)).
    type: dict
  internal:
    description: Restrict external access to the network (C(--internal)).
    type: bool
  attachable:
    description: Let standalone containers attach to a swarm-scoped network (C(--attachable)).
    type: bool
  encrypted:
    description:
      - Encrypt the traffic of an overlay network between nodes with IPsec (C(--opt encrypted)).
      - Needs the ESP (IPsec) support in the kernel of every node; without it containers on different nodes
        cannot reach each other over the network.
    type: bool
  enable_ipv6:
    description: Enable IPv6 (C(--ipv6)); needed for an IPv6 subnet.
    type: bool
  ingress:
    description: Create the swarm routing-mesh network (C(--ingress)).
    type: bool
  config_only:
    description: Create a configuration-only network, a template for O(config_from) (C(--config-only)).
    type: bool
  config_from:
    description: Take the configuration from this config-only network (C(--config-from)).
    type: str
  scope:
    description: Scope of the network (C(--scope)).
    type: str
    choices: [local, global, swarm]
  labels:
    description:
      - Labels (C(--label)); any non-empty name is accepted.
      - Compared exactly when given, a declarative choice that differs from community.docker's default; a
        network with labels the task does not list is recreated, where community.docker only checks the labels
        given.
    type: dict
  options:
    description:
      - Driver options (C(--opt)), such as C(com.docker.network.bridge.name).
      - Only the options named here are compared, since the daemon may add driver defaults.
    type: dict
  connected:
    description:
      - Containers to attach (C(docker network connect)), each a container name or a dict with
        C(container) (required), C(aliases) (C(--alias), a list), C(ipv4_address) (C(--ip)),
        C(ipv6_address) (C(--ip6)) and C(links) (C(--link), a list of C(NAME[:ALIAS])).
      - A listed container attached with other settings is disconnected and connected again.
      - Containers attached but not listed stay attached unless O(purge_connected=true).
    type: list
    elements: raw
  purge_connected:
    description:
      - Disconnect containers that are attached but not listed in O(connected) (C(docker network disconnect -f)).
      - Needs O(connected); an empty list disconnects every container.
    type: bool
    default: false
  force:
    description: With O(state=absent), disconnect attached containers before removing the network.
    type: bool
    default: false
seealso:
  - module: dockyard.docker.network_info
  - module: dockyard.docker.container
'''

EXAMPLES = r'''
- name: A bridge network with a fixed subnet, gateway, allocation range and a reserved address
  # docker network create --subnet 172.30.0.0/16 --gateway 172.30.0.1 --ip-range 172.30.5.0/24
  #   --aux-address router=172.30.0.2 --label env=dev backend
  dockyard.docker.network:
    name: backend
    subnet: 172.30.0.0/16
    gateway: 172.30.0.1
    ip_range: 172.30.5.0/24
    aux_addresses:
      router: 172.30.0.2
    labels:
      env: dev

- name: Internal, attachable, dual-stack, with driver and IPAM options and two pools
  # docker network create --internal --attachable --ipv6 --opt com.docker.network.bridge.name=br-db
  #   --ipam-driver default --ipam-opt foo=bar --subnet 172.31.0.0/24 --subnet fd00:31::/64 db
  dockyard.docker.network:
    name: db
    internal: true
    attachable: true
    enable_ipv6: true
    options:
      com.docker.network.bridge.name: br-db
    ipam_driver: default
    ipam_options:
      foo: bar
    ipam_config:
      - subnet: 172.31.0.0/24
        gateway: 172.31.0.1
      - subnet: fd00:31::/64

- name: A config-only network and a network created from it (--config-only, --config-from)
  block:
    - dockyard.docker.network:
        name: vlan-config
        config_only: true
        subnet: 192.168.50.0/24
        options:
          parent: eth0
    - dockyard.docker.network:
        name: vlan
        driver: macvlan
        scope: local
        config_from: vlan-config

- name: An attachable, encrypted overlay network across the swarm (docker network create -d overlay --attachable --opt encrypted)
  dockyard.docker.network:
    name: cluster
    driver: overlay
    attachable: true
    encrypted: true

- name: Swarm ingress network (docker network create --driver overlay --ingress my-ingress)
  dockyard.docker.network:
    name: my-ingress
    driver: overlay
    ingress: true

- name: Connect containers with aliases, a fixed address and a link (docker network connect --alias --ip --link)
  dockyard.docker.network:
    name: backend
    subnet: 172.30.0.0/16
    connected:
      - web
      - container: api
        aliases: [api.internal]
        ipv4_address: 172.30.0.10
        links: ["db:database"]

- name: Disconnect every container not listed (docker network disconnect -f backend OTHER)
  dockyard.docker.network:
    name: backend
    connected: [web]
    purge_connected: true

- name: Remove the network, disconnecting containers first (docker network rm)
  dockyard.docker.network:
    name: backend
    state: absent
    force: true
'''

RETURN = r'''
network:
  description: The network's inspect data after the task (C(docker network inspect)); empty when absent.
  returned: always
  type: dict
  sample: {"Name": "backend", "Driver": "bridge", "IPAM": {"Config": [{"Subnet": "172.30.0.0/16"}]}}
actions:
  description: What was done, or would be done in check mode, in order.
  returned: always
  type: list
  elements: str
  sample: ["create network backend", "connect container web to network backend"]
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.dockyard.docker.plugins.module_utils.network.driver import run_network
from ansible_collections.dockyard.docker.plugins.module_utils.network.spec import network_argument_spec
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import (
    connect,
    connection_argument_spec,
    run_task,
)


def main():
    module = AnsibleModule(argument_spec=connection_argument_spec(network_argument_spec()),
                           supports_check_mode=True)
    run_task(module, lambda: run_network(module, connect, module.check_mode))


if __name__ == '__main__':
    main()
