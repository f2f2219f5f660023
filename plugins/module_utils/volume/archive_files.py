# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The backup archive on the managed host: written private, read once for what is sent.

An archive holds every file of a volume (and in container mode of its bind mounts), so:

- a missing folder is made 0700, and the archive and its checksum file are written to temporary
  files that tempfile.mkstemp makes (0600, O_EXCL, a random name: nothing planted at a guessable
  name is followed or overwritten), then renamed into place;
- a restore sends the archive from one open file and hashes the very bytes it sends; the caller
  compares that hash before the helper touches a volume (upload_archive).
"""

import errno
import hashlib
import os
import stat
import tarfile
import tempfile
import time

from ansible_collections.dockyard.docker.plugins.module_utils.api.client import CONTAINER_WAIT_TIMEOUT
from ansible_collections.dockyard.docker.plugins.module_utils.container.files import archive_stream
from ansible_collections.dockyard.docker.plugins.module_utils.core.files import file_sha256, write_blocks
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import TaskFailed

READ_BLOCK = 1 << 20


# -- reading an archive -----------------------------------------------------------------------------

def archive_members(path):
    """Names of the archive's members; raises TaskFailed when it is not a tar archive, or one cut short.

    tarfile stops quietly where a cut falls between two members; the end-of-archive blocks (two
    zero blocks, which GNU and busybox tar always write) are what tells a whole archive.
    """
    try:
        with tarfile.open(path, 'r:') as archive:
            names = [member.name for member in archive]
            end = archive.offset
    except (tarfile.TarError, EOFError) as exc:
        raise TaskFailed('archive: %s is not a readable tar archive (%s)' % (path, exc))
    with open(path, 'rb') as handle:
        handle.seek(end)
        if handle.read(2 * tarfile.BLOCKSIZE) != tarfile.NUL * (2 * tarfile.BLOCKSIZE):
            raise TaskFailed('archive: %s is truncated (it ends after %d members without the end-of-archive '
                             'blocks); nothing was restored' % (path, len(names)))
    return names


def describe_archive(path, names=None):
    """What the task returns about an archive; names: its members when already read."""
    names = archive_members(path) if names is None else names
    return {'archive': path, 'sha256': file_sha256(path), 'size': os.path.getsize(path), 'files': len(names)}


def file_mode(path):
    """The permission bits of path as '0640', or None when it does not exist."""
    try:
        return '%04o' % stat.S_IMODE(os.lstat(path).st_mode)
    except FileNotFoundError:
        return None


# -- writing one ------------------------------------------------------------------------------------

def make_private_folders(folder):
    """Make folder and any missing parent 0700 (existing ones are left as they are)."""
    missing = []
    while not os.path.isdir(folder):
        missing.append(folder)
        folder = os.path.dirname(folder)
    for path in reversed(missing):
        try:
            os.mkdir(path, 0o700)
        except OSError as exc:
            if not (exc.errno == errno.EEXIST and os.path.isdir(path)):
                raise TaskFailed('archive: cannot create the folder %s (%s)' % (path, exc.strerror))


class PrivateFiles:
    """Temporary files beside their final paths, made by mkstemp (0600); moved into place by commit(),
    removed when the with block ends without it."""

    def __init__(self, folder):
        self.folder = folder
        self.pending = []

    def __enter__(self):
        return self

    def new(self, final):
        """An open binary file whose content commit() will move to final."""
        handle, path = tempfile.mkstemp(dir=self.folder, prefix='.%s.' % os.path.basename(final), suffix='.partial')
        self.pending.append((path, final))
        return os.fdopen(handle, 'wb')

    def commit(self, mode=None):
        """chmod (when mode is given), then rename each file into place in the order made; fsync the folder."""
        if mode is not None:
            for path, _final in self.pending:
                os.chmod(path, mode)
        while self.pending:
            path, final = self.pending[0]
            os.rename(path, final)
            self.pending.pop(0)
        directory = os.open(self.folder, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)

    def __exit__(self, *exc):
        for path, _final in self.pending:
            try:
                os.unlink(path)
            except FileNotFoundError:
                pass
        return False


def download_archive(client, ident, container_path, handle, path):
    """Write the regular file at container_path in the container to the open file handle; its sha256.

    path names the final archive in a NoSpaceLeft error. The stream is closed at once on a failed
    write: the daemon holds the container while it sends.
    """
    with archive_stream(client, ident, container_path) as stream:
        for member in stream:
            if member.isfile():
                source, digest = stream.extractfile(member), hashlib.sha256()

                def blocks():
                    for data in iter(lambda: source.read(READ_BLOCK), b''):
                        digest.update(data)
                        yield data
                write_blocks(handle, blocks(), path)
                return digest.hexdigest()
    raise TaskFailed('Failed to back up: the helper container %s wrote no archive at %s' % (ident[:12], container_path))


# -- sending one ------------------------------------------------------------------------------------

class HashedUpload:
    """The body of PUT /containers/{id}/archive: a tar stream of one member whose data is read once
    from an open file and hashed as it is sent.

    Exactly size bytes are sent (the size when the file was opened): a file cut short meanwhile is
    padded with zeros and one that grew is cut, so the request stays whole and the hash says what
    the daemon received.
    """

    def __init__(self, handle, name, size):
        info = tarfile.TarInfo(name)
        info.size, info.mode, info.mtime = size, 0o600, int(time.time())
        self._head = info.tobuf(format=tarfile.PAX_FORMAT)
        self._tail = b'\0' * ((tarfile.BLOCKSIZE - size % tarfile.BLOCKSIZE) % tarfile.BLOCKSIZE
                              + 2 * tarfile.BLOCKSIZE)
        self.length = len(self._head) + size + len(self._tail)
        self._handle = handle
        self._left = size
        self.digest = hashlib.sha256()

    def read(self, size=-1):
        size = READ_BLOCK if size is None or size < 0 else size
        if self._head:
            data, self._head = self._head[:size], self._head[size:]
            return data
        if self._left:
            want = min(size, self._left)
            data = self._handle.read(want) or b'\0' * want
            self._left -= len(data)
            self.digest.update(data)
            return data
        data, self._tail = self._tail[:size], self._tail[size:]
        return data


def upload_archive(client, ident, path, container_path):
    """Put the local file path into the container at container_path, read once; the sha256 of what was sent."""
    with open(path, 'rb') as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise TaskFailed('archive: %s is no longer a regular file; nothing was restored' % path)
        folder, name = os.path.split(container_path)
        body = HashedUpload(handle, name, info.st_size)
        client.request('PUT', '/containers/{}/archive', ident, query={'path': folder or '/'}, body=body,
                       headers={'Content-Length': str(body.length)}, timeout=CONTAINER_WAIT_TIMEOUT)
    return body.digest.hexdigest()
