"""container_copy_into with a folder in `path` (issue 36 item 3): a tree of a few hundred files into running and
stopped containers, compared entry by entry through the archive API; a rerun only reads (a unix socket in front of
the daemon records every request); delete removes what the source lacks."""

import io
import os
import re
import subprocess
import tarfile

import pytest

from conftest import docker_cli, run_module
from socket_proxy import SocketProxy
from test_container_copy_into import running, stopped  # noqa: F401  pylint: disable=unused-import

FILES = 300


class RecordingProxy(SocketProxy):
    """Records the request lines that pass."""

    def __init__(self, path, daemon_socket):
        self.requests = []
        super().__init__(path, daemon_socket)

    def on_request(self, data):
        # A request line; a request body that happens to look like one only adds a line.
        self.requests += [line.decode() for line in re.findall(rb'(?:^|\r\n)((?:GET|HEAD|POST|PUT|DELETE) /\S+)', data)]

    def writes(self):
        return [line for line in self.requests if not line.startswith(('GET ', 'HEAD '))]


@pytest.fixture
def proxy(tmp_path):
    host = os.environ.get('DOCKER_HOST', 'unix:///var/run/docker.sock')
    assert host.startswith('unix://'), host
    recording = RecordingProxy(str(tmp_path / 'recording.sock'), host[len('unix://'):])
    yield recording
    recording.close()


def make_tree(root):
    """FILES files in nested folders, an executable, an empty file, an empty folder and relative links."""
    for index in range(FILES):
        folder = os.path.join(root, 'part%d' % (index % 5), 'sub%d' % (index % 3))
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, 'file%03d.txt' % index), 'w') as handle:
            handle.write('line %d\n' % index * (index % 7 + 1))
    with open(os.path.join(root, 'run.sh'), 'w') as handle:
        handle.write('#!/bin/sh\necho run\n')
    os.chmod(os.path.join(root, 'run.sh'), 0o750)
    open(os.path.join(root, 'empty'), 'w').close()
    os.makedirs(os.path.join(root, 'nothing-yet'))
    os.chmod(os.path.join(root, 'nothing-yet'), 0o700)
    os.symlink('part0/sub0/file000.txt', os.path.join(root, 'first'))
    os.symlink('part1', os.path.join(root, 'second-part'))
    os.chmod(root, 0o755)


def container_tree(container, path):
    """{relative path: (kind, content, mode, uid, gid, linkname)} of the folder at path, read with docker cp."""
    proc = subprocess.run(['docker', 'cp', '%s:%s' % (container, path), '-'], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, check=True)
    found = {}
    with tarfile.open(fileobj=io.BytesIO(proc.stdout)) as archive:
        for member in archive:
            relative = member.name.rstrip('/').partition('/')[2]
            kind = 'file' if member.isfile() else 'directory' if member.isdir() else 'symlink' if member.issym() else '?'
            content = archive.extractfile(member).read() if member.isfile() else None
            found[relative] = (kind, content, member.mode & 0o7777, member.uid, member.gid, member.linkname or None)
    return found


def local_tree(root):
    found = {}
    for folder, folders, files in os.walk(root):
        for entry in folders + files:
            path = os.path.join(folder, entry)
            relative = os.path.relpath(path, root)
            info = os.lstat(path)
            if os.path.islink(path):
                found[relative] = ('symlink', None, 0o777, 0, 0, os.readlink(path))
            elif os.path.isdir(path):
                found[relative] = ('directory', None, info.st_mode & 0o7777, 0, 0, None)
            else:
                with open(path, 'rb') as handle:
                    found[relative] = ('file', handle.read(), info.st_mode & 0o7777, 0, 0, None)
    return found


def comparable(tree, podman):
    """Podman's archive reports every entry as owned by the container's user, and link modes differ by tool."""
    return dict((relative, entry[:2] + ((entry[2],) if entry[0] != 'symlink' else ()) +
                 (() if podman else entry[3:5]) + entry[5:]) for relative, entry in tree.items() if relative)


def test_a_tree_into_a_running_container_then_a_rerun_only_reads(running, tmp_path, proxy, engine):  # noqa: F811
    source = str(tmp_path / 'site')
    make_tree(source)
    options = dict(container=running, path=source, container_path='/tmp/site')
    checked = run_module('container_copy_into', check=True, diff=True, **options)
    entries = len(local_tree(source))
    assert checked['changed'] and checked['actions'] == [
        'copy %s into container %s at /tmp/site (%d added)' % (source, running, entries)]
    assert checked['diff']['before'] == {'path': '/tmp/site', 'state': 'absent', 'files': {}}
    run_sh = {'state': 'file', 'mode': '0750', 'owner_id': 0, 'group_id': 0, 'size': 19}
    assert checked['diff']['after']['files']['run.sh'] == run_sh
    assert 'site' not in docker_cli('exec', running, 'ls', '/tmp').split()

    copied = run_module('container_copy_into', **options)
    assert copied['changed'] and len(copied['files']['added']) == entries and copied['files']['changed'] == []
    in_container = container_tree(running, '/tmp/site')
    assert comparable(in_container, engine.is_podman) == comparable(local_tree(source), engine.is_podman)
    assert in_container[''][0] == 'directory' and in_container[''][2] == 0o755, 'a new folder takes the source\'s mode'

    again = run_module('container_copy_into', diff=True, docker_host=proxy.host, **options)
    assert not again['changed'] and again['actions'] == [] and again['files'] == {
        'added': [], 'changed': [], 'removed': []}
    assert proxy.requests and proxy.writes() == [], proxy.requests
    assert len(proxy.requests) <= 6, 'a rerun reads the whole tree in one archive: %s' % proxy.requests


def test_changes_are_copied_alone_and_delete_removes_what_the_source_lacks(running, tmp_path, proxy, engine):  # noqa: F811
    source = str(tmp_path / 'site')
    make_tree(source)
    options = dict(container=running, path=source, container_path='/tmp/site')
    run_module('container_copy_into', **options)
    docker_cli('exec', running, 'sh', '-c', 'mkdir -p /tmp/site/extra/deep && touch /tmp/site/extra/deep/x '
                                            '/tmp/site/stray && chmod 600 /tmp/site/part2/sub2/file002.txt')
    with open(os.path.join(source, 'part0', 'sub0', 'file000.txt'), 'a') as handle:
        handle.write('appended\n')
    with open(os.path.join(source, 'new.txt'), 'w') as handle:
        handle.write('new\n')
    os.remove(os.path.join(source, 'first'))
    os.symlink('run.sh', os.path.join(source, 'first'))

    kept = run_module('container_copy_into', diff=True, docker_host=proxy.host, **options)
    assert kept['changed'] and kept['files'] == {'added': ['new.txt'], 'removed': [], 'changed': [
        'first', 'part0/sub0/file000.txt', 'part2/sub2/file002.txt']}
    assert kept['actions'] == ['copy %s into container %s at /tmp/site (1 added, 3 changed)' % (source, running)]
    assert kept['diff']['before']['files']['part2/sub2/file002.txt']['mode'] == '0600'
    assert kept['diff']['after']['files']['part2/sub2/file002.txt']['mode'] == '0644'
    assert kept['diff']['before']['files']['first']['link_target'] == 'part0/sub0/file000.txt'
    writes = proxy.writes()
    assert len(writes) == 1 and writes[0].startswith('PUT ') and '/archive?' in writes[0], \
        'one archive carries every change: %s' % writes
    tree = container_tree(running, '/tmp/site')
    assert tree['stray'][0] == 'file' and tree['extra/deep/x'][0] == 'file', 'delete is false: extra entries stay'
    assert tree['part0/sub0/file000.txt'][1].endswith(b'appended\n') and tree['first'][5] == 'run.sh'

    checked = run_module('container_copy_into', check=True, diff=True, delete=True, **options)
    assert checked['changed'] and checked['files']['removed'] == ['extra', 'stray']
    assert checked['diff']['before']['files']['extra']['state'] == 'directory' and 'extra' not in \
        checked['diff']['after']['files']
    assert container_tree(running, '/tmp/site')['stray'][0] == 'file', 'check mode removes nothing'
    deleted = run_module('container_copy_into', delete=True, **options)
    assert deleted['changed'] and deleted['actions'] == [
        'remove 2 entries from container %s under /tmp/site (extra, stray)' % running]
    assert comparable(container_tree(running, '/tmp/site'), engine.is_podman) == \
        comparable(local_tree(source), engine.is_podman)
    assert not run_module('container_copy_into', delete=True, **options)['changed']


def test_a_tree_into_a_stopped_container_with_owner_mode_and_force(stopped, tmp_path, engine):  # noqa: F811
    source = str(tmp_path / 'conf')
    os.makedirs(os.path.join(source, 'conf.d'))
    for relative in ('app.conf', 'conf.d/a.conf', 'conf.d/b.conf'):
        with open(os.path.join(source, relative), 'w') as handle:
            handle.write(relative + '\n')
    options = dict(container=stopped, src_dir=source, container_path='/etc/app', owner_id=101, group_id=102,
                   mode='0640')
    copied = run_module('container_copy_into', **options)
    assert copied['changed'] and copied['files']['added'] == ['app.conf', 'conf.d', 'conf.d/a.conf', 'conf.d/b.conf']
    tree = container_tree(stopped, '/etc/app')
    assert tree['conf.d/a.conf'][:3] == ('file', b'conf.d/a.conf\n', 0o640)
    if not engine.is_podman:
        assert tree['conf.d/a.conf'][3:5] == (101, 102) and tree['conf.d'][3:5] == (101, 102)
    assert not run_module('container_copy_into', **options)['changed']
    forced = run_module('container_copy_into', force=True, **options)
    assert forced['changed'] and forced['files']['changed'] == ['app.conf', 'conf.d', 'conf.d/a.conf', 'conf.d/b.conf']
    os.remove(os.path.join(source, 'app.conf'))
    refused = run_module('container_copy_into', expect_fail=True, delete=True, **options)
    assert refused['msg'].startswith('delete: container %s is not running (created); removing what %s lacks runs rm'
                                     % (stopped, source)), refused['msg']
    assert '\n' not in refused['msg'] and container_tree(stopped, '/etc/app')['app.conf'][0] == 'file'
    untouched = run_module('container_copy_into', force=False, **options)
    assert not untouched['changed'], 'force: false writes only what is missing'


def test_folder_failures_name_what_to_fix(running, tmp_path):  # noqa: F811
    source = str(tmp_path / 'tree')
    os.makedirs(source)
    with open(os.path.join(source, 'a'), 'w') as handle:
        handle.write('a\n')
    docker_cli('exec', running, 'sh', '-c', 'echo x > /tmp/plain && ln -s /tmp /tmp/to-tmp')
    on_file = run_module('container_copy_into', expect_fail=True, container=running, path=source,
                         container_path='/tmp/plain')
    assert on_file['msg'] == ('container_path: /tmp/plain is a file in container %s; path is a folder: give the path '
                              'of a folder' % running)
    on_link = run_module('container_copy_into', expect_fail=True, container=running, path=source,
                         container_path='/tmp/to-tmp')
    assert on_link['msg'].endswith('is a symbolic link in container %s; set follow to write into the folder it leads '
                                   'to' % running)
    followed = run_module('container_copy_into', container=running, path=source, container_path='/tmp/to-tmp',
                          follow=True)
    assert followed['changed'] and followed['container_path'] == '/tmp'
    assert docker_cli('exec', running, 'cat', '/tmp/a') == 'a'
    no_parent = run_module('container_copy_into', expect_fail=True, container=running, path=source,
                           container_path='/no/such/place')
    assert no_parent['msg'] == 'container_path: folder /no/such does not exist in container %s' % running
    root = run_module('container_copy_into', expect_fail=True, container=running, path=source, container_path='/')
    assert root['msg'].startswith("container_path: invalid value '/'; give the absolute path of the folder")
    os.mkfifo(os.path.join(source, 'pipe'))
    special = run_module('container_copy_into', expect_fail=True, container=running, path=source,
                         container_path='/srv/x')
    assert special['msg'].startswith("path: invalid value '%s'; it is a special file" % os.path.join(source, 'pipe'))
    a_file = run_module('container_copy_into', expect_fail=True, container=running, path=os.path.join(source, 'a'),
                        container_path='/tmp/a', delete=True)
    assert a_file['msg'] == 'delete: invalid value True; only with a folder in path: it removes what the folder lacks'
