# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters as the Engine takes them: the task's {name: value or [values]} -> {name: [text, ...]}.

One parser for every module that lists or prunes (container_info, image_info, image_search,
network_info, volume_info, prune); each says which names its endpoint takes and how the values
that need more than text are checked:

    parse_filters('filters', {'dangling': 'yes', 'label': ['a=1', 'b']}, names=('dangling', 'label'),
                  checks={'dangling': boolean})  ->  {'dangling': ['true'], 'label': ['a=1', 'b']}
"""

from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError

ACCEPTED = "give a dict of filter names to a value or a list of values, such as {label: ['env=dev']}"
_TRUE, _FALSE = ('true', 'yes', '1'), ('false', 'no', '0')


def parse_filters(option, value, names=None, checks=None, empty_lists=True):
    """The Engine's form of a filters option; None stays None.

    names: the filter names the endpoint takes, listed in that order when another is given (None:
    any name). checks: {name: check(option.name, value) -> text} for values that need more than
    text; any other value must be a scalar and becomes text (booleans as true / false).
    empty_lists=False refuses a filter given as [] (for endpoints that would then match anything).
    """
    if value is None:
        return None
    if not isinstance(value, dict):
        raise SpecError(option, value, ACCEPTED)
    parsed = {}
    for key, item in value.items():
        name = str(key)
        if names is not None and name not in names:
            raise SpecError(option, key, 'accepted filters are ' + ', '.join(names))
        items = item if isinstance(item, list) else [item]
        check = (checks or {}).get(name)
        if not name.strip() or (not items and not empty_lists) or \
                (check is None and any(isinstance(entry, (dict, list)) or entry is None for entry in items)):
            raise SpecError(option, {key: item}, ACCEPTED)
        parsed[name] = [check('%s.%s' % (option, name), entry) if check else _text(entry) for entry in items]
    return parsed


def _text(value):
    return str(value).lower() if isinstance(value, bool) else str(value)


def boolean(option, value):
    """true / false (also yes / no / 1 / 0), as the Engine spells a boolean filter."""
    text = str(value).strip().lower()
    if text not in _TRUE + _FALSE:
        raise SpecError(option, value, 'give true or false')
    return 'true' if text in _TRUE else 'false'


def non_empty(option, value):
    """Any non-empty text: a name, a reference pattern, a label."""
    if isinstance(value, (dict, list)) or value is None or str(value).strip() == '':
        raise SpecError(option, value, 'give a non-empty string (a list for several)')
    return _text(value)
