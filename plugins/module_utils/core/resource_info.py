# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The network_info and volume_info modules: named objects inspected, or a filtered list."""

from ansible_collections.dockyard.docker.plugins.module_utils.specs.filters import parse_filters
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import wrap


def info_argument_spec():
    """Their options: name (one or a list) to inspect, or filters for the list."""
    return dict(name=dict(type='list', elements='str'), filters=dict(type='dict'))


def run_info(module, client_factory, kind, list_all, inspect=None):
    """The task of an *_info module: check the filters, then inspect the names or list with the filters.

    list_all(client, filters) returns the filtered list (filters is None when the task gives none);
    inspect(client, name) reads one named object (None when missing), client.inspect by default.
    """
    filters = parse_filters('filters', module.params.get('filters')) or None
    client = client_factory(module.params)
    read_one = (lambda name: inspect(client, name)) if inspect else (lambda name: client.inspect(kind, name))
    module.exit_json(changed=False, **info_result(kind, module.params.get('name'), read_one,
                                                  lambda: list_all(client, filters)))


def info_result(kind, names, read_one, list_all):
    """The *_info modules' answer: inspect each name, or list with filters when no name is given.

    kind is the API path ('networks', 'volumes'); read_one(name) inspects one, list_all() returns
    the filtered list.
    exists is true when every named object exists (or, without names, when the list is not empty).
    """
    if not names:
        found = list_all()
        return {kind: found, 'exists': bool(found)}
    found, missing = [], []
    for name in names:
        item = wrap('inspect %s %s' % (kind[:-1], name), read_one, name)
        if item is None:
            missing.append(name)
        else:
            found.append(item)
    return {kind: found, 'exists': not missing, 'missing': missing}
