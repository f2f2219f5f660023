# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The `host_info` module: docker info and docker version, and the registry mirrors in use."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.dockyard.docker.plugins.module_utils.state import wrap


def read_host(client):
    info = wrap('read docker info', client.get, '/info')
    version = wrap('read docker version', client.server_version)
    mirrors = (info.get('RegistryConfig') or {}).get('Mirrors') or []
    return dict(changed=False, info=info, version=version, registry_mirrors=mirrors)


def run_host_info(module, client_factory):
    """The `host_info` module's task."""
    module.exit_json(**read_host(client_factory(module.params)))
