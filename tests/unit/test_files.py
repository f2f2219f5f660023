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
