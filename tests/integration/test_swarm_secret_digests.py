"""Inline secrets of a service and a stack leave nothing that finds a short secret by trying every value:
what `docker secret ls/inspect`, `docker service inspect` and the task results show carries no unsalted
digest of the data (the secret module's salted PBKDF2 label is the one digest, under rolling NAME_vN names)."""

import hashlib
import json
import uuid

import pytest

from conftest import BUSYBOX, run_module
from swarm_scratch import QUICK_STOP, swarm_manager  # noqa: F401  pylint: disable=unused-import

pytestmark = pytest.mark.needs('full-suite')

PIN = '4821'
CANDIDATES = ['%04d' % number for number in range(10000)]
FAST = {'parallelism': 0, 'monitor': '500ms'}


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
