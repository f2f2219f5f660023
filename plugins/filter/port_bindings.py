# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The container module's own port parser as a filter, so roles check ports by the same rules."""

from ansible.errors import AnsibleFilterError

from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.specs.ports import parse_port_spec


def port_bindings(spec, option='published_ports'):
    """[{container_port, host_ip, host_port}] of one docker run -p spec; one-line error when invalid."""
    try:
        bindings = parse_port_spec(option, spec)
    except SpecError as exc:
        raise AnsibleFilterError(str(exc))
    return [dict(container_port=port, host_ip=host_ip, host_port=host_port) for port, host_ip, host_port in bindings]


class FilterModule:

    def filters(self):
        return {'port_bindings': port_bindings}
