# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The action of every dockyard.docker module: in Ansible's worker process when the task would run on
the controller's own Python, else the module process (plugin_utils/in_process.py).

Modules reach it through meta/runtime.yml (plugin_routing: modules: NAME: action_plugin); it is not
a task of its own. swarm and swarm_info have subclasses of their own (they hide join tokens).
"""

from ansible_collections.dockyard.docker.plugins.plugin_utils.in_process import InProcessAction


class ActionModule(InProcessAction):
    pass
