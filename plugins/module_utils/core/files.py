# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Files on the managed host: the content hash of a file, and the one way this collection writes
a file that something else reads (daemon.json, the docker CLI's config.json, saved image archives).
"""

import contextlib
import errno
import fcntl
import hashlib
import os
import stat
import tempfile

BLOCK = 1 << 20
_FULL = (errno.ENOSPC, errno.EDQUOT)


class NoSpaceLeft(Exception):
    """The file system of path filled up (or its quota ran out) after written bytes of it."""

    def __init__(self, path, written):
        super().__init__('no space left on %s after %d bytes' % (path, written))
        self.path = path
        self.written = written


def write_blocks(stream, blocks, path):
    """Write an iterable of byte strings to an open file, then fsync it; the byte count.

    A full file system (or quota) raises NoSpaceLeft naming path and how much of it was written
    (os.write, so the count is exact to the byte).
    """
    written = 0
    try:
        stream.flush()
        descriptor = stream.fileno()
        for block in blocks:
            view = memoryview(block)
            while view:
                count = os.write(descriptor, view)
                written += count
                view = view[count:]
        os.fsync(descriptor)
    except OSError as exc:
        if exc.errno in _FULL:
            raise NoSpaceLeft(path, written)
        raise
    return written


def file_sha256(path):
    """The sha256 of a file's content, as hex; read in blocks, so any size will do."""
    digest = hashlib.sha256()
    with open(path, 'rb') as handle:
        for block in iter(lambda: handle.read(1 << 20), b''):
            digest.update(block)
    return digest.hexdigest()


def write_atomically(path, data, mode=None, folder_mode=0o777, move=os.rename, owner=None):
    """Write data (text or bytes) so that readers see the old file or the new one, never half of it.

    A temporary file in the same folder is written and fsynced (a full disk raises NoSpaceLeft and
    leaves path as it was), then moved over path, then the
    folder is fsynced so the rename survives a crash. A missing folder is made with folder_mode.
    mode sets the new file's permissions (left as None: 0600, as the temporary file was made), and
    owner (uid, gid) its owner where the process may give it away (root); both are set through the
    open file before the data is written, never by a name someone else could swap in the folder.
    move(temp_path, path) may be an AnsibleModule's atomic_move, which keeps an existing file's
    owner, mode and SELinux context.
    """
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        os.makedirs(folder, folder_mode)
    handle, temp_path = tempfile.mkstemp(dir=folder, prefix='.%s.' % os.path.basename(path))
    data = data if isinstance(data, bytes) else data.encode('utf-8')
    try:
        with os.fdopen(handle, 'wb') as stream:
            _set_owner_and_mode(handle, owner, mode)
            write_blocks(stream, (data[at:at + BLOCK] for at in range(0, len(data), BLOCK)), path)
        move(temp_path, path)
    finally:
        if os.path.exists(temp_path):
            os.unlink(temp_path)
    directory = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def _set_owner_and_mode(handle, owner, mode):
    if owner is not None and owner != _owner_of(os.fstat(handle)):
        try:
            os.fchown(handle, *owner)
        except PermissionError:
            pass  # only root gives a file away; a user's process writes the file as its own
    if mode is not None:
        os.fchmod(handle, mode)


def _owner_of(info):
    return info.st_uid, info.st_gid


@contextlib.contextmanager
def lock_beside(path, folder_mode=0o755):
    """Hold an exclusive lock on PATH.lock (made if missing, and left in place) for the with block.

    Writers that read, merge and write one file (daemon_config, registry_mirror, login) take it, so a
    second one waits for the first and reads what it wrote: neither change is lost. The file
    stays: removing it would let a third writer lock a new file while the second holds the old.
    The lock file belongs to the owner of its folder (mode 0600): in a user's ~/.docker, the user's
    own runs can take the lock a root run made. A symbolic link in its place is refused (whoever
    owns the folder could point it anywhere), and a file with other names (a hard link) is not given away.
    """
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        os.makedirs(folder, folder_mode)
    handle = os.open(path + '.lock', os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    try:
        info, wanted = os.fstat(handle), _owner_of(os.stat(folder))
        if os.geteuid() == 0 and stat.S_ISREG(info.st_mode) and info.st_nlink == 1 and _owner_of(info) != wanted:
            os.fchown(handle, *wanted)
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)
