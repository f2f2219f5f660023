# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Scalar and small-structure readers for Compose files: each takes (value, path) and raises
SpecError(path, value, accepted) when the value has the wrong shape."""

import math
import os
import shlex

from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.compose.keys import UnsupportedKey
from ansible_collections.dockyard.docker.plugins.module_utils.specs.policies import duration_ns
from ansible_collections.dockyard.docker.plugins.module_utils.specs.sizes import parse_size


def scalar_text(value, path):
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, (str, int, float)):
        return str(value)
    raise SpecError(path, value, 'give a string')


def text(value, path):
    if isinstance(value, (dict, list)) or value is None:
        raise SpecError(path, value, 'give a string')
    return scalar_text(value, path)


def string_list(value, path):
    """A string or a list of strings -> a list of strings."""
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return [str(value)]
    if not isinstance(value, list):
        raise SpecError(path, value, 'give a string or a list of strings')
    return [text(item, '%s[%d]' % (path, index)) for index, item in enumerate(value)]


def boolean(value, path):
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ('true', 'false'):
        return value.lower() == 'true'
    raise SpecError(path, value, 'give true or false')


def integer(value, path, minimum=None):
    if isinstance(value, bool):
        raise SpecError(path, value, 'give a whole number')
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):  # OverflowError: int(inf)
        raise SpecError(path, value, 'give a whole number')
    if isinstance(value, float) and number != value:
        raise SpecError(path, value, 'give a whole number')
    if minimum is not None and number < minimum:
        raise SpecError(path, value, 'give a whole number of %d or more' % minimum)
    return number


def number(value, path):
    if isinstance(value, bool):
        raise SpecError(path, value, 'give a number')
    try:
        found = float(value)
    except (TypeError, ValueError, OverflowError):  # OverflowError: an integer past float's range
        raise SpecError(path, value, 'give a number')
    if not math.isfinite(found):
        raise SpecError(path, value, 'give a finite number')
    return found


def duration(value, path):
    """A Go duration ('1m30s') or seconds; kept as written (a string), checked here."""
    duration_ns(path, value)
    return scalar_text(value, path)


def size(value, path):
    """Bytes, from a number or '512m' (binary units)."""
    if isinstance(value, int) and not isinstance(value, bool) and value == -1:
        return -1
    return parse_size(path, value)


def choice(value, path, choices):
    if not isinstance(value, str) or value not in choices:
        raise SpecError(path, value, 'accepted values are ' + ', '.join(choices))
    return value


def command(value, path):
    """command / entrypoint: a string is split as a shell would; a list is kept; null unsets."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return shlex.split(value)
        except ValueError as error:
            raise SpecError(path, value, 'the command cannot be split: %s' % error)
    if isinstance(value, list):
        return [text(item, '%s[%d]' % (path, index)) for index, item in enumerate(value)]
    raise SpecError(path, value, 'give a string or a list of strings')


def mapping(value, path, separator='=', environ=None):
    """A mapping or a list of KEY=VALUE -> dict of str -> str (None: no value given).

    With environ, a key without a value takes it from environ (the `environment` rule)."""
    if value is None:
        return {}
    result = {}
    if isinstance(value, list):
        for index, item in enumerate(value):
            entry = text(item, '%s[%d]' % (path, index))
            key, sep, found = entry.partition(separator)
            if not key:
                raise SpecError('%s[%d]' % (path, index), item, 'give KEY%sVALUE or KEY' % separator)
            result[key] = found if sep else None
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (dict, list)):
                raise SpecError('%s.%s' % (path, key), item, 'give a string value')
            result[str(key)] = None if item is None else scalar_text(item, '%s.%s' % (path, key))
    else:
        raise SpecError(path, value, 'give a mapping or a list of KEY%sVALUE strings' % separator)
    if environ is not None:
        for key, item in result.items():
            if item is None:
                result[key] = environ.get(key)
    return result


def label_map(value, path):
    labels = mapping(value, path)
    return dict((key, '' if item is None else item) for key, item in labels.items())


def host_path(value, path, base_dir):
    """A host path: ~ expanded, relative to base_dir, normalised."""
    found = os.path.expanduser(text(value, path))
    return os.path.normpath(os.path.join(base_dir, found))


def keyed(value, path, readers, required=()):
    """A mapping whose keys each have a reader (value, path) -> value; unknown keys are errors."""
    if not isinstance(value, dict):
        raise SpecError(path, value, 'give a mapping with keys ' + ', '.join(sorted(readers)))
    result = {}
    for key, item in value.items():
        where = '%s.%s' % (path, key)
        if isinstance(key, str) and key.startswith('x-'):
            continue
        if key not in readers:
            # compose/keys.check_keys has refused what the specification lacks: this is a gap.
            raise UnsupportedKey(where, item)
        result[key] = readers[key](item, where)
    for key in required:
        if key not in result:
            raise SpecError('%s.%s' % (path, key), None, 'it is required')
    return result


def each(reader):
    """A reader for a list whose items all use reader."""
    def read(value, path):
        if not isinstance(value, list):
            raise SpecError(path, value, 'give a list')
        return [reader(item, '%s[%d]' % (path, index)) for index, item in enumerate(value)]
    return read
