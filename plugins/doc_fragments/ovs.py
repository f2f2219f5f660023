# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)


class ModuleDocFragment(object):

    # The ovs-vsctl options every Open vSwitch module shares (module_utils/ovs/vsctl.py's OVS_CONNECTION_ARGS).
    DOCUMENTATION = r'''
options:
  ovs_vsctl_path:
    description: The C(ovs-vsctl) to run, a name looked up in E(PATH) or a full path.
    type: str
    default: ovs-vsctl
  timeout:
    description:
      - Seconds C(ovs-vsctl) may wait for the database (C(--timeout)); the task fails after it, naming what it was doing.
    type: int
    default: 10
  db:
    description:
      - The database to reach (C(--db)), such as C(unix:/var/run/openvswitch/db.sock) or C(tcp:127.0.0.1:6640).
      - ovs-vsctl's own default when not set. The alias is openvswitch.openvswitch's name for it.
    type: str
    aliases: [database_socket]
notes:
  - Needs C(ovs-vsctl) on the managed host and Open vSwitch running there (C(ovsdb-server) and C(ovs-vswitchd));
    the userspace datapath (O(dockyard.docker.ovs_bridge#module:datapath_type=netdev)) needs no kernel module.
  - Reads with C(ovs-vsctl --format=json find) and makes each change one ovs-vsctl transaction (its commands joined
    with C(--)), so a change is applied whole or not at all. Commands are run as argument lists, never through a shell.
'''
