#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

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
  - With O(disk_usage=true), also what C(docker system df) shows, in bytes.
extends_documentation_fragment:
  - dockyard.docker.docker
  - dockyard.docker.docker.attributes_info
options:
  disk_usage:
    description:
      - Also return RV(disk_usage), the disk space of images, containers, volumes and the build cache
        (Engine API C(GET /system/df), as C(docker system df)). It sizes every volume, which can take a while
        on a host with large volumes.
      - The daemon's walk is read again when an object is removed under it (up to ten times) and, on Docker
        before 23, while another client's walk runs (up to 60 seconds).
    type: bool
    default: false
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

- name: Disk use (docker system df) must stay under 20 GB
  dockyard.docker.host_info:
    disk_usage: true
  register: host
  failed_when: host.disk_usage.total_size > 20 * 1000 ** 3

- name: Show what a prune would free
  ansible.builtin.debug:
    msg: "{{ host.disk_usage.total_reclaimable | human_readable }} reclaimable of {{ host.disk_usage.total_size | human_readable }}"

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
disk_usage:
  description:
    - Disk use in bytes, computed as C(docker system df) does. Each of C(images), C(containers), C(volumes) and
      C(build_cache) has C(count), C(active) (used by a container, running, referenced or in use), C(size),
      C(reclaimable) (what removing the unused ones would free) and C(reclaimable_percent).
    - Image C(size) is the size of all layers on disk (shared layers once); container C(size) the writable layers;
      volume C(size) the contents of local volumes; build cache C(size) leaves out records shared with images.
    - C(total_size) and C(total_reclaimable) add the four up.
  returned: when O(disk_usage=true)
  type: dict
  sample: {"images": {"count": 12, "active": 3, "size": 1541665923, "reclaimable": 1203334912, "reclaimable_percent": 78.1},
           "containers": {"count": 4, "active": 3, "size": 1024, "reclaimable": 0, "reclaimable_percent": 0.0},
           "volumes": {"count": 2, "active": 1, "size": 4096, "reclaimable": 0, "reclaimable_percent": 0.0},
           "build_cache": {"count": 0, "active": 0, "size": 0, "reclaimable": 0, "reclaimable_percent": 0.0},
           "total_size": 1541671043, "total_reclaimable": 1203334912}
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.dockyard.docker.plugins.module_utils.host.info import host_info_argument_spec, run_host_info
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import (
    connect,
    connection_argument_spec,
    run_task,
)


def main():
    module = AnsibleModule(argument_spec=connection_argument_spec(host_info_argument_spec()), supports_check_mode=True)
    run_task(module, lambda: run_host_info(module, connect))


if __name__ == '__main__':
    main()
