# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the inventory plugins (containers, swarm_nodes) share: how they read their file, the daemons
they read, the collection's client for each, the standard inventory cache, and hosts with Constructable vars.

Everything a daemon reports (names, labels, inspect data, a node's self-reported hostname) is written by
whoever starts a container, publishes an image or runs a swarm node. It enters the inventory marked unsafe
(wrap_var: AnsibleUnsafe on ansible-core 2.16-2.18, untrusted by data tagging on 2.19+), so that no Jinja
in it is ever templated on the controller: host names, variables, the groups made from them and what the
Constructable options compute from them."""

from __future__ import annotations

from ansible.errors import AnsibleParserError
from ansible.inventory.group import to_safe_group_name
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable
from ansible.utils.unsafe_proxy import wrap_var
from ansible.utils.vars import combine_vars

from ansible_collections.dockyard.docker.plugins.module_utils.api.client import DockerConnectionError, DockerError
from ansible_collections.dockyard.docker.plugins.module_utils.api.connection_options import client_from_params
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.specs.filters import parse_filters

DAEMON_OPTIONS = ('docker_host', 'docker_context', 'tls', 'validate_certs', 'ca_path', 'client_cert', 'client_key', 'timeout',
                  'api_version')


class DaemonsInventory(BaseInventoryPlugin, Constructable, Cacheable):
    """An inventory of what some daemons list: a file named *FILE_NAME.yml (or .yaml), its `filters` (of
    FILTER_NAMES; None: any), hosts from the cache or from hosts_of(daemon, filters) for each daemon, each
    added with the groups groups_of(vars) names."""

    FILE_NAME = None
    FILTER_NAMES = None
    groups_of = None

    @staticmethod
    def _sanitize_group_name(name):
        """Constructable's keyed_groups name groups after values from the daemon: those names are unsafe too."""
        return wrap_var(to_safe_group_name(name))

    def verify_file(self, path):
        return super().verify_file(path) and path.endswith((self.FILE_NAME + '.yml', self.FILE_NAME + '.yaml'))

    def parse(self, inventory, loader, path, cache=True):
        super().parse(inventory, loader, path, cache)
        self._read_config_data(path)
        filters = ask(self, 'read filters', parse_filters, 'filters', self.get_option('filters') or None,
                      names=self.FILTER_NAMES)
        hosts = cached_hosts(self, path, cache, lambda: self._read_hosts(filters))
        add_hosts(self, hosts, self.groups_of)

    def _read_hosts(self, filters):
        hosts = []
        for daemon in daemons(self):
            hosts.extend(self.hosts_of(daemon, filters))
            daemon.client.close()
        return hosts

    def hosts_of(self, daemon, filters):
        """[[hostname, vars], ...] of one daemon."""
        raise NotImplementedError


class Daemon:
    """One daemon an inventory reads: its connection options, its client, its hosts' name prefix."""

    def __init__(self, params, host_prefix):
        self.params = params
        self.host_prefix = host_prefix
        self.client = client_from_params(params)

    @property
    def docker_host(self):
        return self.client.docker_host


def daemons(plugin):
    """The daemons of the inventory file: each entry of `daemons` over the top-level options, or those alone."""
    defaults = dict((option, plugin.get_option(option)) for option in DAEMON_OPTIONS)
    entries = plugin.get_option('daemons') or [{}]
    found = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise AnsibleParserError('%s: daemons[%d]: invalid value %r; give a dict of connection options'
                                     % (plugin.NAME, index, entry))
        unknown = sorted(set(entry) - set(DAEMON_OPTIONS) - {'host_prefix'})
        if unknown:
            raise AnsibleParserError('%s: daemons[%d]: unknown option %s; accepted are %s'
                                     % (plugin.NAME, index, ', '.join(unknown), ', '.join(DAEMON_OPTIONS + ('host_prefix',))))
        params = dict(defaults)
        params.update((key, value) for key, value in entry.items() if key != 'host_prefix' and value is not None)
        try:
            found.append(Daemon(params, str(entry.get('host_prefix') or '')))
        except (DockerConnectionError, SpecError) as exc:
            raise AnsibleParserError('%s: daemons[%d]: %s' % (plugin.NAME, index, exc))
    return found


def ask(plugin, what, call, *args, **kwargs):
    """A daemon request whose failure stops the inventory with one line naming what was asked."""
    try:
        return call(*args, **kwargs)
    except (DockerError, DockerConnectionError, SpecError) as exc:
        raise AnsibleParserError('%s: cannot %s: %s' % (plugin.NAME, what, exc))


def cached_hosts(plugin, path, cache, read_hosts):
    """[[hostname, vars], ...] from the inventory cache when it is on and filled, else from
    read_hosts() (then stored, so the next run can use it): the standard Cacheable flow."""
    key = plugin.get_cache_key(path)
    use_cache = plugin.get_option('cache')
    if use_cache and cache:
        try:
            return plugin._cache[key]
        except KeyError:
            pass
    hosts = read_hosts()
    if use_cache:
        plugin._cache[key] = hosts
    return hosts


def add_hosts(plugin, hosts, groups_of=None):
    """Add the hosts with their vars, their own groups (groups_of(vars) -> names) and the
    Constructable compose / groups / keyed_groups."""
    inventory, strict = plugin.inventory, plugin.get_option('strict')
    seen = {}
    for hostname, hostvars in hosts:
        # Wrapped here rather than where they are read: hosts from the inventory cache are wrapped too.
        hostname, hostvars = wrap_var(hostname), dict((key, wrap_var(value)) for key, value in hostvars.items())
        if hostname in seen:
            raise AnsibleParserError('%s: host %s is on two daemons (%s and %s); give the daemons entries a host_prefix'
                                     % (plugin.NAME, hostname, seen[hostname], hostvars.get('docker_daemon')))
        seen[hostname] = hostvars.get('docker_daemon')
        inventory.add_host(hostname)
        for key, value in hostvars.items():
            inventory.set_variable(hostname, key, value)
        for group in (groups_of(hostvars) if groups_of else []):
            inventory.add_child(inventory.add_group(wrap_var(to_safe_group_name(group, force=True, silent=True))), hostname)
        plugin._set_composite_vars(plugin.get_option('compose'), hostvars, hostname, strict=strict)
        variables = combine_vars(hostvars, inventory.get_host(hostname).get_vars())
        plugin._add_host_to_composed_groups(plugin.get_option('groups'), variables, hostname, strict=strict)
        plugin._add_host_to_keyed_groups(plugin.get_option('keyed_groups'), variables, hostname, strict=strict)
