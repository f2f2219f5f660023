"""daemon_config: keys that become shell words in DOCKER_OPTS, and credentials kept out of what the task shows."""

import pytest

from ansible_collections.dockyard.docker.plugins.module_utils.host.daemon_config import (
    DAEMON_JSON,
    DOCKER_OPTS,
    MASK,
    credential_values,
    masked,
    render_flags,
    requested_changes,
)
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError

INJECTION = 'x"; touch /tmp/pwn; echo "'


def params(**options):
    values = dict(settings=None, format=DOCKER_OPTS, path=None, replace=False, backup=False, force=False)
    options_unset = ('registry_mirrors', 'insecure_registries', 'bridge', 'bip', 'fixed_cidr', 'icc', 'iptables',
                     'ip_forward', 'mtu', 'ipv6', 'dns', 'log_driver', 'log_opts', 'storage_driver', 'data_root',
                     'live_restore')
    values.update(dict((name, None) for name in options_unset))
    values.update(options)
    return values


@pytest.mark.parametrize('key', [INJECTION, 'log level', 'Debug', '--debug', 'a=b', 'a$(id)', '', 'tls`id`', '-'])
def test_docker_opts_refuses_keys_that_are_not_flag_names(key):
    with pytest.raises(SpecError) as raised:
        requested_changes(params(settings={key: 'v'}))
    message = str(raised.value)
    assert message.startswith('settings: ') and repr(key) in message and 'flag name' in message
    assert '\n' not in message
    with pytest.raises(SpecError):
        render_flags({key: 'v'})


def test_docker_opts_refuses_log_opt_names_that_are_not_names():
    with pytest.raises(SpecError) as raised:
        render_flags({'log-opts': {'a=b': 'v'}})
    assert 'log_opts' in str(raised.value)


@pytest.mark.parametrize('key', ['log-level', 'ip6tables', 'default-ulimit', 'tlscacert', 'max-concurrent-downloads'])
def test_docker_opts_takes_flag_names(key):
    assert requested_changes(params(settings={key: 'v'})) == {key: 'v'}
    assert render_flags({key: 'v'}) == '--%s=v' % key


def test_daemon_json_keys_stay_free_form():
    """JSON quotes every key; daemon.json has keys no flag spells (and dockerd says which it refuses)."""
    assert requested_changes(params(format=DAEMON_JSON, settings={'features': {'buildkit': True}})) == \
        {'features': {'buildkit': True}}


CONFIG = {
    'log-driver': 'splunk',
    'log-opts': {'splunk-token': 'tok-123', 'splunk-url': 'https://splunk.example:8088', 'max-size': '10m',
                 'syslog-tls-key': '/etc/key.pem', 'loki-url': 'https://user:pw-456@loki.example/api',
                 'x-api-key': 'k-789', 'fluentd-password': 'p-000', 'gelf-secret': 's-111'},
    'proxies': {'http-proxy': 'http://proxyuser:proxy-pw@proxy.example:3128', 'no-proxy': 'localhost'},
    'registry-mirrors': ['https://mirror.example', 'https://u:mirror-pw@m2.example'],
    'tlskey': '/etc/docker/key.pem',
    'debug': True,
}


def test_masked_hides_credentials_and_keeps_the_rest():
    shown = masked(CONFIG)
    opts = shown['log-opts']
    assert opts['splunk-token'] == opts['x-api-key'] == opts['fluentd-password'] == opts['gelf-secret'] == MASK
    assert opts['syslog-tls-key'] == MASK
    assert opts['splunk-url'] == 'https://splunk.example:8088' and opts['max-size'] == '10m'
    assert opts['loki-url'] == 'https://user:%s@loki.example/api' % MASK
    assert shown['proxies'] == {'http-proxy': 'http://proxyuser:%s@proxy.example:3128' % MASK, 'no-proxy': 'localhost'}
    assert shown['registry-mirrors'] == ['https://mirror.example', 'https://u:%s@m2.example' % MASK]
    assert shown['tlskey'] == '/etc/docker/key.pem' and shown['debug'] is True and shown['log-driver'] == 'splunk'
    assert CONFIG['log-opts']['splunk-token'] == 'tok-123'  # the real configuration is untouched
    text = repr(shown)
    for secret in ('tok-123', 'pw-456', 'k-789', 'p-000', 's-111', 'proxy-pw', 'mirror-pw'):
        assert secret not in text


def test_credential_values_are_the_masked_ones():
    assert credential_values(CONFIG) == {'tok-123', 'pw-456', 'k-789', 'p-000', 's-111', 'proxy-pw', 'mirror-pw',
                                         '/etc/key.pem'}
    assert credential_values({'debug': True, 'log-opts': {'max-size': '1m'}}) == set()


def test_a_refused_credential_value_is_not_repeated_in_the_message():
    with pytest.raises(SpecError) as raised:
        render_flags({'log-opts': {'splunk-token': 'bad token'}})
    assert 'bad token' not in str(raised.value) and 'log_opts' in str(raised.value)
