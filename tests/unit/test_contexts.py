"""Which docker CLI context a task's connection options choose, and what it stands for, read from a context
store laid out as the docker CLI lays it out (tests/integration/test_contexts.py makes one with the CLI)."""

import hashlib
import json

import pytest

from ansible_collections.dockyard.docker.plugins.module_utils.api import contexts
from ansible_collections.dockyard.docker.plugins.module_utils.host.context_info import context_info
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError


def store_context(folder, name, host, description='', tls=(), skip_verify=False):
    ident = hashlib.sha256(name.encode()).hexdigest()
    meta = folder / 'contexts' / 'meta' / ident
    meta.mkdir(parents=True)
    (meta / 'meta.json').write_text(json.dumps({
        'Name': name, 'Metadata': {'Description': description},
        'Endpoints': {'docker': {'Host': host, 'SkipTLSVerify': skip_verify}}}))
    if tls:
        endpoint = folder / 'contexts' / 'tls' / ident / 'docker'
        endpoint.mkdir(parents=True)
        for filename in tls:
            (endpoint / filename).write_text('PEM')
    return ident


@pytest.fixture
def store(tmp_path):
    store_context(tmp_path, 'prod', 'tcp://prod.example:2376', 'production', tls=('ca.pem', 'cert.pem', 'key.pem'))
    store_context(tmp_path, 'lab', 'ssh://ops@lab.example')
    (tmp_path / 'config.json').write_text(json.dumps({'currentContext': 'lab', 'auths': {}}))
    return tmp_path


@pytest.mark.parametrize('params, environ, expected', [
    ({'docker_context': 'prod'}, {}, 'prod'),                                          # the task's own, first
    ({'docker_context': 'prod'}, {'DOCKER_HOST': 'unix:///x.sock'}, 'prod'),           # as --context beats DOCKER_HOST
    ({'docker_host': 'unix:///x.sock'}, {'DOCKER_CONTEXT': 'prod'}, 'default'),        # an address: no context
    ({}, {'DOCKER_HOST': 'unix:///x.sock', 'DOCKER_CONTEXT': 'prod'}, 'default'),      # DOCKER_HOST before DOCKER_CONTEXT
    ({}, {'DOCKER_CONTEXT': 'prod'}, 'prod'),
    ({}, {}, 'lab'),                                                                   # docker context use
])
def test_the_context_is_chosen_as_the_cli_chooses_it(store, params, environ, expected):
    assert contexts.chosen_context(params, dict(environ, DOCKER_CONFIG=str(store))) == expected


def test_no_config_file_means_default(tmp_path):
    assert contexts.chosen_context({}, {'DOCKER_CONFIG': str(tmp_path)}) == 'default'


def test_a_context_gives_its_address_and_tls_files(store):
    resolved = contexts.resolve_context({'docker_context': 'prod', 'timeout': 60}, {'DOCKER_CONFIG': str(store)})
    tls = store / 'contexts' / 'tls' / hashlib.sha256(b'prod').hexdigest() / 'docker'
    assert resolved == {'docker_context': 'prod', 'timeout': 60, 'docker_host': 'tcp://prod.example:2376',
                        'tls': True, 'validate_certs': True, 'ca_path': str(tls / 'ca.pem'),
                        'client_cert': str(tls / 'cert.pem'), 'client_key': str(tls / 'key.pem')}


def test_the_tasks_own_tls_options_win_and_skip_verify_is_kept(tmp_path):
    store_context(tmp_path, 'self-signed', 'tcp://10.0.0.5:2376', tls=('cert.pem', 'key.pem', 'ca.pem'), skip_verify=True)
    resolved = contexts.resolve_context({'docker_context': 'self-signed', 'ca_path': '/etc/ca.pem'},
                                        {'DOCKER_CONFIG': str(tmp_path)})
    assert resolved['ca_path'] == '/etc/ca.pem' and resolved['tls'] is True and resolved['validate_certs'] is False


def test_the_current_context_applies_without_any_option(store):
    assert contexts.resolve_context({}, {'DOCKER_CONFIG': str(store)})['docker_host'] == 'ssh://ops@lab.example'
    # An address, given or from DOCKER_HOST, leaves the options as they are.
    assert contexts.resolve_context({'docker_host': 'unix:///x.sock'}, {'DOCKER_CONFIG': str(store)}) == \
        {'docker_host': 'unix:///x.sock'}


def test_an_address_beside_a_context_is_refused_unless_it_only_repeats_docker_host(store):
    environ = {'DOCKER_CONFIG': str(store), 'DOCKER_HOST': 'unix:///from-env.sock'}
    with pytest.raises(SpecError, match=r"^docker_host: invalid value 'tcp://other:2375'; give either docker_host or "
                                        r"docker_context \(prod\), not both$"):
        contexts.resolve_context({'docker_context': 'prod', 'docker_host': 'tcp://other:2375'}, environ)
    repeated = contexts.resolve_context({'docker_context': 'prod', 'docker_host': 'unix:///from-env.sock'}, environ)
    assert repeated['docker_host'] == 'tcp://prod.example:2376'


def test_an_unknown_context_fails_naming_the_store(store):
    with pytest.raises(SpecError, match=r"^docker_context: invalid value 'nope'; no such context in .*/contexts "
                                        r"\(docker context ls lists them\)$"):
        contexts.resolve_context({'docker_context': 'nope'}, {'DOCKER_CONFIG': str(store)})


def test_a_broken_config_file_fails_with_one_line(tmp_path):
    (tmp_path / 'config.json').write_text('{"currentContext": ')
    with pytest.raises(SpecError, match=r'^config.json: invalid value .*; not valid JSON'):
        contexts.resolve_context({}, {'DOCKER_CONFIG': str(tmp_path)})


def test_context_info_lists_default_then_the_store_by_name(store):
    info = context_info(environ={'DOCKER_CONFIG': str(store)})
    assert info['current_context_name'] == 'lab'
    assert [(entry['name'], entry['current']) for entry in info['contexts']] == \
        [('default', False), ('lab', True), ('prod', False)]
    default, lab, prod = info['contexts']
    assert default['config'] == {'docker_host': 'unix:///var/run/docker.sock', 'tls': False, 'validate_certs': False,
                                 'ca_path': None, 'client_cert': None, 'client_key': None}
    assert lab['tls_path'] is None and lab['config']['docker_host'] == 'ssh://ops@lab.example'
    assert prod['description'] == 'production' and prod['config']['tls'] is True
    assert prod['meta_path'].endswith('/contexts/meta/' + hashlib.sha256(b'prod').hexdigest())
    assert prod['tls_path'].endswith('/contexts/tls/' + hashlib.sha256(b'prod').hexdigest())


def test_context_info_of_one_or_the_current(store):
    environ = {'DOCKER_CONFIG': str(store), 'DOCKER_CONTEXT': 'prod'}
    assert [entry['name'] for entry in context_info(only_current=True, environ=environ)['contexts']] == ['prod']
    assert [entry['name'] for entry in context_info(name='lab', environ=environ)['contexts']] == ['lab']
    assert context_info(name='default', environ=environ)['contexts'][0]['meta_path'] is None
    with pytest.raises(SpecError, match='^only_current: invalid value True; leave it out when name is given$'):
        context_info(name='lab', only_current=True, environ=environ)


def test_the_default_context_reads_the_tls_variables_as_the_modules_do(tmp_path):
    """DOCKER_TLS_VERIFY=0 turns verification off for the modules (connection_options.tls_settings); the default
    context context_info reports must say the same."""
    (tmp_path / 'ca.pem').write_text('PEM')
    environ = {'DOCKER_CONFIG': str(tmp_path), 'DOCKER_TLS_VERIFY': '0', 'DOCKER_CERT_PATH': str(tmp_path)}
    default = context_info(name='default', environ=environ)['contexts'][0]['config']
    assert default['tls'] is False and default['validate_certs'] is False
    assert default['ca_path'] == str(tmp_path / 'ca.pem') and default['client_cert'] is None
