#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: config
short_description: Create and remove Docker swarm configs
author:
  - Dockyard maintainers (@dockyard)
version_added: 0.1.0
description:
  - Converges one swarm config (C(docker config create), C(docker config rm)), or a series of versions of it
    with O(rolling_versions). Runs against a swarm manager.
  - The daemon returns a config's data, so the wanted data is compared with it directly (and shown in diff mode).
extends_documentation_fragment:
  - dockyard.docker.docker
  - dockyard.docker.docker.attributes
  - dockyard.docker.swarm_object
options:
  data:
    description:
      - The config's content. Mutually exclusive with O(data_src).
      - Swarm takes 1 byte to 1000 KiB.
    type: str
  template_driver:
    description:
      - Render the config as a template when a task starts (C(--template-driver)); V(golang) is the one Swarm has.
      - Compared when the config exists; a change makes the config again, like a change of data.
    type: str
    choices: [golang]
seealso:
  - module: dockyard.docker.secret
'''

EXAMPLES = r'''
- name: nginx.conf as rolling versions (nginx-conf_v1, _v2, ...)
  dockyard.docker.config:
    name: nginx-conf
    data_src: /srv/web/nginx.conf
    rolling_versions: true
    versions_to_keep: 3
  register: nginx_conf

- name: The service moves to the newest version
  dockyard.docker.service:
    name: web
    image: nginx:1.27
    configs:
      - name: "{{ nginx_conf.config.name }}"
        filename: /etc/nginx/nginx.conf

- name: A templated config, rendered per task (docker config create --template-driver golang)
  dockyard.docker.config:
    name: greeting
    data: "Hello from {{ '{{' }} .Task.Name {{ '}}' }}"
    template_driver: golang
    labels:
      app: web

- name: Remove it (docker config rm greeting)
  dockyard.docker.config:
    name: greeting
    state: absent
'''

RETURN = r'''
config:
  description: The config the task leaves current; empty when absent (and in check mode before it exists).
  returned: always
  type: dict
  contains:
    id:
      description: Its ID.
      type: str
    name:
      description: Its name (C(NAME_vN) with O(rolling_versions)).
      type: str
    version:
      description: N of C(NAME_vN) with O(rolling_versions), else null.
      type: int
    labels:
      description: Its labels.
      type: dict
    template_driver:
      description: Its template driver, or null.
      type: str
    created_at:
      description: When Swarm created it.
      type: str
    updated_at:
      description: When Swarm last updated it (its labels).
      type: str
  sample: {"id": "ktnbjxoalbkvbvedmg1urrz8h", "name": "nginx-conf_v2", "version": 2, "labels": {},
           "template_driver": null, "created_at": "2026-12-02T05:00:00.123Z", "updated_at": "2026-12-02T05:00:00.123Z"}
config_id:
  description: The ID of RV(config) (the name community.docker uses); null when absent.
  returned: always
  type: str
config_name:
  description: The name of RV(config); null when absent.
  returned: always
  type: str
actions:
  description: What was done, or would be done in check mode, in order.
  returned: always
  type: list
  elements: str
  sample: ["create config nginx-conf_v2 (data changed)", "remove config nginx-conf_v1 (beyond versions_to_keep=1)"]
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.dockyard.docker.plugins.module_utils.core.state import (
    connect,
    connection_argument_spec,
    run_task,
)
from ansible_collections.dockyard.docker.plugins.module_utils.swarm.configs_secrets import (
    SWARM_OBJECT_MODULE_OPTIONS,
    run_swarm_object,
    swarm_object_argument_spec,
)


def main():
    module = AnsibleModule(argument_spec=connection_argument_spec(swarm_object_argument_spec('config')),
                           supports_check_mode=True, **SWARM_OBJECT_MODULE_OPTIONS)
    run_task(module, lambda: run_swarm_object('config', module, connect, module.check_mode))


if __name__ == '__main__':
    main()
