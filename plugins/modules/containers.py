#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: containers
short_description: Converge a whole set of Docker containers in one task
author:
  - Dockyard maintainers (@dockyard)
version_added: 0.1.0
description:
  - Converges every container of a project in one task, instead of one task per loop item.
    Most of a looped task's time is Ansible's per-task overhead; this module pays it once.
  - Each definition takes the same options as M(dockyard.docker.container) and is validated,
    compared and applied by the same code, with the same idempotency rules.
  - The containers carry the label C(dockyard.project=PROJECT). One list call finds them;
    an unchanged container costs one inspect; each image is inspected once.
  - Changes run concurrently in a small pool of O(parallel) workers.
extends_documentation_fragment:
  - dockyard.docker.docker
  - dockyard.docker.docker.sdk_credentials
  - dockyard.docker.docker.attributes
options:
  project:
    description: Name of the set; stored as the value of the C(dockyard.project) label.
    type: str
    required: true
  definitions:
    description:
      - Container definitions, each a dict of M(dockyard.docker.container) options (C(name) and
        C(image) at least; C(state) defaults to C(started)).
      - One-shot runs (C(detach=false)) are not accepted here.
      - A network name in C(networks) that several networks share (Docker before 25 allows it) means the
        oldest of them, as M(dockyard.docker.network) decides.
    type: list
    elements: dict
    default: []
  state:
    description:
      - V(present) converges every definition to its own C(state).
      - V(absent) removes every listed container and every other container carrying the project label.
    type: str
    default: present
    choices: [present, absent]
  purge:
    description: Remove containers carrying the project label that are not in O(definitions).
    type: bool
    default: false
  parallel:
    description: How many containers are changed at the same time.
    type: int
    default: 4
seealso:
  - module: dockyard.docker.container
'''

EXAMPLES = r'''
- name: Run a small web tier in one task
  dockyard.docker.containers:
    project: shop
    purge: true
    definitions:
      - name: shop-db
        image: postgres:16
        env:
          POSTGRES_PASSWORD: "{{ vault_db_password }}"
        volumes:
          - shop-db:/var/lib/postgresql/data
      - name: shop-web
        image: nginx:1.25
        published_ports:
          - "8080:80"
        links:
          - shop-db:db

- name: Remove the whole project
  dockyard.docker.containers:
    project: shop
    state: absent
'''

RETURN = r'''
results:
  description: One entry per container, in definition order, then purged ones.
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: Container name.
      type: str
    changed:
      description: Whether this container changed (or would change in check mode).
      type: bool
    actions:
      description: What was done to this container.
      type: list
      elements: str
    failed:
      description: Present and true when this container's change failed.
      type: bool
    msg:
      description: Why this container's change failed.
      type: str
  sample: [{"name": "shop-web", "changed": true, "actions": ["create container shop-web from nginx:1.25"]}]
summary:
  description: Counts of actions over the set, and of unchanged containers.
  returned: always
  type: dict
  sample: {"create": 2, "start": 2, "stop": 0, "kill": 0, "restart": 0, "update": 0, "remove": 0,
           "connect": 0, "disconnect": 0, "unchanged": 0}
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.dockyard.docker.plugins.module_utils.container.bulk import (
    containers_argument_spec,
    run_containers,
)
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import (
    connect,
    connection_argument_spec,
    run_task,
)


def main():
    module = AnsibleModule(argument_spec=connection_argument_spec(containers_argument_spec()),
                           supports_check_mode=True)
    run_task(module, lambda: run_containers(module, connect, module.check_mode))


if __name__ == '__main__':
    main()
