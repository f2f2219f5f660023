"""The Compose parser: valid files, interpolation, env files, merging, extends, profiles, and
invalid files (each error names the key path)."""

import os
import textwrap

import pytest
from hypothesis import given, strategies as st

from ansible_collections.dockyard.docker.plugins.module_utils.compose.loader import ALL_KEYS, load_project
from ansible_collections.dockyard.docker.plugins.module_utils.compose.interpolate import (
    parse_env_text, substitute)
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError


def write(folder, name, text):
    path = os.path.join(str(folder), name)
    with open(path, 'w') as handle:
        handle.write(textwrap.dedent(text))
    return path


def project_of(text, tmp_path, environ=None, **kwargs):
    write(tmp_path, 'compose.yaml', text)
    return load_project(project_dir=str(tmp_path), environ=environ or {}, **kwargs)


BASIC = """
    services:
      web:
        image: busybox:${TAG:-latest}
        command: httpd -f -p 8080
        ports: ["8080:80", "127.0.0.1:9000:9000/udp", {target: 443, published: 8443}]
        volumes: [data:/data, ./html:/www:ro, /cache]
        environment: [MODE=prod, FROM_SHELL]
        depends_on: [db]
        restart: no
        healthcheck: {test: wget -q localhost, interval: 5s, retries: 3}
        networks: [front]
      db:
        image: busybox
        labels: {tier: db}
        depends_on: {}
        deploy: {replicas: 2}
    networks:
      front: {driver: bridge}
      unused: {}
    volumes:
      data: {}
"""


def test_valid_file_has_the_canonical_shape(tmp_path):
    project = project_of(BASIC, tmp_path, environ={'FROM_SHELL': 'yes'})
    assert project['name'] == os.path.basename(str(tmp_path)).lower().replace('.', '')
    assert project['config_files'] == [os.path.join(str(tmp_path), 'compose.yaml')]
    web = project['services']['web']
    assert web['image'] == 'busybox:latest'
    assert web['command'] == ['httpd', '-f', '-p', '8080']
    assert web['ports'] == [
        {'target': 80, 'published': '8080', 'host_ip': '', 'protocol': 'tcp', 'mode': 'ingress'},
        {'target': 9000, 'published': '9000', 'host_ip': '127.0.0.1', 'protocol': 'udp', 'mode': 'ingress'},
        {'target': 443, 'published': '8443', 'host_ip': '', 'protocol': 'tcp', 'mode': 'ingress'}]
    assert web['volumes'] == [
        {'type': 'volume', 'source': 'data', 'target': '/data', 'read_only': False},
        {'type': 'bind', 'source': os.path.join(str(tmp_path), 'html'), 'target': '/www', 'read_only': True,
         'bind': {'create_host_path': True}},
        {'type': 'volume', 'target': '/cache'}]
    assert web['environment'] == {'MODE': 'prod', 'FROM_SHELL': 'yes'}
    assert web['depends_on'] == {'db': {'condition': 'service_started', 'required': True, 'restart': False}}
    assert web['restart'] == 'no'
    assert web['healthcheck'] == {'test': ['CMD-SHELL', 'wget -q localhost'], 'interval': '5s', 'retries': 3}
    assert web['networks'] == {'front': {}}
    assert project['services']['db']['networks'] == {'default': {}}
    assert project['services']['db']['deploy'] == {'replicas': 2}
    name = project['name']
    assert project['networks'] == {'front': {'driver': 'bridge', 'name': name + '_front', 'external': False},
                                   'default': {'name': name + '_default', 'external': False}}
    assert project['volumes'] == {'data': {'name': name + '_data', 'external': False}}


def test_yaml_reads_as_compose_does(tmp_path):
    project = project_of("""
        services:
          s:
            image: x
            ports: [22:22]
            environment: {A: no, B: on, C: true, D: 0755}
            configs: [{source: c, mode: 0440}]
        configs:
          c: {file: ./c.txt}
    """, tmp_path)
    service = project['services']['s']
    assert service['ports'][0]['target'] == 22
    assert service['environment'] == {'A': 'no', 'B': 'on', 'C': 'true', 'D': '493'}
    assert service['configs'] == [{'source': 'c', 'mode': 0o440}]
    assert project['configs']['c']['file'] == os.path.join(str(tmp_path), 'c.txt')


@pytest.mark.parametrize('text, env, expected', [
    ('$$HOME', {}, '$HOME'),
    ('$A-$B', {'A': '1', 'B': '2'}, '1-2'),
    ('${A}x', {'A': '1'}, '1x'),
    ('${UNSET}', {}, ''),
    ('${A:-d}', {'A': ''}, 'd'),
    ('${A-d}', {'A': ''}, ''),
    ('${A-d}', {}, 'd'),
    ('${A:-${B:-deep}}', {}, 'deep'),
    ('${A:+yes}', {'A': '1'}, 'yes'),
    ('${A:+yes}', {'A': ''}, ''),
    ('${A+yes}', {'A': ''}, 'yes'),
    ('${A?boom}', {'A': ''}, ''),
    ('${A:-a}}', {}, 'a}'),
])
def test_interpolation(text, env, expected):
    assert substitute(text, env, 'x') == expected


@pytest.mark.parametrize('text, env, message', [
    ('${A:?set A please}', {'A': ''}, 'set A please'),
    ('${A?}', {}, 'required variable A'),
    ('${A', {}, 'never closed'),
    ('$1', {}, 'a $ starts'),
    ('${A!x}', {}, 'a $ starts'),
    ('${}', {}, 'a $ starts'),
])
def test_interpolation_errors(text, env, message):
    with pytest.raises(SpecError) as caught:
        substitute(text, env, 'services.s.image')
    assert caught.value.option == 'services.s.image'
    assert message in str(caught.value)


NAMES = st.from_regex(r'[A-Za-z_][A-Za-z0-9_]{0,8}', fullmatch=True)
PLAIN = st.text(st.characters(blacklist_characters='$', blacklist_categories=('Cs',)), max_size=30)


@given(PLAIN)
def test_text_without_dollar_is_unchanged(text):
    assert substitute(text, {}, 'x') == text


@given(st.text(max_size=30))
def test_doubled_dollars_read_back_literally(text):
    assert substitute(text.replace('$', '$$'), {}, 'x') == text


@given(NAMES, PLAIN, st.dictionaries(NAMES, PLAIN))
def test_variables_and_defaults(name, default, env):
    braced_default = default.replace('}', '')
    assert substitute('${%s}' % name, env, 'x') == env.get(name, '')
    expected = env[name] if env.get(name) else braced_default
    assert substitute('${%s:-%s}' % (name, braced_default), env, 'x') == expected
    assert substitute('${%s-%s}' % (name, braced_default), env, 'x') == env.get(name, braced_default)


@given(st.text(max_size=40), st.dictionaries(NAMES, PLAIN, max_size=3))
def test_any_text_interpolates_or_raises_a_spec_error(text, env):
    try:
        result = substitute(text, env, 'x')
    except SpecError as error:
        assert error.option == 'x'
    else:
        assert isinstance(result, str)


def test_env_file_syntax():
    found = parse_env_text(textwrap.dedent("""\
        # a comment
        export A=1
        B = two words  # a comment
        C='literal ${A} $$'
        D="line\\nnext ${A}"
        E="multi
        line"
        F=${A}${MISSING:-x}
        FROM_ENV
        NOT_SET
        """), {'FROM_ENV': 'env'})
    assert found == {'A': '1', 'B': 'two words', 'C': 'literal ${A} $$', 'D': 'line\nnext 1',
                     'E': 'multi\nline', 'F': '1x', 'FROM_ENV': 'env', 'NOT_SET': None}


def test_dot_env_and_env_files_interpolate_and_the_shell_wins(tmp_path):
    write(tmp_path, '.env', 'TAG=1.0\nPORT=8080\n')
    write(tmp_path, 'prod.env', 'TAG=2.0\n')
    text = 'services: {web: {image: "app:${TAG}", ports: ["${PORT:-80}:80"]}}\n'
    project = project_of(text, tmp_path)
    assert project['services']['web']['image'] == 'app:1.0'
    assert project['services']['web']['ports'][0]['published'] == '8080'
    project = project_of(text, tmp_path, env_files=['prod.env'])
    assert project['services']['web']['image'] == 'app:2.0'
    assert project['services']['web']['ports'][0]['published'] == '80'
    project = project_of(text, tmp_path, environ={'TAG': 'shell'})
    assert project['services']['web']['image'] == 'app:shell'


def test_service_env_file_is_under_environment(tmp_path):
    write(tmp_path, 'web.env', 'A=file\nB=file\n')
    project = project_of("""
        services:
          web:
            image: x
            env_file: [web.env, {path: missing.env, required: false}]
            environment: {B: env}
    """, tmp_path)
    assert project['services']['web']['environment'] == {'A': 'file', 'B': 'env'}
    assert 'env_file' not in project['services']['web']


def test_merge_of_two_files(tmp_path):
    base = write(tmp_path, 'compose.yaml', """
        services:
          web:
            image: app:1
            command: [serve, --slow]
            environment: {A: '1', B: '1'}
            ports: ["8080:80"]
            volumes: [./a:/data, /keep]
            dns: [1.1.1.1]
            healthcheck: {test: [CMD, a], interval: 5s}
    """)
    override = write(tmp_path, 'prod.yaml', """
        services:
          web:
            image: app:2
            command: [serve]
            environment: {B: '2'}
            ports: ["8080:80", "9090:90"]
            volumes: [./b:/data]
            dns: [8.8.8.8]
            healthcheck: {test: [CMD, b]}
          worker: {image: worker}
    """)
    project = load_project(files=[base, override], environ={})
    web = project['services']['web']
    assert web['image'] == 'app:2'
    assert web['command'] == ['serve']
    assert web['environment'] == {'A': '1', 'B': '2'}
    assert [port['published'] for port in web['ports']] == ['8080', '9090']
    assert [(volume['target'], volume.get('source')) for volume in web['volumes']] == [
        ('/keep', None), ('/data', os.path.join(str(tmp_path), 'b'))]
    assert web['dns'] == ['1.1.1.1', '8.8.8.8']
    assert web['healthcheck'] == {'test': ['CMD', 'b'], 'interval': '5s'}
    assert sorted(project['services']) == ['web', 'worker']
    assert project['config_files'] == [base, override]


def test_default_files_and_override(tmp_path):
    write(tmp_path, 'docker-compose.yml', 'services: {web: {image: a}}\n')
    write(tmp_path, 'docker-compose.override.yml', 'services: {web: {image: b}}\n')
    project = load_project(project_dir=str(tmp_path), environ={})
    assert project['services']['web']['image'] == 'b'
    assert len(project['config_files']) == 2


def test_extends_same_file_and_other_file(tmp_path):
    os.mkdir(os.path.join(str(tmp_path), 'common'))
    write(tmp_path, 'common/base.yaml', """
        services:
          base:
            image: base
            volumes: [./conf:/conf]
            environment: {LEVEL: base, KEEP: 'yes'}
    """)
    project = project_of("""
        services:
          app:
            extends: {file: common/base.yaml, service: base}
            environment: {LEVEL: app}
          other:
            extends: app
            command: run
    """, tmp_path)
    app = project['services']['app']
    assert app['image'] == 'base'
    assert app['environment'] == {'LEVEL': 'app', 'KEEP': 'yes'}
    assert app['volumes'][0]['source'] == os.path.join(str(tmp_path), 'common', 'conf')
    assert project['services']['other']['command'] == ['run']
    assert project['services']['other']['environment'] == {'LEVEL': 'app', 'KEEP': 'yes'}


def test_extends_cycle_is_an_error(tmp_path):
    with pytest.raises(SpecError) as caught:
        project_of('services: {a: {extends: b, image: x}, b: {extends: a, image: y}}', tmp_path)
    assert 'cycle' in str(caught.value)


def test_profiles(tmp_path):
    text = """
        services:
          web: {image: web}
          debug: {image: debug, profiles: [dev]}
          admin: {image: admin, profiles: [ops], depends_on: {debug: {required: false}}}
    """
    assert sorted(project_of(text, tmp_path)['services']) == ['web']
    assert sorted(project_of(text, tmp_path, profiles=['dev'])['services']) == ['debug', 'web']
    assert sorted(project_of(text, tmp_path, environ={'COMPOSE_PROFILES': 'dev,ops'})['services']) == ['admin', 'debug', 'web']
    asked = project_of(text, tmp_path, services=['admin'])
    assert sorted(asked['services']) == ['admin', 'web']
    assert 'depends_on' not in asked['services']['admin']


def test_project_name_precedence(tmp_path):
    text = 'name: from-file\nservices: {web: {image: x}}\n'
    assert project_of(text, tmp_path)['name'] == 'from-file'
    assert project_of(text, tmp_path, environ={'COMPOSE_PROJECT_NAME': 'from-env'})['name'] == 'from-env'
    assert project_of(text, tmp_path, project_name='given')['name'] == 'given'
    project = load_project(definition={'services': {'web': {'image': 'x'}}}, project_dir=str(tmp_path),
                           project_name='inline', environ={})
    assert project['config_files'] == ['<definition>']


def test_external_and_named_resources(tmp_path):
    project = project_of("""
        services:
          s: {image: x, networks: [ext, legacy], volumes: ["shared:/s"], secrets: [token]}
        networks:
          ext: {external: true}
          legacy: {external: {name: real-net}}
        volumes:
          shared: {external: true, name: the-volume}
        secrets:
          token: {environment: TOKEN}
    """, tmp_path, environ={'TOKEN': 's3cret'})
    assert project['networks'] == {'ext': {'external': True, 'name': 'ext'},
                                   'legacy': {'external': True, 'name': 'real-net'}}
    assert project['volumes']['shared'] == {'external': True, 'name': 'the-volume'}
    assert project['secrets']['token']['content'] == 's3cret'


def test_deploy_keys_are_parsed(tmp_path):
    project = project_of("""
        services:
          s:
            image: x
            deploy:
              mode: replicated
              replicas: 3
              placement: {constraints: [node.role==manager], preferences: [{spread: node.labels.zone}]}
              resources: {limits: {cpus: '0.5', memory: 64m}, reservations: {memory: 32m}}
              restart_policy: {condition: on-failure, delay: 5s, max_attempts: 3}
              update_config: {parallelism: 1, order: start-first, failure_action: rollback, monitor: 10s}
              rollback_config: {parallelism: 2}
              endpoint_mode: dnsrr
              labels: [a=b]
    """, tmp_path)
    deploy = project['services']['s']['deploy']
    assert deploy['resources'] == {'limits': {'cpus': 0.5, 'memory': 64 << 20}, 'reservations': {'memory': 32 << 20}}
    assert deploy['placement']['preferences'] == [{'spread': 'node.labels.zone'}]
    assert deploy['labels'] == {'a': 'b'}
    assert deploy['update_config']['order'] == 'start-first'


@pytest.mark.parametrize('text, option', [
    ('services: {web: {image: x, ports: ["80:99999"]}}', 'services.web.ports[0]'),
    ('services: {web: {image: x, ports: [{published: 80}]}}', 'services.web.ports[0].target'),
    ('services: {web: {image: x, volumes: ["data:rel"]}}', 'services.web.volumes[0]'),
    ('services: {web: {image: x, volumes: ["data:/d"]}}', 'services.web.volumes[0].source'),
    ('services: {web: {image: x, networks: [nope]}}', 'services.web.networks.nope'),
    ('services: {web: {image: x, depends_on: [nope]}}', 'services.web.depends_on.nope'),
    ('services: {web: {image: x, depends_on: {db: {condition: sometimes}}}, db: {image: y}}',
     'services.web.depends_on.db.condition'),
    ('services: {web: {image: x, restart: sometimes}}', 'services.web.restart'),
    ('services: {web: {image: x, healthcheck: {test: [RUN, x]}}}', 'services.web.healthcheck.test'),
    ('services: {web: {image: x, healthcheck: {test: [CMD]}}}', 'services.web.healthcheck.test'),  # dockerd 20.10 panicked
    ('services: {web: {image: x, healthcheck: {interval: soon}}}', 'services.web.healthcheck.interval'),
    ('services: {web: {image: x, frobnicate: 1}}', 'services.web.frobnicate'),
    ('services: {web: {image: x, deploy: {replicas: -1}}}', 'services.web.deploy.replicas'),
    ('services: {web: {image: x, deploy: {resources: {limits: {memory: lots}}}}}',
     'services.web.deploy.resources.limits.memory'),
    ('services: {web: {image: "${MISSING:?give MISSING}"}}', 'services.web.image'),
    ('services: {web: {build: {context: ., nope: 1}}}', 'services.web.build.nope'),
    ('services: {web: {command: "echo \'unclosed"}}', 'services.web.command'),
    ('services: {web: {}}', 'services.web'),
    ('services: {web: {image: x, extra_hosts: [nohost]}}', 'services.web.extra_hosts[0]'),
    ('services: {web: {image: x, secrets: [s]}}', 'services.web.secrets[0].source'),
    ('services: {web: {image: x, secrets: [s]}}\nsecrets: {s: {}}', 'secrets.s'),
    ('services: {web: {image: x, network_mode: host, networks: [a]}}\nnetworks: {a: {}}', 'services.web.networks'),
    ('services: {a: {image: x, depends_on: [b]}, b: {image: x, depends_on: [a]}}', 'services.a.depends_on'),
    ('services: {web: {image: x}}\ninclude: [oci://registry.example/app:1]', 'include[0].path'),
    ('services: {web: {image: x}}\nnetworks: {n: {driver: [bad]}}', 'networks.n.driver'),
    ('services: [web]', 'services'),
    ('services: {web: {image: x, environment: {A: [1]}}}', 'services.web.environment.A'),
    ('services: {web: {image: x, ulimits: {nofile: {soft: 1}}}}', 'services.web.ulimits.nofile.hard'),
    ('services: {web: {image: x, env_file: [missing.env]}}', 'services.web.env_file[0]'),
])
def test_invalid_files_name_the_key_path(text, option, tmp_path):
    assert '\n' not in raises_at(option, project_of, text, tmp_path)


def raises_at(option, call, *args, **kwargs):
    """call fails with a SpecError naming option; returns its message."""
    with pytest.raises(SpecError) as caught:
        call(*args, **kwargs)
    assert caught.value.option == option
    return str(caught.value)


def test_invalid_yaml_names_the_file(tmp_path):
    with pytest.raises(SpecError) as caught:
        project_of('services: {web: [', tmp_path)
    assert caught.value.option.startswith('files[0] (')
    assert 'not valid YAML at line' in str(caught.value)


def test_allowed_keys_refuse_what_a_consumer_does_not_support(tmp_path):
    allowed = ALL_KEYS - {'services.deploy.placement', 'services.build', 'networks.ipam'}
    for text, option in [
            ('services: {web: {image: x, deploy: {placement: {constraints: [a]}}}}', 'services.web.deploy.placement'),
            ('services: {web: {build: .}}', 'services.web.build'),
            ('services: {web: {image: x}}\nnetworks: {n: {ipam: {driver: default}}}', 'networks.n.ipam')]:
        with pytest.raises(SpecError) as caught:
            project_of(text, tmp_path, allowed_keys=allowed, consumer='the compose module')
        assert caught.value.option == option
        assert 'not supported by the compose module' in str(caught.value)


# -- a service as container module parameters (compose_containers.py) ------------------------------

from ansible_collections.dockyard.docker.plugins.module_utils.compose.model import COMPOSE_KEYS  # noqa: E402
from ansible_collections.dockyard.docker.plugins.module_utils.compose.containers import (  # noqa: E402
    compose_labels, config_hash, container_params, replicas)
from ansible_collections.dockyard.docker.plugins.module_utils.container.driver import container_argument_spec  # noqa: E402

AVAILABLE = set(container_argument_spec())


def compose_project(text, tmp_path):
    return project_of(text, tmp_path, allowed_keys=COMPOSE_KEYS, consumer='the compose module', project_name='shop')


def test_service_as_container_parameters(tmp_path):
    write(tmp_path, 'token.txt', 'x')
    project = compose_project("""
        services:
          web:
            image: nginx
            command: [serve]
            ports: ["8080:80", "127.0.0.1::443", "[::1]:53:53/udp", "9000"]
            volumes: [data:/data, "./site:/www:ro", /cache, {type: tmpfs, target: /run, tmpfs: {size: 1m}}]
            environment: {A: '1', UNSET: null}
            restart: on-failure:3
            extra_hosts: ["db:10.201.0.5"]
            logging: {driver: json-file, options: {max-size: 1m}}
            networks: {front: {aliases: [www]}}
            secrets: [token]
            stop_grace_period: 3s
            labels: {tier: web}
            deploy: {resources: {limits: {memory: 64m, cpus: '0.5'}}}
        networks: {front: {}}
        volumes: {data: {}}
        secrets: {token: {file: ./token.txt}}
    """, tmp_path)
    params = container_params(project, 'web', 1, AVAILABLE)
    assert params['name'] == 'shop-web-1'
    assert params['published_ports'] == ['8080:80/tcp', '127.0.0.1::443/tcp', '[::1]:53:53/udp', '9000/tcp']
    assert params['volumes'] == ['shop_data:/data', '%s/site:/www:ro' % tmp_path, '/cache',
                                 '%s/token.txt:/run/secrets/token:ro' % tmp_path]
    assert params['tmpfs'] == ['/run:size=1048576']
    assert params['env'] == {'A': '1'}
    assert (params['restart_policy'], params['restart_retries']) == ('on-failure', 3)
    assert params['extra_hosts'] == {'db': '10.201.0.5'}
    assert (params['log_driver'], params['log_options']) == ('json-file', {'max-size': '1m'})
    assert params['networks'] == [{'name': 'shop_front', 'aliases': ['web', 'www']}]
    assert params['stop_timeout'] == 3
    assert (params['memory'], params['cpus']) == (str(64 << 20), 0.5)
    assert params['labels'] == {'tier': 'web'}


def test_labels_and_a_hash_that_scale_does_not_change(tmp_path):
    project = compose_project('services: {web: {image: nginx, scale: 3, depends_on: [db]}, db: {image: db}}', tmp_path)
    labels = compose_labels(project, 'web', project['services']['web'], 2)
    assert labels['com.docker.compose.project'] == 'shop'
    assert labels['com.docker.compose.container-number'] == '2'
    assert labels['com.docker.compose.oneoff'] == 'False'
    assert replicas('web', project['services']['web']) == 3
    web = dict(project['services']['web'])
    before = config_hash(web)
    web.pop('scale')
    web.pop('depends_on')
    assert config_hash(dict(web, deploy={'replicas': 5})) == before
    assert config_hash(dict(web, environment={'A': '1'})) != before


@pytest.mark.parametrize('text, option', [
    ('services: {web: {image: x, deploy: {placement: {constraints: [a]}}}}', 'services.web.deploy.placement'),
    ('services: {web: {image: x, deploy: {mode: global}}}', 'services.web.deploy.mode'),
    ('services: {web: {image: x, configs: [c]}}\nconfigs: {c: {external: true}}', 'configs.c.external'),
])
def test_compose_module_refuses_swarm_keys(text, option, tmp_path):
    assert 'not supported by the compose module' in raises_at(option, compose_project, text, tmp_path)


def test_scale_and_replicas_must_agree_and_container_name_is_single(tmp_path):
    project = compose_project('services: {web: {image: x, scale: 2, deploy: {replicas: 3}}}', tmp_path)
    with pytest.raises(SpecError) as caught:
        replicas('web', project['services']['web'])
    assert caught.value.option == 'services.web.scale'
    project = compose_project('services: {web: {image: x, scale: 2, container_name: fixed}}', tmp_path)
    with pytest.raises(SpecError) as caught:
        replicas('web', project['services']['web'])
    assert caught.value.option == 'services.web.container_name'


def test_a_key_without_its_container_option_names_the_key(tmp_path):
    project = compose_project('services: {web: {image: x, dns_search: [example.org]}}', tmp_path)
    with pytest.raises(SpecError) as caught:
        container_params(project, 'web', 1, AVAILABLE - {'dns_search_domains'})
    assert caught.value.option == 'services.web.dns_search'


@pytest.mark.parametrize('ports, option', [('["0:80"]', 'services.web.ports[0].published'),
                                           ('[{target: 80, published: 0}]', 'services.web.ports[0].published')])
def test_published_port_0_is_for_a_stack_not_a_container(ports, option, tmp_path):
    # One parser reads the file (any port: a stack publishes 0 as any free port); a container takes none.
    project = compose_project('services: {web: {image: x, ports: %s}}' % ports, tmp_path)
    assert project['services']['web']['ports'][0]['published'] == '0'
    with pytest.raises(SpecError) as caught:
        container_params(project, 'web', 1, AVAILABLE)
    assert caught.value.option == option
