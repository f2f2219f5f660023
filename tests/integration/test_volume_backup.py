"""volume_backup against the real daemon: a lossless round trip (1 GiB sparse file included),
checksums, refusal of non-empty targets, container mode, and the two playbooks; archives written
private (0600, folders 0700) through a temporary file of their own, a restore that sends only the
bytes it verified, and a forced restore that touches only what the archive holds."""

import hashlib
import io
import json
import os
import shutil
import stat
import subprocess
import sys
import tarfile
import tempfile

import pytest

from collection_path import COLLECTIONS_ROOT, REPO_ROOT
from conftest import docker_cli, docker_inspect, remove_containers, run_module

MARKER = '.dockyard-restore.sha256'

# Builds every kind of entry the round trip must keep. Runs as root in the Debian test image.
POPULATE = r'''
import os
os.chdir('/v')
open('plain.txt', 'w').write('hello\n')
os.chmod('plain.txt', 0o640); os.chown('plain.txt', 1234, 4321)
os.makedirs('empty dir/nested empty')
os.makedirs('sub'); os.chmod('sub', 0o1777)
open('sub/set-uid', 'w').write('#!/bin/sh\n'); os.chmod('sub/set-uid', 0o4755)
os.symlink('plain.txt', 'link to plain')
os.symlink('/does/not/exist', 'dangling')
os.link('plain.txt', 'hard link')
open('名前 ünïcødé ☃.txt', 'w').write('snow\n')
open('x' * 120, 'w').write('long name\n')
open('attrs', 'w').write('xattr\n'); os.setxattr('attrs', 'user.dockyard', b'kept')
with open('big.sparse', 'wb') as big:
    big.truncate(1 << 30); big.seek(1 << 29); big.write(b'middle'); big.seek(0, 2); big.write(b'end')
os.chown('.', 77, 88); os.chmod('.', 0o750)
'''

# Prints a JSON manifest of the tree: type, mode, owner, content hash, link target, hard-link group, xattrs.
MANIFEST = r'''
import hashlib, json, os, stat, sys
entries, inodes = {}, {}
for folder, dirs, files in [walked for root in sys.argv[1:] for walked in os.walk(root)]:
    for name in [''] + dirs + files if folder in sys.argv[1:] else dirs + files:
        path = os.path.join(folder, name) if name else folder
        rel = path if len(sys.argv) > 2 else os.path.relpath(path, sys.argv[1])
        if os.path.basename(rel) == '%s': continue
        st = os.lstat(path)
        entry = {'mode': oct(st.st_mode), 'uid': st.st_uid, 'gid': st.st_gid}
        if stat.S_ISLNK(st.st_mode):
            entry['target'] = os.readlink(path)
        elif stat.S_ISREG(st.st_mode):
            digest = hashlib.sha256()
            with open(path, 'rb') as handle:
                for block in iter(lambda: handle.read(1 << 22), b''): digest.update(block)
            entry.update(sha256=digest.hexdigest(), size=st.st_size, blocks=st.st_blocks)
            inodes.setdefault(st.st_ino, []).append(rel)
            try:
                entry['xattrs'] = dict((key, os.getxattr(path, key).hex()) for key in os.listxattr(path))
            except OSError:
                pass
        entries[rel] = entry
for group in inodes.values():
    for rel in group:
        entries[rel]['links'] = sorted(group)
print(json.dumps(entries))
''' % MARKER


def manifest(debian, *mount_args, roots=('/v',)):
    """The tree under roots (paths relative to a single root, absolute for several)."""
    out = docker_cli('run', '--rm', '--network', 'none', *mount_args, debian, 'python3', '-c', MANIFEST, *roots)
    return json.loads(out)


def comparable(entries):
    """Everything but allocated blocks, which only sparse-aware tar keeps small."""
    return dict((path, dict((k, v) for k, v in entry.items() if k != 'blocks')) for path, entry in entries.items())


def sha256_of(path):
    with open(path, 'rb') as handle:
        return hashlib.sha256(handle.read()).hexdigest()


@pytest.fixture
def workdir(repo_root):
    """A folder the daemon does not see (tests/output is not mounted into the engines' host
    containers): the archives must travel through the API, not through a bind mount."""
    folder = tempfile.mkdtemp(prefix='volume-backup-', dir=os.path.join(repo_root, 'tests', 'output'))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def populate(volume, debian, big_size):
    script = POPULATE.replace('1 << 30', str(big_size)).replace('1 << 29', str(big_size // 2))
    docker_cli('run', '--rm', '--network', 'none', '-v', '%s:/v' % volume, debian, 'python3', '-c', script)
    return volume


@pytest.fixture
def source(name, debian):
    """A volume with every kind of entry and a 1 GiB sparse file."""
    return populate(name + '-src', debian, 1 << 30)


@pytest.fixture
def small_source(name, debian):
    """The same entries with a 1 MiB sparse file, for tests about behaviour rather than size."""
    return populate(name + '-small', debian, 1 << 20)


@pytest.mark.managed_python
def test_lossless_round_trip_with_gnu_tar(source, name, debian, workdir):
    archive = os.path.join(workdir, 'out', 'backup.tar')
    args = dict(volume=source, archive=archive, helper_image=debian)
    original = manifest(debian, '-v', '%s:/v' % source)
    assert original['big.sparse']['size'] > 1 << 30 and original['big.sparse']['blocks'] < 1024

    check = run_module('volume_backup', check=True, diff=True, **args)
    assert check['changed'] and not os.path.exists(archive)
    backup = run_module('volume_backup', **args)
    assert backup['changed'] and backup['sha256'] == sha256_of(archive)
    assert backup['size'] == os.path.getsize(archive) < 1 << 20  # the 1 GiB file is stored sparse
    assert backup['files'] >= len(original)
    assert open(archive + '.sha256').read().split()[0] == backup['sha256']
    again = run_module('volume_backup', **args)
    assert not again['changed'] and again['sha256'] == backup['sha256']
    assert not run_module('volume_backup', check=True, **args)['changed']

    target = name + '-copy'
    restore = dict(state='restore', volume=target, archive=archive, helper_image=debian)
    check = run_module('volume_backup', check=True, diff=True, **restore)
    assert check['changed'] and check['actions'][0] == 'create volume %s' % target
    assert docker_inspect('volume', target) is None
    assert run_module('volume_backup', **restore)['changed']
    restored = manifest(debian, '-v', '%s:/v' % target)
    assert comparable(restored) == comparable(original)
    assert restored['big.sparse']['blocks'] < 1024
    assert restored['hard link']['links'] == ['hard link', 'plain.txt']
    assert restored['attrs']['xattrs'] == {'user.dockyard': b'kept'.hex()}
    assert not run_module('volume_backup', **restore)['changed']
    assert not run_module('volume_backup', check=True, **restore)['changed']

    # A backup of the restored volume leaves the restore marker out, so it holds the same entries.
    second = os.path.join(workdir, 'second.tar')
    assert run_module('volume_backup', volume=target, archive=second, helper_image=debian)['files'] == backup['files']


def test_restore_refuses_data_and_damaged_archives(small_source, name, debian, workdir):
    source = small_source
    archive = os.path.join(workdir, 'backup.tar')
    backup = run_module('volume_backup', volume=source, archive=archive, helper_image=debian)
    restore = dict(state='restore', volume=source, archive=archive, helper_image=debian)
    refused = run_module('volume_backup', expect_fail=True, **restore)
    assert 'not empty' in refused['msg'] and 'force: true' in refused['msg']

    docker_cli('run', '--rm', '--network', 'none', '-v', '%s:/v' % source, debian, 'touch', '/v/added later')
    check = run_module('volume_backup', check=True, force=True, **restore)
    assert check['actions'] == ['empty volume %s and restore %s into it' % (source, archive)]
    assert run_module('volume_backup', force=True, **restore)['changed']
    assert 'added later' not in manifest(debian, '-v', '%s:/v' % source)
    assert not run_module('volume_backup', force=True, **restore)['changed']

    damaged = os.path.join(workdir, 'damaged.tar')
    shutil.copy(archive, damaged)
    shutil.copy(archive + '.sha256', damaged + '.sha256')
    with open(damaged, 'r+b') as handle:
        handle.seek(600)
        handle.write(b'X')
    target = name + '-never'
    failed = run_module('volume_backup', expect_fail=True, state='restore', volume=target, archive=damaged,
                        helper_image=debian)
    assert 'sha256' in failed['msg'] and 'nothing was restored' in failed['msg']
    assert docker_inspect('volume', target) is None

    os.remove(damaged + '.sha256')
    unverified = run_module('volume_backup', expect_fail=True, state='restore', volume=target, archive=damaged)
    assert 'pass checksum' in unverified['msg']
    explicit = run_module('volume_backup', state='restore', volume=target, archive=archive, helper_image=debian,
                          checksum='sha256:' + backup['sha256'])
    assert explicit['changed']


@pytest.mark.managed_python
def test_container_mode_with_busybox_tar(name, busybox, debian, workdir):
    """--volumes-from: every volume of a data container in one archive, restored into another container."""
    store = name + '-store'
    docker_cli('create', '--name', store, '-v', name + '-a:/dbdata', '-v', '/config', busybox, 'true')
    docker_cli('run', '--rm', '--network', 'none', '--volumes-from', store, debian, 'python3', '-c',
               POPULATE.replace("os.chdir('/v')", "os.chdir('/dbdata')").replace('1 << 30', '1 << 20')
               .replace('1 << 29', '1 << 19') + "\nopen('/config/app.conf', 'w').write('k=v\\n')\n")
    archive = os.path.join(workdir, 'store.tar')
    args = dict(container=store, archive=archive, helper_image=busybox)
    assert run_module('volume_backup', **args)['changed']
    assert not run_module('volume_backup', **args)['changed']
    members = subprocess.run(['tar', 'tf', archive], stdout=subprocess.PIPE, check=False).stdout.decode()
    assert 'dbdata/plain.txt' in members and 'config/app.conf' in members

    copy = name + '-copy'
    docker_cli('create', '--name', copy, '-v', name + '-b:/dbdata', '-v', '/config', busybox, 'true')
    restore = dict(state='restore', container=copy, archive=archive, helper_image=busybox)
    assert run_module('volume_backup', check=True, **restore)['changed']
    assert run_module('volume_backup', **restore)['changed']
    assert not run_module('volume_backup', **restore)['changed']
    before = manifest(debian, '--volumes-from', store, roots=('/dbdata', '/config'))
    after = manifest(debian, '--volumes-from', copy, roots=('/dbdata', '/config'))
    assert '/config/app.conf' in after and '/dbdata/hard link' in after
    before.pop('/dbdata/attrs'), after.pop('/dbdata/attrs')  # busybox tar drops xattrs (documented)
    assert comparable(after) == comparable(before)

    stray = name + '-other'
    docker_cli('create', '--name', stray, '-v', '/elsewhere', busybox, 'true')
    failed = run_module('volume_backup', expect_fail=True, state='restore', container=stray, archive=archive,
                        helper_image=busybox)
    assert 'outside the volumes of container' in failed['msg']


@pytest.mark.parametrize('args, fragment', [
    (dict(archive='/tmp/x.tar'), 'one of the following is required: volume, container'),
    # required_one_of counts these as given; the module's own check names what is missing.
    (dict(archive='/tmp/x.tar', volume=None), 'give volume (one named volume) or container'),
    (dict(archive='/tmp/x.tar', container=''), 'give volume (one named volume) or container'),
    (dict(archive='/tmp/x.tar', volume='a', container='b'), 'mutually exclusive'),
    (dict(archive='/tmp/x.tar', volume='bad name'), 'volume: invalid value'),
    (dict(archive='/tmp/x.tar', volume='a', checksum='abc', state='restore'), 'checksum: invalid value'),
    (dict(archive='/tmp/x.tar', volume='a', checksum='0' * 64), 'checksum: invalid value'),
    (dict(archive='/tmp/x.tar', volume='a', helper_image='Bad Image'), 'helper_image: invalid value'),
    (dict(archive='/tmp/x.tar', volume='a', mode='u=rw'), 'mode: invalid value'),
    (dict(archive='/tmp/x.tar', volume='a', mode='0640', state='restore'), 'mode: invalid value'),
    (dict(archive='/tmp/dyt-no-such-dir/x.tar', volume='a', state='restore'), 'does not exist'),
])
def test_invalid_arguments(args, fragment):
    failed = run_module('volume_backup', expect_fail=True, **args)
    assert fragment in failed['msg'] and '\n' not in failed['msg']


def run_playbook(playbook, extra):
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS_ROOT, ANSIBLE_NOCOLOR='1',
               ANSIBLE_LOCALHOST_WARNING='false', ANSIBLE_INVENTORY_UNPARSED_WARNING='false')
    extra = dict(extra, ansible_python_interpreter=sys.executable, ansible_connection='local')
    command = [os.path.join(os.path.dirname(sys.executable), 'ansible-playbook'), '-i', 'localhost,',
               os.path.join(REPO_ROOT, 'playbooks', playbook), '-e', json.dumps(extra)]
    proc = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, check=False)
    output = proc.stdout.decode()
    assert proc.returncode == 0, output
    return output


def test_playbooks_back_up_and_restore(small_source, name, debian, workdir):
    source = small_source
    common = {'backup_dir': workdir, 'helper_image': debian, 'backup_hosts': 'localhost', 'restore_hosts': 'localhost'}
    output = run_playbook('volume_backup.yml', dict(common, backup_volumes=[source]))
    assert 'changed=1' in output and os.path.exists(os.path.join(workdir, source + '.tar'))
    assert 'changed=0' in run_playbook('volume_backup.yml', dict(common, backup_volumes=[source]))

    os.rename(os.path.join(workdir, source + '.tar'), os.path.join(workdir, name + '-pb.tar'))
    os.rename(os.path.join(workdir, source + '.tar.sha256'), os.path.join(workdir, name + '-pb.tar.sha256'))
    output = run_playbook('volume_restore.yml', dict(common, restore_volumes=[name + '-pb']))
    assert 'changed=1' in output
    assert comparable(manifest(debian, '-v', '%s-pb:/v' % name)) == comparable(manifest(debian, '-v', '%s:/v' % source))
    assert 'changed=0' in run_playbook('volume_restore.yml', dict(common, restore_volumes=[name + '-pb']))


# -- archives are private, and a restore sends only what it verified --------------------------------

def mode_of(path):
    return stat.S_IMODE(os.lstat(path).st_mode)


def _listing(volume, busybox):
    return docker_cli('run', '--rm', '--network', 'none', '-v', '%s:/v:ro' % volume, busybox,
                      'sh', '-c', 'cd /v && find . | sort && cat ./* 2>/dev/null')


def test_backup_is_private_whatever_the_umask(small_source, busybox, workdir):
    archive = os.path.join(workdir, 'made', 'here', 'backup.tar')
    previous = os.umask(0o022)
    try:
        # A fresh interpreter (PYTHONPATH set) inherits this umask; the fork server keeps its own.
        result = run_module('volume_backup', env={'PYTHONPATH': COLLECTIONS_ROOT}, volume=small_source,
                            archive=archive, helper_image=busybox)
    finally:
        os.umask(previous)
    assert result['changed'] and result['sha256'] == sha256_of(archive)
    assert mode_of(archive) == 0o600 and mode_of(archive + '.sha256') == 0o600
    assert mode_of(os.path.join(workdir, 'made')) == 0o700 and mode_of(os.path.dirname(archive)) == 0o700
    assert sorted(os.listdir(os.path.dirname(archive))) == ['backup.tar', 'backup.tar.sha256']


def test_backup_never_follows_a_link_planted_at_a_temporary_name(small_source, busybox, workdir):
    victim = os.path.join(workdir, 'victim')
    with open(victim, 'w') as handle:
        handle.write('keep\n')
    archive = os.path.join(workdir, 'backup.tar')
    planted = [os.path.join(workdir, '.backup.tar.partial'), os.path.join(workdir, '.backup.tar.partial.sha256')]
    for path in planted:
        os.symlink(victim, path)

    result = run_module('volume_backup', volume=small_source, archive=archive, helper_image=busybox)

    with open(victim) as handle:
        assert handle.read() == 'keep\n'
    assert not os.path.islink(archive) and not os.path.islink(archive + '.sha256')
    assert sha256_of(archive) == result['sha256'] and mode_of(archive) == 0o600
    assert [os.readlink(path) for path in planted] == [victim, victim]  # not ours: left alone


def test_mode_sets_the_archive_mode(small_source, busybox, workdir):
    archive = os.path.join(workdir, 'backup.tar')
    args = dict(volume=small_source, archive=archive, helper_image=busybox)
    first = run_module('volume_backup', **args)
    assert mode_of(archive) == 0o600

    check = run_module('volume_backup', check=True, diff=True, mode='0640', **args)
    assert check['changed'] and check['actions'] == ['set mode 0640 on %s and its checksum file' % archive]
    assert check['diff']['before']['mode'] == '0600' and check['diff']['after']['mode'] == '0640'
    assert mode_of(archive) == 0o600
    changed = run_module('volume_backup', mode='0640', **args)
    assert changed['changed'] and changed['sha256'] == first['sha256']
    assert mode_of(archive) == 0o640 and mode_of(archive + '.sha256') == 0o640
    assert not run_module('volume_backup', mode='0640', **args)['changed']
    assert not run_module('volume_backup', **args)['changed']  # without mode, an existing archive's mode is kept

    assert run_module('volume_backup', force=True, mode=0o644, **args)['changed']
    assert mode_of(archive) == 0o644 and mode_of(archive + '.sha256') == 0o644


def _tar_of(path, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    with tarfile.open(path, 'w') as archive:
        archive.addfile(info, io.BytesIO(data))


def test_restore_sends_only_the_bytes_it_verified(small_source, name, busybox, workdir):
    """An archive swapped after the check is never restored, and the volume is not emptied for it."""
    from ansible_collections.dockyard.docker.plugins.module_utils.api.client import DockerClient
    from ansible_collections.dockyard.docker.plugins.module_utils.core.state import TaskFailed, apply_plan
    from ansible_collections.dockyard.docker.plugins.module_utils.volume.backup import BackupDriver, BackupSpec

    archive = os.path.join(workdir, 'backup.tar')
    backup = run_module('volume_backup', volume=small_source, archive=archive, helper_image=busybox)
    target = name + '-dst'
    docker_cli('run', '--rm', '--network', 'none', '-v', '%s:/v' % target, busybox, 'sh', '-c',
               'echo previous > /v/keep')
    before = _listing(target, busybox)
    spec = BackupSpec(dict(state='restore', volume=target, archive=archive, helper_image=busybox, force=True))
    driver = BackupDriver(DockerClient(docker_host=os.environ.get('DOCKER_HOST')), spec)
    driver.read()
    plan = driver.plan()
    assert plan.changed

    swapped = os.path.join(workdir, 'swapped.tar')
    _tar_of(swapped, 'evil', b'not the archive that was checked\n')
    os.replace(swapped, archive)
    with pytest.raises(TaskFailed) as failed:
        apply_plan(plan)

    message = failed.value.msg
    assert backup['sha256'] in message and 'nothing was restored' in message and '\n' not in message
    assert _listing(target, busybox) == before


def test_checksum_mismatch_leaves_the_volume_untouched(small_source, name, busybox, workdir):
    archive = os.path.join(workdir, 'backup.tar')
    run_module('volume_backup', volume=small_source, archive=archive, helper_image=busybox)
    target = name + '-dst'
    docker_cli('run', '--rm', '--network', 'none', '-v', '%s:/v' % target, busybox, 'sh', '-c',
               'echo previous > /v/keep')
    before = _listing(target, busybox)
    failed = run_module('volume_backup', expect_fail=True, state='restore', volume=target, archive=archive,
                        helper_image=busybox, force=True, checksum='0' * 64)
    assert 'nothing was restored' in failed['msg'] and '\n' not in failed['msg']
    assert _listing(target, busybox) == before


# -- what a forced restore may touch ------------------------------------------------------------

def test_forced_container_restore_empties_only_the_mounts_the_archive_holds(name, busybox, workdir):
    store = name + '-store'
    docker_cli('create', '--name', store, '-v', name + '-a:/dbdata', busybox, 'true')
    docker_cli('run', '--rm', '--network', 'none', '--volumes-from', store, busybox, 'sh', '-c',
               'echo restored > /dbdata/data')
    archive = os.path.join(workdir, 'store.tar')
    assert run_module('volume_backup', container=store, archive=archive, helper_image=busybox)['changed']

    host_dir = tempfile.mkdtemp(prefix=name + '-bind-', dir='/tmp')  # /tmp: shared with the engines
    try:
        with open(os.path.join(host_dir, 'keep.txt'), 'w') as handle:
            handle.write('host data\n')
        copy = name + '-copy'
        docker_cli('create', '--name', copy, '-v', name + '-b:/dbdata', '-v', host_dir + ':/extra', busybox, 'true')
        docker_cli('run', '--rm', '--network', 'none', '-v', name + '-b:/v', busybox, 'sh', '-c', 'echo old > /v/old')
        restore = dict(state='restore', container=copy, archive=archive, helper_image=busybox, force=True)

        check = run_module('volume_backup', check=True, **restore)
        assert check['actions'] == ['empty /dbdata of container %s and restore %s into it' % (copy, archive)]
        assert run_module('volume_backup', **restore)['changed']
        assert not run_module('volume_backup', **restore)['changed']

        assert os.listdir(host_dir) == ['keep.txt']  # neither emptied nor marked
        with open(os.path.join(host_dir, 'keep.txt')) as handle:
            assert handle.read() == 'host data\n'
        listing = docker_cli('run', '--rm', '--network', 'none', '--volumes-from', copy, busybox,
                             'sh', '-c', 'ls -A /dbdata && cat /dbdata/data')
        assert listing.split() == ['.dockyard-restore.sha256', 'data', 'restored']
    finally:
        shutil.rmtree(host_dir, ignore_errors=True)


def test_restore_refuses_a_volume_that_running_containers_use(small_source, name, busybox, workdir):
    archive = os.path.join(workdir, 'backup.tar')
    run_module('volume_backup', volume=small_source, archive=archive, helper_image=busybox)
    target, user = name + '-used', name + '-user'
    docker_cli('run', '-d', '--name', user, '--network', 'none', '-v', target + ':/data', busybox, 'sleep', '600')
    try:
        restore = dict(state='restore', volume=target, archive=archive, helper_image=busybox)
        for check in (True, False):
            refused = run_module('volume_backup', expect_fail=True, check=check, **restore)
            message = refused['msg']
            assert 'volume %s' % target in message and 'running container %s' % user in message, message
            assert 'force: true' in message
            assert '\n' not in message
        assert docker_cli('run', '--rm', '--network', 'none', '-v', target + ':/v', busybox, 'ls', '-A', '/v') == ''

        assert run_module('volume_backup', force=True, **restore)['changed']
        assert not run_module('volume_backup', force=True, **restore)['changed']
        assert not run_module('volume_backup', **restore)['changed']  # nothing to restore: nothing refused

        # Container mode: the container itself is running.
        mine = os.path.join(workdir, 'user.tar')
        run_module('volume_backup', container=user, archive=mine, helper_image=busybox)
        docker_cli('run', '--rm', '--network', 'none', '-v', target + ':/v', busybox, 'touch', '/v/added')
        refused = run_module('volume_backup', expect_fail=True, state='restore', container=user, archive=mine,
                             helper_image=busybox, force=False)
        message = refused['msg']
        assert 'running container %s' % user in message and 'force: true' in message and '\n' not in message
    finally:
        remove_containers(user)
