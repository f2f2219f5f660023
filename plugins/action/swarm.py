# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Runs the swarm module and hides its output whenever it carries join tokens.

A module cannot mark its own return values no_log; the action plugin can. The registered
variable keeps the tokens for the next task, the display shows only `changed`.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.plugins.action import ActionBase


class ActionModule(ActionBase):

    _supports_check_mode = True
    _supports_async = True
    # Result keys that carry secrets: when one is there, the whole output is hidden.
    SECRET_KEYS = ('join_tokens',)

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        wrap_async = self._task.async_val and not self._connection.has_native_async
        result.update(self._execute_module(module_name=self._task.resolved_action or 'dockyard.docker.swarm',
                                           task_vars=task_vars, wrap_async=wrap_async))
        if any(result.get(key) for key in self.SECRET_KEYS):
            result['_ansible_no_log'] = True
        return result
