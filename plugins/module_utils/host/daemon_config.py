# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""dockerd's own configuration: /etc/docker/daemon.json, or DOCKER_OPTS in /etc/default/docker.

    arguments -> validated changes -> read the file -> merge -> validate the result
              -> plan (backup, atomic write) -> result with restart_required

Both file forms are handled as one dict of daemon.json keys, so merging, validation
and the restart decision are the same; only reading and rendering differ.

The file gets the real values, and the comparison uses them; what the task shows (the returned
config, the diff, error messages) has credentials masked (masked(), credential_values()), and the
credential values are registered as no_log values so Ansible scrubs them from anything else it
prints, the module arguments included.
"""

import contextlib
import json
import os
import re
import shlex
from urllib.parse import urlparse

from ansible_collections.dockyard.docker.plugins.module_utils.core.fields import Field, argument_spec
from ansible_collections.dockyard.docker.plugins.module_utils.core.files import lock_beside, write_atomically as write_file
from ansible_collections.dockyard.docker.plugins.module_utils.specs.addresses import (
    parse_cidr,
    parse_interface_cidr,
    parse_ip,
    subnet_contains,
)
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import Plan, TaskFailed, converge

DAEMON_JSON = 'daemon_json'
DOCKER_OPTS = 'docker_opts'
DEFAULT_PATHS = {DAEMON_JSON: '/etc/docker/daemon.json', DOCKER_OPTS: '/etc/default/docker'}

# First-class options and the daemon.json key each one sets.

# Keys dockerd re-reads on SIGHUP, so changing only these needs no restart. The registry
# keys are reloadable too, but a reload cannot be verified the way the engine role's
# restart is, and the DOCKER_OPTS form can never be reloaded, so they count as restarts.
LIVE_RELOAD_KEYS = frozenset(['debug', 'labels', 'max-concurrent-downloads', 'max-concurrent-uploads',
                              'max-download-attempts', 'shutdown-timeout'])

# -- DOCKER_OPTS flags ----------------------------------------------------------------------------
# daemon.json names lists in the plural, the repeatable flag in the singular.
FLAG_FOR_KEY = {
    'registry-mirrors': 'registry-mirror', 'insecure-registries': 'insecure-registry',
    'log-opts': 'log-opt', 'dns-opts': 'dns-opt', 'labels': 'label', 'hosts': 'host',
    'storage-opts': 'storage-opt', 'exec-opts': 'exec-opt', 'authorization-plugins': 'authorization-plugin',
}
KEY_FOR_FLAG = dict((flag, key) for key, flag in FLAG_FOR_KEY.items())
SHORT_FLAGS = {'b': 'bridge', 'H': 'hosts', 'D': 'debug', 'G': 'group', 'l': 'log-level',
               's': 'storage-driver', 'g': 'data-root', 'p': 'pidfile'}
BOOL_KEYS = frozenset(['icc', 'iptables', 'ip6tables', 'ip-forward', 'ip-masq', 'ipv6', 'live-restore',
                       'debug', 'userland-proxy', 'selinux-enabled', 'experimental', 'tls', 'tlsverify',
                       'no-new-privileges', 'init', 'raw-logs'])
LIST_KEYS = frozenset(['registry-mirrors', 'insecure-registries', 'dns', 'dns-opts', 'dns-search', 'labels',
                       'hosts', 'storage-opts', 'exec-opts', 'authorization-plugins',
                       'allow-nondistributable-artifacts'])
DICT_KEYS = frozenset(['log-opts'])
INT_KEYS = frozenset(['mtu', 'max-concurrent-downloads', 'max-concurrent-uploads', 'max-download-attempts',
                      'shutdown-timeout'])
_OPTS_LINE = re.compile(r'^\s*(?:export\s+)?DOCKER_OPTS=(.*)$')
# A daemon.json key written as a dockerd flag into the DOCKER_OPTS line, which an init script sources as root.
FLAG_NAME = re.compile(r'^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$')
FLAG_NAME_ACCEPTED = ('format docker_opts writes each key as a dockerd flag: give a flag name of lowercase letters, '
                      'digits and single hyphens, such as log-level')

# -- credentials in the configuration -----------------------------------------------------------------------
# A key inside an object value (log-opts, proxies, ...) whose name ends with one of these holds a credential
# (splunk-token, fluentd-password, gelf-secret, x-api-key, syslog-tls-key, awslogs-credentials, ...); any
# string value that is a URL with a password (proxies, loki-url, a mirror given through settings) has the
# password masked. Top-level daemon.json keys hold no credential themselves (tlskey is a path, shown).
CREDENTIAL_ENDINGS = ('token', 'password', 'passwd', 'secret', 'key', 'credentials')
MASK = '********'
_URL_PASSWORD = re.compile(r'(?P<head>[a-zA-Z][a-zA-Z0-9+.-]*://[^:@/\s]*:)(?P<password>[^@/\s]+)(?=@)')


def file_argument_spec(**options):
    """The file options of daemon_config and registry_mirror (doc fragment dockyard.docker.daemon_file), and options."""
    return dict(options, path=dict(type='path'), format=dict(type='str', default=DAEMON_JSON, choices=[DAEMON_JSON, DOCKER_OPTS]),
                backup=dict(type='bool', default=False), force=dict(type='bool', default=False))


def daemon_config_argument_spec():
    return file_argument_spec(replace=dict(type='bool', default=False), settings=dict(type='dict'), **argument_spec(FIELDS))


def is_credential_key(name):
    return str(name).lower().endswith(CREDENTIAL_ENDINGS)


def _walk(value, nested, found):
    """value with credentials masked; found collects the real credential strings."""
    if isinstance(value, dict):
        result = {}
        for name, item in value.items():
            if nested and is_credential_key(name) and item not in (None, '') and not isinstance(item, bool):
                _walk_all(item, found)
                result[name] = MASK
            else:
                result[name] = _walk(item, True, found)
        return result
    if isinstance(value, list):
        return [_walk(item, nested, found) for item in value]
    if isinstance(value, str):
        found.update(match.group('password') for match in _URL_PASSWORD.finditer(value))
        return _URL_PASSWORD.sub(lambda match: match.group('head') + MASK, value)
    return value


def _walk_all(value, found):
    """Every scalar of a credential value."""
    if isinstance(value, dict):
        for item in value.values():
            _walk_all(item, found)
    elif isinstance(value, list):
        for item in value:
            _walk_all(item, found)
    elif value is not None and not isinstance(value, bool):
        found.add(str(value))


def masked(config):
    """The configuration as the task shows it: credentials replaced with MASK (the argument is not changed)."""
    return _walk(config, False, set())


def credential_values(config):
    """The credential strings masked() hides, for the module's no_log values."""
    found = set()
    _walk(config, False, found)
    return set(value for value in found if value)


# -- validation of single values -------------------------------------------------------------------

def mirror_url(option, value):
    """A mirror as dockerd accepts it: http(s)://HOST[:PORT], no path, query or credentials."""
    accepted = 'give an http:// or https:// URL such as http://mirror.example:5000 (no path, query or user)'
    text = str(value).strip()
    try:
        parsed = urlparse(text)
        parsed.port  # pylint: disable=pointless-statement  # raises on a bad port
    except ValueError:
        raise SpecError(option, value, accepted)
    if parsed.scheme not in ('http', 'https') or not parsed.hostname:
        raise SpecError(option, value, accepted)
    if parsed.path not in ('', '/') or parsed.query or parsed.fragment or parsed.username:
        raise SpecError(option, value, accepted)
    return text.rstrip('/')


def _insecure_registry(option, value):
    text = str(value).strip()
    if not text or '://' in text or any(ch.isspace() for ch in text):
        raise SpecError(option, value, 'give HOST[:PORT] or a CIDR such as 10.0.0.0/8, without a scheme')
    return text


def _absolute_path(option, value):
    if not str(value).startswith('/'):
        raise SpecError(option, value, 'give an absolute path')
    return str(value)


def _mtu(option, value):
    if not 68 <= value <= 65535:
        raise SpecError(option, value, 'give an MTU between 68 and 65535')
    return value


def _log_opts(option, value):
    for name, item in value.items():
        if isinstance(item, (dict, list)) or item is None:
            raise SpecError(option, {name: item}, 'log option values must be strings')
    # dockerd refuses non-string log-opts values in daemon.json.
    return dict((name, str(item).lower() if isinstance(item, bool) else str(item))
                for name, item in value.items())


def _subnet(option, value):
    parse_cidr(option, value, strict=False)
    return value


def _non_empty(option, value):
    if not str(value).strip():
        raise SpecError(option, value, 'give a non-empty name')
    return value


def _each(check):
    return lambda option, value: [check(option, item) for item in value]


# The settings the module names as options (any other daemon.json key goes through `settings`).
# The path is the daemon.json key; the engine role passes each through (tests/unit/test_engine_role_settings.py).
FIELDS = (
    Field('registry_mirrors', dict(type='list', elements='str'), 'registry-mirrors', parse=_each(mirror_url),
          kind='list', cli='--registry-mirror'),
    Field('insecure_registries', dict(type='list', elements='str'), 'insecure-registries',
          parse=_each(_insecure_registry), kind='list', cli='--insecure-registry'),
    Field('bridge', dict(type='str'), 'bridge', parse=_non_empty, cli='--bridge'),
    Field('bip', dict(type='str'), 'bip', parse=parse_interface_cidr, cli='--bip'),
    Field('fixed_cidr', dict(type='str'), 'fixed-cidr', parse=_subnet, cli='--fixed-cidr'),
    Field('icc', dict(type='bool'), 'icc', cli='--icc'),
    Field('iptables', dict(type='bool'), 'iptables', cli='--iptables'),
    Field('ip_forward', dict(type='bool'), 'ip-forward', cli='--ip-forward'),
    Field('mtu', dict(type='int'), 'mtu', parse=_mtu, cli='--mtu'),
    Field('ipv6', dict(type='bool'), 'ipv6', cli='--ipv6'),
    Field('dns', dict(type='list', elements='str'), 'dns', parse=_each(parse_ip), kind='list', cli='--dns'),
    Field('log_driver', dict(type='str'), 'log-driver', parse=_non_empty, cli='--log-driver'),
    Field('log_opts', dict(type='dict'), 'log-opts', parse=_log_opts, kind='dict', cli='--log-opt'),
    Field('storage_driver', dict(type='str'), 'storage-driver', parse=_non_empty, cli='--storage-driver'),
    Field('data_root', dict(type='path'), 'data-root', parse=_absolute_path, cli='--data-root'),
    Field('live_restore', dict(type='bool'), 'live-restore', cli='--live-restore'),
)
OPTION_KEYS = tuple((field.name, field.path) for field in FIELDS)
OPTION_FOR_KEY = dict((field.path, field.name) for field in FIELDS)


def requested_changes(params):
    """Daemon.json keys the task sets (None removes a key from settings), validated one by one."""
    changes = {}
    settings = params.get('settings') or {}
    for key in settings:
        if params.get('format') == DOCKER_OPTS and not FLAG_NAME.match(str(key)):
            raise SpecError('settings', key, FLAG_NAME_ACCEPTED)
        if key in OPTION_FOR_KEY and params.get(OPTION_FOR_KEY[key]) is not None:
            raise SpecError('settings', key, 'the key is also set by option %s; set it in one place only'
                            % OPTION_FOR_KEY[key])
        spelled = dict(OPTION_KEYS).get(key, key)
        if spelled != key:
            raise SpecError('settings', key, "daemon.json spells it '%s'; use that or option %s" % (spelled, key))
    changes.update(settings)
    for field in FIELDS:
        value = field.value(params)
        if value is not None:
            changes[field.path] = value
    return changes


# -- the merged configuration ------------------------------------------------------------------------

def merge(existing, changes, replace=False):
    """The new configuration: existing keys kept (unless replace), changes set, None values removed."""
    merged = {} if replace else dict(existing)
    for key, value in changes.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged


def _option_name(key):
    return OPTION_FOR_KEY.get(key, 'settings.%s' % key)


def validate_config(config, changes):
    """Checks across keys, on the result; the error names an option the task set where it can."""
    if config.get('bridge') is not None and config.get('bip') is not None:
        key = 'bip' if 'bip' in changes else 'bridge'
        raise SpecError(_option_name(key), config[key],
                        'bridge and bip are mutually exclusive (the result would set bridge %r and bip %r); '
                        'set one of them and remove the other' % (config['bridge'], config['bip']))
    if config.get('fixed-cidr') and config.get('bip'):
        try:
            inside = subnet_contains(config['bip'], config['fixed-cidr'])
        except ValueError:
            inside = False
        if not inside:
            key = 'fixed-cidr' if 'fixed-cidr' in changes else 'bip'
            raise SpecError(_option_name(key), config[key], 'fixed_cidr %s must lie inside the subnet of bip %s'
                            % (config['fixed-cidr'], config['bip']))


def changed_keys(before, after):
    return sorted(key for key in set(before) | set(after) if before.get(key) != after.get(key))


def needs_restart(keys, config_format):
    if config_format == DOCKER_OPTS:
        return bool(keys)
    return any(key not in LIVE_RELOAD_KEYS for key in keys)


# -- daemon.json ----------------------------------------------------------------------------------------

class ConfigFile:
    """One configuration file: its current text and configuration, and how to render a new one."""

    def __init__(self, path, config_format):
        self.path = path
        self.format = config_format
        self.exists = os.path.exists(path)
        self.text = _read_text(path) if self.exists else ''
        self.error = None
        self.config = {}
        if self.exists:
            try:
                self.config = parse(self.text, config_format)
            except ValueError as exc:
                self.error = str(exc)

    def render(self, config):
        if self.format == DAEMON_JSON:
            return json.dumps(config, indent=2) + '\n'
        return render_docker_opts_file(self.text, config)


def _read_text(path):
    try:
        with open(path, 'r') as handle:
            return handle.read()
    except (OSError) as exc:
        raise TaskFailed('path: cannot read %s (%s)' % (path, exc.strerror or exc))


def parse(text, config_format):
    if config_format == DAEMON_JSON:
        return parse_daemon_json(text)
    return parse_docker_opts_file(text)


def parse_daemon_json(text):
    if not text.strip():
        return {}
    config = json.loads(text)
    if not isinstance(config, dict):
        raise ValueError('the top level is a %s, not an object' % type(config).__name__)
    return config


# -- DOCKER_OPTS ------------------------------------------------------------------------------------------

def _opts_line_index(lines):
    """Index of the active DOCKER_OPTS line (the last one wins in a shell), or None."""
    found = None
    for index, line in enumerate(lines):
        if _OPTS_LINE.match(line):
            found = index
    return found


def parse_docker_opts_file(text):
    lines = text.splitlines()
    index = _opts_line_index(lines)
    if index is None:
        return {}
    assignment = _OPTS_LINE.match(lines[index]).group(1)
    words = shlex.split(assignment, comments=True)
    return parse_flags(shlex.split(words[0]) if words else [])


def _flag_key(token):
    if token.startswith('--'):
        name = token[2:]
        return KEY_FOR_FLAG.get(name, name)
    if len(token) == 2 and token[1] in SHORT_FLAGS:
        return SHORT_FLAGS[token[1]]
    raise ValueError('unknown flag %s' % token)


def _flag_value(key, text):
    if key in BOOL_KEYS:
        return text.lower() in ('true', '1')
    if key in INT_KEYS and text.isdigit():
        return int(text)
    return text


def parse_flags(tokens):
    """dockerd flags -> daemon.json-style dict (lists for repeatable flags, log-opt pairs as a dict)."""
    config = {}
    position = 0
    while position < len(tokens):
        token = tokens[position]
        position += 1
        if not token.startswith('-'):
            raise ValueError('%s is not a flag' % token)
        flag, has_value, text = token.partition('=')
        key = _flag_key(flag)
        if not has_value:
            if key in BOOL_KEYS:
                text = 'true'
            elif position < len(tokens):
                text = tokens[position]
                position += 1
            else:
                raise ValueError('flag %s has no value' % flag)
        value = _flag_value(key, text)
        if key in DICT_KEYS:
            name, _sep, item = text.partition('=')
            config.setdefault(key, {})[name] = item
        elif key in LIST_KEYS:
            config.setdefault(key, []).append(value)
        else:
            config[key] = value
    return config


def _flag_word(option, value, secret=False):
    text = str(value).lower() if isinstance(value, bool) else str(value)
    if not text or any(ch.isspace() or ch in '"\'\\$`' for ch in text):
        raise SpecError(option, MASK if secret else value, 'DOCKER_OPTS values cannot hold spaces, quotes, $ or backslashes')
    return text


def _flag_pair(option, name, item):
    """NAME=VALUE of a repeatable --log-opt style flag."""
    if '=' in str(name):
        raise SpecError(option, name, 'give a name without =')
    secret = is_credential_key(name) or bool(credential_values({'': str(item)}))
    return '%s=%s' % (_flag_word(option, name), _flag_word(option, item, secret))


def render_flags(config):
    words = []
    for key, value in config.items():
        if not FLAG_NAME.match(str(key)):
            raise SpecError('settings', key, FLAG_NAME_ACCEPTED)
        flag = '--%s' % FLAG_FOR_KEY.get(key, key)
        option = _option_name(key)
        if isinstance(value, dict):
            words.extend('%s=%s' % (flag, _flag_pair(option, name, item)) for name, item in value.items())
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, (dict, list)):
                    raise SpecError(option, value, 'this value has no dockerd flag form; use format: daemon_json')
                words.append('%s=%s' % (flag, _flag_word(option, item)))
        else:
            words.append('%s=%s' % (flag, _flag_word(option, value)))
    return ' '.join(words)


def render_docker_opts_file(text, config):
    """The file with its DOCKER_OPTS line set to config; every other line kept."""
    lines = text.splitlines()
    line = 'DOCKER_OPTS="%s"' % render_flags(config)
    index = _opts_line_index(lines)
    if index is None:
        lines.append(line)
    else:
        lines[index] = line
    return '\n'.join(lines) + '\n'


# -- writing -------------------------------------------------------------------------------------------------

def write_atomically(module, path, text):
    """dockerd never reads a half-written file; atomic_move keeps the file's owner, mode and SELinux
    context (a new one gets the usual 0644), and a missing /etc/docker is made 0755."""
    write_file(path, text, folder_mode=0o755, move=module.atomic_move)


# -- the task -----------------------------------------------------------------------------------------------

def resolve_path(params):
    return params.get('path') or DEFAULT_PATHS[params['format']]


def read_file(params):
    """The current file; refuses an unreadable one unless force (then it counts as empty)."""
    path = resolve_path(params)
    current = ConfigFile(path, params['format'])
    if current.error and not params['force']:
        what = 'valid JSON' if params['format'] == DAEMON_JSON else 'a DOCKER_OPTS line of dockerd flags'
        raise TaskFailed('path: %s does not hold %s (%s); fix it, or set force: true to overwrite it'
                         % (path, what, current.error))
    return current


def plan_write(module, current, after):
    """Backup and write actions when the configuration changes; the file text itself is not compared."""
    state = {}
    plan = Plan(before=masked(current.config), after=masked(after))
    if after == current.config and not current.error:
        return plan, state
    keys = changed_keys(current.config, after)
    new_text = current.render(after)  # renders (and validates flag values) before any change
    if module.params['backup'] and current.exists:
        plan.add('backup', 'back up %s' % current.path,
                 lambda: state.update(backup_file=module.backup_local(current.path)))
    plan.add('write', 'write %s (%s)' % (current.path, ', '.join(keys) or 'rewrite unreadable file'),
             lambda: write_atomically(module, current.path, new_text))
    state['restart_required'] = needs_restart(keys, current.format) or bool(current.error)
    state['changed_keys'] = keys
    return plan, state


def converge_file(module, current, after, extra=None):
    module.no_log_values.update(credential_values(current.config) | credential_values(after))
    plan, state = plan_write(module, current, after)

    def result():
        outcome = dict(config=masked(after), restart_required=state.get('restart_required', False),
                       changed_keys=state.get('changed_keys', []))
        if 'backup_file' in state:
            outcome['backup_file'] = state['backup_file']
        outcome.update(extra or {})
        return outcome

    converge(module, plan, result)


@contextlib.contextmanager
def file_lock(module):
    """The lock beside the file from read to write (see files.lock_beside); check mode writes nothing, so it takes none."""
    if module.check_mode:
        yield
        return
    with lock_beside(resolve_path(module.params)):
        yield


def run_daemon_config(module):
    """The daemon_config module's task: validate, read, merge, validate the result, write."""
    params = module.params
    # Before anything can fail: a refused argument's message and the module arguments shown with it stay clean.
    module.no_log_values.update(credential_values(params.get('settings') or {})
                                | credential_values({'log-opts': params.get('log_opts') or {}}))
    changes = requested_changes(params)
    if params['replace'] and not changes:
        raise SpecError('replace', True, 'it needs at least one option or settings key, or it would empty the file')
    with file_lock(module):
        current = read_file(params)
        after = merge(current.config, changes, params['replace'])
        validate_config(after, changes)
        converge_file(module, current, after)
