#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: ovs_db
short_description: Set, remove or read one column of an Open vSwitch database record
author:
  - Dockyard maintainers (@dockyard)
version_added: 0.9.0
description:
  - Converges one column of one record in the Open vSwitch database, or one key of a map column,
    as C(ovs-vsctl set), C(remove), C(clear) and C(get) would; for anything the other Open vSwitch modules do not cover.
  - The value is read first and changed only when it differs. Quotes, spacing, the order of the items of a set or
    a map, and an empty set against an empty map do not count as differences.
  - The record must exist; the task fails naming the table and the record when it does not. This module does not
    create or delete records (use M(dockyard.docker.ovs_bridge) and M(dockyard.docker.ovs_port) for those).
extends_documentation_fragment:
  - dockyard.docker.ovs
  - dockyard.docker.docker.attributes
options:
  table:
    description:
      - The table, such as C(Bridge), C(Port), C(Interface) or C(Open_vSwitch); ovs-vsctl matches it without regard to case.
    type: str
    required: true
  record:
    description:
      - The record, as ovs-vsctl names it (a bridge, port or interface name, or a UUID), or C(.) for the one row of
        C(Open_vSwitch).
    type: str
    required: true
  col:
    description: The column, such as C(other_config), C(mtu_request) or C(stp_enable).
    type: str
    required: true
  key:
    description:
      - A key of the map column O(col); the task then sets, removes or reads that key alone, leaving the other keys
        as they are.
    type: str
  value:
    description:
      - The value in ovs-vsctl's syntax, such as V(true), V(1450), V({a=b, c=d}) or V([1, 2]); required with
        O(state=present).
      - Without O(key) it is the whole column's value; on a map column, O(state=present) then replaces every key.
      - The strings V(True) and V(False) (what Ansible makes of a YAML boolean) are given to ovs-vsctl as V(true) and
        V(false).
      - Give numbers as ovs-vsctl prints them (V(1450), not V(01450)); a value that Open vSwitch stores in another
        spelling differs from it on every run.
      - Ignored with O(state=read).
    type: str
  state:
    description:
      - V(present) sets the value (C(ovs-vsctl set TABLE RECORD COL[:KEY]=VALUE)) when it differs.
      - V(absent) with O(key) removes that key (C(ovs-vsctl remove TABLE RECORD COL KEY)) when it exists; when O(value)
        is given too, only when the key holds that value.
      - V(absent) without O(key) but with O(value) removes those items from a set or map column
        (C(ovs-vsctl remove TABLE RECORD COL VALUE)) when the column holds at least one of them; on a map column an item
        may be a key alone. Without O(value), it empties the column (C(ovs-vsctl clear TABLE RECORD COL)) when it is
        not empty; a column that may not be empty, such as C(stp_enable), cannot be cleared, and the task fails with
        ovs-vsctl's reason.
      - V(read) changes nothing and returns the value.
    type: str
    default: present
    choices: [present, absent, read]
seealso:
  - module: dockyard.docker.ovs_bridge
  - module: dockyard.docker.ovs_port
  - name: ovs-vsctl manual
    description: The C(set), C(remove), C(clear) and C(get) commands and the syntax of their values.
    link: https://www.openvswitch.org/support/dist-docs/ovs-vsctl.8.txt
  - name: Open vSwitch database schema
    description: Every table and column of the database.
    link: https://www.openvswitch.org/support/dist-docs/ovs-vswitchd.conf.db.5.txt
'''

EXAMPLES = r'''
- name: Let datapath flows idle 50 s before they are removed
  dockyard.docker.ovs_db:
    table: Open_vSwitch
    record: .
    col: other_config
    key: max-idle
    value: "50000"

- name: Turn off in-band control on br-int
  dockyard.docker.ovs_db:
    table: Bridge
    record: br-int
    col: other_config
    key: disable-in-band
    value: "true"

- name: Tag port0 with VLAN 10
  dockyard.docker.ovs_db:
    table: Port
    record: port0
    col: tag
    value: "10"

- name: Flood only VLANs 10 and 20 on br-int
  dockyard.docker.ovs_db:
    table: Bridge
    record: br-int
    col: flood_vlans
    value: "[10, 20]"

- name: Stop flooding VLAN 20 (the other VLANs stay)
  dockyard.docker.ovs_db:
    table: Bridge
    record: br-int
    col: flood_vlans
    value: "20"
    state: absent

- name: Remove the disable-in-band key whatever its value
  dockyard.docker.ovs_db:
    table: Bridge
    record: br-int
    col: other_config
    key: disable-in-band
    state: absent

- name: Remove every external id of port0 (ovs-vsctl clear Port port0 external_ids)
  dockyard.docker.ovs_db:
    table: Port
    record: port0
    col: external_ids
    state: absent

- name: Read an interface's transmitted packets
  dockyard.docker.ovs_db:
    table: Interface
    record: port0
    col: statistics
    key: tx_packets
    state: read
  register: tx

- name: Show it
  ansible.builtin.debug:
    msg: "{{ tx.value }} packets sent"
'''

RETURN = r'''
value:
  description:
    - The column's (or the key's) value after the task, as C(ovs-vsctl get) prints it; strings may be in double
      quotes, sets in C([]) and maps in C({}). In check mode, the value as it was read.
    - Null when O(key) is not in the map.
  returned: always
  type: str
  sample: '"true"'
actions:
  description: What was done, or would be done in check mode.
  returned: always
  type: list
  elements: str
  sample: ["set Bridge br-int other_config:disable-in-band=true"]
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.dockyard.docker.plugins.module_utils.ovs.db import DbDriver, db_argument_spec
from ansible_collections.dockyard.docker.plugins.module_utils.ovs.records import run_ovs
from ansible_collections.dockyard.docker.plugins.module_utils.ovs.vsctl import ovs_argument_spec


def main():
    module = AnsibleModule(argument_spec=ovs_argument_spec(db_argument_spec()), supports_check_mode=True)
    run_ovs(module, DbDriver)


if __name__ == '__main__':
    main()
