#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: stack
short_description: Deploy and remove a swarm stack described by a Compose file, through the Engine API
author:
  - Dockyard maintainers (@dockyard)
version_added: 0.2.0
description:
  - Converges a stack as C(docker stack deploy -c FILE NAME) and C(docker stack rm NAME) do, natively through the
    Engine API (no docker CLI, no compose plugin). Runs against a swarm manager.
  - Each Compose service becomes the swarm service C(NAME_SERVICE), converged exactly as the
    M(dockyard.docker.service) module converges it. Only what the file sets is compared, a difference is a rolling
    update, and with O(wait) the task returns once every service's new tasks run (healthy, where a health check is
    defined) and its rollout completed; a paused or rolled-back update fails the task with the failed tasks' errors
    and nodes.
  - Networks (C(NAME_NET), overlay unless the file gives a driver; services without networks get C(NAME_default)),
    configs and secrets (C(NAME_KEY), from C(file), C(content) or C(environment); or C(external)) are created before
    the services. Everything carries the C(com.docker.stack.namespace) label, services also
    C(com.docker.stack.image), so C(docker stack ls), C(docker stack services) and C(docker stack ps) show the stack.
    Each service is reachable on its networks by its short name (an alias), as with C(docker stack deploy).
  - The stack's networks are looked up in the swarm, by name and swarm scope, and its services refer to them by ID.
    For some seconds after C(docker swarm leave --force) a node still lists the networks of the swarm it left, with
    the same names; a swarm-scoped network created before the current swarm is such a leftover and is passed over, so
    a stack deployed into a new swarm at once gets networks of its own; the task first waits (up to a minute) until
    the node has dropped the leftover, which the daemon would otherwise still give for the name. A same-named network
    of another scope (local) fails the task naming it.
  - Swarm cannot change a config or secret in place. A changed content of a config replaces an unused one; one a
    service uses fails the task with a one-line message; give the new content a new name (the C(name) key of the
    config).
  - A secret of the stack is C(NAME_KEY_vN) (or C(NAME_vN) of its C(name) key), labelled with the salted digest of
    M(dockyard.docker.secret) instead of a plain hash of its content. The version whose digest matches the content
    is used; a changed content creates the next version, points the services at it and then removes the older
    versions (one still used by a service outside the stack is kept, with a warning). A secret C(NAME_KEY) made by
    earlier releases is replaced by C(NAME_KEY_v1) once.
  - Compose keys a swarm cannot honour (build, container_name, depends_on, privileged, ...) fail the task naming the
    key path, before anything changes. Named volumes become volume mounts of C(NAME_VOLUME) created by each node.
extends_documentation_fragment:
  - dockyard.docker.docker
  - dockyard.docker.docker.attributes
options:
  name:
    description: Name of the stack (the namespace of everything it creates).
    type: str
    required: true
  state:
    description:
      - V(present) deploys the stack (creates and updates; with O(prune) also removes services no longer in the file).
      - V(absent) removes all of it (C(docker stack rm)), services first, waiting for their tasks to go (with
        O(wait)), then its networks, configs and secrets.
    type: str
    default: present
    choices: [present, absent]
  compose:
    description:
      - The Compose file(s), each a path (relative to O(project_src)) or inline YAML (text or a mapping); several are
        merged in order, like C(docker stack deploy -c a.yml -c b.yml). Required for O(state=present).
    type: list
    elements: raw
  project_src:
    description: Folder that relative paths (files, env files, config and secret files) start from; default the folder
      of the first file, or the current folder.
    type: path
  env_files:
    description: Files of variables for interpolation, instead of the C(.env) of O(project_src).
    type: list
    elements: path
  profiles:
    description: Compose profiles to enable.
    type: list
    elements: str
  prune:
    description: Remove the services of the stack that the file no longer has (C(docker stack deploy --prune)).
    type: bool
    default: false
  wait:
    description: Wait until every service converged (or, for O(state=absent), until its tasks are gone).
    type: bool
    default: true
  wait_timeout:
    description: Seconds to wait for each service with O(wait).
    type: int
    default: 300
seealso:
  - module: dockyard.docker.stack_info
  - module: dockyard.docker.service
  - module: dockyard.docker.swarm
'''

EXAMPLES = r'''
- name: Deploy a stack (docker stack deploy -c compose.yaml -c prod.yaml shop)
  dockyard.docker.stack:
    name: shop
    compose:
      - /srv/shop/compose.yaml
      - /srv/shop/prod.yaml
    prune: true

- name: A stack written inline, with a config from a file and a secret
  dockyard.docker.stack:
    name: web
    compose:
      - services:
          web:
            image: nginx:1.27
            ports: ["8080:80"]
            configs:
              - source: site
                target: /etc/nginx/conf.d/default.conf
            secrets: [api_key]
            healthcheck:
              test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1/"]
              interval: 5s
            deploy:
              replicas: 2
              update_config:
                failure_action: rollback
                monitor: 10s
        configs:
          site:
            file: ./site.conf
        secrets:
          api_key:
            external: true
    project_src: /srv/web

- name: Remove it (docker stack rm web)
  dockyard.docker.stack:
    name: web
    state: absent
'''

RETURN = r'''
stack:
  description: The stack after the task; empty when absent.
  returned: always
  type: dict
  contains:
    name:
      description: Name of the stack.
      type: str
    services:
      description: Names of its services.
      type: list
      elements: str
    networks:
      description: Names of its networks (external ones included).
      type: list
      elements: str
    configs:
      description: Names of its configs.
      type: list
      elements: str
    secrets:
      description: Names of its secrets (the C(NAME_vN) versions in use).
      type: list
      elements: str
  sample: {"name": "shop", "services": ["shop_db", "shop_web"], "networks": ["shop_default"], "configs": [], "secrets": []}
services:
  description: Per Compose service, its swarm service name, ID, image, mode and current tasks (as the service module returns them).
  returned: always
  type: dict
  sample: {"web": {"name": "shop_web", "id": "x1", "image": "nginx:1.27", "mode": {"Replicated": {"Replicas": 2}}, "tasks": []}}
actions:
  description: What was done, or would be done in check mode, in order.
  returned: always
  type: list
  elements: str
  sample: ["create network shop_default", "create service shop_web", "wait until service shop_web converged"]
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.dockyard.docker.plugins.module_utils.swarm.stack import run_stack, stack_argument_spec
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import (
    connect,
    connection_argument_spec,
    run_task,
)


def main():
    module = AnsibleModule(argument_spec=connection_argument_spec(stack_argument_spec()),
                           required_if=[('state', 'present', ['compose'])],
                           supports_check_mode=True)
    run_task(module, lambda: run_stack(module, connect, module.check_mode))


if __name__ == '__main__':
    main()
