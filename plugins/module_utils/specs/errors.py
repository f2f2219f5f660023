# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The error every parser raises: one line naming the option, the value and what is accepted."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class SpecError(ValueError):

    def __init__(self, option, value, accepted):
        self.option = option
        self.value = value
        self.accepted = accepted
        super().__init__("%s: invalid value %r; %s" % (option, value, accepted))
