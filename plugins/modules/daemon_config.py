#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: daemon_config
short_description: Manage the Docker daemon's configuration (daemon.json or DOCKER_OPTS)
author:
  - Dockyard maintainers (@dockyard)
version_added: 0.1.0
description:
  - Merges settings into C(/etc/docker/daemon.json) and keeps the keys the task does not name,
    unless O(replace=true).
  - Validates before writing; O(bridge) and O(bip) are mutually exclusive, O(fixed_cidr) must lie
    inside the subnet of O(bip), mirrors must be C(http://) or C(https://) URLs, and a key may be
    set either by a first-class option or in O(settings), not both. The checks that span keys
    (bridge/bip, fixed-cidr/bip) apply to the merged result, keys already in the file included.
  - RV(restart_required) says whether a changed key needs a restart of dockerd; the
    C(dockyard.docker.engine) role restarts and verifies the daemon when it does.
  - With O(format=docker_opts) the same settings are written as dockerd flags on the
    C(DOCKER_OPTS="...") line of C(/etc/default/docker), for hosts that start dockerd from an init
    script that reads it. Other lines of that file are kept. Each key becomes a flag there, so a key that is not a
    flag name (lowercase letters, digits and single hyphens) is refused before anything is written.
  - The file gets every value as given, and only real values are compared, but what the task shows (RV(config), the
    diff, error messages) has credentials masked as C(********). Masked are the values of keys inside an object
    value (C(log-opts), C(proxies), ...) whose name ends with C(token), C(password), C(passwd), C(secret), C(key)
    or C(credentials) (such as C(splunk-token), C(fluentd-password), C(x-api-key)), and the password of any URL
    with one (C(http://user:PASSWORD@proxy:3128)). These values are also kept out of the module arguments Ansible
    shows.
extends_documentation_fragment:
  - dockyard.docker.docker
  - dockyard.docker.docker.attributes
  - dockyard.docker.daemon_file
options:
  replace:
    description:
      - V(true) writes only what the task sets; every other key of the file is dropped.
      - V(false) merges into the file and keeps every key the task does not name.
    type: bool
    default: false
  settings:
    description:
      - Any other daemon.json keys, spelled as in daemon.json (C(max-concurrent-downloads), C(default-address-pools)).
      - A key with the value C(null) is removed from the file.
      - With O(format=docker_opts) each key must be a dockerd flag name (lowercase letters, digits and single
        hyphens, such as C(log-level)).
      - A key that a first-class option of this task also sets is an error.
    type: dict
  registry_mirrors:
    description:
      - Registry mirrors (C(registry-mirrors), C(--registry-mirror)), C(http://) or C(https://) URLs without a path.
      - Replaces the whole list; use M(dockyard.docker.registry_mirror) to add or remove one entry.
    type: list
    elements: str
  insecure_registries:
    description: Registries reached over plain HTTP or unverified TLS (C(insecure-registries)), as C(HOST[:PORT]) or a CIDR.
    type: list
    elements: str
  bridge:
    description:
      - Existing bridge interface for the default bridge network (C(bridge), C(-b)); C(none) disables it.
      - Mutually exclusive with O(bip).
    type: str
  bip:
    description: Address and prefix of the default bridge C(docker0) (C(bip)), such as C(172.26.0.1/16).
    type: str
  fixed_cidr:
    description: Subnet for container addresses on the default bridge (C(fixed-cidr)); must lie inside O(bip).
    type: str
  icc:
    description: Allow traffic between containers on the default bridge (C(icc)); the seed sets V(false).
    type: bool
  iptables:
    description: Let dockerd manage iptables rules (C(iptables)).
    type: bool
  ip_forward:
    description: Let dockerd enable IP forwarding (C(ip-forward)).
    type: bool
  mtu:
    description: MTU of the default bridge network (C(mtu)), 68 to 65535.
    type: int
  ipv6:
    description: Enable IPv6 on the default bridge (C(ipv6)).
    type: bool
  dns:
    description: DNS servers given to containers (C(dns)), as IP addresses.
    type: list
    elements: str
  log_driver:
    description: Default logging driver of containers (C(log-driver)), such as C(json-file) or C(local).
    type: str
  log_opts:
    description: Options of the default logging driver (C(log-opts)), such as C(max-size); values become strings.
    type: dict
  storage_driver:
    description: Storage driver (C(storage-driver)), such as C(overlay2).
    type: str
  data_root:
    description: Root folder of dockerd's state (C(data-root)); an absolute path.
    type: path
  live_restore:
    description: Keep containers running while dockerd restarts (C(live-restore)).
    type: bool
notes:
  - Changing only keys dockerd re-reads on C(SIGHUP) (C(debug), C(labels), C(max-concurrent-downloads),
    C(max-concurrent-uploads), C(max-download-attempts), C(shutdown-timeout)) does not set
    RV(restart_required). Every change in the O(format=docker_opts) form does, since flags are read only at start.
  - A key set both in C(daemon.json) and as a flag on dockerd's command line makes dockerd refuse to start;
    manage each key in one of the two forms only.
seealso:
  - module: dockyard.docker.registry_mirror
  - module: dockyard.docker.host_info
'''

EXAMPLES = r'''
- name: Speed up pulls with a registry mirror (the seed's --registry-mirror)
  dockyard.docker.daemon_config:
    registry_mirrors:
      - http://mirror.internal:5000
    backup: true
  register: daemon

- name: Use an own bridge and hand out container addresses from a part of it (the seed's -b=br0 --fixed-cidr)
  dockyard.docker.daemon_config:
    bridge: br0
    fixed_cidr: 10.20.0.0/24

- name: Or let docker0 take a chosen address, with containers in a sub-range
  dockyard.docker.daemon_config:
    bip: 10.20.0.1/16
    fixed_cidr: 10.20.0.0/24
    settings:
      bridge: null   # bip and bridge are mutually exclusive, so drop a bridge set earlier

- name: Restrict traffic between containers (the seed's --icc=false --iptables=true)
  dockyard.docker.daemon_config:
    icc: false
    iptables: true

- name: Logging defaults plus a key without a first-class option
  dockyard.docker.daemon_config:
    log_driver: local
    log_opts:
      max-size: 10m
    live_restore: true
    settings:
      max-concurrent-downloads: 6

- name: Write exactly this configuration, dropping every other key
  dockyard.docker.daemon_config:
    replace: true
    storage_driver: overlay2
    data_root: /srv/docker

- name: The same mirror for a host that starts dockerd from an init script (DOCKER_OPTS in /etc/default/docker)
  dockyard.docker.daemon_config:
    format: docker_opts
    registry_mirrors:
      - http://mirror.internal:5000
    icc: false
    iptables: true

- name: Restart dockerd only when needed
  ansible.builtin.include_role:
    name: dockyard.docker.engine
    tasks_from: restart
  vars:
    engine_install: false
  when: daemon.restart_required
'''

RETURN = r'''
config:
  description:
    - The whole configuration after the task (what it would be in check mode), as daemon.json keys.
    - Credentials are masked as C(********) (see the description); the file holds the real values.
  returned: always
  type: dict
  sample: {"registry-mirrors": ["http://mirror.internal:5000"], "icc": false, "log-driver": "local"}
restart_required:
  description: Whether a changed key only takes effect after dockerd restarts.
  returned: always
  type: bool
  sample: true
changed_keys:
  description: The daemon.json keys whose value changed (or would change), sorted.
  returned: always
  type: list
  elements: str
  sample: ["icc", "registry-mirrors"]
backup_file:
  description: Where the previous file was copied to.
  returned: when O(backup=true), the file existed and was changed (not in check mode)
  type: str
  sample: /etc/docker/daemon.json.2718.2026-01-02@03:04:05~
actions:
  description: What was done, or would be done in check mode, in order.
  returned: always
  type: list
  elements: str
  sample: ["back up /etc/docker/daemon.json", "write /etc/docker/daemon.json (registry-mirrors)"]
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.dockyard.docker.plugins.module_utils.host.daemon_config import (
    daemon_config_argument_spec,
    run_daemon_config,
)
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import connection_argument_spec, run_task


def main():
    module = AnsibleModule(argument_spec=connection_argument_spec(daemon_config_argument_spec()),
                           supports_check_mode=True)
    run_task(module, lambda: run_daemon_config(module))


if __name__ == '__main__':
    main()
