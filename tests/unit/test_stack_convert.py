"""A Compose project -> the service module's options and the stack's objects, as docker stack deploy names them."""

import hashlib

import pytest

from ansible_collections.dockyard.docker.plugins.module_utils.compose.loader import load_project
from ansible_collections.dockyard.docker.plugins.module_utils.swarm.service_spec import (
    CONTAINER, ServiceSpec, service_argument_spec)
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.swarm.configs_secrets import HASH_LABEL, digest_matches
from ansible_collections.dockyard.docker.plugins.module_utils.swarm.stack_convert import (
    NAMESPACE_LABEL, STACK_KEYS, file_body, network_body, service_options, with_defaults)

DEFINITION = {
    'services': {
        'web': {'image': 'nginx:1', 'command': 'nginx -g "daemon off;"', 'environment': {'A': '1'},
                'ports': ['8080:80'], 'networks': {'front': {'aliases': ['www']}},
                'volumes': ['data:/data', '/srv:/srv:ro'],
                'configs': [{'source': 'conf', 'target': '/etc/x.conf'}], 'secrets': ['pw'],
                'healthcheck': {'test': 'true', 'interval': '2s', 'retries': 3},
                'deploy': {'replicas': 2, 'placement': {'max_replicas_per_node': 1, 'preferences': [{'spread': 'node.id'}]},
                           'resources': {'limits': {'cpus': '0.5', 'memory': '64M'}},
                           'update_config': {'failure_action': 'rollback', 'monitor': '5s'}, 'labels': {'t': 'w'}}},
        'job': {'image': 'busybox', 'deploy': {'mode': 'replicated-job', 'replicas': 3}},
    },
    'networks': {'front': {'driver': 'overlay', 'attachable': True}},
    'volumes': {'data': {}},
    'configs': {'conf': {'content': 'x=1'}},
    'secrets': {'pw': {'external': True}},
}


def _project():
    return load_project(definition=DEFINITION, project_dir='/tmp', project_name='shop', environ={},
                        allowed_keys=STACK_KEYS, consumer='the stack module')


def test_a_service_becomes_the_options_docker_stack_deploy_would_give():
    project = _project()
    options = service_options('shop', 'web', project['services']['web'], project, True, 60)
    fields = dict((field.path, value) for field, value in ServiceSpec(options).fields)
    assert options['name'] == 'shop_web'
    assert fields['Labels'] == {'t': 'w', NAMESPACE_LABEL: 'shop', 'com.docker.stack.image': 'nginx:1'}
    assert fields[CONTAINER + 'Labels'] == {NAMESPACE_LABEL: 'shop'}
    assert fields[CONTAINER + 'Args'] == ['nginx', '-g', 'daemon off;']
    assert options['networks'] == [{'name': 'shop_front', 'aliases': ['web', 'www']}]
    assert fields[CONTAINER + 'Mounts'] == [
        {'Type': 'volume', 'Source': 'shop_data', 'Target': '/data', 'ReadOnly': False},
        {'Type': 'bind', 'Source': '/srv', 'Target': '/srv', 'ReadOnly': True}]
    assert [(ref.object_name, ref.file['Name']) for ref in ServiceSpec(options).files] == [
        ('shop_conf', '/etc/x.conf'), ('pw', 'pw')]
    assert fields[CONTAINER + 'Healthcheck'] == {'Test': ['CMD-SHELL', 'true'], 'Interval': 2 * 10 ** 9, 'Retries': 3}
    assert fields['TaskTemplate.Placement.MaxReplicas'] == 1
    assert fields['TaskTemplate.Placement.Preferences'] == [{'Spread': {'SpreadDescriptor': 'node.id'}}]
    assert fields['TaskTemplate.Resources.Limits.MemoryBytes'] == 64 * 1024 ** 2
    assert fields['UpdateConfig.FailureAction'] == 'rollback'
    assert fields['EndpointSpec.Ports'] == [{'TargetPort': 80, 'PublishedPort': 8080, 'Protocol': 'tcp',
                                             'PublishMode': 'ingress'}]
    assert options['networks'] and fields['Mode.Replicated.Replicas'] == 2


def test_a_replicated_job_runs_its_replicas_at_once_and_a_default_network_is_made():
    project = _project()
    spec = ServiceSpec(service_options('shop', 'job', project['services']['job'], project, True, 60))
    assert spec.mode_spec() == {'ReplicatedJob': {}}
    assert spec.wanted('Mode.ReplicatedJob.TotalCompletions') == 3
    assert project['networks']['default']['name'] == 'shop_default'
    body = network_body('shop', project['networks']['default'])
    assert body['Driver'] == 'overlay' and body['Labels'] == {NAMESPACE_LABEL: 'shop'}


def test_configs_carry_the_stack_label_and_a_content_hash():
    body = file_body('shop', 'configs', {'name': 'shop_conf', 'labels': {'a': 'b'}}, b'x=1')
    assert body['Name'] == 'shop_conf' and body['Data'] == 'eD0x'
    assert body['Labels']['a'] == 'b' and body['Labels'][NAMESPACE_LABEL] == 'shop'
    assert len(body['Labels']['dockyard.docker.stack.hash']) == 64


def test_secrets_carry_the_salted_digest_and_their_version_name():
    body = file_body('shop', 'secrets', {'name': 'shop_pin', 'labels': {'a': 'b'}}, b'4821', name='shop_pin_v3')
    assert body['Name'] == 'shop_pin_v3' and body['Labels'][NAMESPACE_LABEL] == 'shop' and body['Labels']['a'] == 'b'
    assert 'dockyard.docker.stack.hash' not in body['Labels']
    assert digest_matches(body['Labels'][HASH_LABEL], b'4821') is True
    assert hashlib.sha256(b'4821').hexdigest()[:8] not in str(body['Labels'])


@pytest.mark.parametrize('service, message', [
    ({'image': 'x', 'build': '.'}, 'services.web.build'),
    ({'image': 'x', 'container_name': 'c'}, 'services.web.container_name'),
    ({'image': 'x', 'privileged': True}, 'services.web.privileged'),
])
def test_what_a_swarm_cannot_honour_is_refused_by_key_path(service, message):
    with pytest.raises(SpecError) as error:
        load_project(definition={'services': {'web': service}}, project_dir='/tmp', project_name='shop', environ={},
                     allowed_keys=STACK_KEYS, consumer='the stack module')
    assert error.value.option == message and str(error.value) == 'valid Compose, not supported by the stack module: ' + message


def test_an_anonymous_volume_is_refused():
    project = load_project(definition={'services': {'web': {'image': 'x', 'volumes': ['/data']}}}, project_dir='/tmp',
                           project_name='shop', environ={}, allowed_keys=STACK_KEYS)
    with pytest.raises(SpecError) as error:
        service_options('shop', 'web', project['services']['web'], project, True, 60)
    assert str(error.value).startswith("services.web.volumes[0]: invalid value '/data'; a stack needs a named volume")


def test_a_service_secret_with_data_is_versioned_and_salted():
    options = with_defaults(service_argument_spec(), dict(name='web', image='x', secrets=[
        {'name': 'pin', 'data': '4821'}, {'name': 'api', 'data': 'k', 'filename': 'api.key'}],
        configs=[{'name': 'conf', 'data': 'x=1'}]))
    files = dict((ref.name, ref) for ref in ServiceSpec(options).files)
    assert files['pin'].versioned and files['pin'].object_name is None  # picked by the driver, NAME_vN
    assert not files['conf'].versioned and files['conf'].object_name.startswith('conf-')
    files['pin'].object_name = 'pin_v2'
    body = files['pin'].create_body()
    assert body['Name'] == 'pin_v2' and digest_matches(body['Labels'][HASH_LABEL], b'4821') is True
    assert hashlib.sha256(b'4821').hexdigest()[:8] not in str(body)
    twice = dict(options, secrets=[dict(options['secrets'][0]), dict(options['secrets'][0], filename='other')])
    with pytest.raises(SpecError) as raised:
        ServiceSpec(twice)
    assert str(raised.value).startswith("secrets: invalid value ['pin']")
