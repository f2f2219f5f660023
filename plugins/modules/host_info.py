#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: host_info
short_description: Read what the Docker daemon reports about itself (docker info, docker version)
author:
  - Dockyard maintainers (@dockyard)
version_added: 0.1.0
description:
  - Returns what C(docker info) and C(docker version) say, and the registry mirrors in effect, so a
    play can check that a configuration change took effect after dockerd restarted.
  - Fails with one line naming the daemon address when dockerd does not answer; use it with
    C(retries) and C(until) to wait for a restarting daemon.
extends_documentation_fragment:
  - dockyard.docker.docker
  - dockyard.docker.docker.attributes_info
options: {}
seealso:
  - module: dockyard.docker.daemon_config
  - module: dockyard.docker.registry_mirror
'''

EXAMPLES = r'''
- name: Read the daemon's state (docker info, docker version)
  dockyard.docker.host_info:
  register: host

- name: Show server and API version, storage and cgroup driver, swarm state and counts
  ansible.builtin.debug:
    msg: >-
      Engine {{ host.version.Version }} (API {{ host.version.ApiVersion }}),
      storage {{ host.info.Driver }}, cgroup driver {{ host.info.CgroupDriver }},
      swarm {{ host.info.Swarm.LocalNodeState }},
      {{ host.info.ContainersRunning }}/{{ host.info.Containers }} containers running, {{ host.info.Images }} images

- name: Verify a registry mirror took effect
  ansible.builtin.assert:
    that: "'http://mirror.internal:5000/' in host.registry_mirrors"

- name: Wait for a restarting daemon to answer
  dockyard.docker.host_info:
  register: host
  retries: 30
  delay: 1
  until: host is succeeded
'''

RETURN = r'''
info:
  description:
    - The daemon's C(docker info) data (Engine API C(GET /info)) such as C(ServerVersion), C(Driver) (storage driver),
      C(CgroupDriver), C(CgroupVersion), C(Swarm.LocalNodeState), C(Containers), C(ContainersRunning), C(Images),
      C(RegistryConfig).
  returned: always
  type: dict
  sample: {"ServerVersion": "20.10.24", "Driver": "overlay2", "CgroupDriver": "cgroupfs",
           "Swarm": {"LocalNodeState": "inactive"}, "Containers": 3, "ContainersRunning": 1, "Images": 5}
version:
  description: The daemon's C(docker version) data (Engine API C(GET /version)) such as C(Version), C(ApiVersion),
    C(MinAPIVersion), C(Os), C(Arch), C(KernelVersion).
  returned: always
  type: dict
  sample: {"Version": "20.10.24", "ApiVersion": "1.41", "MinAPIVersion": "1.12", "Os": "linux", "Arch": "amd64"}
registry_mirrors:
  description: The registry mirror URLs the daemon uses, as it reports them (with a trailing slash).
  returned: always
  type: list
  elements: str
  sample: ["http://mirror.internal:5000/"]
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.dockyard.docker.plugins.module_utils.host_info import run_host_info
from ansible_collections.dockyard.docker.plugins.module_utils.state import (
    connect,
    connection_argument_spec,
    run_task,
)


def main():
    module = AnsibleModule(argument_spec=connection_argument_spec({}), supports_check_mode=True)
    run_task(module, lambda: run_host_info(module, connect))


if __name__ == '__main__':
    main()
