#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: login
short_description: Log in to or out of a Docker registry
author:
  - Dockyard maintainers (@dockyard)
version_added: 0.1.0
description:
  - With O(state=present), checks the credentials with the registry through the daemon and stores them in the
    docker config file like C(docker login), so the docker CLI and M(dockyard.docker.image) pull and push with them.
  - With O(state=absent), removes the stored credentials like C(docker logout).
  - Credentials already stored are not sent to the registry again unless O(reauthorize) is set; a rerun
    reports no change.
  - Credentials are stored base64-encoded in the C(auths) section of O(config_path), as the docker CLI does
    without a credential store; keep the file private. A new file is written with mode 0600 (and a missing folder
    made 0700); an existing file keeps its owner and mode, as C(docker login) keeps them, so a task run as root
    leaves a user's C(~/.docker/config.json) that user's.
extends_documentation_fragment:
  - dockyard.docker.docker
  - dockyard.docker.docker.sdk_credentials
  - dockyard.docker.docker.attributes
options:
  registry_url:
    description:
      - The registry, as C(HOST[:PORT]) or an URL; stored under its C(HOST[:PORT]).
      - Defaults to Docker Hub.
    type: str
    default: https://index.docker.io/v1/
    aliases: [registry, url]
  username:
    description: User name. Required with O(state=present).
    type: str
  password:
    description: Password or access token. Required with O(state=present).
    type: str
  state:
    description:
      - V(present) logs in (C(docker login)); a wrong password fails the task and stores nothing.
      - V(absent) logs out (C(docker logout)).
    type: str
    default: present
    choices: [present, absent]
  config_path:
    description:
      - The docker config file; defaults to C(config.json) in E(DOCKER_CONFIG) or C(~/.docker).
      - The file is replaced atomically. A task that changes it holds a lock on C(CONFIG_PATH.lock) beside it (made
        if missing, mode 0600, owned by the folder's owner, and left in place) from reading the file to writing it,
        as M(dockyard.docker.daemon_config) does for C(daemon.json), so logins and logouts running at the same
        time into one file all land.
    type: path
    aliases: [dockercfg_path]
  reauthorize:
    description: Check the credentials with the registry even when the same ones are stored already.
    type: bool
    default: false
seealso:
  - module: dockyard.docker.image
'''

EXAMPLES = r'''
- name: Log in to a private registry (docker login 127.0.0.1:5001)
  dockyard.docker.login:
    registry_url: 127.0.0.1:5001
    username: dockyard
    password: "{{ registry_password }}"

- name: Log in to Docker Hub with a separate config file
  dockyard.docker.login:
    username: myuser
    password: "{{ hub_token }}"
    config_path: /srv/deploy/.docker/config.json

- name: Log out (docker logout 127.0.0.1:5001)
  dockyard.docker.login:
    registry_url: 127.0.0.1:5001
    state: absent
'''

RETURN = r'''
registry_url:
  description: The registry, as stored in the config file.
  returned: success
  type: str
  sample: 127.0.0.1:5001
config_path:
  description: The config file used.
  returned: success
  type: str
  sample: /root/.docker/config.json
actions:
  description: What was done, or would be done in check mode.
  returned: success
  type: list
  elements: str
  sample: ["log in to 127.0.0.1:5001 as dockyard"]
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.dockyard.docker.plugins.module_utils.host.login import login_argument_spec, run_login
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import (
    connect,
    connection_argument_spec,
    run_task,
)


def main():
    module = AnsibleModule(argument_spec=connection_argument_spec(login_argument_spec()),
                           required_if=[('state', 'present', ('username', 'password'))],
                           supports_check_mode=True)
    run_task(module, lambda: run_login(module, connect, module.check_mode))


if __name__ == '__main__':
    main()
