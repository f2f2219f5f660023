"""compose_exec, compose_run and compose_pull (issue 36 item 2) against the real daemon: a project started
by the `compose` module, a command run in each of a scaled service's containers, one-off containers of a
service with its dependencies brought up, and images pulled from the test registry by policy, with check
mode, reruns and the failures a user can act on."""

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


def one_offs(name):
    """Names of the project's one-off containers (com.docker.compose.oneoff=True), running or not."""
    listed = docker_cli('ps', '-a', '--filter', 'label=com.docker.compose.project=%s' % name,
                        '--filter', 'label=com.docker.compose.oneoff=True', '--format', '{{.Names}}')
    return sorted(listed.split())


@pytest.fixture
def run_project(tmp_path, name, busybox):
    """web depends on db; web publishes a port and has the name 'web' on the project's network. Nothing runs yet."""
    port = 20000 + sum(map(ord, name)) % 20000
    definition = {'services': {
        'db': {'image': busybox, 'command': GRACEFUL},
        'web': {'image': busybox, 'command': ['echo', 'the service command'], 'depends_on': ['db'],
                'environment': {'GREETING': 'from the service', 'KEPT': 'kept'}, 'working_dir': '/etc',
                'ports': ['%d:80' % port], 'restart': 'always', 'labels': {'tier': 'front'}}}}
    args = dict(project_src=str(tmp_path), project_name=name, definition=definition)
    yield args, port
    run_module('compose', project_name=name, state='absent', remove_volumes=True)


def test_run_a_one_off_container_with_its_dependencies_up(run_project, name):
    args, _port = run_project
    checked = run_module('compose_run', check=True, service='web', argv=['true'], **args)
    assert checked['changed'] and checked['msg'] == 'command would run in a new container of service web'
    assert 'create network %s_default' % name in checked['actions']
    assert docker_inspect('container', '%s-db-1' % name) is None and one_offs(name) == []

    ran = run_module('compose_run', service='web', options={'env': {'GREETING': 'from the task'}}, user='nobody',
                     argv=['sh', '-c', 'echo "$GREETING $KEPT $(id -u) $(pwd)"; echo warned >&2; exit 0'], **args)
    assert ran['changed'] and ran['rc'] == 0 and not ran['failed']
    assert ran['stdout'] == 'from the task kept 65534 /etc' and ran['stderr'] == 'warned'
    assert ran['container_name'].startswith('%s-web-run-' % name)
    assert docker_inspect('container', '%s-db-1' % name)['State']['Running'], 'db, a dependency, is started'
    assert docker_inspect('container', '%s-web-1' % name) is None, 'the service itself is not started'
    assert one_offs(name) == [], 'remove (default true) removes the one-off container'
    assert ran['actions'][-2:] == ['create container %s from %s' % (ran['container_name'], args['definition'][
        'services']['web']['image']), 'run container %s to completion' % ran['container_name']]

    again = run_module('compose_run', service='web', **args)  # the service's own command; db already up
    assert again['stdout'] == 'the service command' and again['container_name'] != ran['container_name']
    assert not any('%s-db-1' % name in action for action in again['actions'])
    # The compose module takes a one-off container for none of its own, and a one-off run for no orphan.
    assert not run_module('compose', services=['db'], **args)['changed']


def test_run_kept_or_detached_has_compose_labels_and_no_service_ports(run_project, name, busybox):
    args, port = run_project
    kept = run_module('compose_run', service='web', remove=False, no_deps=True, name=name + '-kept',
                      labels={'job': 'report'}, argv=['true'], **args)
    assert docker_inspect('container', '%s-db-1' % name) is None, 'no_deps leaves db alone'
    found = docker_inspect('container', name + '-kept')
    labels = found['Config']['Labels']
    assert labels['com.docker.compose.oneoff'] == 'True' and labels['com.docker.compose.service'] == 'web'
    assert labels['com.docker.compose.project'] == name and labels['tier'] == 'front' and labels['job'] == 'report'
    assert found['HostConfig']['RestartPolicy']['Name'] in ('', 'no') and not found['HostConfig']['PortBindings']
    networks = found['NetworkSettings']['Networks']
    assert list(networks) == ['%s_default' % name] and 'web' not in (networks['%s_default' % name]['Aliases'] or [])
    assert kept['rc'] == 0 and one_offs(name) == [name + '-kept']

    detached = run_module('compose_run', service='web', detach=True, no_deps=True, service_ports=True,
                          publish=['127.0.0.1::81'], argv=['sleep', '600'], **args)
    assert 'rc' not in detached and detached['container_id']
    running = docker_inspect('container', detached['container_name'])
    assert running['State']['Running'] and running['Id'] == detached['container_id']
    assert sorted(running['HostConfig']['PortBindings']) == ['80/tcp', '81/tcp']
    assert running['HostConfig']['PortBindings']['80/tcp'][0]['HostPort'] == str(port)
    assert running['HostConfig']['AutoRemove'], 'remove with detach: the daemon removes it when it exits'
    # As `docker compose down` does, state=absent removes the one-off containers, then the network they use.
    down = run_module('compose', project_name=name, state='absent')
    assert down['changed'] and one_offs(name) == [] and docker_inspect('network', '%s_default' % name) is None


def test_run_failures_name_what_to_fix(run_project, name):
    args, _port = run_project
    failed = run_module('compose_run', expect_fail=True, service='web', no_deps=True,
                        argv=['sh', '-c', 'echo bad >&2; exit 3'], **args)
    assert failed['rc'] == 3 and failed['stderr'] == 'bad' and failed['changed']
    assert failed['msg'].startswith("command sh -c 'echo bad >&2; exit 3' exited with rc 3 in a one-off container")
    assert one_offs(name) == [], 'a failed command leaves no container behind with remove'
    accepted = run_module('compose_run', service='web', no_deps=True, argv=['sh', '-c', 'exit 3'],
                          expected_rc=[0, 3], **args)
    assert accepted['rc'] == 3 and not accepted['failed']
    unknown = run_module('compose_run', expect_fail=True, service='cache', argv=['true'], **args)
    assert unknown['msg'] == "service: invalid value 'cache'; no such service; the project has db, web"
    empty = run_module('compose_run', expect_fail=True, service='web', argv=[], **args)
    assert empty['msg'].startswith('argv: invalid value []; give a non-empty command')
    named_only = run_module('compose_run', expect_fail=True, project_name=name, service='web', argv=['true'])
    assert named_only['msg'] == 'project_src: invalid value None; give project_src, files or definition'
    assert one_offs(name) == [] and docker_inspect('container', '%s-db-1' % name) is None


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
