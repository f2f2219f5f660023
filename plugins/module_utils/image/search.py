# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The `image_search` module: docker search, with its filters checked before the daemon is asked."""

from ansible_collections.dockyard.docker.plugins.module_utils.api.client import DockerError
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.specs.filters import boolean, parse_filters
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import TaskFailed


def _stars(option, value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = -1
    if isinstance(value, bool) or number < 0:
        raise SpecError(option, value, 'give a whole number of stars, 0 or more')
    return str(number)


SEARCH_CHECKS = {'is-automated': boolean, 'is-official': boolean, 'stars': _stars}


def search_filters(value):
    """image_search filters in the Engine's form (docker search -f)."""
    return parse_filters('filters', value, names=tuple(sorted(SEARCH_CHECKS)), checks=SEARCH_CHECKS)


def search_argument_spec():
    return dict(
        term=dict(type='str', required=True),
        limit=dict(type='int', default=25),
        filters=dict(type='dict'),
    )


def run_search(module, client_factory):
    params = module.params
    term = (params['term'] or '').strip()
    if not term or any(ch.isspace() for ch in term):
        raise SpecError('term', params['term'], 'give one search word without spaces, such as nginx')
    if not 1 <= params['limit'] <= 100:
        raise SpecError('limit', params['limit'], 'give a number from 1 to 100')
    query = {'term': term, 'limit': params['limit'], 'filters': search_filters(params['filters'])}
    client = client_factory(params)
    try:
        found = client.get('/images/search', query=query)
    except DockerError as exc:
        raise TaskFailed("Failed to search for '%s': the daemon could not query the registry (%s); "
                         'image_search needs Docker Hub (or the registry named in the term) to be reachable '
                         'from the daemon' % (term, exc.reason))
    module.exit_json(changed=False, results=[_search_result(entry) for entry in found or []])


def _search_result(entry):
    return {
        'name': entry.get('name'),
        'description': entry.get('description'),
        'star_count': entry.get('star_count'),
        'is_official': entry.get('is_official'),
        'is_automated': entry.get('is_automated'),
    }
