# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Small value checks shared by modules: restart policies, labels, durations, links."""

import math
import re
from decimal import Decimal

from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError

RESTART_POLICIES = ('no', 'always', 'on-failure', 'unless-stopped')
_DURATION = re.compile(r'^([0-9]+(?:\.[0-9]+)?)(ns|us|ms|s|m|h)$')
# Go's time.Duration is an int64 of nanoseconds.
_LONGEST_NS = (1 << 63) - 1
_DURATION_UNITS = {'ns': 1, 'us': 1000, 'ms': 10 ** 6, 's': 10 ** 9, 'm': 60 * 10 ** 9, 'h': 3600 * 10 ** 9}


def restart_policy(policy, retries):
    if retries is not None and (isinstance(retries, bool) or not isinstance(retries, int) or retries < 0):
        raise SpecError('restart_retries', retries, 'give a count of 0 or more')
    if policy is None:
        if retries:
            raise SpecError('restart_retries', retries, "it needs restart_policy: on-failure")
        return None
    if policy not in RESTART_POLICIES:
        raise SpecError('restart_policy', policy, 'accepted values are ' + ', '.join(RESTART_POLICIES))
    # The engine takes a count of 0 (no limit) beside any policy, a higher one only with on-failure.
    if retries and policy != 'on-failure':
        raise SpecError('restart_retries', retries, "it only applies with restart_policy: on-failure")
    return {'Name': '' if policy == 'no' else policy, 'MaximumRetryCount': retries or 0}


def labels(option, value):
    """Label dicts: non-empty string keys, values turned into strings.

    Docker takes any non-empty label name, spaces included ("this is a label"), so no more is asked.
    """
    if value is None:
        return None
    if not isinstance(value, dict):
        raise SpecError(option, value, 'give a dict of label names to string values')
    result = {}
    for key, item in value.items():
        if not isinstance(key, str) or not key:
            raise SpecError(option, key, 'label names are non-empty strings')
        if isinstance(item, (dict, list)):
            raise SpecError(option, {key: item}, 'label values must be strings')
        result[key] = '' if item is None else (str(item).lower() if isinstance(item, bool) else str(item))
    return result


def option_names(option, value):
    """Driver, log and kernel option dicts: like labels, but no option any driver takes has whitespace in its name."""
    result = labels(option, value)
    for key in result or {}:
        if any(ch.isspace() for ch in key):
            raise SpecError(option, key, 'option names are non-empty strings without whitespace')
    return result


def duration_ns(option, value):
    """'30s', '1m30s' style durations (Go syntax) or plain seconds -> nanoseconds."""
    if value is None:
        return None
    accepted = "give a duration such as 30s, 1m30s or 500ms, or a number of seconds (at most 292 years)"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and not math.isfinite(value):
            raise SpecError(option, value, accepted)
        total = Decimal(value) * 10 ** 9
    else:
        text = str(value).strip()
        pieces = re.findall(r'[0-9]+(?:\.[0-9]+)?(?:ns|us|ms|s|m|h)', text)
        if not pieces or ''.join(pieces) != text:
            raise SpecError(option, value, accepted)
        total = 0
        for piece in pieces:
            number, unit = _DURATION.match(piece).groups()
            # Decimal, not float: no overflow (or rounding) for a long run of digits.
            total += int(Decimal(number) * _DURATION_UNITS[unit])
    if abs(total) > _LONGEST_NS:
        raise SpecError(option, value, accepted)
    return int(total)


def link(option, value):
    """'name:alias' or 'name' -> (name, alias); a leading / of the name (as inspect shows it) is dropped."""
    text = str(value).strip()
    name, _sep, alias = text.partition(':')
    name = name.lstrip('/')
    if not name or ':' in alias or any(ch.isspace() for ch in name + alias):
        raise SpecError(option, value, "give NAME or NAME:ALIAS (no whitespace)")
    return name, alias or name
