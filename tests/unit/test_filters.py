"""The one filters parser (specs/filters.py) and the checks the listing modules give it."""

import pytest
from hypothesis import given, strategies as st

from ansible_collections.dockyard.docker.plugins.module_utils.container.info import container_filters
from ansible_collections.dockyard.docker.plugins.module_utils.image.info import list_filters
from ansible_collections.dockyard.docker.plugins.module_utils.image.search import search_filters
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.specs.filters import (
    boolean,
    non_empty,
    parse_filters,
)


def test_values_become_lists_of_text_and_none_stays_none():
    assert parse_filters('filters', None) is None
    assert parse_filters('filters', {}) == {}
    assert parse_filters('filters', {'label': 'a=b', 'dangling': False, 'until': 24}) == {
        'label': ['a=b'], 'dangling': ['false'], 'until': ['24']}
    assert parse_filters('filters', {'label': []}) == {'label': []}


@pytest.mark.parametrize('value', [['label'], {'label': {'a': 'b'}}, {'label': [['a']]}, {'label': None}, {' ': 'x'}])
def test_what_is_not_a_filter_dict_names_the_option(value):
    with pytest.raises(SpecError, match='^volumes_filters: invalid value .*; give a dict of filter names'):
        parse_filters('volumes_filters', value)


def test_names_are_the_endpoints_and_listed_in_order():
    with pytest.raises(SpecError) as failure:
        parse_filters('filters', {'colour': 'red'}, names=('b', 'a'))
    assert str(failure.value) == "filters: invalid value 'colour'; accepted filters are b, a"


def test_checks_see_each_value_as_given_and_name_option_and_filter():
    checks = {'dangling': boolean, 'reference': non_empty}
    assert parse_filters('filters', {'dangling': 'YES', 'reference': ['a*', 'b']}, checks=checks) == {
        'dangling': ['true'], 'reference': ['a*', 'b']}
    with pytest.raises(SpecError) as failure:
        parse_filters('filters', {'reference': ['a', {'b': 1}]}, checks=checks)
    assert str(failure.value) == "filters.reference: invalid value {'b': 1}; give a non-empty string (a list for several)"
    with pytest.raises(SpecError, match=r"^filters.dangling: invalid value \['x'\]; give true or false"):
        parse_filters('filters', {'dangling': [['x']]}, checks=checks)


def test_empty_lists_can_be_refused():
    with pytest.raises(SpecError, match=r"^filters: invalid value \{'label': \[\]\}"):
        parse_filters('filters', {'label': []}, empty_lists=False)


@pytest.mark.parametrize('value', ['', ' ', None, {'a': 1}, ['a']])
def test_non_empty_refuses_what_is_no_text(value):
    with pytest.raises(SpecError, match='give a non-empty string'):
        non_empty('filters.reference', value)


@given(st.sampled_from([True, False, 'true', 'False', 'yes', 'NO', '1', '0', 1, 0]))
def test_boolean_spellings(value):
    assert boolean('f', value) == ('true' if str(value).lower() in ('true', 'yes', '1') else 'false')


def test_each_module_declares_its_names_and_checks():
    assert container_filters({'status': 'exited', 'label': 'a'}) == {'status': ['exited'], 'label': ['a']}
    with pytest.raises(SpecError, match=r"^filters: invalid value \{'status': 'sleeping'\}; status is one of"):
        container_filters({'status': 'sleeping'})
    with pytest.raises(SpecError, match='^filters: '):
        container_filters({'label': []})
    assert list_filters({'dangling': 'no', 'reference': ['a*', 'b']}) == {'dangling': ['false'], 'reference': ['a*', 'b']}
    with pytest.raises(SpecError, match="^filters.reference: invalid value ''; give a non-empty string"):
        list_filters({'reference': ''})
    assert search_filters({'stars': 3, 'is-automated': True}) == {'stars': ['3'], 'is-automated': ['true']}
    with pytest.raises(SpecError, match='^filters.stars: invalid value -1; give a whole number of stars'):
        search_filters({'stars': -1})
    with pytest.raises(SpecError, match="^filters: invalid value 'official'; accepted filters are is-automated"):
        search_filters({'official': True})
