#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: prune
short_description: Remove unused containers, images, networks, volumes and build cache
author:
  - Dockyard maintainers (@dockyard)
version_added: 0.1.0
description:
  - Runs C(docker container prune), C(docker image prune), C(docker network prune),
    C(docker volume prune) and C(docker builder prune) for the kinds set to V(true), each with its filters.
  - Reports what was removed and the space reclaimed; the task is changed only when something was removed.
  - The daemon has no dry run for pruning, so check mode lists what matches the same filters instead.
  - Without filters a prune acts on the whole daemon; restrict it with C(label) filters where other
    people's resources live.
extends_documentation_fragment:
  - dockyard.docker.docker
  - dockyard.docker.docker.attributes
attributes:
  check_mode:
    details: Lists what matches the filters; the daemon's prune may differ slightly (for example build cache rules).
  diff_mode:
    details: Before lists what is (or would be) removed, after is empty.
  idempotent:
    details: A second run finds nothing left to remove.
options:
  containers:
    description: Remove stopped containers (C(docker container prune)).
    type: bool
    default: false
  containers_filters:
    description: Filters for O(containers), such as C(label), C(label!) and C(until) (C(--filter)).
    type: dict
  images:
    description:
      - Remove dangling images (C(docker image prune)); with the filter C(dangling=false) every image
        no container uses (C(docker image prune -a)).
    type: bool
    default: false
  images_filters:
    description: Filters for O(images), such as C(dangling), C(label), C(label!) and C(until).
    type: dict
  networks:
    description: Remove networks no container uses (C(docker network prune)).
    type: bool
    default: false
  networks_filters:
    description: Filters for O(networks), such as C(label), C(label!) and C(until).
    type: dict
  volumes:
    description:
      - Remove local volumes no container uses, named and anonymous (C(docker volume prune --all)).
      - Since API 1.42 (Docker 23) the daemon alone prunes only anonymous volumes; this module asks for all
        of them on every API version, so the same task removes the same volumes everywhere. Set
        O(volumes_filters) C(all=false) on API 1.42 and later to keep named volumes.
    type: bool
    default: false
  volumes_filters:
    description: Filters for O(volumes), such as C(label), C(label!) and (API 1.42 and later) C(all).
    type: dict
  builder:
    description: Remove the build cache (C(docker builder prune)).
    type: bool
    default: false
  builder_filters:
    description: Filters for O(builder), such as C(until) and C(unused-for).
    type: dict
  builder_all:
    description: With O(builder), remove all build cache, not only dangling entries (C(docker builder prune -a)).
    type: bool
    default: false
seealso:
  - module: dockyard.docker.container
  - module: dockyard.docker.network
  - module: dockyard.docker.volume
'''

EXAMPLES = r'''
- name: Remove unused networks created by this project (docker network prune -f --filter label=project=shop)
  dockyard.docker.prune:
    networks: true
    networks_filters:
      label: project=shop
  register: pruned

- name: Stopped containers older than a day and their unused volumes
  dockyard.docker.prune:
    containers: true
    containers_filters:
      until: 24h
      label: [project=shop]
    volumes: true
    volumes_filters:
      label: project=shop

- name: All unused images, not only dangling ones (docker image prune -a --filter label=project=shop)
  dockyard.docker.prune:
    images: true
    images_filters:
      dangling: false
      label: project=shop

- name: The build cache (docker builder prune -a)
  dockyard.docker.prune:
    builder: true
    builder_all: true
'''

RETURN = r'''
containers:
  description:
    - IDs of the removed (in check mode, matching) containers.
    - On Podman, when another client removed one of them during the prune, the containers listed before the
      prune that are gone after it (Podman then answers with that client's removals only).
  returned: when O(containers=true)
  type: list
  elements: str
  sample: ["7e1c0bb2a3f1..."]
containers_space_reclaimed:
  description: Bytes freed by removing containers.
  returned: when O(containers=true)
  type: int
  sample: 1024
images:
  description: IDs (or untagged references) of the removed images.
  returned: when O(images=true)
  type: list
  elements: str
  sample: ["sha256:0a1b..."]
images_space_reclaimed:
  description: Bytes freed by removing images.
  returned: when O(images=true)
  type: int
  sample: 5242880
networks:
  description: Names of the removed networks.
  returned: when O(networks=true)
  type: list
  elements: str
  sample: ["shop_backend"]
volumes:
  description: Names of the removed volumes.
  returned: when O(volumes=true)
  type: list
  elements: str
  sample: ["shop_data"]
volumes_space_reclaimed:
  description: Bytes freed by removing volumes (0 in check mode, where sizes are not computed).
  returned: when O(volumes=true)
  type: int
  sample: 0
builder_space_reclaimed:
  description: Bytes freed from the build cache.
  returned: when O(builder=true)
  type: int
  sample: 0
space_reclaimed:
  description: Total bytes freed.
  returned: always
  type: int
  sample: 5243904
actions:
  description:
    - The prunes that removed something, in order (in check mode, those that would).
  returned: always
  type: list
  elements: str
  sample: ["prune containers", "prune the build cache"]
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.dockyard.docker.plugins.module_utils.host.prune import (
    prune_argument_spec,
    run_prune,
)
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import (
    connect,
    connection_argument_spec,
    run_task,
)


def main():
    module = AnsibleModule(argument_spec=connection_argument_spec(prune_argument_spec()),
                           supports_check_mode=True)
    run_task(module, lambda: run_prune(module, connect, module.check_mode))


if __name__ == '__main__':
    main()
