"""The `compose` module against the real daemon: a two-service project (web + a db-like service
with a health check), a named volume, a project network, a published port and an env file with
interpolation; check mode, up, rerun, one service changed, scale, orphans, down."""

import datetime
import json
import os
import shutil
import subprocess
import textwrap

import pytest

from conftest import docker_cli, docker_inspect, remove_containers, run_module
from engines import ENGINE

PROJECT = """
services:
  web:
    image: ${IMAGE}
    command: ["sh", "-c", "mkdir -p /www && echo $$GREETING > /www/index.html && exec httpd -f -p 8080 -h /www"]
    ports: ["8080"]
    env_file: [web.env]
    environment:
      GREETING: ${GREETING:-hi}
    depends_on: [db]
    networks: [back, default]
    stop_grace_period: 1s
%(web_extra)s
  db:
    image: ${IMAGE}
    command: ["sh", "-c", "touch /data/ready; exec sleep 600"]
    volumes: ["data:/data"]
    healthcheck: {test: "test -f /data/ready", interval: 1s, retries: 20}
    networks: [back]
    stop_grace_period: 1s
networks:
  back: {}
volumes:
  data: {}
"""


def write_project(folder, busybox, greeting='hello', web_extra='', without_db=False):
    text = PROJECT % {'web_extra': textwrap.indent(web_extra, '    ')}
    if without_db:
        text = text.replace('    depends_on: [db]\n', '')
        text = text[:text.index('  db:\n')] + text[text.index('networks:\n  back'):]
    with open(os.path.join(folder, 'compose.yaml'), 'w') as handle:
        handle.write(text)
    with open(os.path.join(folder, '.env'), 'w') as handle:
        handle.write('IMAGE=%s\nGREETING=%s\n' % (busybox, greeting))
    with open(os.path.join(folder, 'web.env'), 'w') as handle:
        handle.write('MODE=${MODE:-production}\n')


def project_containers(project):
    out = docker_cli('ps', '-a', '--filter', 'label=com.docker.compose.project=%s' % project, '--format', '{{.Names}}')
    return sorted(out.split())


@pytest.fixture
def folder(name):
    path = os.path.join('/tmp', name)
    os.makedirs(path)
    yield path
    shutil.rmtree(path, ignore_errors=True)


def compose(folder, name, **args):
    return run_module('compose', project_src=folder, project_name=name, **args)


def test_up_rerun_change_scale_orphans_down(folder, name, busybox):
    write_project(folder, busybox)
    checked = compose(folder, name, check=True, diff=True)
    assert checked['changed'] and sorted(checked['diff']['after']) == ['db', 'web']
    assert checked['diff']['after']['web']['%s-web-1' % name]['state'] == 'started'
    assert 'create network %s_default' % name in checked['actions']
    assert 'create volume %s_data' % name in checked['actions']
    assert project_containers(name) == []
    assert docker_inspect('network', '%s_back' % name) is None

    up = compose(folder, name)
    assert up['changed']
    assert project_containers(name) == ['%s-db-1' % name, '%s-web-1' % name]
    web = docker_inspect('container', '%s-web-1' % name)
    labels = web['Config']['Labels']
    assert labels['com.docker.compose.project'] == name
    assert labels['com.docker.compose.service'] == 'web'
    assert labels['com.docker.compose.container-number'] == '1'
    assert labels['com.docker.compose.oneoff'] == 'False'
    assert labels['com.docker.compose.project.working_dir'] == folder
    assert labels['com.docker.compose.project.config_files'] == os.path.join(folder, 'compose.yaml')
    assert len(labels['com.docker.compose.config-hash']) == 64
    env = dict(item.split('=', 1) for item in web['Config']['Env'])
    assert env['GREETING'] == 'hello' and env['MODE'] == 'production'
    assert sorted(web['NetworkSettings']['Networks']) == sorted(['%s_back' % name, '%s_default' % name])
    db = docker_inspect('container', '%s-db-1' % name)
    assert db['Config']['Healthcheck']['Test'] == ['CMD-SHELL', 'test -f /data/ready']
    assert docker_inspect('volume', '%s_data' % name)['Labels']['com.docker.compose.volume'] == 'data'
    assert docker_inspect('network', '%s_back' % name)['Labels']['com.docker.compose.network'] == 'back'
    port = web['NetworkSettings']['Ports']['8080/tcp'][0]['HostPort']
    assert ENGINE.http_get('http://127.0.0.1:%s/' % port).strip() == 'hello'

    again = compose(folder, name)
    assert not again['changed'], again['actions']

    write_project(folder, busybox, greeting='changed')
    changed = compose(folder, name, diff=True)
    assert changed['services']['web']['changed'] and not changed['services']['db']['changed']
    assert docker_inspect('container', '%s-db-1' % name)['Id'] == db['Id']
    assert docker_inspect('container', '%s-web-1' % name)['Id'] != web['Id']
    assert changed['diff']['after']['web']['%s-web-1' % name]['env']['GREETING'] == 'changed'
    assert list(changed['diff']['after']) == ['web']

    web_id = docker_inspect('container', '%s-web-1' % name)['Id']
    write_project(folder, busybox, greeting='changed', web_extra='scale: 3')
    scaled = compose(folder, name)
    assert scaled['changed']
    assert project_containers(name) == ['%s-db-1' % name] + ['%s-web-%d' % (name, n) for n in (1, 2, 3)]
    assert docker_inspect('container', '%s-web-1' % name)['Id'] == web_id, scaled['actions']
    write_project(folder, busybox, greeting='changed', web_extra='deploy: {replicas: 1}')
    assert compose(folder, name)['changed']
    assert project_containers(name) == ['%s-db-1' % name, '%s-web-1' % name]
    assert docker_inspect('container', '%s-web-1' % name)['Id'] == web_id

    write_project(folder, busybox, greeting='changed', without_db=True)
    kept = compose(folder, name)
    assert kept['orphans'] == ['%s-db-1' % name] and not kept['changed']
    removed = compose(folder, name, remove_orphans=True)
    assert removed['changed'] and project_containers(name) == ['%s-web-1' % name]

    down = compose(folder, name, state='absent')
    assert down['changed'] and project_containers(name) == []
    assert docker_inspect('network', '%s_back' % name) is None
    assert docker_inspect('volume', '%s_data' % name) is not None
    assert not compose(folder, name, state='absent')['changed']
    # down needs only the project's name: what it made carries the project label
    gone = run_module('compose', project_name=name, state='absent', remove_volumes=True)
    assert gone['actions'] == ['remove volume %s_data' % name]
    assert docker_inspect('volume', '%s_data' % name) is None


def test_docker_ps_lists_exactly_the_projects_containers(folder, name, busybox):
    definition = {'services': {'one': {'image': busybox, 'command': 'sleep 600', 'stop_grace_period': '1s'},
                               'two': {'image': busybox, 'command': 'sleep 600', 'stop_grace_period': '1s',
                                       'deploy': {'replicas': 2}}}}
    with open(os.path.join(folder, 'compose.yaml'), 'w') as handle:
        json.dump(definition, handle)  # JSON is YAML; docker-compose reads the same file
    docker_cli('run', '-d', '--name', '%s-bystander' % name, '--label', 'com.docker.compose.project=%s-other' % name,
               busybox, 'sleep', '600')
    assert compose(folder, name)['changed']
    expected = ['%s-one-1' % name, '%s-two-1' % name, '%s-two-2' % name]
    assert project_containers(name) == expected
    stopped = compose(folder, name, state='stopped')
    assert stopped['changed'] and not compose(folder, name, state='stopped')['changed']
    assert not docker_inspect('container', '%s-two-2' % name)['State']['Running']
    assert compose(folder, name)['changed']
    if shutil.which('docker-compose'):
        # Compose itself (Debian's docker-compose) takes what we created as its own project.
        listed = _docker_compose(folder, name, 'ps', '-q').split()
        assert sorted(docker_inspect('container', ident)['Name'].lstrip('/') for ident in listed) == expected
        _docker_compose(folder, name, 'down', '-t', '1')
        assert project_containers(name) == [] and docker_inspect('network', '%s_default' % name) is None
        assert not compose(folder, name, state='absent')['changed']
    else:
        assert compose(folder, name, state='absent')['changed']
    assert project_containers(name) == []
    assert docker_inspect('container', '%s-bystander' % name) is not None


def _docker_compose(folder, name, *args):
    proc = subprocess.run(['docker-compose', '-p', name, '-f', os.path.join(folder, 'compose.yaml')] + list(args),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    return proc.stdout.decode()


@pytest.mark.parametrize('service, key_path', [
    ({'image': 'x', 'deploy': {'placement': {'constraints': ['node.role==manager']}}}, 'services.web.deploy.placement'),
    ({'image': 'x', 'ports': ['80:99999']}, 'services.web.ports[0]'),
    ({'image': 'x', 'frobnicate': True}, 'services.web.frobnicate'),
])
def test_unsupported_or_invalid_keys_fail_before_any_change(folder, name, service, key_path):
    failed = run_module('compose', expect_fail=True, project_name=name, project_src=folder,
                        definition={'services': {'web': service}, 'volumes': {'data': {}}})
    # an invalid value or unknown key starts with its path; a gap ends with it (valid Compose, not supported by ...)
    assert failed['msg'].startswith(key_path + ':') or failed['msg'].endswith(': ' + key_path), failed['msg']
    assert project_containers(name) == []
    assert docker_inspect('volume', '%s_data' % name) is None


def _seconds(timestamp):
    """Docker's RFC 3339 timestamps, to the second."""
    return datetime.datetime.strptime(timestamp[:19], '%Y-%m-%dT%H:%M:%S')


@pytest.mark.needs('health-checks-run')
def test_depends_on_conditions_and_wait(folder, name, busybox):
    definition = {'services': {
        'db': {'image': busybox, 'command': 'sh -c "sleep 2; touch /tmp/ready; exec sleep 600"', 'stop_grace_period': '1s',
               'healthcheck': {'test': 'test -f /tmp/ready', 'interval': '1s', 'retries': 30}},
        'init': {'image': busybox, 'command': 'sleep 1'},
        'web': {'image': busybox, 'command': 'sleep 600', 'stop_grace_period': '1s',
                'depends_on': {'db': {'condition': 'service_healthy'},
                               'init': {'condition': 'service_completed_successfully'}}}}}
    up = run_module('compose', definition=definition, project_name=name, project_src=folder, wait=True)
    assert up['changed']
    db = docker_inspect('container', '%s-db-1' % name)
    assert db['State']['Health']['Status'] == 'healthy'
    init = docker_inspect('container', '%s-init-1' % name)
    assert init['State']['Status'] == 'exited' and init['State']['ExitCode'] == 0
    # web started after db was healthy (2 s after db started) and after init had exited
    web_started = _seconds(docker_inspect('container', '%s-web-1' % name)['State']['StartedAt'])
    assert web_started >= _seconds(init['State']['FinishedAt'])
    assert (web_started - _seconds(db['State']['StartedAt'])).total_seconds() >= 1
    definition['services']['init']['command'] = 'sh -c "exit 3"'
    failed = run_module('compose', expect_fail=True, definition=definition, project_name=name, project_src=folder)
    assert 'exited with code 3' in failed['msg']


def test_build_policy_and_always(folder, name, busybox):
    with open(os.path.join(folder, 'Dockerfile'), 'w') as handle:
        handle.write('FROM %s\nCOPY index.html /www/index.html\n' % busybox)
    with open(os.path.join(folder, 'index.html'), 'w') as handle:
        handle.write('v1\n')
    definition = {'services': {'web': {'build': {'context': '.'}, 'command': 'sleep 600', 'stop_grace_period': '1s'}}}
    image = '%s-web' % name
    checked = run_module('compose', check=True, definition=definition, project_name=name, project_src=folder)
    assert any(action.startswith('build image %s' % image) for action in checked['actions']), checked['actions']
    assert docker_inspect('image', image) is None
    assert run_module('compose', definition=definition, project_name=name, project_src=folder)['changed']
    first = docker_inspect('container', '%s-web-1' % name)
    assert first['Image'] == docker_inspect('image', image)['Id']
    assert not run_module('compose', definition=definition, project_name=name, project_src=folder)['changed']
    with open(os.path.join(folder, 'index.html'), 'w') as handle:
        handle.write('v2\n')
    # policy: the image is there, so no build
    assert not run_module('compose', definition=definition, project_name=name, project_src=folder)['changed']
    rebuilt = run_module('compose', definition=definition, project_name=name, project_src=folder, build='always')
    assert rebuilt['changed']
    assert docker_inspect('container', '%s-web-1' % name)['Id'] != first['Id']
    assert not run_module('compose', definition=definition, project_name=name, project_src=folder, build='always')['changed']


@pytest.mark.needs('build-run')
def test_build_network_and_cache_from_reach_the_build(folder, name, busybox):
    """A service's build.network and build.cache_from go to the build (issue 36 item 4), no longer refused."""
    with open(os.path.join(folder, 'Dockerfile'), 'w') as handle:
        handle.write('FROM %s\nRUN ls /sys/class/net > /net.txt\n' % busybox)
    definition = {'services': {'web': {'build': {'context': '.', 'network': 'none', 'cache_from': [busybox]},
                                       'command': 'sleep 600', 'stop_grace_period': '1s'}}}
    assert run_module('compose', definition=definition, project_name=name, project_src=folder)['changed']
    assert docker_cli('run', '--rm', '%s-web' % name, 'cat', '/net.txt').split() == ['lo']
    run_module('compose', project_name=name, state='absent')


# -- anonymous volumes: data an image declares (VOLUME) outlives the containers, as with Compose --------------

def volume_image(name, busybox):
    """An image declaring VOLUME /data, made locally (docker commit; no registry)."""
    source, image = '%s-src' % name, '%s-volume:1' % name
    docker_cli('create', '--name', source, busybox)
    docker_cli('commit', '-c', 'VOLUME /data', source, image)
    docker_cli('rm', source)
    return image


def data_volume(container):
    """Name of the volume mounted at /data in the container."""
    mounts = docker_inspect('container', container)['Mounts']
    return [mount['Name'] for mount in mounts if mount['Destination'] == '/data'][0]


def listed_volumes():
    return docker_cli('volume', 'ls', '-q').split()


@pytest.fixture
def anonymous_volumes(name):
    """Anonymous volumes carry no run prefix: the test lists them, they go after the project's containers."""
    names = []
    yield names
    remove_containers(*project_containers(name))
    if names:
        docker_cli('volume', 'rm', '-f', *names, check=False)


def db_project(image, environment='1', scale=1, with_cache=False):
    service = {'image': image, 'command': 'sleep 600', 'stop_grace_period': '1s',
               'environment': {'VERSION': environment}, 'scale': scale}
    services = {'db': service}
    if with_cache:
        services['cache'] = dict(service, scale=1)
    return {'services': services}


def compose_definition(folder, name, definition, **args):
    return run_module('compose', definition=definition, project_name=name, project_src=folder, **args)


def test_recreate_keeps_anonymous_volume_data_unless_renewed(folder, name, busybox, anonymous_volumes):
    image = volume_image(name, busybox)
    container = '%s-db-1' % name
    assert compose_definition(folder, name, db_project(image))['changed']
    first = data_volume(container)
    anonymous_volumes.append(first)
    docker_cli('exec', container, 'sh', '-c', 'echo kept > /data/file')
    old_id = docker_inspect('container', container)['Id']

    changed = compose_definition(folder, name, db_project(image, environment='2'))
    assert changed['changed'] and docker_inspect('container', container)['Id'] != old_id
    assert data_volume(container) == first
    assert docker_cli('exec', container, 'cat', '/data/file') == 'kept'

    # renew_anon_volumes does not recreate by itself: an identical rerun changes nothing
    assert not compose_definition(folder, name, db_project(image, environment='2'), renew_anon_volumes=True)['changed']
    checked = compose_definition(folder, name, db_project(image, environment='3'), renew_anon_volumes=True, check=True)
    assert checked['changed'] and data_volume(container) == first
    assert docker_cli('exec', container, 'cat', '/data/file') == 'kept'
    renewed = compose_definition(folder, name, db_project(image, environment='3'), renew_anon_volumes=True)
    assert renewed['changed']
    fresh = data_volume(container)
    anonymous_volumes.append(fresh)
    assert fresh != first
    assert docker_cli('exec', container, 'ls', '/data') == ''
    # the old container's volume stays, as with docker compose up --renew-anon-volumes
    assert first in listed_volumes()
    assert not compose_definition(folder, name, db_project(image, environment='3'), renew_anon_volumes=True)['changed']


def test_renew_anon_volumes_is_refused_with_state_absent(folder, name):
    failed = run_module('compose', expect_fail=True, project_name=name, state='absent', renew_anon_volumes=True)
    assert failed['msg'].startswith('renew_anon_volumes: '), failed['msg']


def test_scale_down_orphans_and_down_keep_anonymous_volumes(folder, name, busybox, anonymous_volumes):
    image = volume_image(name, busybox)
    one, two, cache = ('%s-%s' % (name, suffix) for suffix in ('db-1', 'db-2', 'cache-1'))
    assert compose_definition(folder, name, db_project(image, scale=2, with_cache=True))['changed']
    volumes = dict((container, data_volume(container)) for container in (one, two, cache))
    anonymous_volumes.extend(volumes.values())
    docker_cli('exec', two, 'sh', '-c', 'echo kept > /data/file')

    scaled = compose_definition(folder, name, db_project(image, with_cache=True))
    assert scaled['changed'] and project_containers(name) == sorted([cache, one])
    assert volumes[two] in listed_volumes()
    # read back without --rm: Podman's auto-removal takes a volume made anonymous with the container
    reader = '%s-reader' % name
    assert docker_cli('run', '--name', reader, '-v', '%s:/data' % volumes[two], busybox, 'cat', '/data/file') == 'kept'
    docker_cli('rm', reader)

    orphaned = compose_definition(folder, name, db_project(image), remove_orphans=True)
    assert orphaned['changed'] and project_containers(name) == [one]
    assert volumes[cache] in listed_volumes()

    down = compose_definition(folder, name, db_project(image), state='absent')
    assert down['changed'] and project_containers(name) == []
    assert volumes[one] in listed_volumes()

    # remove_volumes removes the removed containers' anonymous volumes, one carried over by a recreate too
    compose_definition(folder, name, db_project(image))
    compose_definition(folder, name, db_project(image, environment='2'))
    carried = data_volume(one)
    anonymous_volumes.append(carried)
    checked = compose_definition(folder, name, db_project(image), state='absent', remove_volumes=True, check=True)
    assert checked['changed'] and carried in listed_volumes() and project_containers(name) == [one]
    assert 'remove anonymous volume %s of container %s' % (carried, one) in checked['actions'], checked['actions']
    gone = compose_definition(folder, name, db_project(image), state='absent', remove_volumes=True)
    assert gone['changed'] and project_containers(name) == []
    assert carried not in listed_volumes()
    # volumes no removed container held are left alone
    assert set(volumes.values()) <= set(listed_volumes())
