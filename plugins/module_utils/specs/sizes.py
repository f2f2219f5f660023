# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Memory sizes as docker reads them: binary units, '512m' is 512 MiB."""

import re
from decimal import Decimal

from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError

_UNITS = {'': 1, 'b': 1, 'k': 1 << 10, 'm': 1 << 20, 'g': 1 << 30, 't': 1 << 40, 'p': 1 << 50}
_SIZE = re.compile(r'^\s*([0-9]+(?:\.[0-9]+)?)\s*([bkmgtp]?)(?:i?b)?\s*$', re.IGNORECASE)
# The Engine keeps sizes in an int64.
LARGEST = (1 << 63) - 1
ACCEPTED = "a byte count or a number with a unit b, k, m, g, t or p (binary: '512m' is 512 MiB), at most 8 EiB"


def parse_size(option, value):
    """Return the size in bytes; None stays None."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise SpecError(option, value, ACCEPTED)
    if isinstance(value, int):
        size = value
    else:
        match = _SIZE.match(str(value))
        if not match:
            raise SpecError(option, value, ACCEPTED)
        number, unit = match.groups()
        # Decimal, not float: exact for any byte count, and no overflow for a huge one.
        size = Decimal(number) * _UNITS[unit.lower()]
    if not 0 <= size <= LARGEST:
        raise SpecError(option, value, ACCEPTED)
    return int(size)
