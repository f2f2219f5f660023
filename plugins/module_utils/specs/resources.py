# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Container resources and privileges as the Engine takes them: CPUs, capabilities, devices,
ulimits, block IO throttles, device requests (GPUs), tmpfs mounts, extra hosts."""

from ansible_collections.dockyard.docker.plugins.module_utils.specs.addresses import is_ip_address
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError, entry_list
from ansible_collections.dockyard.docker.plugins.module_utils.specs.policies import option_names
from ansible_collections.dockyard.docker.plugins.module_utils.specs.sizes import parse_size

INT64 = 1 << 63
ULIMIT_NAMES = frozenset(['core', 'cpu', 'data', 'fsize', 'locks', 'memlock', 'msgqueue', 'nice', 'nofile',
                          'nproc', 'rss', 'rtprio', 'rttime', 'sigpending', 'stack'])
DEVICE_REQUEST_KEYS = frozenset(['driver', 'count', 'device_ids', 'capabilities', 'options'])


def cpus(option, value):
    """--cpus 1.5 -> NanoCpus."""
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        number = -1
    nano_cpus = number * 1e9
    # not (0 < n < max) also refuses nan; the Engine keeps NanoCpus in an int64, and reads 0 as no limit.
    if isinstance(value, bool) or not 0 < nano_cpus < INT64 or round(nano_cpus) == 0:
        raise SpecError(option, value, 'give a positive number of CPUs such as 0.5 or 2 (at least 0.000000001)')
    return int(round(nano_cpus))


def strings(option, value):
    """A list of scalars (what the argument spec's list of str gives) -> their strings."""
    items = entry_list(option, value, 'give a list of strings')
    if any(item is None or isinstance(item, (dict, list, tuple)) for item in items):
        raise SpecError(option, value, 'give a list of strings')
    return [str(item) for item in items]


def capability(name):
    """'net_admin' -> 'CAP_NET_ADMIN'; 'ALL' stays."""
    text = str(name).upper()
    return text if text == 'ALL' or text.startswith('CAP_') else 'CAP_' + text


def capabilities(option, value):
    return sorted(set(capability(item) for item in strings(option, value)))


def int_range(low, high):
    """A parser for an integer between low and high (inclusive)."""
    def parse(option, value):
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise SpecError(option, value, 'give a whole number from %d to %d' % (low, high))
        return value
    return parse


def swap_size(option, value):
    """--memory-swap: a size, or -1 (or `unlimited`, as community.docker takes it) for unlimited swap."""
    if str(value).strip().lower() in ('-1', 'unlimited'):
        return -1
    return parse_size(option, value)


def devices(option, value):
    """--device /dev/HOST[:/dev/CONTAINER[:PERMISSIONS]]."""
    result = []
    for entry in strings(option, value):
        parts = entry.split(':')
        if not parts[0].startswith('/') or len(parts) > 3:
            raise SpecError(option, entry, 'give /dev/HOST[:/dev/CONTAINER[:PERMISSIONS]]')
        result.append({'PathOnHost': parts[0],
                       'PathInContainer': parts[1] if len(parts) > 1 else parts[0],
                       'CgroupPermissions': parts[2] if len(parts) > 2 else 'rwm'})
    return result


def tmpfs(option, value):
    """--tmpfs /path[:options] -> {path: options}."""
    result = {}
    for entry in strings(option, value):
        path, _sep, mount_options = entry.partition(':')
        if not path.startswith('/'):
            raise SpecError(option, entry, 'give /container/path[:mount-options]')
        result[path] = mount_options
    return result


def extra_hosts(option, value):
    """{host: address} -> ['host:address'] (--add-host)."""
    accepted = 'give a dict of host names (no ":" or whitespace) to IP addresses or host-gateway'
    if not isinstance(value, dict):
        raise SpecError(option, value, accepted)
    for host, address in value.items():
        name = str(host)
        if not name or ':' in name or any(ch.isspace() for ch in name) or \
                not (address == 'host-gateway' or is_ip_address(address)):
            raise SpecError(option, {host: address}, accepted)
    return sorted('%s:%s' % (host, address) for host, address in value.items())


def ulimits(option, value):
    """--ulimit NAME=SOFT[:HARD] (also NAME:SOFT:HARD, community.docker's form) -> [{Name, Soft, Hard}]."""
    result = []
    for entry in strings(option, value):
        text = entry.replace('=', ':', 1)
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
        for entry in entry_list(option, value, 'give a list of dicts with path and rate'):
            if not isinstance(entry, dict) or set(entry) != {'path', 'rate'} or not str(entry['path']).startswith('/'):
                raise SpecError(option, entry, 'each entry is a dict with path (/dev/...) and rate')
            result.append({'Path': str(entry['path']), 'Rate': rate_parser('%s.rate' % option, entry['rate'])})
        return result
    return parse


def iops(option, value):
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        number = -1
    if isinstance(value, bool) or not 0 <= number < INT64:
        raise SpecError(option, value, 'give a whole number of IO operations per second')
    return number


def device_requests(option, value):
    """[{driver, count, device_ids, capabilities, options}] -> HostConfig.DeviceRequests, as inspect shows them."""
    accepted = 'each entry is a dict with ' + ', '.join(sorted(DEVICE_REQUEST_KEYS))
    return [_device_request(option, entry, accepted) for entry in entry_list(option, value or [], accepted)]


def _device_request(option, entry, accepted):
    if not isinstance(entry, dict) or set(entry) - DEVICE_REQUEST_KEYS or isinstance(entry.get('driver'), (dict, list)):
        raise SpecError(option, entry, accepted)
    if entry.get('count') not in (None, 0) and entry.get('device_ids'):  # 0 is what inspect shows beside IDs
        raise SpecError(option, entry, 'give count or device_ids, not both')
    caps = entry_list('%s.capabilities' % option, entry.get('capabilities') or [], 'give a list of lists, e.g. [[gpu]]')
    if not all(isinstance(group, list) for group in caps):
        raise SpecError('%s.capabilities' % option, caps, 'give a list of lists, e.g. [[gpu]]')
    return {'Driver': str(entry.get('driver') or ''), 'Count': _device_count('%s.count' % option, entry.get('count') or 0),
            'DeviceIDs': strings('%s.device_ids' % option, entry.get('device_ids') or []) or None,
            'Capabilities': [strings('%s.capabilities' % option, group) for group in caps] or None,
            'Options': option_names('%s.options' % option, entry.get('options')) or None}


def gpus(option, value):
    """--gpus all | N | device=ID[,ID] [driver=...] -> one DeviceRequests entry."""
    request = {'Driver': '', 'Count': 0, 'DeviceIDs': None, 'Capabilities': [['gpu']], 'Options': None}
    for part in str(value).split(',' if '=' not in str(value) else ' '):
        key, sep, item = part.strip().partition('=')
        if not sep and key == 'all':
            request['Count'] = -1
        elif not sep and _whole_number(key):
            request['Count'] = int(key)
        elif key == 'device' and item:
            request['DeviceIDs'] = item.split(',')
        elif key == 'driver' and item:
            request['Driver'] = item
        elif key == 'count' and (_whole_number(item) or item == 'all'):
            request['Count'] = -1 if item == 'all' else int(item)
        else:
            raise SpecError(option, value, 'give all, a count, or device=ID[,ID] (optionally driver=NAME), as --gpus takes')
    return request


def _device_count(option, count):
    text = str(count)
    if isinstance(count, bool) or not _whole_number(text[1:] if text.startswith('-') else text) or int(text) < -1:
        raise SpecError(option, count, 'give a number of devices, or -1 for all')
    return int(text)


def _whole_number(text):
    """ASCII digits only (str.isdigit also takes '²' and other scripts' digits), within the Engine's int64."""
    return text.isascii() and text.isdigit() and int(text) < INT64
