#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: plugin
short_description: Install, configure, enable, disable and remove Docker Engine managed plugins
author:
  - Dockyard maintainers (@dockyard)
version_added: 0.9.0
description:
  - Manages a plugin of the Docker Engine (C(docker plugin install), C(set), C(enable), C(disable), C(upgrade),
    C(rm)) - volume drivers such as sshfs, log drivers such as loki, network drivers - through the Engine API.
  - A plugin is installed from a registry with the privileges it asks for (network, mounts, devices,
    capabilities), which the task grants as C(docker plugin install --grant-all-permissions) does and returns in
    RV(privileges); read them there, and pin the plugin by tag or digest.
  - A plugin found installed under its local name from another reference is upgraded in place
    (C(docker plugin upgrade)).
  - Settings change only while a plugin is disabled, so an enabled plugin whose O(plugin_options) differ is
    disabled, set and enabled again.
  - Podman has no managed plugins; the task fails there naming it.
extends_documentation_fragment:
  - dockyard.docker.docker
  - dockyard.docker.docker.attributes
  - dockyard.docker.docker.sdk_credentials
options:
  plugin_name:
    description:
      - The plugin's reference in its registry, such as C(vieux/sshfs:latest) or C(registry.example.com/loki:2.9);
        C(:latest) when no tag is given.
    type: str
    required: true
  alias:
    description:
      - The plugin's local name (C(docker plugin install --alias)); volumes and log options name the plugin by
        it. Default O(plugin_name).
    type: str
  state:
    description:
      - V(present) installs the plugin when missing (disabled) and leaves an installed one enabled or disabled.
      - V(enable) installs it when missing and enables it; V(disable) installs it when missing and disables it.
      - V(absent) removes it, disabling it first (which fails while volumes or containers use it) unless
        O(force_remove).
    type: str
    default: present
    choices: [present, absent, enable, disable]
  plugin_options:
    description:
      - Settings of the plugin, as C(docker plugin set) takes them - environment variables (C(DEBUG=1)), C(args),
        a mount's source (C(NAME.source)), a device's path (C(NAME.path)). Only the settings given are compared.
    type: dict
    default: {}
  force_remove:
    description: Remove the plugin even when enabled or in use (C(docker plugin rm --force)).
    type: bool
    default: false
  enable_timeout:
    description: Seconds the daemon waits for the plugin to start when enabling it; V(0) waits as long as it takes.
    type: int
    default: 0
notes:
  - The registry login is read as for M(dockyard.docker.image) (C(docker login), credential helpers).
seealso:
  - module: dockyard.docker.volume
  - module: dockyard.docker.login
'''

EXAMPLES = r'''
- name: The sshfs volume driver, enabled, with debug output
  dockyard.docker.plugin:
    plugin_name: vieux/sshfs:latest
    alias: sshfs
    state: enable
    plugin_options:
      DEBUG: 1
  register: sshfs

- name: What the plugin was granted
  ansible.builtin.debug:
    var: sshfs.privileges

- name: The Loki log driver from a private registry, installed but left disabled
  dockyard.docker.plugin:
    plugin_name: registry.example.com/grafana/loki-docker-driver:2.9.2
    alias: loki
    state: disable

- name: Remove a plugin that volumes still use
  dockyard.docker.plugin:
    plugin_name: vieux/sshfs:latest
    alias: sshfs
    state: absent
    force_remove: true
'''

RETURN = r'''
plugin:
  description: The plugin as C(docker plugin inspect) shows it; empty once removed; as it was in check mode.
  returned: always
  type: dict
  sample: {"Name": "sshfs:latest", "Enabled": true, "PluginReference": "docker.io/vieux/sshfs:latest",
           "Settings": {"Env": ["DEBUG=1"], "Args": [], "Mounts": [], "Devices": []}}
privileges:
  description: The privileges the plugin asks for and the task grants (or would grant, in check mode).
  returned: when the plugin is installed or upgraded
  type: list
  elements: dict
  sample: [{"Name": "network", "Description": "permissions to access a network", "Value": ["host"]}]
actions:
  description: What was done, or would be done in check mode, in order.
  returned: always
  type: list
  elements: str
  sample: ["install plugin sshfs:latest from vieux/sshfs:latest", "set DEBUG on plugin sshfs:latest",
           "enable plugin sshfs:latest"]
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.dockyard.docker.plugins.module_utils.host.plugin import plugin_argument_spec, run_plugin
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import connect, connection_argument_spec, run_task


def main():
    module = AnsibleModule(argument_spec=connection_argument_spec(plugin_argument_spec()), supports_check_mode=True)
    run_task(module, lambda: run_plugin(module, connect, module.check_mode))


if __name__ == '__main__':
    main()
