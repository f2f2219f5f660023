# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A container's networks: check the listed ones exist, plan connects and disconnects.

Mixed into container.ContainerDriver (it uses self.client, self.spec, self.network_info).
The attachments themselves are parsed by specs/endpoints.py. A name that several networks share
means the oldest of them (network/resolve.py): requests then name it by ID.
"""

from ansible_collections.dockyard.docker.plugins.module_utils.api.errors import DockerError
from ansible_collections.dockyard.docker.plugins.module_utils.container.hooks import is_special_network_mode
from ansible_collections.dockyard.docker.plugins.module_utils.network.resolve import request_target, resolve_network
from ansible_collections.dockyard.docker.plugins.module_utils.specs.addresses import subnet_contains
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import TaskFailed, wrap


def _contains(subnet, address):
    try:
        return subnet_contains(subnet, address)
    except ValueError:
        return True


class NetworkSteps:

    def read_networks(self, known=None):
        """Check listed networks exist and requested addresses lie in their subnets. known: the
        networks already inspected, by name (a set of containers reads each network once)."""
        for attachment in self.spec.networks or []:
            network = self._resolve(attachment, known)
            if network is None:
                raise TaskFailed("networks: network '%s' does not exist; create it first with dockyard.docker.network"
                                 % attachment.name)
            subnets = [entry.get('Subnet') for entry in (network.get('IPAM') or {}).get('Config') or []
                       if entry.get('Subnet')]
            for address in (attachment.ipv4_address, attachment.ipv6_address):
                if address and subnets and not any(_contains(subnet, address) for subnet in subnets):
                    raise SpecError('networks.ipv4_address' if '.' in address else 'networks.ipv6_address',
                                    address, "it must lie inside network %s's subnets %s"
                                    % (attachment.name, ', '.join(subnets)))

    def pin_networks(self, known=None):
        """Only resolve the listed networks that exist (the compose module, which creates the missing ones)."""
        for attachment in self.spec.networks or []:
            self._resolve(attachment, known)

    def _resolve(self, attachment, known):
        """The network an attachment names (None when none has the name). When others share its name,
        the endpoint names it by ID too (NetworkID), which dockerd looks up before the ambiguous name.
        known: the networks already resolved, by name (a set of containers reads each network once)."""
        known = {} if known is None else known
        resolved = known.get(attachment.name)
        if resolved is None:
            resolved = wrap('inspect network %s' % attachment.name, resolve_network, self.client, attachment.name)
            known[attachment.name] = resolved
        self.network_info[attachment.name] = resolved
        attachment.network_id = request_target(resolved, None)
        return resolved.network

    def _network_target(self, name):
        """How a request names network `name`: by its ID when other networks share the name. A name
        not read while planning (a network purge_networks disconnects) is resolved now."""
        resolved = self.network_info.get(name)
        if resolved is None:
            try:
                resolved = resolve_network(self.client, name)
            except DockerError:
                return name  # the request by name says what is wrong
            self.network_info[name] = resolved
        return request_target(resolved, name)

    def _on_another_network(self, name, endpoint):
        """True when the container's endpoint `name` is not on the oldest network of a shared name: on a
        younger one, or (a container never started) on none yet, so that its start would be ambiguous."""
        resolved = self.network_info.get(name)
        return bool(resolved is not None and resolved.others and resolved.network is not None
                    and endpoint.get('NetworkID') != resolved.network['Id'])

    def _connect_extra_networks(self, container_id, body):
        spec = self.spec
        attached = body.get('NetworkingConfig', {}).get('EndpointsConfig', {})
        for attachment in spec.networks or []:
            if attachment.name not in attached and not is_special_network_mode(spec.network_mode):
                self.client.post('/networks/{}/connect', self._network_target(attachment.name),
                                 body={'Container': container_id, 'EndpointConfig': attachment.endpoint_config()})

    def _plan_networks(self, plan, actual):
        spec = self.spec
        mode = spec.modes.get('networks')
        if spec.networks is None or mode == 'ignore' or is_special_network_mode(spec.network_mode):
            return
        connected = (actual.get('NetworkSettings') or {}).get('Networks') or {}
        wanted = dict((n.name, n) for n in spec.networks)
        for attachment in spec.networks:
            current = connected.get(attachment.name)
            elsewhere = current is not None and self._on_another_network(attachment.name, current)
            if current is not None and not elsewhere and attachment.matches(current):
                continue
            if elsewhere and current.get('NetworkID'):
                plan.add('disconnect', 'disconnect container %s from network %s (%s), a younger network of the name'
                         % (spec.name, attachment.name, current['NetworkID'][:12]),
                         self._disconnect_call(actual['Id'], attachment.name, current['NetworkID']))
            elif elsewhere:
                plan.add('disconnect', 'disconnect container %s from network %s to name it by ID, as several '
                         'networks have that name' % (spec.name, attachment.name),
                         self._disconnect_call(actual['Id'], attachment.name))
            elif current is not None:
                plan.add('disconnect', 'disconnect container %s from network %s to change its settings'
                         % (spec.name, attachment.name), self._disconnect_call(actual['Id'], attachment.name))
            plan.add('connect', 'connect container %s to network %s' % (spec.name, attachment.name),
                     self._connect_call(actual['Id'], attachment))
        if spec.purge_networks or mode == 'strict':
            for network_name in sorted(connected):
                if network_name not in wanted:
                    plan.add('disconnect', 'disconnect container %s from network %s' % (spec.name, network_name),
                             self._disconnect_call(actual['Id'], network_name))

    def _connect_call(self, container_id, attachment):
        return lambda: self.client.post('/networks/{}/connect', self._network_target(attachment.name),
                                        body={'Container': container_id,
                                              'EndpointConfig': attachment.endpoint_config()})

    def _disconnect_call(self, container_id, network_name, network_id=None):
        return lambda: self.client.post('/networks/{}/disconnect', network_id or self._network_target(network_name),
                                        body={'Container': container_id, 'Force': True})
