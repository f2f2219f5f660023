#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: context_info
short_description: List the docker CLI's contexts and tell which one is current
author:
  - Dockyard maintainers (@dockyard)
version_added: 0.9.0
description:
  - Reads the docker CLI's context store on the managed node, as C(docker context ls) and C(docker context inspect)
    do, for each context's daemon address and TLS files, and the context the CLI would use now. It asks no daemon
    anything.
  - The current context is chosen as the docker CLI chooses it, and as every module of this collection does when a
    task gives neither O(dockyard.docker.container#module:docker_host) nor
    O(dockyard.docker.container#module:docker_context) - C(default) when E(DOCKER_HOST) is set, else the one in
    E(DOCKER_CONTEXT), else the one C(docker context use) chose (C(currentContext) in C(config.json)), else C(default).
  - The store is E(DOCKER_CONFIG) (default C(~/.docker)) of the user the task runs as.
  - The RV(contexts) entries have the keys of community.docker's C(docker_context_info).
options:
  name:
    description:
      - Only this context; the task fails naming the store when there is none of that name. Not with O(only_current).
      - V(default) is the context of E(DOCKER_HOST), else the local socket.
    type: str
  only_current:
    description: Only the current context.
    type: bool
    default: false
extends_documentation_fragment:
  - dockyard.docker.docker.attributes_info
seealso:
  - module: dockyard.docker.host_info
'''

EXAMPLES = r'''
- name: Which context would the docker CLI use here
  dockyard.docker.context_info:
    only_current: true
  register: context

- name: Point a play's tasks at that context's daemon
  dockyard.docker.container_info:
    docker_context: "{{ context.current_context_name }}"

- name: Every context and its daemon
  dockyard.docker.context_info:
  register: contexts

- name: Show them
  ansible.builtin.debug:
    msg: "{{ contexts.contexts | map(attribute='config.docker_host') | list }}"
'''

RETURN = r'''
current_context_name:
  description: The context the docker CLI would use now.
  returned: always
  type: str
  sample: production
contexts:
  description: The contexts asked for; with neither O(name) nor O(only_current), every context, C(default) first, then by name.
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: The context's name.
      type: str
      sample: production
    current:
      description: Whether this is the current context.
      type: bool
      sample: true
    description:
      description: The description it was created with.
      type: str
      sample: The production swarm's first manager
    meta_path:
      description: Its folder in the store's C(meta) part; null for C(default).
      type: str
      sample: /root/.docker/contexts/meta/5c9e1d7d4a7cf6c8f4e1c2b2c9d0a7e6f1b5b3a9e8d2c4f6a1b7c3d9e5f2a4b8
    tls_path:
      description: Its folder in the store's C(tls) part, or null when the store keeps no TLS files for it.
      type: str
      sample: /root/.docker/contexts/tls/5c9e1d7d4a7cf6c8f4e1c2b2c9d0a7e6f1b5b3a9e8d2c4f6a1b7c3d9e5f2a4b8
    config:
      description: The connection options the context stands for, as this collection's modules take them.
      type: dict
      contains:
        docker_host:
          description: The daemon's address.
          type: str
          sample: tcp://docker.example.com:2376
        tls:
          description: Whether the store keeps TLS files for it.
          type: bool
        validate_certs:
          description: Whether the daemon's certificate is verified (a CA file is kept and C(SkipTLSVerify) is not set).
          type: bool
        ca_path:
          description: The CA certificate's path, or null.
          type: str
        client_cert:
          description: The client certificate's path, or null.
          type: str
        client_key:
          description: The client key's path, or null.
          type: str
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.dockyard.docker.plugins.module_utils.host.context_info import context_info
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import run_task


def main():
    module = AnsibleModule(argument_spec=dict(name=dict(type='str'), only_current=dict(type='bool', default=False)),
                           supports_check_mode=True)

    def task():
        module.exit_json(changed=False, **context_info(module.params['name'], module.params['only_current']))
    run_task(module, task)


if __name__ == '__main__':
    main()
