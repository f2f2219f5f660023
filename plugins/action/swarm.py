# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Runs the swarm module (in process where it can: plugin_utils/in_process.py) and hides its output whenever it carries join tokens.

A module cannot mark its own return values no_log; the action plugin can. The registered
variable keeps the tokens for the next task, the display shows only `changed`.
"""

from ansible_collections.dockyard.docker.plugins.plugin_utils.in_process import InProcessAction


class ActionModule(InProcessAction):

    # Result keys that carry secrets: when one is there, the whole output is hidden.
    SECRET_KEYS = ('join_tokens',)

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        if any(result.get(key) for key in self.SECRET_KEYS):
            result['_ansible_no_log'] = True
        return result
