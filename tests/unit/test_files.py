"""The one atomic write (files.write_atomically) and content hash, as the registry login, image
save and daemon_config code use them: faults injected at each step leave the old file whole."""

import hashlib
import json
import os
import stat

import pytest

from ansible_collections.dockyard.docker.plugins.module_utils.core import files
from ansible_collections.dockyard.docker.plugins.module_utils.api.credentials import read_config, write_config


class Crash(Exception):
    """Stands in for the process dying at that point."""


def _leftovers(folder, keep):
    return sorted(name for name in os.listdir(str(folder)) if name != keep)


def test_text_and_bytes_are_written_whole_with_fsync_of_file_and_folder(tmp_path, monkeypatch):
    synced = []
    real_fsync = os.fsync
    monkeypatch.setattr(files.os, 'fsync', lambda descriptor: synced.append(descriptor) or real_fsync(descriptor))
    target = tmp_path / 'new' / 'image.tar'
    files.write_atomically(str(target), b'\x00tar')
    files.write_atomically(str(tmp_path / 'daemon.json'), '{"icc": false}\n')
    assert target.read_bytes() == b'\x00tar' and (tmp_path / 'daemon.json').read_text() == '{"icc": false}\n'
    assert len(synced) == 4  # each file, then its folder
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert _leftovers(target.parent, 'image.tar') == []


@pytest.mark.parametrize('step', ['write', 'move'])
def test_a_fault_keeps_the_old_file_and_leaves_no_temporary_file(tmp_path, monkeypatch, step):
    path = tmp_path / 'config.json'
    path.write_text('old')

    def crash(*_args):
        raise Crash(step)
    if step == 'write':
        monkeypatch.setattr(files.os, 'fsync', crash)
    with pytest.raises(Crash):
        files.write_atomically(str(path), 'new', move=crash if step == 'move' else os.rename)
    assert path.read_text() == 'old' and _leftovers(tmp_path, 'config.json') == []


def test_stored_logins_are_private(tmp_path):
    path = tmp_path / 'docker' / 'config.json'
    write_config(str(path), {'auths': {'127.0.0.1:5001': {'auth': 'dTpw'}}})
    assert read_config(str(path)) == {'auths': {'127.0.0.1:5001': {'auth': 'dTpw'}}}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert json.loads(path.read_text()) and '\t' in path.read_text()


def test_file_sha256_is_the_sha256_of_the_content(tmp_path):
    path = tmp_path / 'blob'
    content = os.urandom(3 << 20)
    path.write_bytes(content)
    assert files.file_sha256(str(path)) == hashlib.sha256(content).hexdigest()


NOBODY = 65534


def _owner_and_mode(path):
    info = os.lstat(str(path))
    return info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)


def test_an_existing_config_file_keeps_its_owner_and_mode(tmp_path):
    path = tmp_path / 'config.json'
    path.write_text('{}')
    os.chown(str(path), NOBODY, NOBODY)
    os.chmod(str(path), 0o640)
    write_config(str(path), {'auths': {'127.0.0.1:5001': {'auth': 'dTpw'}}})
    assert _owner_and_mode(path) == (NOBODY, NOBODY, 0o640) and read_config(str(path))['auths']
    assert _leftovers(tmp_path, 'config.json') == []


def test_the_lock_file_belongs_to_the_owner_of_its_folder(tmp_path):
    folder = tmp_path / 'home' / '.docker'
    folder.mkdir(parents=True)
    os.chown(str(folder), NOBODY, NOBODY)
    with files.lock_beside(str(folder / 'config.json')):
        assert _owner_and_mode(folder / 'config.json.lock') == (NOBODY, NOBODY, 0o600)
    with files.lock_beside(str(tmp_path / 'daemon.json')):
        assert _owner_and_mode(tmp_path / 'daemon.json.lock')[:2] == (os.geteuid(), os.getegid())


def test_a_lock_file_planted_as_a_link_is_neither_followed_nor_given_away(tmp_path):
    """Whoever owns the folder may plant PATH.lock; a root run must not open, create or chown what it points to."""
    folder = tmp_path / 'user'
    folder.mkdir()
    os.chown(str(folder), NOBODY, NOBODY)
    precious = tmp_path / 'precious'
    precious.write_text('root only')
    os.chmod(str(precious), 0o600)
    (folder / 'config.json.lock').symlink_to(precious)
    with pytest.raises(OSError):
        with files.lock_beside(str(folder / 'config.json')):
            pass
    (folder / 'other.json.lock').symlink_to(tmp_path / 'missing')
    with pytest.raises(OSError):
        with files.lock_beside(str(folder / 'other.json')):
            pass
    assert not (tmp_path / 'missing').exists()
    os.link(str(precious), str(folder / 'third.json.lock'))
    with files.lock_beside(str(folder / 'third.json')):
        pass
    assert _owner_and_mode(precious) == (os.geteuid(), os.getegid(), 0o600) and precious.read_text() == 'root only'
