#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: ovs_bond
short_description: Create, change and remove bonded ports of Open vSwitch bridges
author:
  - Dockyard maintainers (@dockyard)
version_added: 0.9.0
description:
  - Converges one bonded port of an Open vSwitch bridge (C(ovs-vsctl add-bond), C(set Port), C(del-port)).
  - Interfaces added to or removed from O(interfaces) are added to or removed from the live bond in one transaction
    (C(create Interface) with C(add Port PORT interfaces), C(remove Port PORT interfaces)); the bond and its other
    interfaces stay as they are.
  - The bond settings are compared only when given; O(other_config) sets the keys given and leaves the others.
  - A bond found on another bridge is moved to O(bridge) (C(del-port) and C(add-bond) in one transaction), keeping
    its settings unless the task gives others.
  - After a create, a move or added interfaces, the interfaces' C(error) column is read. When C(ovs-vswitchd) could
    not set one up (a device that does not exist, say), the change is undone and the task fails naming the error.
extends_documentation_fragment:
  - dockyard.docker.ovs
  - dockyard.docker.docker.attributes
options:
  bridge:
    description: The bridge that holds the bond; it must exist (M(dockyard.docker.ovs_bridge)), or the task fails.
    type: str
    required: true
  port:
    description: Name of the bonded port (at most 15 characters).
    type: str
    required: true
    aliases: [name]
  interfaces:
    description:
      - The bond's interfaces, network devices of the host, at least two; compared as a set.
      - Required with O(state=present). An interface that belongs to another port fails the task.
    type: list
    elements: str
  state:
    description:
      - V(present) makes sure the bond is on O(bridge) with these interfaces and settings.
      - V(absent) removes it from O(bridge) (C(ovs-vsctl --if-exists del-port)); a port of that name on another bridge
        is left alone.
    type: str
    default: present
    choices: [present, absent]
  bond_mode:
    description:
      - How traffic is spread over the interfaces (C(bond_mode)); Open vSwitch's default, when never set, is
        V(active-backup). Compared only when given.
      - V(balance-tcp) needs LACP (O(lacp=active) or O(lacp=passive)).
    type: str
    choices: [active-backup, balance-slb, balance-tcp]
  lacp:
    description: LACP negotiation (C(lacp)); Open vSwitch's default, when never set, is V(off). Compared only when given.
    type: str
    choices: [active, passive, 'off']
  bond_updelay:
    description: Milliseconds a link must be up before it is used (C(bond_updelay)); compared only when given.
    type: int
  bond_downdelay:
    description: Milliseconds a link must be down before it is dropped (C(bond_downdelay)); compared only when given.
    type: int
  other_config:
    description:
      - Keys of the port's C(other_config) column to set, such as C(lacp-time), C(bond-detect-mode) or
        C(bond-rebalance-interval); other keys are left as they are.
      - A key given as null is removed (C(remove Port PORT other_config KEY)).
    type: dict
seealso:
  - module: dockyard.docker.ovs_bridge
  - module: dockyard.docker.ovs_port
  - module: dockyard.docker.ovs_db
  - name: Open vSwitch database schema
    description: The Port table's bonding columns.
    link: https://www.openvswitch.org/support/dist-docs/ovs-vswitchd.conf.db.5.txt
'''

EXAMPLES = r'''
- name: Bond two uplinks with LACP, balancing by TCP flow
  dockyard.docker.ovs_bond:
    bridge: obr0
    port: bond0
    interfaces: [eth1, eth2]
    bond_mode: balance-tcp
    lacp: active
    other_config:
      lacp-time: fast

- name: Add a third uplink to the live bond and wait 200 ms before using a link that came up
  dockyard.docker.ovs_bond:
    bridge: obr0
    port: bond0
    interfaces: [eth1, eth2, eth3]
    bond_updelay: 200

- name: Remove the bond
  dockyard.docker.ovs_bond:
    bridge: obr0
    port: bond0
    state: absent
'''

RETURN = r'''
bond:
  description: The bond after the task (in check mode, as it was read); empty when there is no port of that name.
  returned: always
  type: dict
  contains:
    name:
      description: The bonded port's name.
      type: str
    bridge:
      description: The bridge that holds it (with O(state=absent), possibly another bridge than O(bridge)).
      type: str
    interfaces:
      description: The names of its interfaces, sorted.
      type: list
      elements: str
    bond_mode:
      description: The bond mode, or null when never set (Open vSwitch then uses active-backup).
      type: str
    lacp:
      description: The LACP mode, or null when never set (off).
      type: str
    bond_updelay:
      description: Milliseconds before a link that came up is used.
      type: int
    bond_downdelay:
      description: Milliseconds before a link that went down is dropped.
      type: int
    other_config:
      description: The port's C(other_config) column.
      type: dict
  sample: {"name": "bond0", "bridge": "obr0", "interfaces": ["eth1", "eth2"], "bond_mode": "balance-tcp",
           "lacp": "active", "bond_updelay": 0, "bond_downdelay": 0, "other_config": {"lacp-time": "fast"}}
actions:
  description: What was done, or would be done in check mode, in order.
  returned: always
  type: list
  elements: str
  sample: ["update bond bond0 on bridge obr0: add interfaces eth3; bond_updelay"]
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.dockyard.docker.plugins.module_utils.ovs.bond import BondDriver, bond_argument_spec
from ansible_collections.dockyard.docker.plugins.module_utils.ovs.records import run_ovs
from ansible_collections.dockyard.docker.plugins.module_utils.ovs.vsctl import ovs_argument_spec


def main():
    module = AnsibleModule(argument_spec=ovs_argument_spec(bond_argument_spec()), supports_check_mode=True,
                           required_if=[('state', 'present', ['interfaces'])])
    run_ovs(module, BondDriver)


if __name__ == '__main__':
    main()
