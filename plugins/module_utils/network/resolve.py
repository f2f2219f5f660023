# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which network a name means, when two or more networks share it.

Docker before 25 lets two networks have one name (two creates at once, another tool, or a create
with CheckDuplicate false); every request by that name then fails '2 matches found based on name:
network NAME is ambiguous'. Every module reads a network name through `resolve_network` and takes
the same one: the oldest (`Created`, then ID). The network module merges the others into it
(network/driver.py); the others use its ID where the name would be ambiguous.
"""

from collections import namedtuple

from ansible_collections.dockyard.docker.plugins.module_utils.api.errors import DockerError
from ansible_collections.dockyard.docker.plugins.module_utils.specs.times import sortable_time

# network: the inspect document the name stands for (None when no network has it);
# others: the list entries (GET /networks) of the other networks of that name, oldest first.
Resolved = namedtuple('Resolved', 'network others')


def age(network):
    """Sort key of a network's age: the oldest first, the ID breaks a tie."""
    return sortable_time(network.get('Created')), network.get('Id') or ''


def is_ambiguous(exc):
    """The daemon's answer to a request by a name that several networks hold (400 '... is ambiguous')."""
    return exc.status == 400 and 'is ambiguous' in (exc.reason or '')


def same_named(client, name, scope=None):
    """The list entries of every network called exactly `name` (of `scope`, when given), oldest first."""
    # The name filter matches parts of names too.
    listed = client.get('/networks', query={'filters': {'name': [name]}}) or []
    return sorted((entry for entry in listed if entry.get('Name') == name
                   and (scope is None or entry.get('Scope') == scope)), key=age)


def resolve_network(client, name, scope=None):
    """Resolved(network, others) for `name`: one inspect when the name is held once, as before.

    When several networks hold it, the oldest of them (of `scope`, when given: a service needs a
    swarm network) is the one, inspected by ID, and others lists the rest. A network removed
    between the list and its inspect is passed over.
    """
    try:
        return Resolved(client.inspect('networks', name), [])
    except DockerError as exc:
        if not is_ambiguous(exc):
            raise
    candidates = same_named(client, name, scope)
    for index, entry in enumerate(candidates):
        found = client.inspect('networks', entry['Id'])
        if found is not None:
            return Resolved(found, candidates[index + 1:])
    return Resolved(None, [])


def request_target(resolved, name):
    """What a request names the network by: its ID when other networks share the name, else the name
    (so nothing changes where names are unique, the only case on Docker 25+ and Podman)."""
    if resolved is not None and resolved.network is not None and resolved.others:
        return resolved.network['Id']
    return name
