# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Calling an endpoint that walks every object of a kind: the image list, the disk usage.

Such a walk fails as a whole when an object is removed under it by another client: 404 'content
digest ... not found' from the containerd store's image list, 404 '... snapshot ... does not exist'
or 500 '... rw layer snapshot not found for container ...' from the disk usage (Podman's: '... image not
known', 'lstat .../volumes/ID/_data: no such file or directory'). The next walk no
longer sees that object; on a daemon that removes objects all the time (a CI job, a prune loop, a
busy host) it may meet another, so it is read again, each time after a longer pause, for at least
WALK_ATTEMPTS attempts and up to WALK_WAIT seconds. Docker before 23 also refuses a disk-usage walk
while another client's runs (500 'a disk usage operation is already running'): that one ends, so it
is waited for, up to WALK_WAIT seconds. Podman's network prune is such a walk too: it reads every
container's networks before it removes any, and fails whole on a container removed meanwhile.
"""

import random
import time

from ansible_collections.dockyard.docker.plugins.module_utils.api.client import DockerError
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import daemon_failed

WALK_ATTEMPTS = 10
WALK_WAIT = 60
WALK_PAUSE = 0.2
WALK_PAUSE_MAX = 1.0


def read_walk(client, description, path, query=None):
    """GET path, read again while objects vanish during the daemon's walk and while another
    client's walk runs; any other error fails the task as 'Failed to <description>: <reason>'."""
    return repeat_walk(lambda: client.get(path, query=query), description)


def repeat_walk(request, description, vanished=None):
    """request() again while it fails because objects vanished under the daemon's walk (vanished(exc);
    default: a not-found answer) or another client's walk runs; any other error fails the task as
    'Failed to <description>: <reason>'. A request that changes something must be one that a
    failed walk left undone (Podman's network prune reads every container before it removes anything)."""
    deadline = time.monotonic() + WALK_WAIT
    attempt = 0
    while True:
        attempt += 1
        try:
            return request()
        except DockerError as exc:
            if not _worth_reading_again(exc, attempt, deadline, vanished or _vanished):
                raise daemon_failed(description, exc)
        # Jittered, so that readers refused together do not collide again.
        time.sleep(min(WALK_PAUSE * attempt, WALK_PAUSE_MAX) * random.uniform(0.5, 1.5))


def _worth_reading_again(exc, attempt, deadline, vanished):
    in_time = time.monotonic() < deadline
    if 'already running' in exc.reason:
        return in_time
    return vanished(exc) and (attempt < WALK_ATTEMPTS or in_time)


def _vanished(exc):
    # Podman sizes each volume's folder during its disk-usage walk: a volume removed meanwhile shows as
    # lstat's 'no such file or directory'.
    return exc.not_found or 'not found' in exc.reason or 'no such file or directory' in exc.reason
