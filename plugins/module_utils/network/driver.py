# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Networks: read one and the containers around it, plan its convergence, carry it out.

Every property of a Docker network is fixed at creation, so any difference
recreates it. Unlike community.docker's docker_network, the containers that were
attached are reconnected afterwards with their aliases, static addresses and links.
The desired state and its validation are in network/spec.py.
"""

import ipaddress

from ansible_collections.dockyard.docker.plugins.module_utils.api.client import DockerError
from ansible_collections.dockyard.docker.plugins.module_utils.network.spec import NetworkSpec, create_body_of
from ansible_collections.dockyard.docker.plugins.module_utils.core.resource_info import run_info
from ansible_collections.dockyard.docker.plugins.module_utils.specs.endpoints import NetworkAttachment, normalize_links, static_addresses
from ansible_collections.dockyard.docker.plugins.module_utils.specs.times import sortable_time
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import Plan, TaskFailed, run_driver, wrap


# -- attached containers -------------------------------------------------------------------------

class Member:
    """A container's endpoint on this network: what it is and how to connect it again."""

    def __init__(self, container_id, name, attachment, address=None):
        self.id = container_id
        self.name = name
        self.attachment = attachment
        self.address = address  # the current address, only used to keep reconnect order stable

    def sort_key(self):
        try:
            return (0, int(ipaddress.ip_address(self.address or '')))
        except ValueError:
            return (1, self.name)


def endpoint_attachment(network_name, container, endpoint):
    """NetworkSettings.Networks[network] -> the attachment that reproduces it (aliases, static IPs, links).

    Podman does not report which addresses were asked for, so a recreate there reconnects its
    containers with addresses from the new subnets (the README's compatibility notes say so)."""
    short_id = container['Id'][:12]
    aliases = [alias for alias in endpoint.get('Aliases') or [] if alias != short_id]
    ipv4, ipv6 = static_addresses(endpoint)
    links = ['%s:%s' % pair for pair in normalize_links(endpoint.get('Links'))]
    return NetworkAttachment(network_name, aliases, ipv4, ipv6, links)


class NetworkDriver:
    """Reads one network and the containers around it, plans its convergence, carries it out."""

    def __init__(self, client, spec):
        self.client = client
        self.spec = spec
        self.actual = None
        self.members = {}   # container id -> Member, as attached now
        self.wanted = {}    # container id -> Member, as the task lists them
        self.endpoints = {}  # container id -> its endpoint on this network, for listed containers
        # The network's ID once known: by name, a racing writer's duplicate (see _drop_if_duplicated)
        # makes every request 'ambiguous' until that writer removes it again.
        self.ident = None

    def read(self):
        spec = self.spec
        self.actual = wrap('inspect network %s' % spec.name, self.client.inspect, 'networks', spec.name)
        self.ident = self.actual['Id'] if self.actual is not None else None
        if self.actual is not None:
            for container_id in sorted(self.actual.get('Containers') or {}):
                container = self._inspect_container(container_id)
                if container is not None:
                    endpoint = ((container.get('NetworkSettings') or {}).get('Networks') or {}).get(
                        self.actual['Name'], {})
                    self.members[container['Id']] = Member(
                        container['Id'], container['Name'].lstrip('/'),
                        endpoint_attachment(spec.name, container, endpoint), endpoint.get('IPAddress'))
        if spec.state == 'present':
            for name, settings in (spec.connected or {}).items():
                container = self._inspect_container(name)
                if container is None:
                    raise TaskFailed("connected: container '%s' does not exist; create it first" % name)
                self.wanted[container['Id']] = Member(container['Id'], container['Name'].lstrip('/'),
                                                      NetworkAttachment(spec.name, **settings))
                networks = (container.get('NetworkSettings') or {}).get('Networks') or {}
                if self.actual is not None and self.actual['Name'] in networks:
                    self.endpoints[container['Id']] = networks[self.actual['Name']]

    def _inspect_container(self, ident):
        return wrap('inspect container %s' % ident, self.client.inspect, 'containers', ident)

    # -- plan ---------------------------------------------------------------------------------

    def plan(self, check_mode=False):
        spec, actual = self.spec, self.actual
        plan = Plan()
        if spec.state == 'absent':
            if actual is not None:
                self._plan_remove(plan)
            plan.before = {'state': 'present' if actual else 'absent', 'connected': self._names(self.members)}
            plan.after = {'state': 'absent', 'connected': []}
            return plan
        differences = spec.differences(actual) if actual is not None else []
        if actual is None:
            self._plan_create(plan)
            self._plan_connect_all(plan, self.wanted.values())
        elif differences:
            self._plan_recreate(plan, differences)
        else:
            self._plan_connections(plan)
        plan.before = dict(((name, before) for name, before, _after in differences),
                           state='present' if actual else 'absent', connected=self._names(self.members))
        plan.after = dict(((name, after) for name, _before, after in differences),
                          state='present', connected=self._names(self._members_after()))
        if differences:
            plan.after['recreated'] = 'changed: %s' % ', '.join(name for name, _b, _a in differences)
        return plan

    @staticmethod
    def _names(members):
        return sorted(member.name for member in members.values())

    def _members_after(self):
        if self.spec.purge_connected:  # it needs connected (NetworkSpec checks)
            return dict(self.wanted)
        return dict(self.members, **self.wanted)

    def _plan_remove(self, plan):
        spec = self.spec
        if self.members and not spec.force:
            raise TaskFailed('network %s has containers attached (%s); disconnect them first or set force: true'
                             % (spec.name, ', '.join(self._names(self.members))))
        for member in sorted(self.members.values(), key=lambda m: m.name):
            plan.add('disconnect', 'disconnect container %s from network %s' % (member.name, spec.name),
                     self._disconnect_call(member), self._connect_call(member))
        plan.add('remove', 'remove network %s' % spec.name, self._remove)

    def _plan_create(self, plan, reason=None):
        if reason:
            # No undo: removing the new network after a failed reconnect would strand every container.
            plan.add('create', 'create network %s (%s)' % (self.spec.name, reason), self._create)
        else:
            plan.add('create', 'create network %s' % self.spec.name, self._create, self._remove)

    def _plan_recreate(self, plan, differences):
        """Disconnect everyone, remove, create, then reconnect with the same aliases and addresses.

        When a step up to the create fails, the undos put the old network back and reconnect its
        containers: they run in reverse, so disconnecting the highest address first reconnects in
        the old address order.
        """
        spec = self.spec
        reason = 'changed: %s' % ', '.join(name for name, _b, _a in differences)
        keep = self._members_after()
        self._check_addresses_fit(keep.values())
        for member in sorted(self.members.values(), key=Member.sort_key, reverse=True):
            plan.add('disconnect', 'disconnect container %s from network %s (%s)' % (member.name, spec.name, reason),
                     self._disconnect_call(member), self._connect_call(member))
        restore_body = create_body_of(self.actual)
        plan.add('remove', 'remove network %s (%s)' % (spec.name, reason), self._remove,
                 lambda: self._post_create(restore_body))
        self._plan_create(plan, reason)
        self._plan_connect_all(plan, keep.values(), again=True)

    def _check_addresses_fit(self, members):
        if self.spec.pools is None:
            return
        for member in members:
            for address in (member.attachment.ipv4_address, member.attachment.ipv6_address):
                if address and not self.spec._fits(address):
                    raise TaskFailed('network %s would be recreated with subnets %s, but container %s has the '
                                     'static address %s there; give it a new address in connected'
                                     % (self.spec.name, ', '.join(self.spec.subnets()), member.name, address))

    def _plan_connect_all(self, plan, members, again=False):
        # Reconnecting in the old address order makes dynamically addressed containers likely to keep theirs.
        verb = 'reconnect' if again else 'connect'
        for member in sorted(members, key=Member.sort_key):
            plan.add('connect', '%s container %s to network %s' % (verb, member.name, self.spec.name),
                     self._connect_call(member))

    def _plan_connections(self, plan):
        spec = self.spec
        for container_id, member in sorted(self.wanted.items(), key=lambda item: item[1].name):
            endpoint = self.endpoints.get(container_id)
            if endpoint is not None and member.attachment.matches(endpoint):
                continue
            if container_id in self.members:
                plan.add('disconnect', 'disconnect container %s from network %s to change its settings'
                         % (member.name, spec.name), self._disconnect_call(member))
            plan.add('connect', 'connect container %s to network %s' % (member.name, spec.name),
                     self._connect_call(member))
        if spec.purge_connected:
            for container_id, member in sorted(self.members.items(), key=lambda item: item[1].name):
                if container_id not in self.wanted:
                    plan.add('disconnect', 'disconnect container %s from network %s' % (member.name, spec.name),
                             self._disconnect_call(member))

    # -- actions --------------------------------------------------------------------------------

    def _create(self):
        try:
            self._post_create(self.spec.create_body())
        except DockerError as exc:
            if exc.conflict:
                raise TaskFailed('Failed to create network %s: the name was taken meanwhile (%s); rerun the task'
                                 % (self.spec.name, exc.reason))
            raise
        self.ident = self._drop_if_duplicated(self.ident)

    def _post_create(self, body):
        self.ident = self.client.post('/networks/create', body=body)['Id']

    def _drop_if_duplicated(self, ident):
        """dockerd's CheckDuplicate is not atomic: two creates at once may both succeed. The oldest
        network of the name stays; a younger one this task made is removed again. The ID that stays."""
        listed = self.client.get('/networks', query={'filters': {'name': [self.spec.name]}}) or []
        same = [network for network in listed if network.get('Name') == self.spec.name]
        oldest = min(same, key=lambda network: (sortable_time(network.get('Created')), network['Id']), default=None)
        if oldest is not None and oldest['Id'] != ident:
            self.client.delete('/networks/{}', ident, ok_statuses=(404,))
            return oldest['Id']
        return ident

    def _target(self):
        return self.ident or self.spec.name

    def _remove(self):
        self.client.delete('/networks/{}', self._target(), ok_statuses=(404,))  # gone already is removed

    def _connect_call(self, member):
        return lambda: self.client.post('/networks/{}/connect', self._target(),
                                        body={'Container': member.id,
                                              'EndpointConfig': member.attachment.endpoint_config()})

    def _disconnect_call(self, member):
        return lambda: self.client.post('/networks/{}/disconnect', self._target(),
                                        body={'Container': member.id, 'Force': True})

    # -- result ---------------------------------------------------------------------------------

    def result(self, check_mode):
        if check_mode or self.spec.state == 'absent':
            return {'network': (self.actual or {}) if check_mode else {}}
        return {'network': self.client.inspect('networks', self._target()) or {}}


def run_network(module, client_factory, check_mode):
    """The `network` module's task: validate, read, plan, apply, report."""
    spec = NetworkSpec(module.params)
    run_driver(module, NetworkDriver(client_factory(module.params), spec), check_mode)


def list_networks(client, filters):
    listed = wrap('list networks', client.get, '/networks', query={'filters': filters}) or []
    # The list omits attached containers; inspect gives the same data as `docker network inspect`.
    details = [client.inspect('networks', item['Id']) for item in listed]
    return sorted((item for item in details if item), key=lambda item: item.get('Name'))


def run_network_info(module, client_factory):
    """The `network_info` module's task: inspect named networks, or list them with filters."""
    run_info(module, client_factory, 'networks', list_networks)
