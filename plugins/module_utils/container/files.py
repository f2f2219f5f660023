# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Files between the managed host and a container, through the Engine API.

    PUT /containers/{id}/archive   a tar stream unpacked into the container (created or stopped is fine)
    GET /containers/{id}/archive   a tar stream of a path in the container

The daemon need not share the managed host's file system (a tcp:// or ssh-forwarded
daemon, a daemon in a VM or another container): the bytes travel in the request. Both
directions stream, so a file of any size passes without being held in memory.
"""

import os
import base64
import hashlib
import json
import tarfile
import time
from contextlib import contextmanager

from ansible_collections.dockyard.docker.plugins.module_utils.api.client import CONTAINER_WAIT_TIMEOUT
from ansible_collections.dockyard.docker.plugins.module_utils.api.errors import StreamError
from ansible_collections.dockyard.docker.plugins.module_utils.core.files import write_blocks

BLOCK = 512
# Podman answers GET /containers/{id}/archive with 200 and no body when its copy fails after the
# headers went out: seen under load on a helper container that had just exited ('copier: get: globs
# [...] matched nothing' in its log, for a file the helper had written). The path was there (no
# 404): it is read again, after a longer pause each time.
EMPTY_ARCHIVE_ATTEMPTS = 5
EMPTY_ARCHIVE_PAUSE = 0.5


class TarStream:
    """A file-like tar stream of members, each file's data read straight from disk as the stream is read.

    A member is a dict: name, mode, uid, gid, mtime (default now) and what it is: path (a local file's
    content), data (bytes), linkname (a symbolic link) or directory (True).
    """

    def __init__(self, members):
        self._parts = []  # (kind 'bytes' or 'file', the bytes or the file's path, size)
        for member in members:
            self._add(**member)
        self._bytes(b'\0' * (2 * BLOCK))
        self.length = sum(size for _kind, _value, size in self._parts)
        self._current = None

    def _bytes(self, data):
        self._parts.append(('bytes', data, len(data)))

    def _add(self, name, mode=0o600, uid=0, gid=0, path=None, data=None, linkname=None, directory=False, mtime=None):
        info = tarfile.TarInfo(name)
        info.mode, info.uid, info.gid = mode, uid, gid
        info.mtime = int(time.time() if mtime is None else mtime)
        content = None
        if directory:
            info.type = tarfile.DIRTYPE
        elif linkname is not None:
            info.type, info.linkname = tarfile.SYMTYPE, linkname
        elif data is not None:
            info.size, content = len(data), ('bytes', data, len(data))
        else:
            info.size = os.path.getsize(path)
            content = ('file', path, info.size)
        self._bytes(info.tobuf(format=tarfile.PAX_FORMAT))
        if content is not None:
            self._parts.append(content)
            self._bytes(b'\0' * ((BLOCK - info.size % BLOCK) % BLOCK))

    def read(self, size=-1):
        size = 65536 if size is None or size < 0 else size
        while self._parts or self._current is not None:
            if self._current is None:
                kind, value, _size = self._parts.pop(0)
                self._current = open(value, 'rb') if kind == 'file' else _Bytes(value)
            data = self._current.read(size)
            if data:
                return data
            self._current.close()
            self._current = None
        return b''


class _Bytes:

    def __init__(self, data):
        self.data = data

    def read(self, size):
        data, self.data = self.data[:size], self.data[size:]
        return data

    def close(self):
        pass


class _ChunkReader:
    """A file-like over an iterator of byte chunks (tarfile's stream mode reads from it)."""

    def __init__(self, chunks):
        self._chunks = iter(chunks)
        self._buffer = b''

    def read(self, size=-1):
        while size < 0 or len(self._buffer) < size:
            chunk = next(self._chunks, None)
            if chunk is None:
                break
            self._buffer += chunk
        if size < 0:
            size = len(self._buffer)
        data, self._buffer = self._buffer[:size], self._buffer[size:]
        return data

    def has_data(self):
        """True unless the stream ends before its first byte (the first chunk is kept for read)."""
        while not self._buffer:
            chunk = next(self._chunks, None)
            if chunk is None:
                return False
            self._buffer += chunk
        return True


@contextmanager
def archive_stream(client, container_id, container_path):
    """GET /containers/{id}/archive of container_path, as tarfile's stream mode reads it; an empty answer
    is asked for again (EMPTY_ARCHIVE_ATTEMPTS). The answer is closed on leaving: the daemon holds the
    container while it sends."""
    for attempt in range(1, EMPTY_ARCHIVE_ATTEMPTS + 1):
        chunks = client.stream_chunks('GET', '/containers/{}/archive', container_id, query={'path': container_path})
        reader = _ChunkReader(chunks)
        if reader.has_data():
            break
        chunks.close()
        if attempt == EMPTY_ARCHIVE_ATTEMPTS:
            raise StreamError('the daemon sent an empty archive of %s in container %s, %d times'
                              % (container_path, container_id[:12], attempt))
        time.sleep(EMPTY_ARCHIVE_PAUSE * attempt)
    try:
        with tarfile.open(fileobj=reader, mode='r|') as stream:
            yield stream
    finally:
        chunks.close()


def file_sha256(path):
    """sha256 hex of a local file's content, read in blocks."""
    digest = hashlib.sha256()
    with open(path, 'rb') as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b''):
            digest.update(block)
    return digest.hexdigest()


def put_file(client, container_id, local_path, container_path, keep_folder=False, **member):
    """Copy one local file into the container at container_path (its folder must exist there).

    member: mode, uid, gid and mtime of the file written; data (bytes) instead of local_path;
    linkname to write a symbolic link instead. keep_folder: the daemon refuses to replace a folder
    at container_path (else it removes the folder, with all it holds, for the file).
    """
    folder, name = os.path.split(container_path)
    put_members(client, container_id, folder or '/', [dict(member, name=name, path=local_path)], keep_folder)


def put_members(client, container_id, folder, members, keep_folder=False):
    """Unpack TarStream members into the container's folder (which must exist). keep_folder: the daemon
    refuses to replace a folder by a member that is not one (else it removes it, with all it holds)."""
    body = TarStream(members)
    query = {'path': folder, 'noOverwriteDirNonDir': True if keep_folder else None}
    client.request('PUT', '/containers/{}/archive', container_id, query=query,
                   body=body, headers={'Content-Length': str(body.length)}, timeout=CONTAINER_WAIT_TIMEOUT)


def get_file(client, container_id, container_path, local_path):
    """Copy one regular file out of the container into local_path (written as it arrives).

    A failed write (a full disk: NoSpaceLeft) closes the stream at once: the daemon holds the
    container while it sends, so a half-read stream would block removing the container.
    """
    with archive_stream(client, container_id, container_path) as stream:
        for member in stream:
            if member.isfile():
                source = stream.extractfile(member)
                with open(local_path, 'wb') as target:
                    write_blocks(target, iter(lambda: source.read(1024 * 1024), b''), local_path)
                return member.size
    raise IOError('%s in container %s is not a regular file' % (container_path, container_id[:12]))


# Go's os.FileMode bits in the X-Docker-Container-Path-Stat header of HEAD /containers/{id}/archive.
GO_MODE_DIR = 1 << 31
GO_MODE_SYMLINK = 1 << 27


class PathInContainer:
    """What a path in a container is: HEAD /containers/{id}/archive says what kind (and where a link
    leads, resolved), the first member of GET /containers/{id}/archive gives a file's mode, owner, content."""

    def __init__(self, stat, member=None, digest=None, head=None):
        go_mode = stat.get('mode') or 0
        self.kind = 'symlink' if go_mode & GO_MODE_SYMLINK else 'directory' if go_mode & GO_MODE_DIR else 'file'
        self.link_target = stat.get('linkTarget') or None  # absolute, every link on the way resolved
        self.size, self.mode, self.uid, self.gid, self.linkname = stat.get('size'), go_mode & 0o777, None, None, None
        if member is not None:
            self.size, self.mode, self.uid, self.gid = member.size, member.mode & 0o7777, member.uid, member.gid
            # Docker sends a link as a link; Podman sends the file it leads to (then linkname stays None).
            self.linkname = member.linkname if member.issym() else None
        self.digest = digest  # sha256 hex of a file's content
        self.head = head      # the content itself when it has at most keep bytes


def stat_path(client, container_id, container_path, keep=0, content=True):
    """A PathInContainer for container_path (a last symlink not followed), or None when nothing is there.
    With content, a file's content is hashed as it streams, and kept when it has at most keep bytes."""
    status, headers = client.head('/containers/{}/archive', container_id, query={'path': container_path},
                                  ok_statuses=(404,))
    if status == 404:
        return None
    stat = json.loads(base64.b64decode(headers.get('x-docker-container-path-stat') or 'e30=').decode('utf-8'))
    found = PathInContainer(stat)
    if found.kind == 'directory' or not content:
        return found
    with archive_stream(client, container_id, container_path) as stream:
        member = stream.next()
        if member is None or not member.isfile():
            return PathInContainer(stat, member)
        source, digest, head = stream.extractfile(member), hashlib.sha256(), []
        for data in iter(lambda: source.read(1024 * 1024), b''):
            digest.update(data)
            if member.size <= keep:
                head.append(data)
        return PathInContainer(stat, member, digest.hexdigest(), b''.join(head) if member.size <= keep else None)
