"""container_copy_into: files into running and stopped containers, compared through the archive API."""

import base64
import io
import json
import os
import subprocess
import tarfile
import uuid

import pytest

from conftest import docker_cli, run_module


@pytest.fixture
def running(name, busybox):
    # Stops at once on SIGTERM: Podman's rm -f stops with a grace period first.
    docker_cli('run', '-d', '--name', name, busybox, 'sh', '-c', "trap 'exit 0' TERM; while true; do sleep 1; done")
    yield name
    docker_cli('rm', '-f', name, check=False)


@pytest.fixture
def stopped(name, busybox):
    docker_cli('create', '--name', name, busybox, 'sleep', '600')
    yield name
    docker_cli('rm', '-f', name, check=False)


def in_container(container, path):
    """(kind, content, mode, uid, gid, linkname) of path in the container, read with docker cp; None if missing."""
    proc = subprocess.run(['docker', 'cp', '%s:%s' % (container, path), '-'], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, check=False)
    if proc.returncode != 0:
        assert any(word in proc.stderr.lower() for word in (b'no such', b'not found', b'could not find')), proc.stderr
        return None
    with tarfile.open(fileobj=io.BytesIO(proc.stdout)) as archive:
        member = archive.next()
        content = archive.extractfile(member).read() if member.isfile() else None
        kind = 'file' if member.isfile() else 'symlink' if member.issym() else 'other'
        return kind, content, member.mode & 0o7777, member.uid, member.gid, member.linkname


def test_content_into_running_container_mode_owner_force(running):
    options = dict(container=running, content='hello\n', container_path='/tmp/greeting.txt', mode='0644')
    checked = run_module('container_copy_into', check=True, diff=True, **options)
    assert checked['changed'] and checked['actions'] == [
        'copy content into container %s at /tmp/greeting.txt (new)' % running]
    assert checked['diff']['before'] == {'path': '/tmp/greeting.txt', 'state': 'absent'}
    assert in_container(running, '/tmp/greeting.txt') is None

    copied = run_module('container_copy_into', **options)
    assert copied['changed'] and copied['container_path'] == '/tmp/greeting.txt'
    assert in_container(running, '/tmp/greeting.txt')[:5] == ('file', b'hello\n', 0o644, 0, 0)
    again = run_module('container_copy_into', diff=True, **options)
    assert not again['changed'] and again['actions'] == []

    private = dict(options, mode='0600')
    checked = run_module('container_copy_into', check=True, diff=True, **private)
    assert checked['actions'][0].endswith('(mode)') and checked['diff']['before']['mode'] == '0644'
    assert checked['diff']['after']['mode'] == '0600' and in_container(running, '/tmp/greeting.txt')[2] == 0o644
    assert run_module('container_copy_into', **private)['changed']
    assert in_container(running, '/tmp/greeting.txt')[2] == 0o600
    assert not run_module('container_copy_into', **private)['changed']

    changed = dict(private, content='bye\n')
    checked = run_module('container_copy_into', check=True, diff=True, **changed)
    assert checked['actions'][0].endswith('(content)')
    assert 'hello' not in str(checked['diff']) and 'bye' not in str(checked['diff'])  # content: neither side shown
    assert in_container(running, '/tmp/greeting.txt')[1] == b'hello\n'
    assert run_module('container_copy_into', **changed)['changed']
    assert in_container(running, '/tmp/greeting.txt')[1] == b'bye\n'

    assert run_module('container_copy_into', force=True, **changed)['actions'][0].endswith('(force)')
    kept = run_module('container_copy_into', force=False, **dict(changed, content='other\n'))
    assert not kept['changed'] and in_container(running, '/tmp/greeting.txt')[1] == b'bye\n'


@pytest.mark.parametrize('b64', [False, True], ids=['text', 'content_is_b64'])
def test_diff_of_content_shows_neither_the_old_nor_the_new_secret(running, b64):
    """content is a secret as often as not, and the file it replaces is often the previous one."""
    old, new = 'old-secret-%s\n' % uuid.uuid4().hex, 'new-secret-%s\n' % uuid.uuid4().hex

    def task(text):
        content = base64.b64encode(text.encode()).decode() if b64 else text
        return dict(container=running, content=content, content_is_b64=b64, container_path='/tmp/key', mode='0600')

    def secrets_in(result):
        shown = json.dumps(result)
        return [secret for secret in (old, new) if secret.strip() in shown or json.dumps(secret)[1:-1] in shown]

    created = run_module('container_copy_into', diff=True, **task(old))
    assert created['changed'] and secrets_in(created) == []
    assert in_container(running, '/tmp/key')[1] == old.encode()
    checked = run_module('container_copy_into', check=True, diff=True, **task(new))
    assert checked['actions'][0].endswith('(content)') and secrets_in(checked) == []
    assert checked['diff']['before']['content'] != checked['diff']['after']['content']  # a change still shows
    assert checked['diff']['before']['mode'] == checked['diff']['after']['mode'] == '0600'
    replaced = run_module('container_copy_into', diff=True, **task(new))
    assert replaced['changed'] and secrets_in(replaced) == []
    assert in_container(running, '/tmp/key')[1] == new.encode()
    again = run_module('container_copy_into', diff=True, **task(new))
    assert not again['changed'] and secrets_in(again) == []
    assert again['diff']['before']['content'] == again['diff']['after']['content'] == '<hidden>'
    assert again['diff']['before']['size'] == again['diff']['after']['size'] == len(new)


@pytest.mark.parametrize('b64', [False, True], ids=['text', 'content_is_b64'])
def test_content_without_mode_fails_before_anything_is_written(running, b64):
    content = base64.b64encode(b'key').decode() if b64 else 'key'
    for check in (True, False):
        result = run_module('container_copy_into', expect_fail=True, check=check, container=running, content=content,
                            content_is_b64=b64, container_path='/tmp/no-mode')
        assert result['msg'].startswith('mode: ') and 'content' in result['msg'] and '\n' not in result['msg']
        assert in_container(running, '/tmp/no-mode') is None
    # Refused before the daemon is asked anything.
    unreachable = run_module('container_copy_into', expect_fail=True, container=running, content=content,
                             content_is_b64=b64, container_path='/tmp/no-mode',
                             docker_host='unix:///nonexistent/docker.sock')
    assert unreachable['msg'] == result['msg']


@pytest.mark.needs('archive-owner-report')
def test_owner_change_rewrites_the_file(stopped):
    options = dict(container=stopped, content='owned\n', container_path='/tmp/owned.txt', owner_id=1000, group_id=1001,
                   mode='0644')
    assert run_module('container_copy_into', **options)['changed']
    assert in_container(stopped, '/tmp/owned.txt')[3:5] == (1000, 1001)
    assert not run_module('container_copy_into', **options)['changed']
    checked = run_module('container_copy_into', check=True, diff=True, **dict(options, owner_id=0, group_id=0))
    assert checked['actions'][0].endswith('(owner)') and checked['diff']['before']['owner_id'] == 1000
    assert in_container(stopped, '/tmp/owned.txt')[3:5] == (1000, 1001)
    assert run_module('container_copy_into', **dict(options, owner_id=0, group_id=0))['changed']
    assert in_container(stopped, '/tmp/owned.txt')[3:5] == (0, 0)


def test_path_into_stopped_container_keeps_local_mode_and_shows_diff(stopped, tmp_path):
    source = tmp_path / 'app.conf'
    source.write_text('port = 80\n')
    os.chmod(str(source), 0o640)
    options = dict(container=stopped, path=str(source), container_path='/etc/app.conf')
    checked = run_module('container_copy_into', check=True, **options)
    assert checked['changed'] and in_container(stopped, '/etc/app.conf') is None
    assert run_module('container_copy_into', **options)['changed']
    assert in_container(stopped, '/etc/app.conf')[:3] == ('file', b'port = 80\n', 0o640)
    assert not run_module('container_copy_into', **options)['changed']

    source.write_text('port = 8080\n')
    checked = run_module('container_copy_into', check=True, diff=True, **options)
    assert checked['changed'] and checked['diff']['before']['content'] == 'port = 80\n'
    assert checked['diff']['after']['content'] == 'port = 8080\n'
    assert in_container(stopped, '/etc/app.conf')[1] == b'port = 80\n'
    assert run_module('container_copy_into', **options)['changed']
    assert in_container(stopped, '/etc/app.conf')[1] == b'port = 8080\n'

    binary = bytes(range(256))
    blob = dict(container=stopped, content=base64.b64encode(binary).decode(), content_is_b64=True,
                container_path='/etc/blob.bin', mode=0o755)
    assert run_module('container_copy_into', **blob)['changed']
    assert in_container(stopped, '/etc/blob.bin')[1:3] == (binary, 0o755)
    again = run_module('container_copy_into', diff=True, **blob)
    assert not again['changed'] and again['diff']['before']['content'] == again['diff']['after']['content']


def test_links_in_container_and_on_managed_node(running, tmp_path):
    docker_cli('exec', running, 'sh', '-c', 'echo old > /tmp/real && ln -s real /tmp/link')
    followed = run_module('container_copy_into', container=running, content='new\n', container_path='/tmp/link',
                          follow=True, mode='0644')
    assert followed['changed'] and followed['container_path'] == '/tmp/real'
    assert in_container(running, '/tmp/real')[1] == b'new\n'
    assert docker_cli('exec', running, 'readlink', '/tmp/link') == 'real'  # docker cp on Podman follows links
    replaced = run_module('container_copy_into', container=running, content='flat\n', container_path='/tmp/link',
                          mode='0644')
    assert replaced['actions'][0].endswith('(symlink replaced)') and replaced['container_path'] == '/tmp/link'
    assert docker_cli('exec', running, 'cat', '/tmp/link', '/tmp/real') == 'flat\nnew'
    assert docker_cli('exec', running, 'readlink', '/tmp/link', check=False) == ''

    target = tmp_path / 'target'
    target.write_text('x')
    (tmp_path / 'alias').symlink_to('/etc/hostname')
    link = dict(container=running, path=str(tmp_path / 'alias'), container_path='/tmp/alias', local_follow=False)
    assert run_module('container_copy_into', **link)['changed']
    assert docker_cli('exec', running, 'readlink', '/tmp/alias') == '/etc/hostname'
    assert not run_module('container_copy_into', **link)['changed']


def test_errors_are_one_line(running, name):
    missing = run_module('container_copy_into', expect_fail=True, container='%s-missing' % name, content='payload',
                         mode='0644', container_path='/tmp/x')
    assert missing['msg'] == 'container %s-missing not found' % name
    relative = run_module('container_copy_into', expect_fail=True, container=running, content='payload', mode='0644',
                          container_path='tmp/x', docker_host='unix:///nonexistent/docker.sock')
    assert relative['msg'].startswith("container_path: invalid value 'tmp/x'")
    no_folder = run_module('container_copy_into', expect_fail=True, container=running, content='payload', mode='0644',
                           container_path='/nowhere/x')
    assert no_folder['msg'] == 'container_path: folder /nowhere does not exist in container %s' % running
    folder = run_module('container_copy_into', expect_fail=True, container=running, content='payload', mode='0644',
                        container_path='/etc')
    assert folder['msg'] == 'container_path: /etc is a folder in container %s; give the path of a file' % running
    bad_mode = run_module('container_copy_into', expect_fail=True, container=running, content='payload',
                          container_path='/tmp/x', mode='u=rw', docker_host='unix:///nonexistent/docker.sock')
    assert bad_mode['msg'].startswith("mode: invalid value 'u=rw'")
    for result in (missing, relative, no_folder, folder, bad_mode):
        assert '\n' not in result['msg']


def test_force_diffs_show_the_file_replaced_and_the_file_kept(running, tmp_path):
    """Issue 32: force: true left the old content out of diff.before; force: false showed the new content as
    diff.after although nothing was written. Content from the task stays hidden either way."""
    source = tmp_path / 'app.conf'
    source.write_text('port = 80\n')
    options = dict(container=running, path=str(source), container_path='/tmp/app.conf', mode='0644')
    assert run_module('container_copy_into', **options)['changed']
    source.write_text('port = 8080\n')
    forced = dict(options, force=True)
    checked = run_module('container_copy_into', check=True, diff=True, **forced)
    assert checked['diff']['before']['content'] == 'port = 80\n', checked['diff']
    assert checked['diff']['after']['content'] == 'port = 8080\n'
    applied = run_module('container_copy_into', diff=True, **forced)
    assert applied['changed'] and applied['diff'] == checked['diff']
    assert in_container(running, '/tmp/app.conf')[1] == b'port = 8080\n'

    source.write_text('port = 9090\n')
    for check in (True, False):
        kept = run_module('container_copy_into', check=check, diff=True, **dict(options, force=False))
        assert not kept['changed'] and kept['diff']['after'] == kept['diff']['before'], kept['diff']
        assert kept['diff']['before']['content'] == 'port = 8080\n'
    assert in_container(running, '/tmp/app.conf')[1] == b'port = 8080\n'

    secret = dict(container=running, content='s3cret-%s\n' % uuid.uuid4().hex, container_path='/tmp/app.conf',
                  mode='0600')
    for force in (True, False):
        shown = json.dumps(run_module('container_copy_into', diff=True, force=force, **secret))
        assert 's3cret' not in shown and 'port = 8080' not in shown, shown


def test_a_folder_is_never_replaced_by_a_file(running):
    """community.docker replaces a folder at container_path by the file, with all it holds (the daemon's archive
    API removes it); this module refuses, with force too, and force: false leaves it as it is."""
    docker_cli('exec', running, 'sh', '-c', 'mkdir -p /tmp/conf.d && echo keep > /tmp/conf.d/a.conf')
    options = dict(container=running, content='x\n', mode='0644', container_path='/tmp/conf.d')
    for force in (None, True):
        for check in (True, False):
            refused = run_module('container_copy_into', expect_fail=True, check=check, force=force, **options)
            assert refused['msg'] == ('container_path: /tmp/conf.d is a folder in container %s; give the path of a '
                                      'file' % running), refused
    kept = run_module('container_copy_into', diff=True, force=False, **options)
    assert not kept['changed'] and kept['diff']['before']['state'] == kept['diff']['after']['state'] == 'directory'
    assert docker_cli('exec', running, 'cat', '/tmp/conf.d/a.conf') == 'keep'
