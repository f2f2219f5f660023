"""Compose files as users write them (issue 32, item 5): top-level `include:` (short and long form,
project_directory, env_file, nested, conflicts, cycles, remote includes refused), service `volumes_from`,
and the two messages that tell a key Compose has but the compose module does not support (a gap) from
a key Compose does not have (a typo). The include cases follow compose-go's loader tests."""

import os
import textwrap

import pytest

from ansible_collections.dockyard.docker.plugins.module_utils.compose.loader import load_project
from ansible_collections.dockyard.docker.plugins.module_utils.compose.model import COMPOSE_KEYS, CONSUMER
from ansible_collections.dockyard.docker.plugins.module_utils.compose.containers import container_params
from ansible_collections.dockyard.docker.plugins.module_utils.compose.project import dependency_levels
from ansible_collections.dockyard.docker.plugins.module_utils.container.driver import container_argument_spec
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError


def write(folder, name, text):
    path = os.path.join(str(folder), name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w') as handle:
        handle.write(textwrap.dedent(text))
    return path


def load(folder, files=('compose.yaml',), environ=None, **kwargs):
    return load_project(files=list(files), project_dir=str(folder), project_name='shop', environ=environ or {},
                        allowed_keys=COMPOSE_KEYS, consumer=CONSUMER, **kwargs)


def failure(folder, files=('compose.yaml',), **kwargs):
    with pytest.raises(SpecError) as caught:
        load(folder, files, **kwargs)
    message = str(caught.value)
    assert '\n' not in message
    return caught.value, message


# -- include: short form, relative paths, what joins the project -----------------------------------

def test_short_form_brings_every_kind_of_resource_with_paths_relative_to_the_included_file(tmp_path):
    write(tmp_path, 'compose.yaml', """
        include: [db/compose.yaml]
        services:
          web: {image: web, depends_on: [db], networks: [back], volumes: [data:/data]}
    """)
    write(tmp_path, 'db/compose.yaml', """
        services:
          db:
            image: db
            build: .
            volumes: [./init:/init, data:/var/lib/db]
            networks: [back]
            env_file: [db.env]
            secrets: [pw]
            configs: [conf]
        networks: {back: {}}
        volumes: {data: {}}
        secrets: {pw: {file: ./pw.txt}}
        configs: {conf: {file: ./db.conf}}
    """)
    write(tmp_path, 'db/db.env', 'ROLE=primary\n')
    project = load(tmp_path)
    db = project['services']['db']
    folder = os.path.join(str(tmp_path), 'db')
    assert db['build']['context'] == folder
    assert db['volumes'][0]['source'] == os.path.join(folder, 'init')
    assert db['environment'] == {'ROLE': 'primary'}
    assert project['secrets']['pw']['file'] == os.path.join(folder, 'pw.txt')
    assert project['configs']['conf']['file'] == os.path.join(folder, 'db.conf')
    assert project['networks']['back']['name'] == 'shop_back'
    assert project['volumes']['data']['name'] == 'shop_data'
    started = {'condition': 'service_started', 'required': True, 'restart': False}
    assert project['services']['web']['depends_on'] == {'db': started}
    assert project['config_files'] == [os.path.join(str(tmp_path), 'compose.yaml')]


def test_include_paths_are_interpolated_and_relative_to_the_including_file(tmp_path):
    write(tmp_path, 'compose.yaml', 'include: ["${PART}/compose.yaml"]\nservices: {web: {image: web}}\n')
    write(tmp_path, 'parts/compose.yaml', 'services: {db: {image: db}}\n')
    assert sorted(load(tmp_path, environ={'PART': 'parts'})['services']) == ['db', 'web']


# -- include: long form -------------------------------------------------------------------------------

def test_long_form_path_list_merges_the_later_files_over_the_first(tmp_path):
    write(tmp_path, 'compose.yaml', """
        include:
          - path: [db/compose.yaml, db/prod.yaml]
    """)
    write(tmp_path, 'db/compose.yaml', 'services: {db: {image: db, environment: {A: "1"}}}\n')
    write(tmp_path, 'db/prod.yaml', 'services: {db: {image: db:prod, environment: {B: "2"}}}\n')
    db = load(tmp_path)['services']['db']
    assert db['image'] == 'db:prod' and db['environment'] == {'A': '1', 'B': '2'}


def test_project_directory_is_where_the_included_files_relative_paths_start(tmp_path):
    # compose-go's TestIncludeWithProjectDirectory: path relative to the including file, the rest to project_directory
    write(tmp_path, 'include/compose.yaml', """
        include:
          - project_directory: ../subdir
            path: ./dir/compose.yaml
    """)
    write(tmp_path, 'include/dir/compose.yaml', """
        services:
          service:
            build: .
            volumes: [{type: bind, source: data.txt, target: /mnt/data.txt}]
            env_file: [extra.env]
    """)
    write(tmp_path, 'subdir/extra.env', 'SOURCE=extends\n')
    project = load(os.path.join(str(tmp_path), 'include'))
    service = project['services']['service']
    subdir = os.path.join(str(tmp_path), 'subdir')
    assert service['build']['context'] == subdir
    assert service['volumes'][0]['source'] == os.path.join(subdir, 'data.txt')
    assert service['environment'] == {'SOURCE': 'extends'}


def test_env_file_of_an_include_interpolates_only_the_included_files(tmp_path):
    # compose-go's TestLoadWithIncludeEnv
    write(tmp_path, 'compose.yaml', """
        include:
          - path: [./module/compose.yaml]
            env_file: [./custom.env]
        services:
          a: {image: alpine, environment: [VAR_NAME], labels: {seen: "${VAR_NAME:-unset}"}}
    """)
    write(tmp_path, 'custom.env', 'VAR_NAME=value\n')
    write(tmp_path, 'module/compose.yaml', """
        services:
          b: {image: alpine, environment: [VAR_NAME], labels: {seen: "${VAR_NAME:-unset}"}}
          c: {image: alpine, environment: [VAR_NAME]}
    """)
    services = load(tmp_path)['services']
    assert services['a']['environment'] == {'VAR_NAME': None} and services['a']['labels'] == {'seen': 'unset'}
    assert services['b']['environment'] == {'VAR_NAME': 'value'} and services['b']['labels'] == {'seen': 'value'}
    assert services['c']['environment'] == {'VAR_NAME': 'value'}


def test_the_including_environment_wins_over_the_include_env_file_and_dot_env_is_the_default(tmp_path):
    # compose-go's TestLoadWithInclude: SOURCE from extra.env, unless the environment sets it
    write(tmp_path, 'compose.yaml', """
        include:
          - path: ./subdir/imported.yaml
            env_file: ./subdir/extra.env
          - other/compose.yaml
        services:
          foo: {image: busybox, depends_on: [imported]}
    """)
    write(tmp_path, 'subdir/imported.yaml', 'services: {imported: {image: nginx, container_name: "${SOURCE:-imported}"}}\n')
    write(tmp_path, 'subdir/extra.env', 'SOURCE=extends\n')
    write(tmp_path, 'other/compose.yaml', 'services: {other: {image: "${OTHER_IMAGE}"}}\n')
    write(tmp_path, 'other/.env', 'OTHER_IMAGE=from-dot-env\n')
    assert load(tmp_path)['services']['imported']['container_name'] == 'extends'
    assert load(tmp_path)['services']['other']['image'] == 'from-dot-env'
    assert load(tmp_path, environ={'SOURCE': 'override'})['services']['imported']['container_name'] == 'override'


def test_a_missing_include_env_file_fails_naming_it(tmp_path):
    write(tmp_path, 'compose.yaml', 'include: [{path: db.yaml, env_file: nope.env}]\n')
    write(tmp_path, 'db.yaml', 'services: {db: {image: db}}\n')
    error, message = failure(tmp_path)
    assert error.option == 'include[0].env_file[0]' and 'nope.env' in message


# -- include: nesting, extends, several files ------------------------------------------------------------

def test_nested_includes_and_extends_inside_an_include(tmp_path):
    # compose-go's TestNestedIncludeAndExtends and TestLoadIncludeExtendsCombined
    write(tmp_path, 'compose.yaml', """
        include:
          - project_directory: .
            path: dir/included.yaml
          - path: [combined/included.yaml]
    """)
    write(tmp_path, 'dir/included.yaml', """
        include: [deeper/compose.yaml]
        services:
          included: {extends: {file: dir/extended.yaml, service: extended}}
    """)
    write(tmp_path, 'dir/extended.yaml', 'services: {extended: {image: alpine}}\n')
    write(tmp_path, 'deeper/compose.yaml', 'services: {deep: {image: deep}}\n')
    write(tmp_path, 'combined/included.yaml', 'services: {service: {extends: {file: extended.yaml, service: service}}}\n')
    write(tmp_path, 'combined/extended.yaml', 'services: {service: {build: .}}\n')
    services = load(tmp_path)['services']
    assert services['included']['image'] == 'alpine'
    assert services['deep']['image'] == 'deep'
    assert services['service']['build']['context'] == os.path.join(str(tmp_path), 'combined')


def test_a_service_may_extend_an_included_one(tmp_path):
    write(tmp_path, 'compose.yaml', 'include: [base/compose.yaml]\nservices: {web: {extends: base, command: [serve]}}\n')
    write(tmp_path, 'base/compose.yaml', 'services: {base: {image: base, environment: {A: "1"}}}\n')
    web = load(tmp_path)['services']['web']
    assert web['image'] == 'base' and web['environment'] == {'A': '1'} and web['command'] == ['serve']


def test_a_later_file_overrides_an_included_service(tmp_path):
    # compose-go's TestLoadWithIncludeOverride: includes join their file first, then files merge
    write(tmp_path, 'compose.yaml', 'include: [subdir/imported.yaml]\n')
    write(tmp_path, 'override.yaml', 'services: {imported: {image: overridden}}\n')
    write(tmp_path, 'subdir/imported.yaml', 'services: {imported: {image: nginx}}\n')
    assert load(tmp_path, files=('compose.yaml', 'override.yaml'))['services']['imported']['image'] == 'overridden'


# -- include: conflicts, cycles, remote includes ------------------------------------------------------------

def test_the_same_definition_included_twice_is_no_conflict(tmp_path):
    # compose-go's TestLoadWithMultipleInclude: compose-include.yaml includes imported.yaml again
    write(tmp_path, 'compose.yaml', 'include: [subdir/imported.yaml, compose-include.yaml]\n'
                                    'services: {foo: {image: busybox, depends_on: [imported]}}\n')
    write(tmp_path, 'compose-include.yaml', 'include: [subdir/imported.yaml]\nservices: {bar: {image: bar}}\n')
    write(tmp_path, 'subdir/imported.yaml', 'services: {imported: {image: nginx}}\n')
    assert sorted(load(tmp_path)['services']) == ['bar', 'foo', 'imported']


@pytest.mark.parametrize('main, kind', [
    ('include: [a.yaml, b.yaml]\n', 'services'),                    # two includes
    ('include: [a.yaml]\nservices: {db: {image: mine}}\n', 'services'),   # the including file and its include
    ('include: [a.yaml, b.yaml]\nservices: {web: {image: web}}\n', 'networks'),
])
def test_a_name_defined_differently_by_two_files_fails_naming_both(tmp_path, main, kind):
    write(tmp_path, 'compose.yaml', main)
    write(tmp_path, 'a.yaml', 'services: {db: {image: a}}\n' if kind == 'services' else
          'services: {a: {image: a}}\nnetworks: {back: {driver: bridge}}\n')
    write(tmp_path, 'b.yaml', 'services: {db: {image: b}}\n' if kind == 'services' else
          'services: {b: {image: b}}\nnetworks: {back: {internal: true}}\n')
    error, message = failure(tmp_path)
    name = 'db' if kind == 'services' else 'back'
    assert error.option == '%s.%s' % (kind, name)
    first = os.path.join(str(tmp_path), 'a.yaml')
    second = os.path.join(str(tmp_path), 'b.yaml') if 'b.yaml' in main else os.path.join(str(tmp_path), 'compose.yaml')
    assert first in message and second in message and 'defined differently' in message


@pytest.mark.parametrize('files', [
    {'compose.yaml': 'include: [compose.yaml]\nservices: {foo: {image: foo}}\n'},       # compose-go's cycle case
    {'compose.yaml': 'include: [a/compose.yaml]\n', 'a/compose.yaml': 'include: [../b.yaml]\n',
     'b.yaml': 'include: [a/compose.yaml]\n'},
])
def test_an_include_cycle_fails_in_one_line(tmp_path, files):
    for path, text in files.items():
        write(tmp_path, path, text)
    error, message = failure(tmp_path)
    assert error.option.startswith('include[0]') and 'include makes a cycle' in message


@pytest.mark.parametrize('entry', [
    'oci://docker.io/acme/app:1.0',
    'https://github.com/acme/app.git#main:compose.yaml',
    'git@github.com:acme/app.git',
    '{path: "ssh://git@example.com/acme/app.git"}',
])
def test_a_remote_include_is_refused_in_one_line_naming_it(tmp_path, entry):
    write(tmp_path, 'compose.yaml', 'include: [%s]\nservices: {web: {image: web}}\n' % (
        entry if entry.startswith('{') else '"%s"' % entry))
    error, message = failure(tmp_path)
    assert error.option in ('include[0].path', 'include[0].path'), error.option
    assert error.value in entry and 'remote include' in message


def test_a_missing_included_file_fails_naming_it(tmp_path):
    write(tmp_path, 'compose.yaml', 'include: [nope/compose.yaml]\n')
    error, message = failure(tmp_path)
    assert error.option.startswith('include[0].path[0]') and 'nope/compose.yaml' in message


# -- volumes_from -----------------------------------------------------------------------------------------

def test_volumes_from_forms_order_and_container_names(tmp_path):
    write(tmp_path, 'compose.yaml', """
        services:
          app: {image: app, volumes_from: ["store", "cache:ro", "container:legacy", "container:old:rw", "logs:rw"]}
          store: {image: store, volumes: [/data]}
          cache: {image: cache, container_name: fixed-cache}
          logs: {image: logs}
    """)
    project = load(tmp_path)
    app = project['services']['app']
    assert app['volumes_from'] == ['store', 'cache:ro', 'container:legacy', 'container:old:rw', 'logs:rw']
    assert sorted(app['depends_on']) == ['cache', 'logs', 'store']
    assert dependency_levels(project['services'], ['app']) == [['cache', 'logs', 'store'], ['app']]
    params = container_params(project, 'app', 1, set(container_argument_spec()))
    assert params['volumes_from'] == ['shop-store-1', 'fixed-cache:ro', 'legacy', 'old:rw', 'shop-logs-1:rw']


@pytest.mark.parametrize('entry, accepted', [
    ('nope', 'no such service'),
    ('store:rx', 'SERVICE[:ro|rw] or container:NAME[:ro|rw]'),
    ('container:', 'SERVICE[:ro|rw] or container:NAME[:ro|rw]'),
    ('', 'SERVICE[:ro|rw] or container:NAME[:ro|rw]'),
])
def test_volumes_from_refuses_unknown_services_and_bad_forms(tmp_path, entry, accepted):
    write(tmp_path, 'compose.yaml', 'services: {app: {image: app, volumes_from: ["%s"]}, store: {image: s}}\n' % entry)
    error, message = failure(tmp_path)
    assert error.option == 'services.app.volumes_from[0]' and accepted in message


def test_volumes_from_an_included_service(tmp_path):
    write(tmp_path, 'compose.yaml', 'include: [store/compose.yaml]\nservices: {app: {image: app, volumes_from: [store]}}\n')
    write(tmp_path, 'store/compose.yaml', 'services: {store: {image: store, volumes: [data:/data]}}\nvolumes: {data: {}}\n')
    project = load(tmp_path)
    assert container_params(project, 'app', 1, set(container_argument_spec()))['volumes_from'] == ['shop-store-1']


# -- a gap or a typo ----------------------------------------------------------------------------------------

@pytest.mark.parametrize('text, path', [
    ('services: {web: {image: x, develop: {watch: []}}}', 'services.web.develop'),
    ('services: {web: {image: x, gpus: all}}', 'services.web.gpus'),
    ('services: {web: {image: x, deploy: {placement: {constraints: [a]}}}}', 'services.web.deploy.placement'),
    ('services: {web: {build: {context: ., ssh: [default]}}}', 'services.web.build.ssh'),
    ('services: {web: {image: x, networks: {n: {link_local_ips: [169.254.1.1]}}}}\nnetworks: {n: {}}',
     'services.web.networks.n.link_local_ips'),
    ('services: {web: {image: x}}\nnetworks: {n: {enable_ipv4: false}}', 'networks.n.enable_ipv4'),
    ('services: {web: {image: x}}\nmodels: {m: {model: ai/smollm2}}', 'models'),
])
def test_a_valid_compose_key_not_supported_here_is_named_as_a_gap(tmp_path, text, path):
    write(tmp_path, 'compose.yaml', text)
    error, message = failure(tmp_path)
    assert error.option == path
    assert message == 'valid Compose, not supported by dockyard.docker.compose: %s' % path


@pytest.mark.parametrize('text, message', [
    ('services: {web: {imgae: x}}', 'services.web.imgae: unknown key; did you mean image?'),
    ('servics: {web: {image: x}}', 'servics: unknown key; did you mean services?'),
    ('services: {web: {image: x, healthcheck: {intervall: 5s}}}',
     'services.web.healthcheck.intervall: unknown key; did you mean interval?'),
    ('services: {web: {build: {contxt: .}}}', 'services.web.build.contxt: unknown key; did you mean context?'),
    ('services: {web: {image: x, deploy: {replica: 2}}}', 'services.web.deploy.replica: unknown key; did you mean replicas?'),
    ('services: {web: {image: x, volumes: [{type: volume, source: d, target: /d, read_ony: true}]}}\nvolumes: {d: {}}',
     'services.web.volumes[0].read_ony: unknown key; did you mean read_only?'),
    ('services: {web: {image: x}}\nnetworks: {n: {drivr: bridge}}', 'networks.n.drivr: unknown key; did you mean driver?'),
    ('include: [{pth: a.yaml}]', 'include[0].pth: unknown key; did you mean path?'),
    ('services: {web: {image: x, frobnicate: 1}}',
     'services.web.frobnicate: unknown key; not a key of the Compose specification here'),
])
def test_an_unknown_key_is_named_with_the_closest_known_key(tmp_path, text, message):
    write(tmp_path, 'compose.yaml', text)
    assert failure(tmp_path)[1] == message


def test_extension_keys_are_still_ignored_everywhere(tmp_path):
    write(tmp_path, 'compose.yaml', """
        x-common: &common {image: x}
        services:
          web: {<<: *common, x-note: hi, healthcheck: {test: [CMD, "true"], x-why: because}}
    """)
    assert load(tmp_path)['services']['web']['image'] == 'x'


@pytest.mark.parametrize('service, path', [
    ({'image': 'x', 'healthcheck': {'test': 'true', 'start_interval': '1s'}}, 'services.web.healthcheck.start_interval'),
    ({'image': 'x', 'volumes': [{'type': 'volume', 'source': 'd', 'target': '/d', 'volume': {'subpath': 'a'}}]},
     'services.web.volumes[0].volume.subpath'),
    ({'build': {'context': '.', 'cache_to': ['type=local,dest=/tmp/c']}}, 'services.web.build.cache_to'),
    ({'image': 'x', 'deploy': {'restart_policy': {'delay': '5s'}}}, 'services.web.deploy.restart_policy.delay'),
    ({'image': 'x', 'deploy': {'resources': {'reservations': {'cpus': '0.5'}}}},
     'services.web.deploy.resources.reservations.cpus'),
    ({'image': 'x', 'secrets': [{'source': 's', 'mode': 0o400}]}, 'services.web.secrets[0].mode'),
])
def test_a_value_the_compose_module_cannot_honour_is_named_as_a_gap_too(tmp_path, service, path):
    from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
    from ansible_collections.dockyard.docker.plugins.module_utils.compose.spec import ComposeSpec, compose_argument_spec
    write(tmp_path, 's.txt', 'secret')
    params = ArgumentSpecValidator(compose_argument_spec()).validate({
        'project_src': str(tmp_path), 'project_name': 'shop',
        'definition': {'services': {'web': service}, 'volumes': {'d': {}}, 'secrets': {'s': {'file': './s.txt'}}},
    }).validated_parameters
    with pytest.raises(SpecError) as caught:
        ComposeSpec(params)
    assert caught.value.option == path
    assert str(caught.value).startswith('valid Compose, not supported by dockyard.docker.compose: %s' % path)


@pytest.mark.parametrize('main', [
    'include: [../outside/shadow]\n',
    'services: {web: {extends: {file: ../outside/shadow, service: web}}}\n',
    'include: [../outside/token]\n',
])
def test_a_file_that_is_no_compose_file_is_refused_without_its_content(tmp_path, main):
    """An include or extends.file may name any local file: one that is no Compose file (a password file, a token)
    fails naming the file, without the task's message quoting what it holds."""
    project = os.path.join(str(tmp_path), 'project')
    write(project, 'compose.yaml', main)
    write(tmp_path, 'outside/shadow', 'root:$6$saltsalt$secrethash:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n')
    write(tmp_path, 'outside/token', 'secrethash-of-a-token\n')
    error, message = failure(project)
    assert os.path.join(str(tmp_path), 'outside') in message, message
    assert 'secrethash' not in message and 'secrethash' not in repr(error.value), message
