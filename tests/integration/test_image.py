"""The `image` module against the real daemon and the local registry (127.0.0.1:5000):
pull, rmi, tag, push, save, load, import and commit. Builds are in test_image_build.py.

Every state-changing row runs in check mode first (nothing may change), then for real
(changed), then again (not changed).
"""

import os
import subprocess

import pytest

from conftest import docker_cli, docker_inspect, run_module
from test_image_helpers import converge, image_id, image_state, make_image, registry_tags, seed_registry


@pytest.fixture
def repo(name):
    return name.lower()


def host_and_registry(repo, registry):
    """The images of this test on the host and its tags in the registry."""
    def state():
        return image_state(repo), registry_tags(registry, repo)
    return state


def host_and_file(repo, path):
    def state():
        return image_state(repo), os.path.exists(path)
    return state


# -- docker pull ---------------------------------------------------------------------------------

@pytest.mark.managed_python
def test_pull_missing_image(repo, busybox, registry):
    reference = '%s/%s/bb:1' % (registry, repo)
    seed_registry(busybox, reference)
    result = converge('image', lambda: image_state(repo), name=reference, platform='linux/amd64')
    assert result['actions'] == ['pull image %s' % reference]
    assert result['image']['Id'] == image_id(busybox) == image_id(reference)
    assert result['diff']['before'] == {'exists': False}
    # A real run names the image it pulled (check mode can only say '(new image)').
    assert result['diff']['after']['id'] == image_id(reference)


def test_pull_force_reports_change_only_for_a_new_image(repo, busybox, registry):
    reference = '%s/%s/bb:1' % (registry, repo)
    seed_registry(busybox, reference)
    run_module('image', name=reference)
    same = run_module('image', name=reference, force=True)
    assert not same['changed'] and same['image']['Id'] == image_id(busybox)

    newer = make_image('%s-newer:1' % repo, busybox)
    seed_registry(newer, reference)
    docker_cli('tag', busybox, reference)  # the host still has the old image under the name
    checked = run_module('image', check=True, name=reference, force=True)
    assert checked['changed'] and checked['actions'] == ['pull image %s again' % reference]
    assert image_id(reference) == image_id(busybox)
    pulled = run_module('image', name=reference, force=True)
    assert pulled['changed'] and pulled['image']['Id'] == newer == image_id(reference)
    assert not run_module('image', name=reference, force=True)['changed']


@pytest.mark.needs('gap-podman-push-digest')
def test_forced_pull_asks_the_registry_also_for_a_digest_known_under_another_name(repo, busybox, registry):
    """Issue 22, case 10: the registry's digest is recorded under localhost:PORT, the task names 127.0.0.1:PORT."""
    pushed_as = 'localhost:%s/%s/bb:1' % (registry.rsplit(':', 1)[1], repo)
    made = make_image(pushed_as, busybox)
    docker_cli('push', pushed_as)
    reference = '%s/%s/bb:1' % (registry, repo)
    docker_cli('tag', pushed_as, reference)
    checked = run_module('image', check=True, name=reference, force=True)
    assert not checked['changed'], checked['actions']
    assert not run_module('image', name=reference, force=True)['changed']
    assert image_id(reference) == made


def test_pull_unknown_tag_fails_in_one_line(repo, registry):
    result = run_module('image', expect_fail=True, name='%s/%s/none:1' % (registry, repo))
    # The registry's reason as the engine passes it on (Podman: "manifest unknown").
    assert ('not found' in result['msg'] or 'manifest unknown' in result['msg']) and '\n' not in result['msg']
    assert image_state(repo) == []


# -- docker rmi ----------------------------------------------------------------------------------

def test_remove_one_tag_keeps_the_image(repo, busybox):
    # An image of this test's own: the diff lists the image's tags, and tests running beside this
    # one tag the shared busybox image.
    kept = make_image('%s:kept' % repo, busybox)
    docker_cli('tag', '%s:kept' % repo, '%s:old' % repo)
    result = converge('image', lambda: image_state(repo), name='%s:old' % repo, state='absent')
    assert result['actions'] == ['remove image %s:old' % repo] and result['image'] == {}
    assert image_id('%s:old' % repo) is None and image_id('%s:kept' % repo) == kept


def test_removing_one_of_four_tags_shows_the_three_left_in_the_diff(repo, busybox):
    """Issue 22, case 8: the diff said the image was gone while three tags kept it."""
    made = make_image('%s:1' % repo, busybox)
    for tag in ('2', '3', '4'):
        docker_cli('tag', made, '%s:%s' % (repo, tag))
    left = {'exists': True, 'id': made, 'tags': ['%s:%s' % (repo, tag) for tag in ('2', '3', '4')]}
    checked = run_module('image', check=True, diff=True, name='%s:1' % repo, state='absent')
    assert checked['diff']['after'] == left
    result = converge('image', lambda: image_state(repo), name='%s:1' % repo, state='absent')
    assert result['diff']['after'] == left and image_id('%s:2' % repo) == made
    for tag in ('2', '3'):
        run_module('image', name='%s:%s' % (repo, tag), state='absent')
    last = run_module('image', diff=True, name='%s:4' % repo, state='absent')
    assert last['diff']['after'] == {'exists': False} and docker_inspect('image', made) is None


def test_remove_image_used_by_a_container_needs_force(repo, busybox):
    reference = '%s:used' % repo
    # Two LABEL steps leave an untagged parent image, which no_prune keeps.
    made = make_image(reference, busybox, 'LABEL second=step')
    parent = docker_inspect('image', made)['Parent']
    docker_cli('create', '--name', repo, reference, 'true')
    refused = run_module('image', expect_fail=True, name=reference, state='absent')
    assert refused['msg'] == ('image %s is used by container(s) %s; remove them first or set force: true'
                              % (reference, repo))
    assert image_id(reference) == made

    converge('image', lambda: image_state(repo), name=reference, state='absent', force=True, no_prune=True)
    assert image_id(reference) is None
    assert docker_inspect('image', parent) is not None, 'no_prune must keep the untagged parent'


def test_remove_by_id(repo, busybox):
    made = make_image('%s:byid' % repo, busybox)
    converge('image', lambda: image_state(repo), name=made, state='absent')
    assert docker_inspect('image', made) is None


# -- docker tag ----------------------------------------------------------------------------------

@pytest.mark.managed_python
def test_tags(repo, busybox):
    made = make_image('%s:1' % repo, busybox)
    result = converge('image', lambda: image_state(repo), name='%s:1' % repo, tags=['2', '%s-other:3' % repo])
    assert result['actions'] == ['tag %s:1 as %s:2' % (repo, repo), 'tag %s:1 as %s-other:3' % (repo, repo)]
    assert image_id('%s:2' % repo) == image_id('%s-other:3' % repo) == made
    assert sorted(result['diff']['after']['tags']) == sorted(['%s:1' % repo, '%s:2' % repo, '%s-other:3' % repo])


def test_tag_moves_to_the_named_image(repo, busybox):
    first = make_image('%s:first' % repo, busybox)
    second = make_image('%s:second' % repo, busybox)
    docker_cli('tag', first, '%s:current' % repo)
    converge('image', lambda: image_state(repo), name='%s:second' % repo, tags=['current'])
    assert image_id('%s:current' % repo) == second != first


# -- docker push, and the round trip ---------------------------------------------------------------

@pytest.mark.needs('gap-podman-push-digest')
def test_push_remove_pull_round_trip(repo, busybox, registry):
    made = make_image('%s:1' % repo, busybox)
    target = '%s/%s' % (registry, repo)
    state = host_and_registry(repo, registry)
    result = converge('image', state, name='%s:1' % repo, push=True, repository=target)
    assert result['actions'] == ['tag %s:1 as %s:1' % (repo, target), 'push %s:1' % target]
    assert registry_tags(registry, repo) == ['1']

    converge('image', lambda: image_state(repo), name='%s:1' % target, state='absent')
    converge('image', lambda: image_state(repo), name='%s:1' % repo, state='absent')
    assert image_id(made) is None
    pulled = converge('image', lambda: image_state(repo), name='%s:1' % target)
    assert pulled['image']['Id'] == made


@pytest.mark.needs('gap-podman-push-digest')
def test_push_name_in_registry_and_new_content(repo, busybox, registry):
    reference = '%s/%s:2' % (registry, repo)
    make_image(reference, busybox)
    state = host_and_registry(repo, registry)
    converge('image', state, name=reference, push=True)
    # A new image under the same name is pushed again.
    newer = make_image(reference, busybox, 'LABEL generation=2')
    converge('image', state, name=reference, push=True)
    docker_cli('rmi', reference)
    run_module('image', name=reference)
    assert image_id(reference) == newer


def test_push_to_unreachable_registry_fails_cleanly(repo, busybox):
    make_image('127.0.0.1:1/%s:1' % repo, busybox)
    result = run_module('image', expect_fail=True, name='127.0.0.1:1/%s:1' % repo, push=True)
    assert result['msg'].startswith('Failed to push 127.0.0.1:1/%s:1' % repo), result['msg']


# -- docker save / docker load ---------------------------------------------------------------------

@pytest.mark.managed_python
def test_save_then_load(repo, busybox, tmp_path):
    made = make_image('%s:1' % repo, busybox)
    archive = str(tmp_path / 'image.tar')
    exists = host_and_file(repo, archive)
    result = converge('image', exists, name='%s:1' % repo, archive_path=archive)
    assert result['actions'] == ['save %s:1 to %s' % (repo, archive)]
    assert '%s:1' % repo in docker_cli('load', '-i', archive)

    docker_cli('rmi', '%s:1' % repo)
    loaded = converge('image', lambda: image_state(repo), name='%s:1' % repo, source='load', load_path=archive)
    assert loaded['image']['Id'] == made
    # The archive does not carry this name: its image is tagged with it.
    converge('image', lambda: image_state(repo), name='%s-renamed:1' % repo, load_path=archive)
    assert image_id('%s-renamed:1' % repo) == made


def test_archive_rewritten_when_the_image_changes(repo, busybox, tmp_path):
    archive = str(tmp_path / 'image.tar')
    make_image('%s:1' % repo, busybox)
    run_module('image', name='%s:1' % repo, archive_path=archive)
    newer = make_image('%s:1' % repo, busybox, 'LABEL generation=2')
    result = run_module('image', name='%s:1' % repo, archive_path=archive)
    assert result['changed']
    docker_cli('rmi', '%s:1' % repo)
    docker_cli('load', '-i', archive)
    assert image_id('%s:1' % repo) == newer


def test_several_images_saved_to_one_archive_and_loaded_back(repo, busybox, tmp_path):
    """Issue 36 item 6: name as a list saves every image into one archive (docker save A B -o FILE); loading it
    reports every image it held."""
    names = ['%s-a:1' % repo, '%s-b:1' % repo]
    first, second = make_image(names[0], busybox), make_image(names[1], busybox, 'LABEL which=b')
    archive = str(tmp_path / 'two.tar')
    saved = converge('image', lambda: os.path.exists(archive) and os.path.getsize(archive), name=names,
                     archive_path=archive)
    assert saved['actions'] == ['save %s to %s' % (', '.join(names), archive)]
    assert saved['images'] == [{'name': names[0], 'id': first}, {'name': names[1], 'id': second}]
    docker_cli('rmi', *names)
    loaded = run_module('image', name=names[1], load_path=archive)
    assert loaded['changed'] and sorted(tag for image in loaded['loaded_images'] for tag in image['tags']) == names
    assert (image_id(names[0]), image_id(names[1])) == (first, second)
    again = run_module('image', name=names[1], load_path=archive)
    assert not again['changed'] and again['loaded_images'] == []
    make_image(names[0], busybox, 'LABEL generation=2')
    assert run_module('image', name=names, archive_path=archive)['changed']
    assert not run_module('image', name=names, archive_path=archive)['changed']


@pytest.mark.parametrize('args, message', [
    (dict(tags=['x:1']), "tags: invalid value ['x:1']; not used with several names"),
    (dict(archive_path=None), 'archive_path: invalid value None; required when name is a list'),
    (dict(push=True), 'several names are saved to archive_path'),
])
def test_several_names_take_only_what_a_save_needs(repo, tmp_path, args, message):
    task = dict(dict(name=['%s-a:1' % repo, '%s-b:1' % repo], archive_path=str(tmp_path / 'x.tar')), **args)
    assert message in run_module('image', expect_fail=True, **task)['msg']


def test_load_rejects_a_file_that_is_no_archive(repo, tmp_path):
    bogus = tmp_path / 'not-an-archive.tar'
    bogus.write_text('hello')
    result = run_module('image', expect_fail=True, name='%s:1' % repo, source='load', load_path=str(bogus))
    assert result['msg'].startswith("load_path: invalid value '%s'; it must be a docker save archive" % bogus)


# -- docker import -----------------------------------------------------------------------------------

@pytest.fixture
def rootfs(repo, busybox, tmp_path):
    """A root file system tarball, exported from a busybox container."""
    docker_cli('create', '--name', '%s-rootfs' % repo, busybox, 'true')
    path = str(tmp_path / 'rootfs.tar')
    docker_cli('export', '-o', path, '%s-rootfs' % repo)
    return path


@pytest.mark.managed_python
def test_import(repo, rootfs):
    args = dict(name='%s:1' % repo, source='import', load_path=rootfs, message='imported by a test',
                changes=['CMD ["sh", "-c", "echo imported"]', 'ENV IMPORTED=yes'])
    result = converge('image', lambda: image_state(repo), **args)
    config = result['image']['Config']
    assert config['Cmd'] == ['sh', '-c', 'echo imported'] and 'IMPORTED=yes' in config['Env']
    assert result['image']['Comment'] == 'imported by a test'
    # Other changes make a new image.
    args['changes'] = ['CMD ["sh"]']
    changed = converge('image', lambda: image_state(repo), **args)
    assert changed['image']['Config']['Cmd'] == ['sh'] and changed['image']['Id'] != result['image']['Id']


def test_import_rejects_unknown_instruction(repo, rootfs):
    result = run_module('image', expect_fail=True, name='%s:1' % repo, source='import', load_path=rootfs,
                        changes=['RUN echo no'])
    assert result['msg'].startswith("changes: invalid value 'RUN echo no'; each entry is one of CMD, ENTRYPOINT")


# -- docker commit -----------------------------------------------------------------------------------

def test_commit(repo, busybox, tmp_path):
    docker_cli('run', '--name', repo, busybox, 'sh', '-c', 'echo committed > /hello.txt')
    args = dict(name='%s:1' % repo, container=repo, author='Dockyard Tests', message='first commit',
                pause=True, changes=['CMD ["cat", "/hello.txt"]', 'EXPOSE 7000'])
    result = converge('image', lambda: image_state(repo), **args)
    image = result['image']
    assert image['Author'] == 'Dockyard Tests' and image['Comment'] == 'first commit'
    assert image['Config']['Cmd'] == ['cat', '/hello.txt'] and '7000/tcp' in image['Config']['ExposedPorts']
    assert docker_cli('run', '--rm', '%s:1' % repo) == 'committed'

    # A new file in the container makes a new commit.
    extra = tmp_path / 'extra.txt'
    extra.write_text('more')
    docker_cli('cp', str(extra), '%s:/extra.txt' % repo)
    again = converge('image', lambda: image_state(repo), **args)
    assert again['image']['Id'] != image['Id']


def test_commit_of_missing_container_fails(repo):
    result = run_module('image', expect_fail=True, name='%s:1' % repo, container='%s-none' % repo)
    assert result['msg'] == 'container: no container named %s-none exists; create it before committing it' % repo


# -- argument checks -----------------------------------------------------------------------------------

@pytest.mark.parametrize('args, message', [
    (dict(name='Upper:1'), "name: invalid value 'Upper:1'; an image name is"),
    (dict(name='x:1', source='build'), 'build: invalid value None; required with source=build'),
    (dict(name='x:1', container='c', source='pull'), "container: invalid value 'c'; only used with source=commit"),
    (dict(name='x:1', repository='127.0.0.1:5000/x'), "repository: invalid value '127.0.0.1:5000/x'; it is the push"),
    (dict(name='x:1', state='absent', tags=['2']), "tags: invalid value ['2']; only used with state=present"),
    (dict(name='x:1', source='load', load_path='/nonexistent.tar'), "load_path: invalid value '/nonexistent.tar'"),
    (dict(name='x:1', tags=['Bad Tag']), "tags: invalid value 'Bad Tag'"),
])
def test_arguments_checked_before_any_change(args, message):
    result = run_module('image', expect_fail=True, **args)
    assert result['msg'].startswith(message), result['msg']
    assert '\n' not in result['msg']


def test_no_docker_sdk_import_at_module_level(repo_root):
    code = ('import sys; from ansible_collections.dockyard.docker.plugins.modules import image, image_info, '
            'image_search, login; print("docker" in sys.modules)')
    env = dict(os.environ, PYTHONPATH=os.path.join(repo_root, 'tests', 'output', 'collections'))
    out = subprocess.run([os.sys.executable, '-c', code], env=env, stdout=subprocess.PIPE, check=True)
    assert out.stdout.decode().strip() == 'False'


def test_failed_push_removes_the_tag_it_added(repo, busybox):
    make_image('%s:1' % repo, busybox)
    target = '127.0.0.1:1/%s' % repo
    result = run_module('image', expect_fail=True, name='%s:1' % repo, push=True, repository=target)
    assert result['msg'].startswith('Failed to push %s:1' % target)
    assert image_id('%s:1' % target) is None and image_id('%s:1' % repo)
