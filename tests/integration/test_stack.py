"""stack and stack_info on a single-node swarm of a scratch dockerd: a Compose file with two services,
an overlay network, a config and a secret, deployed natively; what `docker stack` sees of it."""

import json
import os
import uuid

import pytest
import yaml

from conftest import BUSYBOX, run_module
from swarm_scratch import QUICK_STOP, swarm_manager  # noqa: F401  pylint: disable=unused-import

pytestmark = pytest.mark.needs('full-suite')

FAST = {'parallelism': 0, 'monitor': '500ms'}


@pytest.fixture
def stack(prefix):
    return '%s-st%s' % (prefix, uuid.uuid4().hex[:4])


def compose_file(folder, services, **top):
    document = dict(services=services, **top)
    path = os.path.join(folder, 'compose.yaml')
    with open(path, 'w') as handle:
        yaml.safe_dump(document, handle)
    return path


def two_services(image=BUSYBOX):
    web = {'image': image, 'command': ['sh', '-c', QUICK_STOP], 'networks': {'front': {'aliases': ['www']}},
           'configs': [{'source': 'app_conf', 'target': '/etc/app.conf'}], 'secrets': ['db_pw'],
           'deploy': {'replicas': 2, 'endpoint_mode': 'dnsrr', 'update_config': FAST, 'labels': {'tier': 'web'}}}
    worker = {'image': BUSYBOX, 'command': ['sh', '-c', QUICK_STOP], 'environment': {'ROLE': 'worker'},
              'deploy': {'mode': 'global', 'update_config': FAST}}
    return {'web': web, 'worker': worker}


def labelled(daemon, kind, stack):
    found = daemon.cli(kind, 'ls', '-q', '--filter', 'label=com.docker.stack.namespace=%s' % stack)[1]
    return found.split()


@pytest.mark.needs('gap-stack-overlay')
def test_stack_deploy_redeploy_update_prune_absent(swarm_manager, stack, tmp_path):
    daemon = swarm_manager
    folder = str(tmp_path)
    secret = 'pw-%s' % uuid.uuid4().hex
    (tmp_path / 'app.conf').write_text('level=1\n')
    (tmp_path / 'db_pw.txt').write_text(secret)
    top = dict(networks={'front': {'driver': 'overlay', 'attachable': True}},
               configs={'app_conf': {'file': './app.conf'}}, secrets={'db_pw': {'file': './db_pw.txt'}})
    path = compose_file(folder, two_services(), **top)
    options = daemon.args(name=stack, compose=[path])

    checked = run_module('stack', check=True, diff=True, **options)
    assert checked['changed']
    assert checked['actions'][:4] == ['create network %s_default' % stack, 'create network %s_front' % stack,
                                      'create config %s_app_conf' % stack, 'create secret %s_db_pw_v1' % stack]
    assert checked['diff']['after']['services']['web']['state'] == 'present'
    assert labelled(daemon, 'service', stack) == [] and labelled(daemon, 'network', stack) == []

    created = run_module('stack', **options)
    assert created['changed'] and secret not in json.dumps(created)
    assert created['stack']['services'] == ['%s_web' % stack, '%s_worker' % stack]
    web = created['services']['web']
    assert [task['state'] for task in web['tasks']] == ['running', 'running']
    assert daemon.cli('exec', web['tasks'][0]['container_id'], 'cat', '/etc/app.conf')[1] == 'level=1'
    assert daemon.cli('exec', web['tasks'][0]['container_id'], 'cat', '/run/secrets/db_pw')[1] == secret
    listed = daemon.cli('stack', 'ls', '--format', '{{.Name}} {{.Services}}')[1].splitlines()
    assert '%s 2' % stack in listed
    services = daemon.cli('stack', 'services', stack, '--format', '{{.Name}} {{.Replicas}}')[1].splitlines()
    assert sorted(services) == ['%s_web 2/2' % stack, '%s_worker 1/1' % stack]
    assert len(labelled(daemon, 'network', stack)) == 2
    assert len(labelled(daemon, 'config', stack)) == 1 and len(labelled(daemon, 'secret', stack)) == 1
    spec = json.loads(daemon.cli('service', 'inspect', '%s_web' % stack, '--format', '{{json .Spec}}')[1])
    assert spec['Labels'] == {'tier': 'web', 'com.docker.stack.namespace': stack, 'com.docker.stack.image': BUSYBOX}
    assert spec['TaskTemplate']['ContainerSpec']['Labels'] == {'com.docker.stack.namespace': stack}
    assert sorted(spec['TaskTemplate']['Networks'][0]['Aliases']) == ['web', 'www']

    again = run_module('stack', diff=True, **options)
    assert not again['changed'] and again['actions'] == [], again['actions']

    image = '%s-img:v2' % stack
    daemon.cli('tag', BUSYBOX, image)
    path = compose_file(folder, two_services(image), **top)
    worker_version = daemon.cli('service', 'inspect', '%s_worker' % stack, '--format', '{{.Version.Index}}')[1]
    checked = run_module('stack', check=True, diff=True, **options)
    assert checked['actions'] == ['update service %s_web (TaskTemplate.ContainerSpec.Image, Labels)' % stack,
                                  'wait until service %s_web converged' % stack]
    assert checked['diff']['after']['services']['web']['TaskTemplate.ContainerSpec.Image'] == image
    assert 'TaskTemplate.ContainerSpec.Image' not in checked['diff']['after']['services']['worker']
    updated = run_module('stack', **options)
    assert updated['changed'] and updated['services']['web']['image'] == image
    assert all(task['image'] == image for task in updated['services']['web']['tasks'])
    assert daemon.cli('service', 'inspect', '%s_worker' % stack, '--format', '{{.Version.Index}}')[1] == worker_version

    services = two_services(image)
    del services['worker']
    compose_file(folder, services, **top)
    kept = run_module('stack', **options)
    assert not kept['changed']  # without prune the dropped service stays
    pruned = run_module('stack', **dict(options, prune=True))
    assert pruned['actions'][0] == 'remove service %s_worker' % stack
    assert labelled(daemon, 'service', stack) and len(labelled(daemon, 'service', stack)) == 1

    info = run_module('stack_info', **daemon.args(name=stack))
    assert info['exists'] and [item['name'] for item in info['stacks']] == [stack]
    assert [service['name'] for service in info['stack']['services']] == ['%s_web' % stack]
    assert len(info['stack']['tasks']) == 2 and info['stack']['configs'] == ['%s_app_conf' % stack]

    removal = daemon.args(name=stack, state='absent')
    checked = run_module('stack', check=True, **removal)
    assert checked['changed'] and len(labelled(daemon, 'service', stack)) == 1
    removed = run_module('stack', **removal)
    assert removed['changed'] and removed['actions'][0] == 'remove service %s_web' % stack
    for kind in ('service', 'network', 'config', 'secret'):
        assert labelled(daemon, kind, stack) == [], kind
    assert daemon.cli('ps', '-aq', '--filter', 'label=com.docker.stack.namespace=%s' % stack)[1] == ''
    assert stack not in daemon.cli('stack', 'ls')[1]
    assert not run_module('stack', **removal)['changed']
    assert run_module('stack_info', **daemon.args(name=stack))['exists'] is False


@pytest.mark.needs('gap-stack-overlay')
def test_a_failing_health_check_rolls_the_stack_update_back(swarm_manager, stack):
    daemon = swarm_manager
    service = {'image': BUSYBOX, 'command': ['sh', '-c', 'touch /tmp/ok; ' + QUICK_STOP],
               'healthcheck': {'test': 'test -f /tmp/ok', 'interval': '1s', 'retries': 2}, 'stop_grace_period': '1s',
               'deploy': {'update_config': {'parallelism': 0, 'monitor': '2s', 'failure_action': 'rollback'},
                          'rollback_config': {'parallelism': 0, 'monitor': '500ms'}}}
    options = daemon.args(name=stack, compose=[{'services': {'api': service}}], wait_timeout=40)
    created = run_module('stack', **options)
    assert created['services']['api']['tasks'][0]['state'] == 'running'
    broken = dict(service, command=['sleep', '600'])
    failed = run_module('stack', expect_fail=True, **dict(options, compose=[{'services': {'api': broken}}]))
    assert failed['msg'].startswith('service %s_api: the update failed and was rolled back (rollback_completed: '
                                    % stack), failed['msg']
    assert 'unhealthy container' in failed['msg'] and 'on %s' % daemon.hostname() in failed['msg']
    args = json.loads(daemon.cli('service', 'inspect', '%s_api' % stack, '--format',
                                 '{{json .Spec.TaskTemplate.ContainerSpec.Args}}')[1])
    assert args == service['command']
    run_module('stack', **daemon.args(name=stack, state='absent'))


@pytest.mark.parametrize('compose, message', [
    ({'services': {'web': {'build': '.'}}}, "services.web.build: invalid value '.'; valid Compose, but not supported by "
                                            'the stack module'),
    ({'services': {'web': {'image': 'x', 'ports': ['127.0.0.1:80:80']}}},
     "services.web.ports[0].host_ip: invalid value '127.0.0.1'; a swarm publishes on every address"),
    ({'services': {'web': {'image': 'x', 'deploy': {'mode': 'global', 'replicas': 2}}}},
     'services.web.deploy.replicas: invalid value 2; a global service runs one task per node'),
    ({'services': {'web': {'image': 'x', 'secrets': ['nope']}}}, "services.web.secrets[0].source: invalid value 'nope'"),
])
def test_bad_compose_fails_before_touching_the_daemon(compose, message):
    result = run_module('stack', expect_fail=True, docker_host='unix:///nonexistent.sock', name='app', compose=[compose])
    assert result['msg'].startswith(message), result['msg']
