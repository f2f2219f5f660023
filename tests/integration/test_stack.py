"""stack and stack_info on a single-node swarm of a scratch dockerd: a Compose file with two services,
an overlay network, a config and a secret, deployed natively; what `docker stack` sees of it."""

import hashlib
import json
import os
import uuid

import pytest
import yaml

from conftest import BUSYBOX, run_module
from swarm_scratch import QUICK_STOP, bare_daemon, swarm_manager  # noqa: F401  pylint: disable=unused-import

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
def test_a_stack_redeployed_into_a_new_swarm_at_once_converges(bare_daemon, stack, tmp_path):  # noqa: F811
    """Issue 32: right after the old swarm was left, the new one's deploy found the old overlay network by name (a
    stale local copy the new swarm does not know) and failed 'network ... not found'."""
    daemon = bare_daemon
    daemon.init_swarm()
    services = {'web': {'image': BUSYBOX, 'command': ['sh', '-c', QUICK_STOP], 'networks': ['front'],
                        'deploy': {'update_config': FAST}}}
    options = daemon.args(name=stack, compose=[compose_file(str(tmp_path), services,
                                                            networks={'front': {'driver': 'overlay'}})])
    assert run_module('stack', **options)['changed']
    daemon.cli('swarm', 'leave', '--force')
    daemon.init_swarm()
    redeployed = run_module('stack', **options)
    assert redeployed['changed'] and 'create network %s_front' % stack in redeployed['actions'], redeployed
    assert [task['state'] for task in redeployed['services']['web']['tasks']] == ['running']
    again = run_module('stack', **options)
    assert not again['changed'], again['actions']


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
    ({'services': {'web': {'build': '.'}}}, 'valid Compose, not supported by the stack module: services.web.build'),
    ({'services': {'web': {'image': 'x', 'ports': ['127.0.0.1:80:80']}}},
     "services.web.ports[0].host_ip: invalid value '127.0.0.1'; a swarm publishes on every address"),
    ({'services': {'web': {'image': 'x', 'deploy': {'mode': 'global', 'replicas': 2}}}},
     'services.web.deploy.replicas: invalid value 2; a global service runs one task per node'),
    ({'services': {'web': {'image': 'x', 'secrets': ['nope']}}}, "services.web.secrets[0].source: invalid value 'nope'"),
])
def test_bad_compose_fails_before_touching_the_daemon(compose, message):
    result = run_module('stack', expect_fail=True, docker_host='unix:///nonexistent.sock', name='app', compose=[compose])
    assert result['msg'].startswith(message), result['msg']


# -- inline secrets leave no unsalted digest ------------------------------------------------------
# Inline secrets of a service and a stack leave nothing that finds a short secret by trying every value:
# what `docker secret ls/inspect`, `docker service inspect` and the task results show carries no unsalted
# digest of the data (the secret module's salted PBKDF2 label is the one digest, under rolling NAME_vN
# names). They deploy a stack, so they share the stack tests' known gap on the engines in host containers.

PIN = '4821'
CANDIDATES = ['%04d' % number for number in range(10000)]


def strings_of(value):
    """Every string in a JSON document: keys, values, and numbers as text."""
    if isinstance(value, dict):
        return [text for key, item in value.items() for text in [str(key)] + strings_of(item)]
    if isinstance(value, list):
        return [text for item in value for text in strings_of(item)]
    return [] if value is None else [str(value)]


def shown(daemon, results, services):
    listed = [json.loads(line) for line in daemon.cli('secret', 'ls', '--format', '{{json .}}')[1].splitlines()]
    ids = [item['ID'] for item in listed]
    inspected = json.loads(daemon.cli('secret', 'inspect', *ids)[1]) if ids else []
    services = json.loads(daemon.cli('service', 'inspect', *services)[1])
    return [text.lower() for text in strings_of([listed, inspected, services, results])]


def assert_no_candidate_findable(texts):
    windows = set(text[start:start + 8] for text in texts for start in range(len(text) - 7))
    whole = set(texts)
    for candidate in CANDIDATES:
        digest = hashlib.sha256(candidate.encode()).hexdigest()
        # A prefix of 8 or more characters that appears contains its first 8.
        assert digest[:8] not in windows, 'sha256(%s) (or a prefix of it) is shown' % candidate
        assert candidate not in whole, '%s is shown as a value of its own' % candidate


def stack_definition(stack_secret):
    return {'services': {'app': {'image': BUSYBOX, 'command': ['sh', '-c', QUICK_STOP], 'secrets': ['pin'],
                                 'deploy': {'update_config': FAST}}},
            'secrets': {'pin': {'file': stack_secret}}}


@pytest.mark.needs('gap-stack-overlay')
def test_inline_secrets_show_no_unsalted_digest_and_roll_on_change(swarm_manager, prefix, tmp_path):
    daemon = swarm_manager
    svc, stack = '%s-pin%s' % (prefix, uuid.uuid4().hex[:4]), '%s-stp%s' % (prefix, uuid.uuid4().hex[:4])
    secret_file = tmp_path / 'pin.txt'
    secret_file.write_text(PIN)
    service = daemon.args(name=svc, image=BUSYBOX, command=['sh', '-c', QUICK_STOP], update_config=FAST,
                          secrets=[{'name': 'pin', 'data': PIN}])
    stack_options = daemon.args(name=stack, compose=[stack_definition(str(secret_file))])
    results = []

    checked = run_module('service', check=True, diff=True, options=service)
    assert checked['actions'][0] == 'create secret pin_v1', checked['actions']
    assert daemon.cli('secret', 'ls', '-q', '--filter', 'label=dockyard.docker.service=%s' % svc)[1] == ''
    results.append(checked)
    results.append(run_module('service', diff=True, options=service))
    assert results[-1]['changed']
    again = run_module('service', diff=True, options=service)
    assert not again['changed'], again['actions']
    results.append(again)

    checked = run_module('stack', check=True, diff=True, **stack_options)
    assert 'create secret %s_pin_v1' % stack in checked['actions'], checked['actions']
    results.append(checked)
    results.append(run_module('stack', diff=True, **stack_options))
    assert results[-1]['changed']
    again = run_module('stack', diff=True, **stack_options)
    assert not again['changed'], again['actions']
    results.append(again)
    tasks = results[1]['tasks'] + results[-2]['services']['app']['tasks']
    for task in tasks:
        assert daemon.cli('exec', task['container_id'], 'cat', '/run/secrets/pin')[1] == PIN

    assert_no_candidate_findable(shown(daemon, results, [svc, '%s_app' % stack]))

    # New content rolls to a new version; the old one goes once no service uses it.
    rolled = run_module('service', diff=True, options=dict(service, secrets=[{'name': 'pin', 'data': '4822'}]))
    assert rolled['changed'] and 'create secret pin_v2' in rolled['actions'], rolled['actions']
    assert 'remove unused secret pin_v1' in rolled['actions'], rolled['actions']
    assert daemon.cli('exec', rolled['tasks'][0]['container_id'], 'cat', '/run/secrets/pin')[1] == '4822'
    assert not run_module('service', options=dict(service, secrets=[{'name': 'pin', 'data': '4822'}]))['changed']
    secret_file.write_text('4822')
    rolled_stack = run_module('stack', diff=True, **stack_options)
    assert 'create secret %s_pin_v2' % stack in rolled_stack['actions'], rolled_stack['actions']
    assert 'remove secret %s_pin_v1 (an older version)' % stack in rolled_stack['actions'], rolled_stack['actions']
    task = rolled_stack['services']['app']['tasks'][0]
    assert daemon.cli('exec', task['container_id'], 'cat', '/run/secrets/pin')[1] == '4822'
    assert not run_module('stack', **stack_options)['changed']
    names = daemon.cli('secret', 'ls', '--format', '{{.Name}}')[1].split()
    assert 'pin_v1' not in names and '%s_pin_v1' % stack not in names
    assert 'pin_v2' in names and '%s_pin_v2' % stack in names
    assert_no_candidate_findable(shown(daemon, [rolled, rolled_stack], [svc, '%s_app' % stack]))

    run_module('stack', **daemon.args(name=stack, state='absent'))
    run_module('service', options=daemon.args(name=svc, state='absent'))
    names = daemon.cli('secret', 'ls', '--format', '{{.Name}}')[1].split()
    assert 'pin_v2' not in names and '%s_pin_v2' % stack not in names


@pytest.mark.needs('gap-stack-overlay')
def test_a_stack_secret_of_the_unversioned_form_is_replaced_and_one_in_use_elsewhere_kept(swarm_manager, prefix,
                                                                                          tmp_path):
    """A stack secret NAME_KEY made before versions (labelled with a plain sha256) goes once the stack uses
    NAME_KEY_v1; an older version that a service outside the stack uses stays, with a warning."""
    daemon = swarm_manager
    stack = '%s-stl%s' % (prefix, uuid.uuid4().hex[:4])
    secret_file = tmp_path / 'pin.txt'
    secret_file.write_text('1234')
    daemon.cli('secret', 'create', '--label', 'com.docker.stack.namespace=%s' % stack,
               '--label', 'dockyard.docker.stack.hash=%s' % hashlib.sha256(b'1234').hexdigest(),
               '%s_pin' % stack, str(secret_file))
    options = daemon.args(name=stack, compose=[stack_definition(str(secret_file))])
    deployed = run_module('stack', **options)
    assert deployed['actions'][-1] == 'remove secret %s_pin (an older version)' % stack, deployed['actions']
    assert deployed['stack']['secrets'] == ['%s_pin_v1' % stack]
    names = daemon.cli('secret', 'ls', '--format', '{{.Name}}')[1].split()
    assert '%s_pin' % stack not in names and '%s_pin_v1' % stack in names

    outsider = '%s-out%s' % (prefix, uuid.uuid4().hex[:4])
    daemon.cli('service', 'create', '--detach', '--name', outsider, '--secret', '%s_pin_v1' % stack, BUSYBOX,
               'sh', '-c', QUICK_STOP)
    secret_file.write_text('5678')
    rolled = run_module('stack', **options)
    assert 'create secret %s_pin_v2' % stack in rolled['actions'], rolled['actions']
    assert not any(action.startswith('remove secret') for action in rolled['actions']), rolled['actions']
    assert 'kept secret %s_pin_v1, an older version of a secret of stack %s: services %s use it' % (
        stack, stack, outsider) in json.dumps(rolled.get('warnings'))
    assert not run_module('stack', **options)['changed']
    daemon.cli('service', 'rm', outsider)
    run_module('stack', **daemon.args(name=stack, state='absent'))
    assert [name for name in daemon.cli('secret', 'ls', '--format', '{{.Name}}')[1].split()
            if name.startswith(stack)] == []
