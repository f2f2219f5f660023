# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Volume specs in the forms `docker run -v` takes.

    name:/path[:MODE]        a named volume
    /host/path:/path[:MODE]  a bind mount (~ expands on the managed host)
    /path                    an anonymous volume
MODE is a comma-separated list of ro, rw, z, Z, nocopy and the propagation modes.
"""

import os
import re

from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError

ACCEPTED = ("accepted forms are NAME:/container/path[:MODE], /host/path:/container/path[:MODE] "
            "and /container/path; MODE is ro, rw, z, Z, nocopy or a propagation mode")
MODES = frozenset(['ro', 'rw', 'z', 'Z', 'nocopy', 'shared', 'slave', 'private',
                   'rshared', 'rslave', 'rprivate', 'consistent', 'cached', 'delegated'])
VOLUME_NAME = re.compile(r'^[a-zA-Z0-9][a-zA-Z0-9_.-]*$')


class VolumeSpec:
    """One parsed -v entry. source is None for an anonymous volume."""

    def __init__(self, source, target, mode, kind):
        self.source = source
        self.target = target
        self.mode = mode
        self.kind = kind  # 'volume', 'bind' or 'anonymous'

    def bind(self):
        """The HostConfig.Binds string, as the daemon reports it back."""
        text = '%s:%s' % (self.source, self.target)
        return '%s:%s' % (text, self.mode) if self.mode else text

    def __eq__(self, other):
        return isinstance(other, VolumeSpec) and vars(self) == vars(other)

    def __repr__(self):
        return 'VolumeSpec(%r)' % vars(self)


def _check_mode(option, spec, mode):
    parts = mode.split(',')
    if not all(part in MODES for part in parts):
        raise SpecError(option, spec, ACCEPTED)
    if 'ro' in parts and 'rw' in parts:
        raise SpecError(option, spec, 'a volume is either ro or rw, not both')
    return mode


def parse_volume_spec(option, spec):
    text = str(spec).strip()
    parts = text.split(':')
    if not text or len(parts) > 3:
        raise SpecError(option, spec, ACCEPTED)
    if len(parts) == 1:
        if not text.startswith('/'):
            raise SpecError(option, spec, 'an anonymous volume needs an absolute container path; ' + ACCEPTED)
        return VolumeSpec(None, os.path.normpath(text), '', 'anonymous')
    source, target = parts[0], parts[1]
    mode = _check_mode(option, spec, parts[2]) if len(parts) == 3 else ''
    if not target.startswith('/'):
        raise SpecError(option, spec, 'the container path must be absolute; ' + ACCEPTED)
    target = os.path.normpath(target)
    if source.startswith('~'):
        source = os.path.expanduser(source)
    if source.startswith('/'):
        return VolumeSpec(os.path.normpath(source), target, mode, 'bind')
    if not VOLUME_NAME.match(source):
        raise SpecError(option, spec, 'a volume name uses letters, digits, _ . - (a host path must be absolute); '
                        + ACCEPTED)
    return VolumeSpec(source, target, mode, 'volume')


def parse_volume_specs(option, specs):
    parsed = [parse_volume_spec(option, spec) for spec in specs or []]
    targets = [volume.target for volume in parsed]
    for target in targets:
        if targets.count(target) > 1:
            raise SpecError(option, target, 'each container path may be mounted only once')
    return parsed
