"""Daemon configuration: merge, validation, restart decision, DOCKER_OPTS round trips (examples + hypothesis)."""

import json

import pytest
from hypothesis import given, strategies as st

from ansible_collections.dockyard.docker.plugins.module_utils.host.daemon_config import (
    DAEMON_JSON,
    DOCKER_OPTS,
    OPTION_KEYS,
    changed_keys,
    merge,
    mirror_url,
    needs_restart,
    parse_daemon_json,
    parse_docker_opts_file,
    parse_flags,
    render_docker_opts_file,
    render_flags,
    requested_changes,
    validate_config,
)
from ansible_collections.dockyard.docker.plugins.module_utils.host.registry_mirror import with_mirror
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError

KEYS = st.text(alphabet='abcdefghijklmnopqrstuvwxyz-', min_size=1, max_size=20)
SCALARS = st.one_of(st.booleans(), st.integers(-10 ** 6, 10 ** 6), st.text(max_size=20))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(KEYS, inner, max_size=3)), max_leaves=6)
CONFIGS = st.dictionaries(KEYS, VALUES, max_size=8)
CHANGES = st.dictionaries(KEYS, st.one_of(st.none(), VALUES), max_size=6)


def params(**values):
    """Module params as AnsibleModule would fill them: every option present, unset ones None."""
    filled = dict((option, None) for option, _key in OPTION_KEYS)
    filled['settings'] = None
    filled.update(values)
    return filled


# -- merge (property based) --------------------------------------------------------------------------

@given(CONFIGS, CHANGES)
def test_merge_keeps_every_untouched_key(existing, changes):
    merged = merge(existing, changes)
    for key, value in existing.items():
        if key not in changes:
            assert merged[key] == value


@given(CONFIGS, CHANGES)
def test_merge_sets_and_removes_exactly_what_was_asked(existing, changes):
    merged = merge(existing, changes)
    for key, value in changes.items():
        if value is None:
            assert key not in merged
        else:
            assert merged[key] == value


@given(CONFIGS, CHANGES)
def test_merged_file_reads_back_and_reapplying_changes_nothing(existing, changes):
    merged = merge(existing, changes)
    reread = parse_daemon_json(json.dumps(merged, indent=2))
    assert reread == merged
    assert merge(reread, changes) == reread
    assert changed_keys(reread, merge(reread, changes)) == []


@given(CONFIGS, CHANGES)
def test_replace_keeps_only_the_changes(existing, changes):
    merged = merge(existing, changes, replace=True)
    assert merged == dict((k, v) for k, v in changes.items() if v is not None)


@given(CONFIGS, CHANGES)
def test_changed_keys_are_the_keys_whose_value_differs(existing, changes):
    merged = merge(existing, changes)
    keys = changed_keys(existing, merged)
    assert keys == sorted(set(keys))
    for key in set(existing) | set(merged):
        assert (key in keys) == (existing.get(key) != merged.get(key))


# -- mirrors -----------------------------------------------------------------------------------------

MIRRORS = st.lists(st.sampled_from(['http://a:5000', 'https://b.example', 'http://10.0.0.1:80', 'https://c']),
                   unique=True, max_size=4)


@given(MIRRORS, st.sampled_from(['http://a:5000', 'https://new.example:443']), CONFIGS)
def test_adding_a_mirror_keeps_other_entries_and_keys(mirrors, url, others):
    config = dict(others, **{'registry-mirrors': mirrors})
    added = with_mirror(config, url, True)
    assert added['registry-mirrors'][:len(mirrors)] == mirrors
    assert url in added['registry-mirrors']
    assert with_mirror(added, url, True) == added
    removed = with_mirror(added, url, False)
    assert url not in removed.get('registry-mirrors', [])
    assert [m for m in mirrors if m != url] == removed.get('registry-mirrors', [])
    assert dict((k, v) for k, v in removed.items() if k != 'registry-mirrors') == \
        dict((k, v) for k, v in others.items() if k != 'registry-mirrors')


def test_a_trailing_slash_is_the_same_mirror():
    config = {'registry-mirrors': ['http://a:5000/']}
    assert with_mirror(config, 'http://a:5000', True) == config
    assert with_mirror(config, 'http://a:5000', False) == {}


@pytest.mark.parametrize('url, expected', [
    ('http://127.0.0.1:5000', 'http://127.0.0.1:5000'),
    ('https://mirror.example/', 'https://mirror.example'),
    ('http://[::1]:5000', 'http://[::1]:5000'),
])
def test_mirror_urls_accepted(url, expected):
    assert mirror_url('url', url) == expected


@pytest.mark.parametrize('url', ['mirror.example', 'ftp://mirror.example', 'http://m.example/v2',
                                 'http://user:pw@m.example', 'http://m.example?x=1', 'http://', 'http://m:99999'])
def test_mirror_urls_refused_with_option_and_value(url):
    with pytest.raises(SpecError) as error:
        mirror_url('registry_mirrors', url)
    assert str(error.value).startswith("registry_mirrors: invalid value %r" % url)
    assert '\n' not in str(error.value)


# -- validation --------------------------------------------------------------------------------------

def test_first_class_options_become_daemon_json_keys():
    changes = requested_changes(params(registry_mirrors=['http://m:5000/'], icc=False, iptables=True, mtu=1450,
                                       bip='10.20.0.1/16', fixed_cidr='10.20.1.0/24', dns=['8.8.8.8'],
                                       log_opts={'max-size': '10m', 'compress': True}, live_restore=True,
                                       settings={'debug': True}))
    assert changes == {'registry-mirrors': ['http://m:5000'], 'icc': False, 'iptables': True, 'mtu': 1450,
                       'bip': '10.20.0.1/16', 'fixed-cidr': '10.20.1.0/24', 'dns': ['8.8.8.8'],
                       'log-opts': {'max-size': '10m', 'compress': 'true'}, 'live-restore': True, 'debug': True}


@pytest.mark.parametrize('values, option', [
    (dict(settings={'icc': True}, icc=False), 'settings'),
    (dict(settings={'log_driver': 'local'}), 'settings'),
    (dict(bip='10.20.0.1'), 'bip'),
    (dict(fixed_cidr='10.20.0.0/33'), 'fixed_cidr'),
    (dict(mtu=10), 'mtu'),
    (dict(dns=['dns.example']), 'dns'),
    (dict(insecure_registries=['http://r:5000']), 'insecure_registries'),
    (dict(data_root='relative/path'), 'data_root'),
    (dict(log_opts={'max-size': ['10m']}), 'log_opts'),
    (dict(registry_mirrors=['mirror:5000']), 'registry_mirrors'),
])
def test_invalid_arguments_name_the_option(values, option):
    with pytest.raises(SpecError) as error:
        requested_changes(params(**values))
    assert str(error.value).startswith(option + ': invalid value')


def test_settings_may_set_a_key_no_option_sets():
    assert requested_changes(params(settings={'registry-mirrors': ['http://x']})) == {'registry-mirrors': ['http://x']}


@pytest.mark.parametrize('config, changes, option', [
    ({'bridge': 'br0', 'bip': '10.0.0.1/24'}, {'bip': '10.0.0.1/24'}, 'bip'),
    ({'bridge': 'br0', 'bip': '10.0.0.1/24'}, {'bridge': 'br0'}, 'bridge'),
    ({'bip': '10.0.0.1/24', 'fixed-cidr': '10.1.0.0/24'}, {'fixed-cidr': '10.1.0.0/24'}, 'fixed_cidr'),
    ({'bip': '10.0.0.1/24', 'fixed-cidr': '10.0.0.0/16'}, {'bip': '10.0.0.1/24'}, 'bip'),
])
def test_cross_key_rules_on_the_merged_result(config, changes, option):
    with pytest.raises(SpecError) as error:
        validate_config(config, changes)
    assert str(error.value).startswith(option + ': invalid value')


def test_fixed_cidr_inside_bip_and_bridge_alone_pass():
    validate_config({'bip': '10.20.0.1/16', 'fixed-cidr': '10.20.1.0/24'}, {})
    validate_config({'bridge': 'br0', 'fixed-cidr': '10.20.1.0/24'}, {})


@pytest.mark.parametrize('keys, config_format, expected', [
    ([], DAEMON_JSON, False),
    (['debug', 'labels'], DAEMON_JSON, False),
    (['debug', 'registry-mirrors'], DAEMON_JSON, True),
    (['bridge'], DAEMON_JSON, True),
    (['debug'], DOCKER_OPTS, True),
])
def test_restart_required(keys, config_format, expected):
    assert needs_restart(keys, config_format) is expected


# -- DOCKER_OPTS -----------------------------------------------------------------------------------

def test_the_seed_docker_opts_line_is_read():
    text = ('# Docker Upstart and SysVinit configuration file\n'
            '#DOCKER_OPTS="--dns 8.8.8.8 --dns 8.8.4.4"\n'
            'DOCKER_OPTS="-b=br0 --fixed-cidr=10.20.0.0/24 --icc=false --iptables=true '
            '--registry-mirror=http://m:5000 --dns 8.8.8.8 --log-opt max-size=10m --debug"\n'
            'export http_proxy="http://proxy:3128/"\n')
    assert parse_docker_opts_file(text) == {
        'bridge': 'br0', 'fixed-cidr': '10.20.0.0/24', 'icc': False, 'iptables': True,
        'registry-mirrors': ['http://m:5000'], 'dns': ['8.8.8.8'], 'log-opts': {'max-size': '10m'}, 'debug': True}


def test_rendering_keeps_other_lines_and_replaces_the_active_one():
    text = '#DOCKER_OPTS="--dns 8.8.8.8"\nDOCKER_OPTS="--icc=false"\nexport TMPDIR=/mnt/tmp\n'
    rendered = render_docker_opts_file(text, {'icc': False, 'registry-mirrors': ['http://m:5000']})
    assert rendered == ('#DOCKER_OPTS="--dns 8.8.8.8"\n'
                        'DOCKER_OPTS="--icc=false --registry-mirror=http://m:5000"\nexport TMPDIR=/mnt/tmp\n')


FLAG_WORDS = st.text(alphabet='abcdefghijklmnopqrstuvwxyz0123456789.:/-_', min_size=1, max_size=15)
FLAG_CONFIGS = st.fixed_dictionaries({}, optional={
    'registry-mirrors': st.lists(st.sampled_from(['http://a:5000', 'https://b']), min_size=1, max_size=2),
    'icc': st.booleans(), 'iptables': st.booleans(), 'ipv6': st.booleans(), 'live-restore': st.booleans(),
    'mtu': st.integers(68, 9000), 'bridge': FLAG_WORDS, 'fixed-cidr': FLAG_WORDS, 'storage-driver': FLAG_WORDS,
    'dns': st.lists(FLAG_WORDS, min_size=1, max_size=3), 'log-opts': st.dictionaries(KEYS, FLAG_WORDS, min_size=1),
})


@given(FLAG_CONFIGS)
def test_flags_round_trip(config):
    assert parse_flags(render_flags(config).split()) == config
    assert parse_docker_opts_file(render_docker_opts_file('', config)) == config


@pytest.mark.parametrize('config', [{'dns': ['a b']}, {'log-opts': {'tag': '"x"'}},
                                    {'default-address-pools': [{'base': '10.0.0.0/8', 'size': 24}]}])
def test_values_without_a_flag_form_are_refused(config):
    with pytest.raises(SpecError):
        render_flags(config)


@pytest.mark.parametrize('text', ['DOCKER_OPTS="--dns"', 'DOCKER_OPTS="plain"', 'DOCKER_OPTS="--icc=false',
                                  'DOCKER_OPTS="-Z x"'])
def test_unreadable_docker_opts_raise_value_error(text):
    with pytest.raises(ValueError):
        parse_docker_opts_file(text)


@pytest.mark.parametrize('text', ['[1, 2]', '{"a": ', 'null'])
def test_daemon_json_must_be_an_object(text):
    with pytest.raises(ValueError):
        parse_daemon_json(text)


def test_empty_daemon_json_is_an_empty_config():
    assert parse_daemon_json('  \n') == {}
