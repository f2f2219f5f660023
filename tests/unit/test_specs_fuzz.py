"""Every parser in plugins/module_utils/specs/ under broad inputs: arbitrary text and unicode,
huge numbers, nested structures, and real-world values with damage done to them. The only
exception a parser may raise is SpecError (run_task turns it into one line); a value that parses
re-renders to an equivalent value (round trip).

`make test` runs a few hundred examples per parser; `HYPOTHESIS_PROFILE=fuzz` (tests/unit/conftest.py)
runs the long search outside it:  HYPOTHESIS_PROFILE=fuzz python -m pytest tests/unit/test_*fuzz*.py
The strategies and the check every test makes are in fuzzing.py; the parsers of entries (mounts,
network endpoints, resources, process settings) are in test_specs_fuzz_entries.py, the Compose
parser in test_compose_fuzz.py.
"""

import pytest
from hypothesis import example, given, strategies as st

from ansible_collections.dockyard.docker.plugins.module_utils.specs.addresses import (
    is_ip_address, parse_cidr, parse_interface_cidr, parse_ip)
from ansible_collections.dockyard.docker.plugins.module_utils.specs.filters import boolean, non_empty, parse_filters
from ansible_collections.dockyard.docker.plugins.module_utils.specs.policies import (
    duration_ns, labels, link, option_names, restart_policy)
from ansible_collections.dockyard.docker.plugins.module_utils.specs.ports import (
    normalize_port_key, parse_port_spec, port_bindings)
from ansible_collections.dockyard.docker.plugins.module_utils.specs.sizes import parse_size
from ansible_collections.dockyard.docker.plugins.module_utils.specs.volumes import parse_volume_spec, parse_volume_specs

from fuzzing import CORPUS, NESTED, anything, outcome


@given(anything(CORPUS['ports']))
@example('1' * 5000)  # int() refuses over 4300 digits (ValueError)
@example('8' * 5000 + ':80')
@example('\u0668\u0660')  # Arabic-Indic digits: no port docker takes
def test_ports_raise_only_spec_error_and_round_trip(value):
    bindings = outcome(parse_port_spec, 'published_ports', value)
    for port_key, host_ip, host_port in bindings or []:
        port, protocol = port_key.split('/')
        address = '[%s]' % host_ip if ':' in host_ip else host_ip
        rendered = ':'.join(part for part in (address, host_port, port) if part or address) + '/' + protocol
        assert parse_port_spec('published_ports', rendered) == [(port_key, host_ip, host_port)], rendered


@given(st.lists(anything(CORPUS['ports']), max_size=3))
def test_port_lists_raise_only_spec_error(values):
    result = outcome(port_bindings, 'published_ports', values)
    if result is not None:
        assert all(key.count('/') == 1 for key in result)


@given(anything(CORPUS['keys']))
@example('9' * 5000 + '/udp')
def test_exposed_port_keys_raise_only_spec_error_and_round_trip(value):
    for key in outcome(normalize_port_key, 'exposed_ports', value) or []:
        assert normalize_port_key('exposed_ports', key) == [key]


@given(anything(CORPUS['volumes']))
def test_volumes_raise_only_spec_error_and_round_trip(value):
    volume = outcome(parse_volume_spec, 'volumes', value)
    if volume is not None:
        rendered = volume.target if volume.kind == 'anonymous' else volume.bind()
        assert parse_volume_spec('volumes', rendered) == volume, rendered


@given(st.lists(anything(CORPUS['volumes']), max_size=3))
def test_volume_lists_raise_only_spec_error(values):
    outcome(parse_volume_specs, 'volumes', values)


@given(anything(CORPUS['sizes']))
@example('9' * 400)  # float('9' * 400) is inf (OverflowError)
@example('1' * 400 + 'g')
@example(10 ** 400)
def test_sizes_raise_only_spec_error_and_round_trip(value):
    size = outcome(parse_size, 'memory', value)
    if size is not None:
        assert size < 1 << 63  # the Engine's int64
        assert isinstance(size, int) and size >= 0
        assert parse_size('memory', str(size)) == size
        assert parse_size('memory', '%db' % size) == size


@given(st.integers(0, (1 << 63) - 1))
@example(9007199254740993)  # float() rounded it to ...992
def test_a_byte_count_given_as_text_is_exact(size):
    assert parse_size('memory', str(size)) == size
    assert parse_size('memory', size) == size


@pytest.mark.parametrize('parser, option', [(parse_ip, 'ip'), (parse_cidr, 'subnet'), (parse_interface_cidr, 'bip')])
@given(value=anything(CORPUS['addresses']))
@example(value=('10.0.0.1', '10.0.0.2'))  # '%s' % tuple (TypeError)
@example(value=(None, None))
def test_addresses_raise_only_spec_error_and_round_trip(parser, option, value):
    parsed = outcome(parser, option, value)
    if parsed is not None:
        assert parser(option, parsed) == parsed
    assert isinstance(is_ip_address(value), bool)


@given(anything(CORPUS['durations']))
@example('9' * 400 + 'h')  # OverflowError
@example(float('inf'))
@example(float('nan'))  # ValueError
@example(1e300)
@example(10 ** 400)  # math.isfinite(int) converts to float (OverflowError), found by the fuzz profile
def test_durations_raise_only_spec_error_and_round_trip(value):
    nanoseconds = outcome(duration_ns, 'until', value)
    if nanoseconds is not None:
        assert isinstance(nanoseconds, int) and abs(nanoseconds) < 1 << 63
        if nanoseconds >= 0:
            assert duration_ns('until', '%dns' % nanoseconds) == nanoseconds


@given(policy=anything(['no', 'always', 'on-failure', 'unless-stopped']), retries=st.one_of(st.none(), NESTED))
@example(policy='on-failure', retries='3')  # '3' < 0 (TypeError)
@example(policy='on-failure', retries=[1])
def test_restart_policy_raises_only_spec_error(policy, retries):
    result = outcome(restart_policy, policy, retries, options=('restart_policy', 'restart_retries'))
    if result is not None:
        assert restart_policy(result['Name'] or 'no', retries) == result


@pytest.mark.parametrize('parser', [labels, option_names])
@given(value=st.one_of(NESTED, st.dictionaries(st.one_of(st.text(), st.integers(), st.none()), NESTED, max_size=4)))
def test_label_dicts_raise_only_spec_error_and_round_trip(parser, value):
    parsed = outcome(parser, 'labels', value)
    if parsed is not None:
        assert parser('labels', parsed) == parsed


@given(anything(CORPUS['links']))
@example('/')  # an empty name after the leading /, found by the fuzz profile
@example('/ 0')  # spaces kept in the name, lost in the round trip
def test_links_raise_only_spec_error_and_round_trip(value):
    parsed = outcome(link, 'links', value)
    if parsed is not None:
        assert link('links', '%s:%s' % parsed) == parsed


FILTER_DICTS = st.dictionaries(st.one_of(st.text(max_size=8), st.integers(), st.booleans()),
                               st.one_of(anything(CORPUS['booleans']), NESTED), max_size=4)


@given(value=st.one_of(NESTED, FILTER_DICTS),
       names=st.one_of(st.none(), st.just(('dangling', 'label', 'name'))), empty_lists=st.booleans())
def test_filters_raise_only_spec_error_and_round_trip(value, names, empty_lists):
    checks = {'dangling': boolean, 'name': non_empty}
    parsed = outcome(parse_filters, 'filters', value, names, checks, empty_lists)
    if parsed is not None:
        assert parse_filters('filters', parsed, names, checks, empty_lists) == parsed


@pytest.mark.parametrize('value', ['\u0668\u0660', '\uff18\uff10:80', '80:\u0668\u0660/udp'])
def test_ports_in_other_scripts_digits_are_refused(value):
    # \d matched them and int() read them: '٨٠' published port 80.
    assert outcome(parse_port_spec, 'published_ports', value) is None
    assert outcome(normalize_port_key, 'exposed_ports', value) is None
