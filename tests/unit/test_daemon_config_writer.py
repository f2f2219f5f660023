"""daemon.json is never left truncated: faults injected between write and rename, and during the write."""

import json
import os

import pytest

from ansible_collections.dockyard.docker.plugins.module_utils.host import daemon_config


class Crash(Exception):
    """Stands in for the process dying at that point."""


class ModuleThatDiesBeforeRename:

    def atomic_move(self, source, destination):
        raise Crash('killed between write and rename')


class ModuleThatRenames:

    def atomic_move(self, source, destination):
        os.rename(source, destination)


def _existing(tmp_path):
    path = tmp_path / 'daemon.json'
    path.write_text(json.dumps({'registry-mirrors': ['http://old.example']}))
    return path


def _leftovers(tmp_path):
    return sorted(name for name in os.listdir(str(tmp_path)) if name != 'daemon.json')


def test_fault_between_write_and_rename_keeps_the_old_file(tmp_path):
    path = _existing(tmp_path)
    before = path.read_bytes()
    with pytest.raises(Crash):
        daemon_config.write_atomically(ModuleThatDiesBeforeRename(), str(path), json.dumps({'icc': False}))
    assert path.read_bytes() == before
    assert _leftovers(tmp_path) == []


def test_fault_during_the_write_keeps_the_old_file(tmp_path, monkeypatch):
    path = _existing(tmp_path)
    before = path.read_bytes()

    def dying_fsync(_descriptor):
        raise Crash('killed while writing')

    monkeypatch.setattr(daemon_config.os, 'fsync', dying_fsync)
    with pytest.raises(Crash):
        daemon_config.write_atomically(ModuleThatRenames(), str(path), json.dumps({'icc': False}))
    assert path.read_bytes() == before
    assert _leftovers(tmp_path) == []


def test_a_completed_write_replaces_the_file_whole(tmp_path):
    path = _existing(tmp_path)
    daemon_config.write_atomically(ModuleThatRenames(), str(path), json.dumps({'icc': False}))
    assert json.loads(path.read_text()) == {'icc': False}
    assert _leftovers(tmp_path) == []
