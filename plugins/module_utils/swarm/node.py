# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One swarm node's availability, role and labels (the `node` module); runs against a manager."""

import time

from ansible_collections.dockyard.docker.plugins.module_utils.specs import policies
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import Plan, TaskFailed, run_driver, wrap
from ansible_collections.dockyard.docker.plugins.module_utils.swarm.cluster import require_manager


def node_argument_spec():
    return dict(
        hostname=dict(type='str', required=True, aliases=['name']),
        availability=dict(type='str', choices=['active', 'pause', 'drain']),
        role=dict(type='str', choices=['worker', 'manager']),
        labels=dict(type='dict'),
        labels_state=dict(type='str', default='merge', choices=['merge', 'replace']),
        labels_to_remove=dict(type='list', elements='str'),
    )


class NodeSpec:

    def __init__(self, params):
        self.hostname = params['hostname']
        if not self.hostname.strip():
            raise SpecError('hostname', self.hostname, 'give the node hostname or ID')
        self.availability = params.get('availability')
        self.role = params.get('role')
        self.labels = policies.labels('labels', params.get('labels'))
        self.labels_state = params['labels_state']
        self.labels_to_remove = params.get('labels_to_remove') or []
        if self.labels_state == 'replace' and self.labels is None:
            raise SpecError('labels_state', 'replace', 'it needs labels (an empty dict removes every label)')

    def wanted_labels(self, current):
        labels = {} if self.labels_state == 'replace' else dict(current)
        # Removed first, then set: a key in both ends up with its value from labels.
        for key in self.labels_to_remove:
            labels.pop(key, None)
        labels.update(self.labels or {})
        return labels


def find_node(client, ident):
    """A node by ID, name or hostname; TaskFailed naming the known ones when there is none."""
    node = wrap('inspect node %s' % ident, client.inspect, 'nodes', ident)
    if node is not None:
        return node
    nodes = wrap('list the swarm nodes', client.get, '/nodes') or []
    matches = [item for item in nodes if (item.get('Description') or {}).get('Hostname') == ident]
    if len(matches) == 1:
        return matches[0]
    known = sorted((item.get('Description') or {}).get('Hostname', item['ID']) for item in nodes)
    raise TaskFailed("hostname: node '%s' is not in the swarm (nodes: %s)" % (ident, ', '.join(known)))


class NodeDriver:

    def __init__(self, client, spec):
        self.client = client
        self.spec = spec
        self.node = None

    def read(self):
        require_manager(self.client, 'managing nodes')
        self.node = find_node(self.client, self.spec.hostname)

    def wanted_spec(self):
        current = self.node['Spec']
        wanted = dict(current)
        wanted['Labels'] = self.spec.wanted_labels(current.get('Labels') or {})
        for option, key in (('availability', 'Availability'), ('role', 'Role')):
            if getattr(self.spec, option):
                wanted[key] = getattr(self.spec, option)
        return wanted

    def plan(self, check_mode=False):
        current = self.node['Spec']
        wanted = self.wanted_spec()
        keys = [('availability', 'Availability'), ('role', 'Role'), ('labels', 'Labels')]
        before = dict((option, current.get(key) or ({} if key == 'Labels' else None)) for option, key in keys)
        after = dict((option, wanted.get(key)) for option, key in keys)
        plan = Plan(before, after)
        changes = [option for option in before if before[option] != after[option]]
        if changes:
            plan.add('update', 'update node %s (%s)' % (self.spec.hostname, ', '.join(changes)),
                     lambda: self._update(wanted))
        return plan

    def _update(self, wanted):
        self.client.post('/nodes/{}/update', self.node['ID'], query={'version': self.node['Version']['Index']},
                         body=wanted)
        if wanted.get('Role') != self.node['Spec'].get('Role'):
            self._wait_for_role(wanted['Role'])

    def _wait_for_role(self, role):
        """A role change completes after the update call returns (the node joins or leaves the raft);
        until then the next role change fails with "can't find manager in raft memberlist"."""
        deadline = time.monotonic() + self.client.timeout
        while True:
            status = (find_node(self.client, self.node['ID']).get('ManagerStatus') or {}).get('Reachability')
            if (status == 'reachable') == (role == 'manager'):
                return
            if time.monotonic() > deadline:
                raise TaskFailed('node %s did not become a %s within %s seconds (manager status: %s)'
                                 % (self.spec.hostname, role, self.client.timeout, status or 'none'))
            time.sleep(0.5)

    def result(self, check_mode):
        if check_mode:
            return {'node': self.node}
        return {'node': find_node(self.client, self.node['ID'])}


def run_node(module, client_factory, check_mode):
    spec = NodeSpec(module.params)
    run_driver(module, NodeDriver(client_factory(module.params), spec), check_mode)
