# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Docker SDK for Python, for the few tasks that need it (see docs/developing.md).

Inspect, create, start and every other request go through client.py, which needs
only the standard library: importing the SDK costs about a quarter of a second per
task. The SDK is the maintained implementation of three things we do not restate:
build contexts and their .dockerignore rules (docker.utils.build), credential
helpers (docker.credentials) and the ssh:// transport (docker.transport.sshconn).
Those tasks import it here, inside the function that needs it.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import importlib
import sys

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
