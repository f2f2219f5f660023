#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: volume
short_description: Create and remove Docker volumes
author:
  - Dockyard maintainers (@dockyard)
version_added: 0.1.0
description:
  - Converges one named volume (C(docker volume create), C(docker volume rm)).
  - Only properties the task sets are compared. A volume cannot be changed after creation and
    recreating it deletes its data, so a difference fails the task unless O(recreate) allows it.
  - To mount volumes in containers, use the O(dockyard.docker.container#module:volumes) and
    O(dockyard.docker.container#module:volumes_from) options; to back them up, M(dockyard.docker.volume_backup).
extends_documentation_fragment:
  - dockyard.docker.docker
  - dockyard.docker.docker.attributes
options:
  name:
    description: Name of the volume.
    type: str
    required: true
  state:
    description:
      - V(present) makes sure the volume exists with these properties.
      - V(absent) removes it and its data (C(docker volume rm)); the task fails while a container uses it.
    type: str
    default: present
    choices: [present, absent]
  driver:
    description: Volume driver (C(--driver)); new volumes use C(local) when not set.
    type: str
  driver_options:
    description: Driver options (C(--opt)), such as C(type), C(device) and C(o) of the C(local) driver.
    type: dict
    aliases: [driver_opts]
  labels:
    description:
      - Labels (C(--label)); any non-empty name is accepted.
      - Compared exactly when given, a declarative choice that differs from community.docker's default; a volume
        with labels the task does not list makes the task fail unless O(recreate) allows deleting and
        recreating it, where community.docker only checks the labels given.
    type: dict
  recreate:
    description:
      - V(never) fails when the existing volume differs from the task, keeping its data.
      - V(options-changed) removes and recreates it when it differs; B(its data is lost).
      - V(always) removes and recreates it on every run; B(its data is lost).
      - A volume in use by a container is never removed; the task fails naming the containers.
    type: str
    default: never
    choices: [never, options-changed, always]
seealso:
  - module: dockyard.docker.volume_info
  - module: dockyard.docker.volume_backup
  - module: dockyard.docker.container
'''

EXAMPLES = r'''
- name: Create a volume (docker volume create --label app=web app-data)
  dockyard.docker.volume:
    name: app-data
    labels:
      app: web

- name: A tmpfs-backed volume of the local driver (docker volume create --opt type=tmpfs ...)
  dockyard.docker.volume:
    name: scratch
    driver: local
    driver_options:
      type: tmpfs
      device: tmpfs
      o: size=100m

- name: Mount it with a data volume container (docker run -v, --volumes-from)
  block:
    - dockyard.docker.container:
        name: datastore
        image: busybox
        state: present
        volumes:
          - app-data:/data
    - dockyard.docker.container:
        name: app
        image: busybox
        command: sleep infinity
        volumes_from: [datastore]

- name: Remove the volume and its data (docker volume rm app-data)
  dockyard.docker.volume:
    name: app-data
    state: absent
'''

RETURN = r'''
volume:
  description: The volume's inspect data after the task (C(docker volume inspect)); empty when absent.
  returned: always
  type: dict
  sample: {"Name": "app-data", "Driver": "local", "Labels": {"app": "web"}, "Mountpoint": "/var/lib/docker/volumes/app-data/_data"}
actions:
  description: What was done, or would be done in check mode, in order.
  returned: always
  type: list
  elements: str
  sample: ["create volume app-data"]
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.dockyard.docker.plugins.module_utils.core.state import (
    connect,
    connection_argument_spec,
    run_task,
)
from ansible_collections.dockyard.docker.plugins.module_utils.volume.driver import (
    run_volume,
    volume_argument_spec,
)


def main():
    module = AnsibleModule(argument_spec=connection_argument_spec(volume_argument_spec()),
                           supports_check_mode=True)
    run_task(module, lambda: run_volume(module, connect, module.check_mode))


if __name__ == '__main__':
    main()
