#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: ovs_port
short_description: Add, change, move and remove ports of Open vSwitch bridges
author:
  - Dockyard maintainers (@dockyard)
version_added: 0.9.0
description:
  - Converges one port of an Open vSwitch bridge and its interface of the same name (C(ovs-vsctl add-port),
    C(set Interface), C(set Port), C(del-port)).
  - Only what the task gives is compared. Changing the type or options of an existing interface updates it in place
    (C(set Interface PORT type=... options=...)), so it keeps its record and its OpenFlow port number.
  - A port found on another bridge is moved to O(bridge) (C(del-port) and C(add-port) in one transaction); it keeps
    its type, options, tag, trunks and external ids unless the task gives others.
  - After a create, a move or a change of the interface, the interface's C(error) column is read. When
    C(ovs-vswitchd) could not set the interface up (a system port for a device that does not exist, say), the change
    is undone and the task fails naming the error.
  - For a port of several interfaces (a bond), use M(dockyard.docker.ovs_bond).
extends_documentation_fragment:
  - dockyard.docker.ovs
  - dockyard.docker.docker.attributes
options:
  bridge:
    description:
      - The bridge that holds the port; it must exist (M(dockyard.docker.ovs_bridge)), or the task fails.
      - A bridge of its own, not a fake bridge; for a VLAN of a bridge, give the parent bridge and O(tag).
    type: str
    required: true
  port:
    description: Name of the port and of its interface (at most 15 characters).
    type: str
    required: true
    aliases: [name]
  state:
    description:
      - V(present) makes sure the port is on O(bridge) with these settings.
      - V(absent) removes it from O(bridge) (C(ovs-vsctl --if-exists del-port)); a port of that name on another bridge
        is left alone.
    type: str
    default: present
    choices: [present, absent]
  type:
    description:
      - The interface's type. V(system) is a network device of the host (stored as an empty type), V(internal) a device
        Open vSwitch makes, V(gre), V(vxlan) and V(geneve) tunnels, V(patch) one end of a patch cable to another bridge.
      - Compared only when given; a new port without it is a V(system) port.
    type: str
    choices: [system, internal, gre, vxlan, geneve, patch]
  options:
    description:
      - The interface's C(options) column, compared whole when given; the interface's options become exactly these.
        Needs O(type).
      - Keys accepted for V(gre), V(vxlan) and V(geneve) (ovs-vswitchd.conf.db(5)) are C(remote_ip) (needed),
        C(local_ip), C(key), C(in_key), C(out_key), C(tos), C(ttl), C(df_default), C(egress_pkt_mark), C(csum),
        C(psk), C(remote_cert) and C(remote_name); also C(dst_port), C(exts) and C(packet_type) for V(vxlan),
        C(dst_port) for V(geneve), C(packet_type) and C(seq) for V(gre).
      - V(patch) takes C(peer) (needed), the name of the patch interface at the other end. A patch port made before
        its peer is kept (its C(error) says the peer is missing until the peer is made).
      - V(system) and V(internal) take none.
      - Any other key fails the task before anything is changed. Values are stored as strings.
    type: dict
  tag:
    description: The port's VLAN tag (access port), 0 to 4095; compared only when given.
    type: int
  trunks:
    description:
      - The VLANs the port trunks (C(trunks)), each 0 to 4095, compared as a set when given; V([]) trunks all VLANs
        again.
    type: list
    elements: int
  external_ids:
    description:
      - Keys of the port's C(external_ids) column to set; other keys are left as they are.
      - A key given as null is removed (C(remove Port PORT external_ids KEY)).
    type: dict
  set:
    description:
      - Raw C(TABLE COLUMN=VALUE) or C(TABLE COLUMN:KEY=VALUE) settings in ovs-vsctl's syntax on the port's own
        records (table C(Port) or C(Interface)), such as C(Interface mtu_request=1450) or C(Port tag=[]) (removes
        the tag).
      - Each is read first and set only when it differs (quotes, spacing and the order of set or map items do not count).
    type: list
    elements: str
seealso:
  - module: dockyard.docker.ovs_bridge
  - module: dockyard.docker.ovs_bond
  - module: dockyard.docker.ovs_db
  - name: Open vSwitch database schema
    description: The Port and Interface columns and the options of each interface type.
    link: https://www.openvswitch.org/support/dist-docs/ovs-vswitchd.conf.db.5.txt
'''

EXAMPLES = r'''
- name: The brief's GRE port to the other host (add-port obr0 gre0 -- set interface gre0 type=gre options:remote_ip=...)
  dockyard.docker.ovs_port:
    bridge: obr0
    port: gre0
    type: gre
    options:
      remote_ip: 192.168.33.12

- name: A VXLAN tunnel with a key instead (the same port changes in place)
  dockyard.docker.ovs_port:
    bridge: obr0
    port: gre0
    type: vxlan
    options:
      remote_ip: 192.168.33.12
      key: 5

- name: An internal port for containers on VLAN 10, marked for inventories
  dockyard.docker.ovs_port:
    bridge: obr0
    port: vlan10
    type: internal
    tag: 10
    external_ids:
      owner: docker

- name: A host device that trunks VLANs 10 and 20, with a larger MTU
  dockyard.docker.ovs_port:
    bridge: obr0
    port: eth1
    trunks: [10, 20]
    set:
      - Interface mtu_request=9000

- name: Patch obr0 to br-ext (one task per end)
  dockyard.docker.ovs_port:
    bridge: "{{ item.bridge }}"
    port: "{{ item.port }}"
    type: patch
    options:
      peer: "{{ item.peer }}"
  loop:
    - {bridge: obr0, port: patch-ext, peer: patch-obr0}
    - {bridge: br-ext, port: patch-obr0, peer: patch-ext}

- name: Remove the tunnel
  dockyard.docker.ovs_port:
    bridge: obr0
    port: gre0
    state: absent
'''

RETURN = r'''
port:
  description: The port after the task (in check mode, as it was read); empty when there is none of that name.
  returned: always
  type: dict
  contains:
    name:
      description: The port's name, also its interface's.
      type: str
    bridge:
      description: The bridge that holds it (with O(state=absent), possibly another bridge than O(bridge)).
      type: str
    type:
      description: The interface's type; V(system) for a device of the host.
      type: str
    options:
      description: The interface's C(options) column.
      type: dict
    tag:
      description: The VLAN tag, or null.
      type: int
    trunks:
      description: The trunked VLANs, sorted; empty for all.
      type: list
      elements: int
    external_ids:
      description: The port's C(external_ids) column.
      type: dict
    ofport:
      description: The interface's OpenFlow port number; -1 when Open vSwitch could not set it up, null before it is assigned.
      type: int
    error:
      description: What Open vSwitch reports as wrong with the interface, or null.
      type: str
  sample: {"name": "gre0", "bridge": "obr0", "type": "gre", "options": {"remote_ip": "192.168.33.12"}, "tag": null,
           "trunks": [], "external_ids": {}, "ofport": 1, "error": null}
actions:
  description: What was done, or would be done in check mode, in order.
  returned: always
  type: list
  elements: str
  sample: ["update port gre0 on bridge obr0: type, options"]
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.dockyard.docker.plugins.module_utils.ovs.port import PortDriver, port_argument_spec
from ansible_collections.dockyard.docker.plugins.module_utils.ovs.records import run_ovs
from ansible_collections.dockyard.docker.plugins.module_utils.ovs.vsctl import ovs_argument_spec


def main():
    module = AnsibleModule(argument_spec=ovs_argument_spec(port_argument_spec()), supports_check_mode=True)
    run_ovs(module, PortDriver)


if __name__ == '__main__':
    main()
