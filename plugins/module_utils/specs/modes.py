# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""File permission modes, as Ansible's file modules take them."""

import re

from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError

OCTAL = re.compile(r'^(?:0o|0)?([0-7]{1,4})$')


def parse_file_mode(option, value):
    """A mode as an int (0o644, YAML's 0644) or an octal string ('0644', '644', '0o644'); None stays None."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise SpecError(option, value, "give an octal mode such as '0644' or 0o644")
    if isinstance(value, int):
        mode = value
    else:
        match = OCTAL.match(str(value).strip())
        if not match:
            raise SpecError(option, value, "give an octal mode such as '0644' (symbolic modes like u=rw are not taken)")
        mode = int(match.group(1), 8)
    if not 0 <= mode <= 0o7777:
        raise SpecError(option, value, 'give a mode from 0 to 0o7777 (07777)')
    return mode
