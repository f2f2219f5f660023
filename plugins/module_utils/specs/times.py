# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Moments as the docker CLI's --since / --until take them (docker logs, docker events)."""

import datetime
import re

from ansible_collections.dockyard.docker.plugins.module_utils.specs import policies
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError

TIME_FORMS = ('give a Unix timestamp, an RFC 3339 date such as 2024-05-01T10:00:00Z, '
              'or a duration such as 10m or 1h30m meaning that long ago')
# ASCII: \d also matches other scripts' digits, which the Engine does not read.
_UNIX_TIME = re.compile(r'^\d+(\.\d+)?$', re.ASCII)
# Python < 3.11 (managed nodes down to 3.8) parses only 3 or 6 digits of fraction: make it 6.
_FRACTION = re.compile(r'\.(\d+)')


def parse_time(option, value, now):
    """The CLI's --since/--until forms -> the Engine's 'seconds[.fraction]' string."""
    if value is None:
        return None
    text = str(value).strip()
    if _UNIX_TIME.match(text):
        return text
    try:
        return _seconds(now - policies.duration_ns(option, text) / 1e9)
    except SpecError:
        pass
    timestamp = _date_timestamp(text)
    if timestamp is None:
        raise SpecError(option, value, TIME_FORMS)
    return _seconds(timestamp)


def _seconds(timestamp):
    """A moment before 1970 reads as its start: the Engine keeps nothing older, and takes no negative time."""
    return '%.9f' % max(timestamp, 0)


def _date_timestamp(text):
    """RFC 3339 or a plain date -> seconds since 1970, or None; without a zone it is local time, as for the docker CLI."""
    text = _FRACTION.sub(lambda match: '.' + match.group(1).ljust(6, '0')[:6], text)
    if text[-1:] in ('Z', 'z'):
        text = text[:-1] + '+00:00'
    try:
        return datetime.datetime.fromisoformat(text).timestamp()
    except (ValueError, OverflowError, OSError):
        # not a date, or a naive one local time cannot place (year 1 in a zone east of UTC)
        return None


def sortable_time(text):
    """An RFC 3339 time with up to nanoseconds, as a string that sorts like the time (Go trims zeros)."""
    text = text or ''
    if '.' not in text:
        text = text.replace('Z', '.Z', 1) if text.endswith('Z') else text
    head, _sep, tail = text.partition('.')
    digits = ''.join(ch for ch in tail if ch.isdigit())
    return '%s.%s%s' % (head, digits.ljust(9, '0'), tail[len(digits):])
