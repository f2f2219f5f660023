# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Container resources and privileges as the Engine takes them: CPUs, capabilities, devices,
ulimits, block IO throttles, device requests (GPUs), tmpfs mounts, extra hosts."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.specs.sizes import parse_size

ULIMIT_NAMES = frozenset(['core', 'cpu', 'data', 'fsize', 'locks', 'memlock', 'msgqueue', 'nice', 'nofile',
                          'nproc', 'rss', 'rtprio', 'rttime', 'sigpending', 'stack'])
DEVICE_REQUEST_KEYS = frozenset(['driver', 'count', 'device_ids', 'capabilities', 'options'])


def cpus(option, value):
    """--cpus 1.5 -> NanoCpus."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = -1
    if number <= 0:
        raise SpecError(option, value, 'give a positive number of CPUs such as 0.5 or 2')
    return int(round(number * 1e9))


def capability(name):
    """'net_admin' -> 'CAP_NET_ADMIN'; 'ALL' stays."""
    text = str(name).upper()
    return text if text == 'ALL' or text.startswith('CAP_') else 'CAP_' + text


def capabilities(option, value):
    return sorted(set(capability(item) for item in value))


def strings(option, value):
    return [str(item) for item in value]


def int_range(low, high):
    """A parser for an integer between low and high (inclusive)."""
    def parse(option, value):
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise SpecError(option, value, 'give a whole number from %d to %d' % (low, high))
        return value
    return parse


def swap_size(option, value):
    """--memory-swap: a size, or -1 for unlimited swap."""
    if str(value).strip() == '-1':
        return -1
    return parse_size(option, value)


def devices(option, value):
    """--device /dev/HOST[:/dev/CONTAINER[:PERMISSIONS]]."""
    result = []
    for entry in value:
        parts = str(entry).split(':')
        if not parts[0].startswith('/') or len(parts) > 3:
            raise SpecError(option, entry, 'give /dev/HOST[:/dev/CONTAINER[:PERMISSIONS]]')
        result.append({'PathOnHost': parts[0],
                       'PathInContainer': parts[1] if len(parts) > 1 else parts[0],
                       'CgroupPermissions': parts[2] if len(parts) > 2 else 'rwm'})
    return result


def tmpfs(option, value):
    """--tmpfs /path[:options] -> {path: options}."""
    result = {}
    for entry in value:
        path, _sep, mount_options = str(entry).partition(':')
        if not path.startswith('/'):
            raise SpecError(option, entry, 'give /container/path[:mount-options]')
        result[path] = mount_options
    return result


def extra_hosts(option, value):
    """{host: address} -> ['host:address'] (--add-host)."""
    if not isinstance(value, dict):
        raise SpecError(option, value, 'give a dict of host names to IP addresses')
    return sorted('%s:%s' % (host, address) for host, address in value.items())


def ulimits(option, value):
    """--ulimit NAME=SOFT[:HARD] (also NAME:SOFT:HARD, community.docker's form) -> [{Name, Soft, Hard}]."""
    result = []
    for entry in value:
        text = str(entry).replace('=', ':', 1)
        parts = text.split(':')
        if len(parts) not in (2, 3) or parts[0] not in ULIMIT_NAMES:
            raise SpecError(option, entry, 'give NAME:SOFT[:HARD] with NAME one of ' + ', '.join(sorted(ULIMIT_NAMES)))
        try:
            soft = int(parts[1])
            hard = int(parts[2]) if len(parts) == 3 else soft
        except ValueError:
            raise SpecError(option, entry, 'soft and hard limits are whole numbers (-1 for unlimited)')
        if hard != -1 and (soft == -1 or soft > hard):
            raise SpecError(option, entry, 'the soft limit must not exceed the hard limit')
        result.append({'Name': parts[0], 'Soft': soft, 'Hard': hard})
    return result


def throttle(rate_parser):
    """A parser for --device-read-bps style lists: [{path, rate}] -> [{Path, Rate}]."""
    def parse(option, value):
        result = []
        for entry in value:
            if not isinstance(entry, dict) or set(entry) != {'path', 'rate'} or not str(entry['path']).startswith('/'):
                raise SpecError(option, entry, 'each entry is a dict with path (/dev/...) and rate')
            result.append({'Path': str(entry['path']), 'Rate': rate_parser('%s.rate' % option, entry['rate'])})
        return result
    return parse


def iops(option, value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = -1
    if isinstance(value, bool) or number < 0:
        raise SpecError(option, value, 'give a whole number of IO operations per second')
    return number


def device_requests(option, value):
    """[{driver, count, device_ids, capabilities, options}] -> HostConfig.DeviceRequests, as inspect shows them."""
    result = []
    for entry in value or []:
        if not isinstance(entry, dict) or set(entry) - DEVICE_REQUEST_KEYS:
            raise SpecError(option, entry, 'each entry is a dict with ' + ', '.join(sorted(DEVICE_REQUEST_KEYS)))
        if entry.get('count') is not None and entry.get('device_ids'):
            raise SpecError(option, entry, 'give count or device_ids, not both')
        caps = entry.get('capabilities') or []
        if not all(isinstance(item, list) for item in caps):
            raise SpecError('%s.capabilities' % option, caps, 'give a list of lists, e.g. [[gpu]]')
        result.append({'Driver': str(entry.get('driver') or ''), 'Count': int(entry.get('count') or 0),
                       'DeviceIDs': [str(item) for item in entry.get('device_ids') or []] or None,
                       'Capabilities': [[str(item) for item in group] for group in caps] or None,
                       'Options': dict((str(k), str(v)) for k, v in (entry.get('options') or {}).items()) or None})
    return result


def gpus(option, value):
    """--gpus all | N | device=ID[,ID] [driver=...] -> one DeviceRequests entry."""
    request = {'Driver': '', 'Count': 0, 'DeviceIDs': None, 'Capabilities': [['gpu']], 'Options': None}
    for part in str(value).split(',' if '=' not in str(value) else ' '):
        key, sep, item = part.strip().partition('=')
        if not sep and key == 'all':
            request['Count'] = -1
        elif not sep and key.isdigit():
            request['Count'] = int(key)
        elif key == 'device' and item:
            request['DeviceIDs'] = item.split(',')
        elif key == 'driver' and item:
            request['Driver'] = item
        elif key == 'count' and (item.isdigit() or item == 'all'):
            request['Count'] = -1 if item == 'all' else int(item)
        else:
            raise SpecError(option, value, 'give all, a count, or device=ID[,ID] (optionally driver=NAME), as --gpus takes')
    return request
