"""config and secret modules on a single-node swarm of a scratch dockerd."""

import base64
import hashlib
import json
import os
import subprocess
import sys
import uuid

import pytest

from collection_path import COLLECTIONS_ROOT
from conftest import BUSYBOX, run_module
from swarm_scratch import swarm_manager  # noqa: F401  pylint: disable=unused-import

pytestmark = pytest.mark.needs('full-suite')

HASH_LABEL = 'dockyard.docker.data-hash'


@pytest.fixture
def obj(prefix):
    return '%s-cs-%s' % (prefix, uuid.uuid4().hex[:6])


def inspect(daemon, kind, name):
    code, out = daemon.cli(kind, 'inspect', name, check=False)
    return json.loads(out)[0] if code == 0 else None


def names(daemon, kind, base):
    out = daemon.cli(kind, 'ls', '--format', '{{.Name}}', '--filter', 'name=%s' % base)[1]
    return sorted(line for line in out.split() if line.startswith(base))


def use_in_service(daemon, kind, object_name, service):
    daemon.cli('service', 'create', '--detach', '--name', service, '--%s' % kind, object_name, BUSYBOX, 'sleep', '600')


def test_config_check_create_rerun_labels_data_template_force_absent(swarm_manager, obj):
    daemon = swarm_manager
    options = daemon.args(name=obj, data='listen 80;\n', labels={'app': 'web'})
    checked = run_module('config', check=True, diff=True, **options)
    assert checked['changed'] and checked['actions'] == ['create config %s' % obj]
    assert checked['diff']['before'] == {'state': 'absent'}
    assert checked['diff']['after']['data'] == 'listen 80;\n'
    assert checked['config'] == {} and inspect(daemon, 'config', obj) is None

    created = run_module('config', **options)
    assert created['changed'] and created['config']['name'] == obj == created['config_name']
    assert created['config']['labels'] == {'app': 'web'} and created['config']['version'] is None
    first = inspect(daemon, 'config', obj)
    assert base64.b64decode(first['Spec']['Data']) == b'listen 80;\n' and first['ID'] == created['config_id']
    again = run_module('config', diff=True, **options)
    assert not again['changed'] and again['actions'] == []

    relabel = dict(options, labels={'app': 'web', 'tier': 'front'})
    checked = run_module('config', check=True, diff=True, **relabel)
    assert checked['actions'] == ['update labels of config %s' % obj]
    assert checked['diff']['before']['labels'] == {'app': 'web'}
    assert inspect(daemon, 'config', obj)['Spec']['Labels'] == {'app': 'web'}
    relabelled = run_module('config', **relabel)
    assert relabelled['changed'] and relabelled['config']['id'] == first['ID']
    assert inspect(daemon, 'config', obj)['Spec']['Labels'] == {'app': 'web', 'tier': 'front'}

    changed = dict(relabel, data='listen 8080;\n')
    checked = run_module('config', check=True, diff=True, **changed)
    assert checked['diff']['before']['data'] == 'listen 80;\n' and checked['diff']['after']['data'] == 'listen 8080;\n'
    recreated = run_module('config', **changed)
    assert recreated['actions'] == ['remove config %s (data changed)' % obj, 'create config %s (data changed)' % obj]
    assert recreated['config']['id'] != first['ID'] and recreated['config']['labels'] == relabel['labels']
    assert not run_module('config', **changed)['changed']

    templated = dict(changed, template_driver='golang')
    assert run_module('config', **templated)['actions'][-1] == 'create config %s (template_driver changed)' % obj
    assert inspect(daemon, 'config', obj)['Spec']['Templating']['Name'] == 'golang'
    assert not run_module('config', **templated)['changed']
    forced = run_module('config', force=True, **templated)
    assert forced['actions'] == ['remove config %s (force)' % obj, 'create config %s (force)' % obj]

    removal = daemon.args(name=obj, state='absent')
    assert run_module('config', check=True, **removal)['changed'] and inspect(daemon, 'config', obj)
    removed = run_module('config', **removal)
    assert removed['actions'] == ['remove config %s' % obj] and removed['config'] == {}
    assert inspect(daemon, 'config', obj) is None
    assert not run_module('config', **removal)['changed']


def test_secret_sources_compare_by_digest_and_in_use_refuses_recreate(swarm_manager, obj, tmp_path):
    daemon = swarm_manager
    value = b'pw-\x00-binary-%d' % os.getpid()
    created = run_module('secret', **daemon.args(name=obj, data=base64.b64encode(value).decode(), data_is_b64=True))
    assert created['changed'] and created['secret']['labels'] == {}
    stored = inspect(daemon, 'secret', obj)
    assert stored['Spec']['Labels'][HASH_LABEL].startswith('pbkdf2-sha256$')
    assert HASH_LABEL not in json.dumps(created)
    source = tmp_path / 'secret.bin'
    source.write_bytes(value)
    same = run_module('secret', diff=True, **daemon.args(name=obj, data_src=str(source)))
    assert not same['changed'] and same['secret']['id'] == stored['ID']

    service = '%s-user' % obj
    use_in_service(daemon, 'secret', obj, service)
    refused = run_module('secret', expect_fail=True, **daemon.args(name=obj, data='other'))
    assert 'services %s use it' % service in refused['msg'] and 'rolling_versions' in refused['msg']
    assert '\n' not in refused['msg'] and inspect(daemon, 'secret', obj)['ID'] == stored['ID']
    refused = run_module('secret', expect_fail=True, **daemon.args(name=obj, state='absent'))
    assert service in refused['msg'] and inspect(daemon, 'secret', obj)
    daemon.cli('service', 'rm', service)

    invalid = run_module('secret', expect_fail=True, **daemon.args(name=obj, data='x', labels={HASH_LABEL: 'x'}))
    assert invalid['msg'].startswith('labels: ') and 'reserved' in invalid['msg']
    bad_name = run_module('secret', expect_fail=True, **daemon.args(name='-%s' % obj, data='x'))
    assert bad_name['msg'].startswith('name: ')


def test_secret_rolling_versions_keep_and_skip_in_use(swarm_manager, obj):
    daemon = swarm_manager
    options = daemon.args(name=obj, data='one', rolling_versions=True, versions_to_keep=2, labels={'a': '1'})
    checked = run_module('secret', check=True, diff=True, **options)
    assert checked['actions'] == ['create secret %s_v1' % obj] and names(daemon, 'secret', obj) == []
    first = run_module('secret', **options)
    assert first['secret']['name'] == '%s_v1' % obj and first['secret']['version'] == 1
    assert not run_module('secret', **options)['changed']
    relabel = run_module('secret', **dict(options, labels={'a': '2'}))
    assert relabel['actions'] == ['update labels of secret %s_v1' % obj]
    assert HASH_LABEL in inspect(daemon, 'secret', '%s_v1' % obj)['Spec']['Labels']
    assert not run_module('secret', **dict(options, labels={'a': '2'}))['changed']

    second = run_module('secret', diff=True, **dict(options, data='two'))
    assert second['actions'] == ['create secret %s_v2 (data changed)' % obj]
    assert second['diff']['before']['name'] == '%s_v1' % obj and second['diff']['after']['name'] == '%s_v2' % obj
    assert second['secret']['version'] == 2 and second['secret']['labels'] == {'a': '1'}
    assert names(daemon, 'secret', obj) == ['%s_v1' % obj, '%s_v2' % obj]
    third = run_module('secret', **dict(options, data='three'))
    assert third['actions'] == ['create secret %s_v3 (data changed)' % obj,
                                'remove secret %s_v1 (beyond versions_to_keep=2)' % obj]
    assert names(daemon, 'secret', obj) == ['%s_v2' % obj, '%s_v3' % obj]

    service = '%s-user' % obj
    use_in_service(daemon, 'secret', '%s_v2' % obj, service)
    fourth = run_module('secret', **dict(options, data='four', versions_to_keep=1))
    assert fourth['actions'] == ['create secret %s_v4 (data changed)' % obj,
                                 'remove secret %s_v3 (beyond versions_to_keep=1)' % obj]
    warnings = json.dumps(fourth.get('warnings'))  # ansible-core 2.19 returns them as structured events
    assert 'kept secret %s_v2 beyond versions_to_keep=1: services %s use it' % (obj, service) in warnings
    assert names(daemon, 'secret', obj) == ['%s_v2' % obj, '%s_v4' % obj]
    assert not run_module('secret', **dict(options, data='four', versions_to_keep=2))['changed']
    forced = run_module('secret', force=True, **dict(options, data='four', versions_to_keep=2))
    assert forced['actions'] == ['create secret %s_v5 (force)' % obj]

    refused = run_module('secret', expect_fail=True, **daemon.args(name=obj, state='absent', rolling_versions=True))
    assert '%s_v2' % obj in refused['msg'] and len(names(daemon, 'secret', obj)) == 3
    daemon.cli('service', 'rm', service)
    removed = run_module('secret', **daemon.args(name=obj, state='absent', rolling_versions=True))
    assert len(removed['actions']) == 3 and names(daemon, 'secret', obj) == []


def test_secret_data_and_digest_never_printed_at_vvv(swarm_manager, obj, tmp_path):
    daemon = swarm_manager
    value = 'cs-Secret-%s' % uuid.uuid4().hex
    tasks = [
        {'name': 'Create', 'dockyard.docker.secret': daemon.args(name=obj, data=value, labels={'a': '1'}),
         'register': 'made'},
        {'name': 'Rerun', 'dockyard.docker.secret': daemon.args(name=obj, data=value, labels={'a': '2'})},
        {'name': 'Rolling', 'dockyard.docker.secret': daemon.args(name=obj, data=value + '2', rolling_versions=True)},
        {'name': 'Show', 'ansible.builtin.debug': {'var': 'made'}},
    ]
    play = [{'hosts': 'localhost', 'gather_facts': False, 'tasks': tasks}]
    (tmp_path / 'play.yml').write_text(json.dumps(play))
    (tmp_path / 'inventory').write_text('localhost ansible_connection=local ansible_python_interpreter=%s\n'
                                        % sys.executable)
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS_ROOT, ANSIBLE_NOCOLOR='1')
    proc = subprocess.run([os.path.join(os.path.dirname(sys.executable), 'ansible-playbook'), '-vvv', '--diff',
                           '-i', str(tmp_path / 'inventory'), str(tmp_path / 'play.yml')], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, env=env, timeout=300, check=False)
    output = proc.stdout.decode('utf-8', 'replace')
    assert proc.returncode == 0, output
    assert 'create secret %s' % obj in output and 'update labels of secret %s' % obj in output
    label = inspect(daemon, 'secret', obj)['Spec']['Labels'][HASH_LABEL]
    for secret in (value, hashlib.sha256(value.encode()).hexdigest(), label, label.split('$')[-1],
                   base64.b64encode(value.encode()).decode()):
        assert secret not in output
    daemon.cli('secret', 'rm', obj, '%s_v1' % obj)
