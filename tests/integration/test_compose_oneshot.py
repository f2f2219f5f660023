"""compose_exec and compose_pull (issue 36 item 2) against the real daemon: a project started by the
`compose` module, a command run in each of a scaled service's containers, and images pulled from the
test registry by policy, with check mode, reruns and the failures a user can act on."""

import pytest

from conftest import docker_cli, docker_inspect, run_module

GRACEFUL = ['sh', '-c', "trap 'exit 0' TERM; sleep 600 & wait"]


@pytest.fixture
def project(tmp_path, name, busybox):
    """A running project: web at scale 2; the project folder holds no Compose file (an inline definition)."""
    definition = {'services': {'web': {'image': busybox, 'command': GRACEFUL, 'scale': 2}}}
    args = dict(project_src=str(tmp_path), project_name=name, definition=definition)
    run_module('compose', **args)
    yield args
    run_module('compose', project_name=name, state='absent', remove_volumes=True)


def test_exec_runs_in_the_numbered_container_of_the_service(project, name):
    for index in (1, 2):
        result = run_module('compose_exec', service='web', index=index, argv=['hostname'], **project)
        container = docker_inspect('container', '%s-web-%d' % (name, index))
        assert result['changed'] and result['rc'] == 0 and result['stdout'] == container['Config']['Hostname']
        assert result['actions'] == ['run hostname in container %s-web-%d' % (name, index)]
    # The project's name alone is enough: the containers' labels carry it.
    by_name = run_module('compose_exec', project_name=name, service='web', command='sh -c "echo $((6 * 7))"')
    assert by_name['stdout'] == '42'


def test_exec_check_mode_creates_and_expected_rc(project, name):
    marker = dict(project, service='web', argv=['touch', '/tmp/done'], creates='/tmp/done')
    checked = run_module('compose_exec', check=True, **marker)
    assert checked['changed'] and checked['msg'] == 'command would run in container %s-web-1' % name
    assert run_module('compose_exec', **marker)['changed']
    again = run_module('compose_exec', **marker)
    assert not again['changed'] and again['msg'].startswith('command not run: /tmp/done exists')
    failed = run_module('compose_exec', expect_fail=True, service='web', argv=['sh', '-c', 'echo bad >&2; exit 3'],
                        **project)
    assert failed['rc'] == 3 and failed['stderr'] == 'bad' and '\n' not in failed['msg']
    accepted = run_module('compose_exec', service='web', argv=['sh', '-c', 'exit 3'], expected_rc=[0, 3], **project)
    assert accepted['rc'] == 3 and not accepted['failed']


def test_exec_failures_name_what_to_fix(project, name):
    unknown = run_module('compose_exec', expect_fail=True, service='db', argv=['true'], **project)
    assert unknown['msg'] == "service: invalid value 'db'; no such service; the project has web"
    missing = run_module('compose_exec', expect_fail=True, service='web', index=3, argv=['true'], **project)
    assert missing['msg'] == ('service: web of project %s has no container number 3; start it with '
                              'dockyard.docker.compose' % name)
    docker_cli('stop', '-t', '1', '%s-web-2' % name)
    stopped = run_module('compose_exec', expect_fail=True, service='web', index=2, argv=['true'], **project)
    assert stopped['msg'].startswith('container: %s-web-2 is not running (exited)' % name)


@pytest.fixture
def pushed(registry, name, busybox):
    """An image in the test registry, not on the host."""
    reference = '%s/%s-pull:1' % (registry, name.lower())
    docker_cli('tag', busybox, reference)
    docker_cli('push', reference)
    docker_cli('rmi', reference)
    yield reference
    docker_cli('rmi', '-f', reference, check=False)


@pytest.mark.needs('gap-podman-push-digest')
def test_pull_by_policy_with_check_mode_and_reruns(tmp_path, name, pushed, busybox, debian):
    (tmp_path / 'api').mkdir()
    (tmp_path / 'api' / 'Dockerfile').write_text('FROM scratch\n')
    args = dict(project_src=str(tmp_path), project_name=name, definition={'services': {
        'web': {'image': pushed}, 'worker': {'image': pushed}, 'api': {'build': {'context': 'api'}}}})
    checked = run_module('compose_pull', check=True, diff=True, policy='missing', **args)
    assert checked['changed'] and checked['skipped'] == ['api']
    assert checked['images'] == [{'image': pushed, 'services': ['web', 'worker'], 'pulled': True}]
    assert docker_inspect('image', pushed) is None and checked['diff']['before'][pushed]['exists'] is False
    pulled = run_module('compose_pull', policy='missing', **args)
    assert pulled['changed'] and pulled['images'][0]['pulled'] and docker_inspect('image', pushed) is not None
    assert pulled['actions'] == ['pull image %s' % pushed]
    assert not run_module('compose_pull', policy='missing', **args)['changed']
    assert not run_module('compose_pull', **args)['changed']  # always: the registry holds nothing newer
    # The registry's tag moves on (debian pushed under it); the host keeps the old image under the tag.
    docker_cli('tag', debian, pushed)
    docker_cli('push', pushed)
    docker_cli('tag', busybox, pushed)
    newer = run_module('compose_pull', **args)
    assert newer['changed'] and newer['actions'] == ['pull image %s again' % pushed]
    assert docker_inspect('image', pushed)['Id'] == docker_inspect('image', debian)['Id']
    assert not run_module('compose_pull', **args)['changed']


def test_pull_chooses_services_and_their_dependencies(tmp_path, name, busybox, debian):
    args = dict(project_src=str(tmp_path), project_name=name, policy='missing', definition={'services': {
        'web': {'image': busybox, 'depends_on': ['db']}, 'db': {'image': debian}, 'other': {'image': busybox}}})
    alone = run_module('compose_pull', services=['web'], **args)
    assert not alone['changed'] and [entry['image'] for entry in alone['images']] == [busybox]
    with_deps = run_module('compose_pull', services=['web'], include_deps=True, **args)
    assert sorted(entry['image'] for entry in with_deps['images']) == sorted([busybox, debian])
    assert all(entry['pulled'] is False for entry in with_deps['images'])
    unknown = run_module('compose_pull', expect_fail=True, services=['nope'], **args)
    assert unknown['msg'] == "services: invalid value 'nope'; no such service; the project has db, other, web"
    no_files = run_module('compose_pull', expect_fail=True, project_name=name)
    assert no_files['msg'] == "project_src: invalid value None; give project_src, files or definition"
