# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Images from and to files and containers: docker load, import, save and commit.

load and save compare the image IDs recorded in the archive's manifest.json.
import and commit make a new image ID on every call, so they store a hash of
their inputs as a label and are skipped when the image already carries it.
"""

import contextlib
import json
import os
import tarfile
import tempfile

from ansible_collections.dockyard.docker.plugins.module_utils.api.client import IMAGE_TRANSFER_TIMEOUT, Repeated
from ansible_collections.dockyard.docker.plugins.module_utils.api.errors import raise_stream_errors
from ansible_collections.dockyard.docker.plugins.module_utils.core.files import file_sha256, write_blocks
from ansible_collections.dockyard.docker.plugins.module_utils.image.build import inputs_digest
from ansible_collections.dockyard.docker.plugins.module_utils.image.reference import familiar_name, split_reference
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import TaskFailed

IMPORT_LABEL = 'dockyard.import.hash'
COMMIT_LABEL = 'dockyard.commit.hash'
CHANGE_INSTRUCTIONS = ('CMD', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'LABEL', 'ONBUILD', 'USER', 'VOLUME', 'WORKDIR')


def check_changes(changes):
    """Dockerfile instructions that import and commit accept (docker import/commit -c)."""
    for change in changes or []:
        word = str(change).strip().split(None, 1)[0].upper() if str(change).strip() else ''
        if word not in CHANGE_INSTRUCTIONS or len(str(change).split(None, 1)) < 2:
            raise SpecError('changes', change, 'each entry is one of %s followed by its arguments, e.g. CMD ["sh"]'
                            % ', '.join(CHANGE_INSTRUCTIONS))
    return [str(change).strip() for change in changes or []]


def label_of(image, name):
    return (((image or {}).get('Config') or {}).get('Labels') or {}).get(name)


def _upload(client, path, endpoint, query):
    """Stream a file to the daemon; returns the progress messages (errors raised)."""
    with open(path, 'rb') as handle:
        size = os.fstat(handle.fileno()).st_size
        messages = client.stream_json('POST', endpoint, query=query, body=handle, headers={'Content-Length': str(size)},
                                      timeout=IMAGE_TRANSFER_TIMEOUT)
        return list(raise_stream_errors(messages))


# -- save archives (docker save / docker load) --------------------------------------------------

def archive_manifest(option, path):
    """[(image IDs, [repo tags])] from a docker save archive, or None when the file does not exist.

    An image has one ID per image store: the graphdriver store names it by its config digest,
    the containerd store by its manifest (or index) digest, which the archive's OCI index.json
    lists (Docker 25 and later write both files). Either ID matches the image.
    """
    if not os.path.exists(path):
        return None
    try:
        with tarfile.open(path) as archive:
            entries = json.loads(_member(archive, 'manifest.json'))
            targets = _targets_by_config(archive)
    except (tarfile.TarError, KeyError, ValueError, AttributeError, IOError, OSError) as exc:
        raise SpecError(option, path, 'it must be a docker save archive with a manifest.json (%s)' % exc)
    manifest = []
    for entry in entries:
        config_id = 'sha256:' + entry['Config'].split('/')[-1].replace('.json', '').replace('sha256:', '')
        tags = [familiar_name(tag) for tag in entry.get('RepoTags') or []]
        manifest.append(((config_id,) + tuple(targets.get(config_id, ())), tags))
    return manifest


def _member(archive, name):
    return archive.extractfile(name).read().decode('utf-8')


def _targets_by_config(archive):
    """config digest -> digests of the OCI index entries (manifest or image index) that hold it."""
    try:
        index = json.loads(_member(archive, 'index.json'))
    except KeyError:
        return {}  # written by a daemon before Docker 25: manifest.json only
    targets = {}
    for target in index.get('manifests') or []:
        for config in _configs_of(archive, target['digest'], depth=2):
            targets.setdefault(config, []).append(target['digest'])
    return targets


def _configs_of(archive, digest, depth):
    try:
        blob = json.loads(_member(archive, 'blobs/sha256/' + digest.split(':')[-1]))
    except KeyError:
        return []  # a platform the daemon did not save
    if 'config' in blob:
        return [blob['config']['digest']]
    if depth <= 0:
        return []
    return [config for child in blob.get('manifests') or [] for config in _configs_of(archive, child['digest'], depth - 1)]


def archive_holds(manifest, image_id, reference):
    return any(image_id in entry_ids and reference in tags for entry_ids, tags in manifest or [])


def save_archive(client, reference, path):
    """docker save REFERENCE -o PATH (a list of references: all of them in the one archive), written to disk
    as it arrives, never whole in memory (an image may be gigabytes). As core/files.write_atomically does for data in memory: a temporary file beside
    PATH (mode 0600), fsynced, then moved over it; a failure (a daemon error, a lost connection, a
    full disk) leaves no half archive and the previous one in place."""
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        os.makedirs(folder)
    if isinstance(reference, list):
        chunks = client.stream_chunks('GET', '/images/get', query={'names': Repeated(reference)},
                                      timeout=IMAGE_TRANSFER_TIMEOUT)
    else:
        chunks = client.stream_chunks('GET', '/images/{}/get', reference, timeout=IMAGE_TRANSFER_TIMEOUT)
    handle, temp_path = tempfile.mkstemp(dir=folder, prefix='.%s.' % os.path.basename(path))
    try:
        with contextlib.closing(chunks), os.fdopen(handle, 'wb') as stream:
            write_blocks(stream, chunks, path)
        os.rename(temp_path, path)
    finally:
        if os.path.exists(temp_path):
            os.unlink(temp_path)
    directory = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(directory)  # the rename survives a crash
    finally:
        os.close(directory)


def load_plan_reason(client, manifest, reference):
    """Why the archive must be loaded, or None when every image and tag in it is already here."""
    for image_ids, tags in manifest:
        if local_image_id(client, image_ids) is None:
            return 'image %s is not on the host' % image_ids[0][:19]
        for tag in tags:
            current = client.inspect('images', tag)
            if current is None or current.get('Id') not in image_ids:
                return 'tag %s does not point at %s' % (tag, image_ids[0][:19])
    target = client.inspect('images', reference)
    if target is None or target.get('Id') not in [image_id for image_ids, _tags in manifest for image_id in image_ids]:
        return '%s is not the loaded image' % reference
    return None


def local_image_id(client, image_ids):
    """The one of an archive image's IDs this daemon's image store knows it by, or None."""
    for image_id in image_ids:
        image = client.inspect('images', image_id)
        if image is not None and image.get('Id') == image_id:
            return image_id
    return None


def check_load_target(manifest, reference):
    """An archive with several images must name the wanted one among its tags."""
    if len(manifest) > 1 and not any(reference in tags for _id, tags in manifest):
        raise SpecError('name', reference, 'the archive holds several images; name one of its tags: %s'
                        % ', '.join(sorted(tag for _id, tags in manifest for tag in tags)))


def load_archive(client, path, manifest, reference):
    """docker load -i PATH, then tag the loaded image as REFERENCE when the archive did not name it."""
    _upload(client, path, '/images/load', {'quiet': True})
    if not any(reference in tags for _id, tags in manifest):
        tag_image(client, local_image_id(client, manifest[0][0]), reference)


def tag_image(client, source, reference):
    repository, tag, _digest = split_reference('name', reference)
    client.post('/images/{}/tag', source, query={'repo': repository, 'tag': tag or 'latest'})


# -- docker import ------------------------------------------------------------------------------------

def import_hash(path, changes, message, platform):
    return inputs_digest([file_sha256(path), changes, message, platform])


def import_needed(image, content_hash):
    return label_of(image, IMPORT_LABEL) != content_hash


def import_tarball(client, path, reference, changes, message, platform, content_hash):
    repository, tag, _digest = split_reference('name', reference)
    query = {'fromSrc': '-', 'repo': repository, 'tag': tag or 'latest', 'message': message, 'platform': platform,
             'changes': Repeated(list(changes) + ['LABEL %s=%s' % (IMPORT_LABEL, content_hash)])}
    _upload(client, path, '/images/create', query)


# -- docker commit ------------------------------------------------------------------------------------

def read_container(client, name):
    container = client.inspect('containers', name)
    if container is None:
        raise TaskFailed('container: no container named %s exists; create it before committing it' % name)
    return container


def commit_hash(client, container, changes, author, message):
    """Inputs of a commit: the container, its file system changes, and the commit options."""
    fs_changes = client.get('/containers/{}/changes', container['Id']) or []
    paths = sorted((entry.get('Kind'), entry.get('Path')) for entry in fs_changes)
    return inputs_digest([container['Id'], paths, changes, author, message])


def commit_needed(image, content_hash):
    return label_of(image, COMMIT_LABEL) != content_hash


def commit_container(client, container, reference, changes, author, message, pause, content_hash):
    repository, tag, _digest = split_reference('name', reference)
    query = {'container': container['Id'], 'repo': repository, 'tag': tag or 'latest',
             'author': author, 'comment': message, 'pause': pause,
             'changes': Repeated(list(changes) + ['LABEL %s=%s' % (COMMIT_LABEL, content_hash)])}
    return client.post('/commit', query=query)
