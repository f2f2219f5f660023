#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: swarm
short_description: Initialise, join, leave or configure Docker swarm mode on one engine
author:
  - Dockyard maintainers (@dockyard)
version_added: 0.1.0
description:
  - Converges the swarm membership of the engine it talks to (C(docker swarm init), C(join), C(leave), C(update)).
  - On a manager it returns the join tokens in RV(join_tokens). They are secrets; the module's action plugin
    hides the task output (as C(no_log) would) whenever the result carries them, while a registered
    variable still holds them for the next task.
  - The addresses (O(advertise_addr), O(listen_addr), O(data_path_addr), O(data_path_port)) are used when the
    engine initialises or joins; Docker cannot change them later, so they are not compared afterwards.
  - Cluster settings (O(labels), O(task_history_retention_limit), ...) are compared only when given, and only
    on a manager.
extends_documentation_fragment:
  - dockyard.docker.docker
  - dockyard.docker.docker.attributes
options:
  state:
    description:
      - V(present) makes this engine part of a swarm, initialising a new one if it is in none
        (C(docker swarm init)), and applies the cluster settings when it is a manager.
      - V(join) joins the swarm of O(remote_addrs) with O(join_token) (C(docker swarm join)); an engine already in
        that swarm is left alone, one in another swarm makes the task fail.
      - V(absent) leaves the swarm (C(docker swarm leave)); the last manager needs O(force=true).
    type: str
    default: present
    choices: [present, join, absent]
  advertise_addr:
    description:
      - Address other nodes reach this one at (C(--advertise-addr)), an IP or an interface name, with an optional
        C(:PORT).
      - Required by Docker when the engine has several addresses and none is chosen.
    type: str
  listen_addr:
    description: Address the swarm control plane listens on (C(--listen-addr)).
    type: str
    default: 0.0.0.0:2377
  data_path_addr:
    description: Address or interface for overlay network traffic (C(--data-path-addr)); defaults to O(advertise_addr).
    type: str
  data_path_port:
    description: UDP port of the VXLAN data path (C(--data-path-port)) when initialising; Docker's default is 4789.
    type: int
  default_addr_pool:
    description: Address pools, in CIDR form, for overlay networks when initialising (C(--default-addr-pool)).
    type: list
    elements: str
  subnet_size:
    description:
      - Prefix length of each overlay network taken from O(default_addr_pool) (C(--default-addr-pool-mask-length));
        without O(default_addr_pool), from the engine's default pool (C(10.0.0.0/8)).
      - O(default_addr_pool) and O(subnet_size) are read back after the init; a value the engine did not apply
        fails the task, which then leaves the swarm it had just initialised.
    type: int
  remote_addrs:
    description: With O(state=join), addresses of managers of the swarm, C(HOST[:PORT]); the port defaults to 2377.
    type: list
    elements: str
  join_token:
    description: With O(state=join), the worker or the manager token of the swarm (C(--token)).
    type: str
  force:
    description: With O(state=absent), leave even as the last manager, which destroys the swarm (C(--force)).
    type: bool
    default: false
  labels:
    description: Labels of the swarm itself (not of a node); compared exactly when given.
    type: dict
  task_history_retention_limit:
    description: How many finished tasks to keep per slot (C(--task-history-limit)).
    type: int
  snapshot_interval:
    description: Raft log entries between snapshots (C(--snapshot-interval)).
    type: int
  keep_old_snapshots:
    description: Raft snapshots to keep besides the current one.
    type: int
  dispatcher_heartbeat_period:
    description: How often nodes report to the managers (C(--dispatcher-heartbeat)), a duration such as C(5s).
    type: str
  node_cert_expiry:
    description: Validity of node certificates (C(--cert-expiry)), a duration such as C(2160h).
    type: str
  autolock_managers:
    description: Lock managers' keys when their engine restarts (C(--autolock)).
    type: bool
  rotate_worker_token:
    description: Replace the worker join token (C(docker swarm join-token --rotate worker)); reports a change every time.
    type: bool
    default: false
  rotate_manager_token:
    description: Replace the manager join token (C(docker swarm join-token --rotate manager)); reports a change every time.
    type: bool
    default: false
seealso:
  - module: dockyard.docker.node
  - module: dockyard.docker.service
'''

EXAMPLES = r'''
- name: Initialise a swarm on the first manager (docker swarm init --advertise-addr 10.0.0.11)
  dockyard.docker.swarm:
    state: present
    advertise_addr: 10.0.0.11
  register: swarm_init
  no_log: true

- name: Join a worker with the worker token (docker swarm join --token TOKEN 10.0.0.11:2377)
  dockyard.docker.swarm:
    state: join
    advertise_addr: 10.0.0.12
    remote_addrs: [10.0.0.11:2377]
    join_token: "{{ hostvars['manager1'].swarm_init.join_tokens.worker }}"

- name: Keep five finished tasks per slot and send heartbeats every 10s (docker swarm update)
  dockyard.docker.swarm:
    task_history_retention_limit: 5
    dispatcher_heartbeat_period: 10s
    labels:
      env: production

- name: Replace the worker token after it leaked (docker swarm join-token --rotate worker)
  dockyard.docker.swarm:
    rotate_worker_token: true

- name: Leave the swarm (docker swarm leave)
  dockyard.docker.swarm:
    state: absent

- name: Leave as the last manager, destroying the swarm (docker swarm leave --force)
  dockyard.docker.swarm:
    state: absent
    force: true
'''

RETURN = r'''
node_id:
  description: ID of this engine's node in the swarm; empty when it is in none.
  returned: always
  type: str
  sample: uf4cllo7ldsygccekfbe1xc3i
local_node_state:
  description: Swarm state of this engine (C(inactive), C(pending), C(active), C(error) or C(locked)).
  returned: always
  type: str
  sample: active
is_manager:
  description: Whether this engine is a swarm manager.
  returned: always
  type: bool
  sample: true
node_addr:
  description: The address this node advertises to the others; empty outside a swarm.
  returned: always
  type: str
  sample: 10.0.0.11
remote_managers:
  description: Control-plane addresses (C(HOST:PORT)) of the swarm's managers this node knows, what O(remote_addrs) takes.
  returned: always
  type: list
  elements: str
  sample: ["10.0.0.11:2377"]
swarm:
  description: The swarm's inspect data (C(docker swarm inspect)) without the join tokens; empty on workers and outside a swarm.
  returned: always
  type: dict
  sample: {"ID": "okgm9hukoowk9ed1on09mfg3g", "Spec": {"Name": "default"}}
join_tokens:
  description: The swarm's join tokens, secrets. The task output is hidden when they are returned.
  returned: on a manager, when not in check mode or already a manager
  type: dict
  contains:
    worker:
      description: Token for joining as a worker.
      type: str
    manager:
      description: Token for joining as a manager.
      type: str
actions:
  description: What was done, or would be done in check mode, in order.
  returned: always
  type: list
  elements: str
  sample: ["initialise a swarm on this engine"]
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.dockyard.docker.plugins.module_utils.core.state import (
    connect,
    connection_argument_spec,
    run_task,
)
from ansible_collections.dockyard.docker.plugins.module_utils.swarm.cluster import run_swarm, swarm_argument_spec


def main():
    module = AnsibleModule(argument_spec=connection_argument_spec(swarm_argument_spec()),
                           supports_check_mode=True)
    run_task(module, lambda: run_swarm(module, connect, module.check_mode))


if __name__ == '__main__':
    main()
