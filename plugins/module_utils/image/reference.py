# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Image references: split, normalise, and find or pull an image locally."""

import re

from ansible_collections.dockyard.docker.plugins.module_utils.api.client import REGISTRY_TIMEOUT
from ansible_collections.dockyard.docker.plugins.module_utils.api.errors import StreamError, raise_stream_errors
from ansible_collections.dockyard.docker.plugins.module_utils.api.credentials import registry_auth_header
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError

_REFERENCE = re.compile(r'^[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*)*$')
_TAG = re.compile(r'^[\w][\w.-]{0,127}$')
_DIGEST = re.compile(r'^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$')
_ID = re.compile(r'^(sha256:)?[0-9a-f]{12,64}$')


def split_reference(option, reference):
    """'host:5000/repo:tag' -> ('host:5000/repo', 'tag', None); '@digest' goes to the third slot."""
    text = str(reference).strip()
    digest = None
    if '@' in text:
        text, digest = text.split('@', 1)
        if not _DIGEST.match(digest):
            raise SpecError(option, reference, 'the digest must look like sha256:<hex>')
    repository, tag = text, None
    last = text.rsplit('/', 1)[-1]
    if ':' in last:
        repository, tag = text.rsplit(':', 1)
        if not _TAG.match(tag):
            raise SpecError(option, reference, 'a tag uses letters, digits, _ . - and is at most 128 characters')
    path = repository
    first, _sep, rest = repository.partition('/')
    if rest and ('.' in first or ':' in first or first == 'localhost'):
        path = rest
    if not path or not _REFERENCE.match(path):
        raise SpecError(option, reference,
                        'an image name is [REGISTRY/]REPOSITORY[:TAG][@DIGEST] in lower case, e.g. nginx:1.25')
    return repository, tag, digest


def normalize_reference(option, reference):
    """Add ':latest' when neither tag nor digest is given, as docker does."""
    if is_image_id(reference):
        return reference
    repository, tag, digest = split_reference(option, reference)
    if digest:
        return '%s@%s' % (repository if not tag else '%s:%s' % (repository, tag), digest)
    return '%s:%s' % (repository, tag or 'latest')


# Prefixes an engine may report on names the user typed without them: Docker Hub's, and
# Podman's `localhost/` for images made on the host (built, committed, imported, loaded, tagged).
REPORTED_PREFIXES = ('docker.io/library/', 'docker.io/', 'localhost/')


def familiar_name(reference):
    """'docker.io/library/x:1' or (Podman) 'localhost/x:1' -> 'x:1', the form `docker images` shows."""
    for prefix in REPORTED_PREFIXES:
        if reference.startswith(prefix):
            return reference[len(prefix):]
    return reference


def is_image_id(text):
    return bool(_ID.match(str(text))) and ':' not in str(text).replace('sha256:', '')


def registry_of(repository):
    """The registry host of a repository, or None for Docker Hub."""
    first, _sep, rest = repository.partition('/')
    if rest and ('.' in first or ':' in first or first == 'localhost'):
        return first
    return None


def pull_image(client, reference, platform=None):
    """Pull and return the local inspect data; raises StreamError with the daemon's reason."""
    repository, tag, digest = split_reference('image', reference)
    query = {'fromImage': repository, 'tag': digest or tag or 'latest'}
    if platform:
        query['platform'] = platform
    headers = {'X-Registry-Auth': registry_auth_header(registry_of(repository))}
    messages = client.stream_json('POST', '/images/create', query=query, headers=headers, timeout=REGISTRY_TIMEOUT)
    # Named, like a failed build: a pull cut by a daemon going down ends with the
    # daemon's own words ("failed to copy: ... EOF" from the containerd store).
    for _message in raise_stream_errors(messages, daemon=client.describe()):
        pass
    image = client.inspect('images', reference)
    if image is None:
        # The progress stream ended without an error, but no image came of it.
        raise StreamError('the daemon at %s ended the pull without the image; was dockerd stopped or '
                          'restarted? Run the task again' % client.describe())
    return image
