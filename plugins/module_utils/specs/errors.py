# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The error every parser raises: one line naming the option, the value and what is accepted."""


class SpecError(ValueError):

    def __init__(self, option, value, accepted):
        self.option = option
        self.value = value
        self.accepted = accepted
        super().__init__("%s: invalid value %r; %s" % (_one_line(option), value, accepted))


def _one_line(option):
    """A key path built from a user's keys may hold a newline or a tab: escaped, the error stays one line."""
    option = str(option)
    return option if option.isprintable() else ''.join(
        char if char.isprintable() else repr(char)[1:-1] for char in option)


def entry_list(option, value, accepted):
    """value when it is a list (or tuple) of entries; otherwise SpecError saying what each entry is."""
    if not isinstance(value, (list, tuple)):
        raise SpecError(option, value, accepted)
    return value
