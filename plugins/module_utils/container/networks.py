# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A container's networks: check the listed ones exist, plan connects and disconnects.

Mixed into container.ContainerDriver (it uses self.client, self.spec, self.network_info).
The attachments themselves are parsed by specs/endpoints.py.
"""

from ansible_collections.dockyard.docker.plugins.module_utils.container.hooks import is_special_network_mode
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
        known = {} if known is None else known
        for attachment in self.spec.networks or []:
            network = known.get(attachment.name)
            if network is None:
                network = wrap('inspect network %s' % attachment.name, self.client.inspect, 'networks', attachment.name)
                known[attachment.name] = network
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
            self.network_info[attachment.name] = network

    def _connect_extra_networks(self, container_id, body):
        spec = self.spec
        attached = body.get('NetworkingConfig', {}).get('EndpointsConfig', {})
        for attachment in spec.networks or []:
            if attachment.name not in attached and not is_special_network_mode(spec.network_mode):
                self.client.post('/networks/{}/connect', attachment.name,
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
            if current is not None and attachment.matches(current):
                continue
            if current is not None:
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
        return lambda: self.client.post('/networks/{}/connect', attachment.name,
                                        body={'Container': container_id,
                                              'EndpointConfig': attachment.endpoint_config()})

    def _disconnect_call(self, container_id, network_name):
        return lambda: self.client.post('/networks/{}/disconnect', network_name,
                                        body={'Container': container_id, 'Force': True})
