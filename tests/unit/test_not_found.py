"""Every engine's "it is not there" answer reads as not found: readers that list, then read, take an
object removed in between for gone instead of failing (Podman answers some reads of a removed
container with 500, not 404)."""

import pytest

from ansible_collections.dockyard.docker.plugins.module_utils.api.errors import DockerError

GONE = [
    (404, 'No such container: 0123456789ab'),                                     # Docker
    (404, 'No such image: busybox:nope'),
    (404, 'network web not found'),
    (404, 'get web: no such volume'),
    (404, 'node 0123 not found'),
    (404, 'service web not found'),
    (500, 'no container with ID 0123456789ab found in database: no such container'),  # Podman stats
    (500, 'no container with name or ID "web" found: no such container'),
    (500, 'no such image: busybox:nope'),
    (500, 'unable to find network with name or ID web: network not found'),
    (500, 'no volume with name "data" found: no such volume'),
    (500, 'no pod with name or ID x found: no such pod'),
    (500, 'reading image "ceebd9d5": locating image with ID "ceebd9d5": image not known'),  # Podman storage
    (500, 'reading container 0123: container not known'),
    (500, 'reading layer 0123: layer not known'),
]
NOT_GONE = [
    (500, 'driver failed programming external connectivity on endpoint web'),
    (500, 'Error response from daemon: rw layer snapshot not found for container 0123'),
    (500, 'container 0123 is not running'),
    (409, 'Conflict. The container name "/web" is already in use'),
    (400, 'invalid reference format'),
]


@pytest.mark.parametrize('status, reason', GONE)
def test_an_engine_not_found_answer_reads_as_not_found(status, reason):
    assert DockerError(status, reason).not_found


@pytest.mark.parametrize('status, reason', NOT_GONE)
def test_other_errors_do_not(status, reason):
    assert not DockerError(status, reason).not_found
