# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The `image_info` module: docker images, docker image inspect and docker history."""

from ansible_collections.dockyard.docker.plugins.module_utils.image.reference import is_image_id, split_reference
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.specs.filters import boolean, non_empty, parse_filters
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import wrap
from ansible_collections.dockyard.docker.plugins.module_utils.core.walks import read_walk

LIST_FILTERS = ('dangling', 'label', 'reference', 'before', 'since')
LIST_CHECKS = dict([(name, non_empty) for name in LIST_FILTERS], dangling=boolean)


def image_info_argument_spec():
    return dict(
        name=dict(type='list', elements='str'),
        all=dict(type='bool', default=False),
        filters=dict(type='dict'),
        history=dict(type='bool', default=False),
    )


def list_filters(value):
    """image_info filters in the Engine's form (docker images -f)."""
    return parse_filters('filters', value, names=LIST_FILTERS, checks=LIST_CHECKS)


def check_names(names):
    for name in names or []:
        if not is_image_id(name):
            split_reference('name', name)
    return names


def history_entry(layer):
    return {
        'id': layer.get('Id'),
        'created': layer.get('Created'),
        'created_by': layer.get('CreatedBy'),
        'size': layer.get('Size'),
        'comment': layer.get('Comment'),
        'tags': layer.get('Tags') or [],
    }


def read_history(client, reference):
    layers = wrap('read the history of image %s' % reference, client.get,
                  '/images/{}/history', reference)
    return [history_entry(layer) for layer in layers or []]


def run_image_info(module, client_factory):
    params = module.params
    names = check_names(params['name'])
    if names and (params['filters'] or params['all']):
        raise SpecError('name', names, 'name inspects images; leave out filters and all, which list images')
    filters = list_filters(params['filters'])
    client = client_factory(params)
    result = {'changed': False}
    if names:
        found = [(name, wrap('inspect image %s' % name, client.inspect, 'images', name)) for name in names]
        result['images'] = [image for _name, image in found if image is not None]
        if len(names) == 1:
            result['exists'] = found[0][1] is not None
        keys = [(name, image['Id']) for name, image in found if image is not None]
    else:
        result['images'] = read_walk(client, 'list images', '/images/json',
                                     query={'all': params['all'], 'filters': filters}) or []
        keys = [(image['Id'], image['Id']) for image in result['images']]
    if params['history']:
        result['history'] = dict((key, read_history(client, image_id)) for key, image_id in keys)
    module.exit_json(**result)
