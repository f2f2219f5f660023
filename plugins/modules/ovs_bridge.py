#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: ovs_bridge
short_description: Create, change and remove Open vSwitch bridges
author:
  - Dockyard maintainers (@dockyard)
version_added: 0.9.0
description:
  - Converges one Open vSwitch bridge (C(ovs-vsctl add-br), C(set Bridge), C(del-br)), or a fake bridge,
    a VLAN of a parent bridge (C(ovs-vsctl add-br BRIDGE PARENT VLAN)).
  - Only what the task sets is compared; O(fail_mode) and O(datapath_type) are left as they are when not given,
    and O(other_config) and O(external_ids) set the keys given, leaving other keys alone.
  - To add ports, use M(dockyard.docker.ovs_port) and M(dockyard.docker.ovs_bond); for any other column,
    M(dockyard.docker.ovs_db).
extends_documentation_fragment:
  - dockyard.docker.ovs
  - dockyard.docker.docker.attributes
options:
  bridge:
    description: Name of the bridge; also the name of its internal port and device (at most 15 characters).
    type: str
    required: true
    aliases: [name]
  state:
    description:
      - V(present) makes sure the bridge exists with these settings.
      - V(absent) removes it with its ports and fake bridges (C(ovs-vsctl del-br)).
    type: str
    default: present
    choices: [present, absent]
  fail_mode:
    description:
      - What the bridge does without an OpenFlow controller (C(set-fail-mode)); compared only when given.
      - V(standalone) switches as a learning switch; V(secure) drops what no flow allows.
    type: str
    choices: [secure, standalone]
  datapath_type:
    description:
      - The datapath (C(datapath_type)); V(netdev) is the userspace datapath, which needs no kernel module,
        V(system) the kernel's. Compared only when given; a new bridge gets Open vSwitch's default (the kernel's).
    type: str
  other_config:
    description:
      - Keys of the bridge's C(other_config) column to set, such as C(hwaddr) or C(stp-priority); other keys are left.
      - A key given as null is removed.
    type: dict
  external_ids:
    description:
      - Keys of the bridge's C(external_ids) column to set (C(br-set-external-id)); other keys are left.
      - A key given as null is removed.
    type: dict
  set:
    description:
      - Raw C(TABLE COLUMN=VALUE) or C(TABLE COLUMN:KEY=VALUE) settings in ovs-vsctl's syntax on the bridge's own
        records (table C(Bridge), C(Port) or C(Interface); C(Open_vSwitch) for its one row), such as
        C(Bridge stp_enable=true) or C(Interface mtu_request=1450).
      - openvswitch.openvswitch's form C(TABLE RECORD COLUMN=VALUE), naming a record of those tables, is accepted too.
      - Each is read first and set only when it differs (quotes, spacing and the order of set or map items do not count).
    type: list
    elements: str
  parent:
    description:
      - Makes the bridge a fake bridge of this parent bridge, carrying VLAN O(vlan); needs O(vlan).
      - A fake bridge cannot move to another parent or VLAN; the task fails, and the bridge must be removed first.
      - O(fail_mode), O(datapath_type), O(other_config) and O(set) are not accepted with it (the parent's apply).
    type: str
  vlan:
    description: The fake bridge's VLAN, 0 to 4095; needs O(parent).
    type: int
seealso:
  - module: dockyard.docker.ovs_port
  - module: dockyard.docker.ovs_bond
  - module: dockyard.docker.ovs_db
  - name: ovs-vsctl manual
    description: The commands and the database columns this module sets.
    link: https://www.openvswitch.org/support/dist-docs/ovs-vsctl.8.txt
'''

EXAMPLES = r'''
- name: The brief's bridge, in the userspace datapath (ovs-vsctl add-br obr0 -- set bridge obr0 datapath_type=netdev)
  dockyard.docker.ovs_bridge:
    bridge: obr0
    datapath_type: netdev

- name: A bridge that drops what no flow allows, with an id for inventories and a larger MTU on its own port
  dockyard.docker.ovs_bridge:
    bridge: br-int
    fail_mode: secure
    external_ids:
      bridge-id: br-int
    set:
      - Interface mtu_request=9000

- name: A fake bridge carrying VLAN 10 of br-int (ovs-vsctl add-br br-vlan10 br-int 10)
  dockyard.docker.ovs_bridge:
    bridge: br-vlan10
    parent: br-int
    vlan: 10

- name: Remove a bridge with its ports (ovs-vsctl del-br obr0)
  dockyard.docker.ovs_bridge:
    bridge: obr0
    state: absent
'''

RETURN = r'''
bridge:
  description: The bridge after the task (in check mode, as it was read); empty when absent.
  returned: always
  type: dict
  contains:
    name:
      description: The bridge's name.
      type: str
    fail_mode:
      description: C(secure), C(standalone), or null when not set (Open vSwitch then works as standalone).
      type: str
    datapath_type:
      description: The datapath; an empty string means Open vSwitch's default.
      type: str
    other_config:
      description: The bridge's C(other_config) column.
      type: dict
    external_ids:
      description: The bridge's C(external_ids) column.
      type: dict
    parent:
      description: The parent of a fake bridge; null for a bridge of its own.
      type: str
    vlan:
      description: The VLAN of a fake bridge; null for a bridge of its own.
      type: int
    ports:
      description: The names of the bridge's ports, apart from its own internal port; empty for a fake bridge.
      type: list
      elements: str
  sample: {"name": "obr0", "fail_mode": null, "datapath_type": "netdev", "other_config": {}, "external_ids": {},
           "parent": null, "vlan": null, "ports": ["gre0a1c010c"]}
actions:
  description: What was done, or would be done in check mode, in order.
  returned: always
  type: list
  elements: str
  sample: ["create bridge obr0"]
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.dockyard.docker.plugins.module_utils.ovs.bridge import BridgeDriver, bridge_argument_spec
from ansible_collections.dockyard.docker.plugins.module_utils.ovs.records import run_ovs
from ansible_collections.dockyard.docker.plugins.module_utils.ovs.vsctl import ovs_argument_spec


def main():
    module = AnsibleModule(argument_spec=ovs_argument_spec(bridge_argument_spec()), supports_check_mode=True)
    run_ovs(module, BridgeDriver)


if __name__ == '__main__':
    main()
