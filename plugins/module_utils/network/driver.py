# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Networks: read one and the containers around it, plan its convergence, carry it out.

Every property of a Docker network is fixed at creation, so any difference
recreates it. Unlike community.docker's docker_network, the containers that were
attached are reconnected afterwards with their aliases, static addresses and links.
Networks that share the task's name (Docker before 25 allows it) are merged into the oldest
(network/resolve.py). The desired state and its validation are in network/spec.py.
"""

import ipaddress

from ansible_collections.dockyard.docker.plugins.module_utils.api.client import DockerError
from ansible_collections.dockyard.docker.plugins.module_utils.network.resolve import resolve_network, same_named
from ansible_collections.dockyard.docker.plugins.module_utils.network.spec import NetworkSpec, actual_pools, create_body_of
from ansible_collections.dockyard.docker.plugins.module_utils.core.resource_info import run_info
from ansible_collections.dockyard.docker.plugins.module_utils.specs.endpoints import NetworkAttachment, normalize_links, static_addresses
from ansible_collections.dockyard.docker.plugins.module_utils.specs.addresses import subnet_contains
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import NameTaken, Plan, TaskFailed, run_driver, wrap


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
        # The network's ID once known: by name, a second network of the name makes every request 'ambiguous'.
        self.ident = None
        self.duplicates = []  # [(inspect document, {container id: Member})] of the younger networks of the name

    def read(self):
        spec = self.spec
        self.members, self.wanted, self.endpoints, self.duplicates = {}, {}, {}, []
        resolved = wrap('inspect network %s' % spec.name, resolve_network, self.client, spec.name)
        self.actual = resolved.network
        self.ident = self.actual['Id'] if self.actual is not None else None
        if self.actual is not None:
            self.members = self._read_members(self.actual)
        for entry in resolved.others:
            duplicate = wrap('inspect network %s' % entry['Id'], self.client.inspect, 'networks', entry['Id'])
            if duplicate is not None:  # else removed meanwhile
                self.duplicates.append((duplicate, self._read_members(duplicate)))
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

    def _read_members(self, network):
        members = {}
        for container_id in sorted(network.get('Containers') or {}):
            container = self._inspect_container(container_id)
            if container is not None:
                endpoint = ((container.get('NetworkSettings') or {}).get('Networks') or {}).get(network['Name'], {})
                members[container['Id']] = Member(
                    container['Id'], container['Name'].lstrip('/'),
                    endpoint_attachment(self.spec.name, container, endpoint), endpoint.get('IPAddress'))
        return members

    def _inspect_container(self, ident):
        return wrap('inspect container %s' % ident, self.client.inspect, 'containers', ident)

    # -- plan ---------------------------------------------------------------------------------

    def plan(self, check_mode=False):
        spec, actual = self.spec, self.actual
        plan = Plan()
        connected_before = self._names(self._everyone())
        if spec.state == 'absent':
            if actual is not None:
                self._check_force()
                for network, members in self.duplicates:
                    self._plan_remove(plan, network, members)
                self._plan_remove(plan, actual, self.members)
            plan.before = {'state': 'present' if actual else 'absent', 'connected': connected_before}
            plan.after = {'state': 'absent', 'connected': []}
            self._report_duplicates(plan, kept=None)
            return plan
        if self.duplicates:
            self._plan_merge(plan)
        differences = spec.differences(actual) if actual is not None else []
        if actual is None:
            self._plan_create(plan)
            self._plan_connect_all(plan, self.wanted.values())
        elif differences:
            self._plan_recreate(plan, differences)
        else:
            self._plan_connections(plan)
        plan.before = dict(((name, before) for name, before, _after in differences),
                           state='present' if actual else 'absent', connected=connected_before)
        plan.after = dict(((name, after) for name, _before, after in differences),
                          state='present', connected=self._names(self._members_after()))
        if differences:
            plan.after['recreated'] = 'changed: %s' % ', '.join(name for name, _b, _a in differences)
        self._report_duplicates(plan, kept=actual)
        return plan

    @staticmethod
    def _names(members):
        return sorted(member.name for member in members.values())

    def _members_after(self):
        if self.spec.purge_connected:  # it needs connected (NetworkSpec checks)
            return dict(self.wanted)
        return dict(self.members, **self.wanted)

    def _everyone(self):
        """The containers on any network of the name, by ID."""
        everyone = dict(self.members)
        for _network, members in self.duplicates:
            everyone.update(members)
        return everyone

    def _label(self, network):
        """The network's name in action descriptions, with its short ID when several networks have the name."""
        return '%s (%s)' % (self.spec.name, network['Id'][:12]) if self.duplicates else self.spec.name

    def _check_force(self):
        everyone = self._everyone()
        if everyone and not self.spec.force:
            raise TaskFailed('network %s has containers attached (%s); disconnect them first or set force: true'
                             % (self.spec.name, ', '.join(self._names(everyone))))

    def _plan_remove(self, plan, network, members):
        label, target = self._label(network), network['Id']
        for member in sorted(members.values(), key=lambda m: m.name):
            plan.add('disconnect', 'disconnect container %s from network %s' % (member.name, label),
                     self._disconnect_call(member, target), self._connect_call(member, target))
        plan.add('remove', 'remove network %s' % label, self._remove_call(target))

    # -- networks that share the name -------------------------------------------------------------

    def _plan_merge(self, plan):
        """Move the containers of the younger networks of the name onto the oldest (self.actual),
        with their aliases, links and the static addresses its subnets hold; then remove those networks.
        A static address outside the oldest network's subnets, or taken there, is left to the daemon."""
        kept = self._label(self.actual)
        subnets = [pool['Subnet'] for pool in actual_pools(self.actual)]
        taken = set(address for member in self.members.values()
                    for address in (member.address, member.attachment.ipv4_address, member.attachment.ipv6_address)
                    if address)
        for network, members in self.duplicates:
            label, target = self._label(network), network['Id']
            for member in sorted(members.values(), key=Member.sort_key):
                plan.add('disconnect', 'disconnect container %s from network %s, a younger network of the name'
                         % (member.name, label), self._disconnect_call(member, target),
                         self._connect_call(member, target))
                if member.id in self.members:
                    continue  # on the oldest network as well
                moved, dropped = moved_member(member, subnets, taken)
                note = ' without its static address %s, which that network cannot give it' % ', '.join(
                    dropped) if dropped else ''
                plan.add('connect', 'connect container %s to network %s, the oldest of the name%s'
                         % (member.name, kept, note), self._connect_call(moved), self._disconnect_call(moved))
                self.members[member.id] = moved
                if member.id in self.endpoints:  # a listed container: compared as it will be attached
                    self.endpoints[member.id] = moved.attachment.endpoint_config()
            plan.add('remove', 'remove network %s, a younger network of the name' % label, self._remove_call(target))

    def _report_duplicates(self, plan, kept):
        """The diff of a merge: the IDs of the networks of the name before and after, what was merged."""
        if not self.duplicates:
            return
        networks = [self.actual] + [network for network, _members in self.duplicates]
        plan.before['ids'] = [network['Id'][:12] for network in networks]
        plan.after['ids'] = [kept['Id'][:12]] if kept is not None else []
        if kept is not None:
            plan.after['merged'] = ['%s into %s (containers: %s)' % (
                network['Id'][:12], kept['Id'][:12], ', '.join(self._names(members)) or 'none')
                for network, members in self.duplicates]

    def _plan_create(self, plan, reason=None):
        if reason:
            # No undo: removing the new network after a failed reconnect would strand every container.
            plan.add('create', 'create network %s (%s)' % (self.spec.name, reason), self._create)
        else:
            plan.add('create', 'create network %s' % self.spec.name, self._create, self._remove_call())

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
        plan.add('remove', 'remove network %s (%s)' % (spec.name, reason), self._remove_call(),
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
                # Another writer's create of the name came first: run_driver reads it and converges on it.
                raise NameTaken('Failed to create network %s: the name was taken meanwhile by another writer (%s); '
                                'rerun the task to converge it' % (self.spec.name, exc.reason))
            raise
        self.ident = self._drop_if_duplicated(self.ident)

    def _post_create(self, body):
        # The engine API dropped CheckDuplicate in 1.44 (the daemon refuses a taken name itself since).
        body = dict(body)
        if self.client.api_at_least('1.44'):
            body.pop('CheckDuplicate', None)
        else:
            body['CheckDuplicate'] = True
        self.ident = self.client.post('/networks/create', body=body)['Id']

    def _drop_if_duplicated(self, ident):
        """CheckDuplicate is not atomic before Docker 25: two creates at once may both succeed. The
        oldest network of the name stays; the younger ones without containers, ours or a racing
        writer's, are removed (one that has containers by now is merged by the next converge).
        The ID that stays."""
        same = same_named(self.client, self.spec.name)
        for younger in same[1:]:
            try:
                self.client.delete('/networks/{}', younger['Id'], ok_statuses=(404,))
            except DockerError:
                pass  # containers joined it meanwhile; containers and services use the oldest anyway
        return same[0]['Id'] if same else ident

    def _target(self):
        return self.ident or self.spec.name

    def _remove_call(self, target=None):
        # gone already is removed
        return lambda: self.client.delete('/networks/{}', target or self._target(), ok_statuses=(404,))

    def _connect_call(self, member, target=None):
        return lambda: self.client.post('/networks/{}/connect', target or self._target(),
                                        body={'Container': member.id,
                                              'EndpointConfig': member.attachment.endpoint_config()})

    def _disconnect_call(self, member, target=None):
        return lambda: self.client.post('/networks/{}/disconnect', target or self._target(),
                                        body={'Container': member.id, 'Force': True})

    # -- result ---------------------------------------------------------------------------------

    def result(self, check_mode):
        if check_mode or self.spec.state == 'absent':
            return {'network': (self.actual or {}) if check_mode else {}}
        found = self.client.inspect('networks', self._target())
        if found is None:  # a racing writer removed the younger network this task made
            found = resolve_network(self.client, self.spec.name).network
        return {'network': found or {}}


def moved_member(member, subnets, taken):
    """(the member as it joins the oldest network, [static addresses it cannot keep there]). An address
    is kept when one of the subnets holds it and no container there has it; it is then taken."""
    kept, dropped = {}, []
    for key in ('ipv4_address', 'ipv6_address'):
        address = getattr(member.attachment, key)
        if address and address not in taken and any(subnet_contains(subnet, address) for subnet in subnets):
            kept[key] = address
            taken.add(address)
        elif address:
            dropped.append(address)
    attachment = member.attachment
    moved = NetworkAttachment(attachment.name, attachment.aliases, kept.get('ipv4_address'), kept.get('ipv6_address'),
                              ['%s:%s' % pair for pair in attachment.links])
    return Member(member.id, member.name, moved, kept.get('ipv4_address')), dropped


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
    """The `network_info` module's task: inspect named networks, or list them with filters; a name
    several networks share means the oldest, as in every other module."""
    run_info(module, client_factory, 'networks', list_networks,
             inspect=lambda client, name: resolve_network(client, name).network)
