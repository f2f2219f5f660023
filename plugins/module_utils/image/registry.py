# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a registry holds: the manifest digest of a tag (is the local image current?), and push."""

from ansible_collections.dockyard.docker.plugins.module_utils.api.client import REGISTRY_TIMEOUT, DockerError
from ansible_collections.dockyard.docker.plugins.module_utils.api.errors import raise_stream_errors
from ansible_collections.dockyard.docker.plugins.module_utils.api.credentials import registry_auth_header
from ansible_collections.dockyard.docker.plugins.module_utils.image.reference import registry_of, split_reference


def registry_digest(client, reference):
    """The manifest digest the registry holds for REPO:TAG, or None when it holds none (or is unreachable)."""
    repository = split_reference('name', reference)[0]
    try:
        data = client.get('/distribution/{}/json', reference,
                          headers={'X-Registry-Auth': registry_auth_header(registry_of(repository))})
    except DockerError:
        return None
    return ((data or {}).get('Descriptor') or {}).get('digest')


def holds_digest(image, digest):
    """Whether the local image is known to be the content the registry holds as digest.

    A manifest digest pins the content whatever name recorded it (an earlier pull or push): the
    host may know it as localhost:5000/app for 127.0.0.1:5000/app, or as busybox for
    docker.io/library/busybox. With the containerd image store the image's ID is the digest itself.
    """
    if not image or not digest:
        return False
    recorded = [entry.rsplit('@', 1)[-1] for entry in image.get('RepoDigests') or []]
    return digest in recorded or image.get('Id') == digest


def push_image(client, reference):
    """docker push REPO:TAG; returns the digest the registry now holds."""
    repository, tag, _digest = split_reference('name', reference)
    pushed_digest = None
    messages = client.stream_json('POST', '/images/{}/push', repository, query={'tag': tag or 'latest'},
                                  headers={'X-Registry-Auth': registry_auth_header(registry_of(repository))},
                                  timeout=REGISTRY_TIMEOUT)
    for message in raise_stream_errors(messages):
        pushed_digest = (message.get('aux') or {}).get('Digest') or _digest_in_status(message) or pushed_digest
    return pushed_digest


def _digest_in_status(message):
    """'1: digest: sha256:... size: 422': the containerd image store says the pushed digest only
    in this status line (the graphdriver store also sends it as aux.Digest)."""
    status = message.get('status') or ''
    marker = ' digest: '
    if marker not in status:
        return None
    digest = status.split(marker, 1)[1].split()[0]
    return digest if digest.startswith('sha256:') else None
