"""A disk that fills up in the middle of a write, and a truncated archive.

volume_backup and image save write into a 2 MiB tmpfs on the managed host (this machine): the
task fails with one line "no space left on <path> after N bytes", the previous archive is still
there and verifiable, and no partial file is left. A restore from a truncated archive leaves the
volume's content as it was.

What is tried happens in our code on the managed host, whatever the engine, so these tests run
once, with the host engine ('managed-host-only' in engines.py).
"""

import hashlib
import os
import re
import shutil
import subprocess
import tarfile
import tempfile

import pytest

from conftest import docker_cli, run_module

pytestmark = pytest.mark.needs('managed-host-only')
NO_SPACE = re.compile(r'no space left on (\S+) after (\d+) bytes')


@pytest.fixture
def small_fs(repo_root):
    """A 2 MiB tmpfs (mounting one works as root here), unmounted afterwards."""
    folder = tempfile.mkdtemp(prefix='small-fs-', dir=os.path.join(repo_root, 'tests', 'output'))
    subprocess.run(['mount', '-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', folder], check=True)
    yield folder
    subprocess.run(['umount', folder], check=True)
    shutil.rmtree(folder, ignore_errors=True)


def sha256_of(path):
    with open(path, 'rb') as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def _volume_with(name, busybox, script):
    docker_cli('run', '--rm', '--network', 'none', '-v', '%s:/v' % name, busybox, 'sh', '-c', script)


def _volume_listing(name, busybox):
    return docker_cli('run', '--rm', '--network', 'none', '-v', '%s:/v:ro' % name, busybox,
                      'sh', '-c', 'cd /v && find . | sort && cat ./keep')


def _assert_no_space(message, path):
    assert '\n' not in message, message
    found = NO_SPACE.search(message)
    assert found, message
    assert found.group(1) == path, message
    assert int(found.group(2)) > 0
    assert 'Traceback' not in message and 'Unexpected error' not in message, message


def test_backup_into_a_full_filesystem_keeps_the_previous_archive(small_fs, name, busybox):
    volume = name
    _volume_with(volume, busybox, 'echo first > /v/keep')
    archive = os.path.join(small_fs, 'backup.tar')
    first = run_module('volume_backup', volume=volume, archive=archive, helper_image=busybox)
    assert first['changed']
    previous = sha256_of(archive)
    # 3 MiB that does not compress: the new archive cannot fit beside (or instead of) the old one.
    _volume_with(volume, busybox, 'dd if=/dev/urandom of=/v/big bs=1M count=3 2>/dev/null')

    failed = run_module('volume_backup', expect_fail=True, volume=volume, archive=archive, helper_image=busybox,
                        force=True)

    _assert_no_space(failed['msg'], archive)
    assert sorted(os.listdir(small_fs)) == ['backup.tar', 'backup.tar.sha256']  # no partial file
    assert sha256_of(archive) == previous
    with open(archive + '.sha256') as handle:
        assert handle.read().split()[0] == previous  # still verifiable: restore accepts it
    assert not docker_cli('ps', '-aq', '--filter', 'label=dockyard.docker.helper')


def test_image_save_to_a_full_filesystem_keeps_the_previous_archive(small_fs, name, busybox, tmp_path):
    tiny = '%s-tiny:1' % name
    layer = tmp_path / 'tiny'
    layer.mkdir()
    (layer / 'hello').write_text('hello\n')
    with tarfile.open(str(tmp_path / 'tiny.tar'), 'w') as handle:
        handle.add(str(layer / 'hello'), arcname='hello')
    docker_cli('import', '-c', 'LABEL size=tiny', str(tmp_path / 'tiny.tar'), tiny)
    archive = os.path.join(small_fs, 'image.tar')
    assert run_module('image', name=tiny, archive_path=archive)['changed']
    previous = sha256_of(archive)
    # Leave about 1.5 MiB free, so busybox (2 MB) cannot be saved beside the old archive.
    with open(os.path.join(small_fs, 'filler'), 'wb') as handle:
        handle.write(b'\0' * (1 << 19))
    big = '%s-big:1' % name
    docker_cli('tag', busybox, big)

    failed = run_module('image', expect_fail=True, name=big, archive_path=archive)

    _assert_no_space(failed['msg'], archive)
    assert sorted(os.listdir(small_fs)) == ['filler', 'image.tar']
    assert sha256_of(archive) == previous
    docker_cli('rmi', tiny, big)


def _backup_then_cut(name, busybox, tmp_path, cut):
    """A backup of a volume with two files, cut to cut(archive members) bytes."""
    source = name + '-src'
    _volume_with(source, busybox, 'echo backed-up > /v/keep; dd if=/dev/urandom of=/v/data bs=64k count=8 2>/dev/null')
    archive = str(tmp_path / 'backup.tar')
    run_module('volume_backup', volume=source, archive=archive, helper_image=busybox)
    with tarfile.open(archive) as handle:
        size = cut(handle.getmembers())
    with open(archive, 'r+b') as handle:
        handle.truncate(size)
    return archive


def _restore_refused(name, busybox, archive):
    target = name + '-dst'
    _volume_with(target, busybox, 'echo previous > /v/keep; echo other > /v/other')
    before = _volume_listing(target, busybox)
    # Told the cut file's own checksum (the recorded one no longer matches), restore runs to the end.
    failed = run_module('volume_backup', expect_fail=True, state='restore', volume=target, archive=archive,
                        helper_image=busybox, force=True, checksum=sha256_of(archive))
    assert '\n' not in failed['msg'] and 'Unexpected error' not in failed['msg'], failed['msg']
    assert _volume_listing(target, busybox) == before
    return failed['msg']


def test_restore_from_an_archive_cut_inside_a_file_leaves_the_volume_as_it_was(name, busybox, tmp_path):
    def inside_data(members):
        return next(member for member in members if member.name.endswith('data')).offset_data + 1000
    archive = _backup_then_cut(name, busybox, tmp_path, inside_data)
    message = _restore_refused(name, busybox, archive)
    assert 'is not a readable tar archive' in message, message


def test_restore_from_an_archive_cut_between_files_leaves_the_volume_as_it_was(name, busybox, tmp_path):
    # Cut where a member begins: every header before it reads fine, only the end-of-archive blocks are missing.
    archive = _backup_then_cut(name, busybox, tmp_path, lambda members: members[-1].offset)
    message = _restore_refused(name, busybox, archive)
    assert 'truncated' in message, message
