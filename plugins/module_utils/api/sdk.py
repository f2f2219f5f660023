# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Docker SDK for Python, for the few tasks that need it (see docs/developing.md).

Inspect, create, start and every other request go through api/client.py, which needs
only the standard library: importing the SDK costs about a quarter of a second per
task. The SDK is the maintained implementation of three things we do not restate:
build contexts and their .dockerignore rules (docker.utils.build), credential
helpers (docker.credentials) and the ssh:// transport (docker.transport.sshconn).
Those tasks import it here, inside the function that needs it.
"""

import importlib
import importlib.util
import os
import sys
import types

SDK_PACKAGE = 'docker>=7.0'
SSH_PACKAGE = 'docker[ssh]>=7.0'


class SdkMissing(Exception):
    """The task needs the Docker SDK (or one of its extras) and the managed host lacks it."""


def import_sdk(module_name, feature, package=SDK_PACKAGE):
    """Import docker.<module_name> for `feature`, or raise SdkMissing saying what to install where."""
    try:
        return importlib.import_module('docker.' + module_name)
    except ImportError as exc:
        raise SdkMissing('%s needs the Docker SDK for Python on the managed host (%s): pip install "%s" '
                         'with the interpreter Ansible uses there (%s)'
                         % (feature, exc, package, sys.executable))


def import_sdk_leaf(module_name, feature, packages=('docker', 'docker.utils')):
    """docker.<module_name> without running the SDK's package __init__ files, which import requests,
    urllib3 and the API client (about 0.2 s): for SDK modules that import only other such leaves
    (docker.utils.build needs docker.constants and docker.utils.fnmatch). The module is the SDK's
    own code; the stand-in packages are dropped again, so a later `import docker` is the real one."""
    if 'docker' in sys.modules:
        return import_sdk(module_name, feature)
    try:
        found = importlib.util.find_spec('docker')
    except (ImportError, ValueError):
        found = None
    if found is None or not found.submodule_search_locations:
        return import_sdk(module_name, feature)
    root = list(found.submodule_search_locations)[0]
    for package in packages:
        stand_in = types.ModuleType(package)
        stand_in.__path__ = [os.path.join(root, *package.split('.')[1:])]
        sys.modules[package] = stand_in
    try:
        return import_sdk(module_name, feature)
    finally:
        for name in [name for name in sys.modules if name == 'docker' or name.startswith('docker.')]:
            del sys.modules[name]
