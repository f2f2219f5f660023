#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: secret
short_description: Create and remove Docker swarm secrets
author:
  - Dockyard maintainers (@dockyard)
version_added: 0.1.0
description:
  - Converges one swarm secret (C(docker secret create), C(docker secret rm)), or a series of versions of it
    with O(rolling_versions). Runs against a swarm manager.
  - The daemon never returns a secret's data. The module keeps a salted PBKDF2-SHA256 digest of the data in the
    label C(dockyard.docker.data-hash) and compares the wanted data with it. That label is never returned, shown
    in a diff or written to an action; a secret without it (made elsewhere) is not compared, and is replaced only
    with O(force).
extends_documentation_fragment:
  - dockyard.docker.docker
  - dockyard.docker.docker.attributes
  - dockyard.docker.swarm_object
options:
  data:
    description:
      - The secret's value. Never logged or returned. Mutually exclusive with O(data_src).
      - Swarm takes 1 byte to 500 KiB.
    type: str
seealso:
  - module: dockyard.docker.config
'''

EXAMPLES = r'''
- name: A secret services use, changed by rolling versions (db-password_v1, _v2, ...)
  dockyard.docker.secret:
    name: db-password
    data: "{{ vault_db_password }}"
    rolling_versions: true
    versions_to_keep: 2
    labels:
      app: web
  register: db_password

- name: The service moves to the newest version
  dockyard.docker.service:
    name: web
    image: registry.example.com/web:1.4
    secrets:
      - name: "{{ db_password.secret.name }}"
        filename: db-password

- name: A secret from a file on the managed node (docker secret create tls-key key.pem)
  dockyard.docker.secret:
    name: tls-key
    data_src: /etc/pki/web/key.pem

- name: Remove it (docker secret rm tls-key)
  dockyard.docker.secret:
    name: tls-key
    state: absent
'''

RETURN = r'''
secret:
  description: The secret the task leaves current; empty when absent (and in check mode before it exists).
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
      description: Its labels, without the module's data digest label.
      type: dict
    created_at:
      description: When Swarm created it.
      type: str
    updated_at:
      description: When Swarm last updated it (its labels).
      type: str
  sample: {"id": "ktnbjxoalbkvbvedmg1urrz8h", "name": "db-password_v2", "version": 2, "labels": {"app": "web"},
           "created_at": "2026-12-02T05:00:00.123Z", "updated_at": "2026-12-02T05:00:00.123Z"}
secret_id:
  description: The ID of RV(secret) (the name community.docker uses); null when absent.
  returned: always
  type: str
secret_name:
  description: The name of RV(secret); null when absent.
  returned: always
  type: str
actions:
  description: What was done, or would be done in check mode, in order.
  returned: always
  type: list
  elements: str
  sample: ["create secret db-password_v2 (data changed)", "remove secret db-password_v1 (beyond versions_to_keep=1)"]
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
    module = AnsibleModule(argument_spec=connection_argument_spec(swarm_object_argument_spec('secret')),
                           supports_check_mode=True, **SWARM_OBJECT_MODULE_OPTIONS)
    run_task(module, lambda: run_swarm_object('secret', module, connect, module.check_mode))


if __name__ == '__main__':
    main()
