# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Runs the swarm_info module and hides its output whenever it carries join tokens or the unlock key.

A module's no_log_values would mask the values in the registered result too; the action plugin
hides the display only, so the next task can still use them.
"""

from ansible_collections.dockyard.docker.plugins.action.swarm import ActionModule as SwarmActionModule


class ActionModule(SwarmActionModule):

    SECRET_KEYS = ('join_tokens', 'unlock_key')
