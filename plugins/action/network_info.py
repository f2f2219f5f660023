# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""network_info: runs in Ansible's worker process when the task would run on the controller's own Python
(plugin_utils/in_process.py), else as the module process."""

from ansible_collections.dockyard.docker.plugins.plugin_utils.in_process import InProcessAction


class ActionModule(InProcessAction):
    pass
