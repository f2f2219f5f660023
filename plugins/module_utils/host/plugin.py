# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Managed plugins (`docker plugin install/set/enable/disable/upgrade/rm`) through the Engine's /plugins endpoints.

A plugin is installed under its local name (the alias, else the reference), with the privileges it asks for
(GET /plugins/privileges), and disabled; settings change only while it is disabled, so an enabled plugin is
disabled around a change and enabled again. A plugin installed from another reference is upgraded in place.
"""

from ansible_collections.dockyard.docker.plugins.module_utils.api.client import DEFAULT_TIMEOUT, REGISTRY_TIMEOUT
from ansible_collections.dockyard.docker.plugins.module_utils.api.credentials import registry_auth_header
from ansible_collections.dockyard.docker.plugins.module_utils.api.errors import raise_stream_errors
from ansible_collections.dockyard.docker.plugins.module_utils.image.reference import (
    familiar_name, normalize_reference, registry_of)
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import Plan, TaskFailed, run_driver, wrap

STATES = ['present', 'absent', 'enable', 'disable']


def plugin_argument_spec():
    return dict(
        plugin_name=dict(type='str', required=True),
        alias=dict(type='str'),
        state=dict(type='str', default='present', choices=STATES),
        plugin_options=dict(type='dict', default={}),
        force_remove=dict(type='bool', default=False),
        enable_timeout=dict(type='int', default=0),
    )


def setting_text(key, value):
    """A plugin_options value as `docker plugin set` takes it."""
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if value is None:
        return ''
    if isinstance(value, (dict, list)):
        raise SpecError('plugin_options.%s' % key, value, 'give a string or a number')
    return str(value)


def current_setting(plugin, key):
    """The value of a `docker plugin set` key in the plugin's settings: an environment variable, `args`, or the
    source of a mount (NAME.source) or path of a device (NAME.path); None when the plugin has no such setting."""
    settings = plugin.get('Settings') or {}
    if key == 'args':
        return ' '.join(settings.get('Args') or [])
    name, _dot, field = key.rpartition('.')
    for kind, wanted in (('Mounts', 'source'), ('Devices', 'path')):
        if field == wanted:
            for item in settings.get(kind) or []:
                if item.get('Name') == name:
                    return item.get(wanted.capitalize())
    for entry in settings.get('Env') or []:
        found, _sep, value = entry.partition('=')
        if found == key:
            return value
    return None


def other_reference(installed, wanted):
    """True when the plugin was installed from another reference than the one wanted (Docker reports Docker Hub's
    with docker.io/ in front)."""
    if not installed:
        return False
    return familiar_name(normalize_reference('plugin_name', installed)) != familiar_name(wanted)


class PluginSpec:
    """The validated task; built without touching the daemon."""

    def __init__(self, params):
        self.reference = normalize_reference('plugin_name', params['plugin_name'])
        self.alias = normalize_reference('alias', params['alias']) if params.get('alias') else None
        self.name = self.alias or self.reference  # what the daemon knows the plugin as
        self.state = params['state']
        self.force_remove = params['force_remove']
        if params['enable_timeout'] < 0:
            raise SpecError('enable_timeout', params['enable_timeout'], 'give a number of seconds, 0 (no limit) or more')
        self.enable_timeout = params['enable_timeout']
        for key in params['plugin_options'] or {}:
            if not key or '=' in key:
                raise SpecError('plugin_options', key, 'a setting name is a non-empty string without "="')
        self.options = dict((key, setting_text(key, value)) for key, value in (params['plugin_options'] or {}).items())


class PluginDriver:

    def __init__(self, client, spec):
        self.client = client
        self.spec = spec
        self.actual = None
        self.privileges = None  # what the plugin asks for, read when it is installed or upgraded

    def read(self):
        if self.client.is_podman():
            raise TaskFailed('plugin_name: Podman has no managed plugins (the Engine API\'s /plugins endpoints); '
                             'plugins are a Docker Engine feature')
        spec = self.spec
        self.actual = wrap('inspect plugin %s' % spec.name, self.client.inspect, 'plugins', spec.name)
        if spec.state != 'absent' and (self.actual is None or self._other_reference()):
            self.privileges = wrap('read the privileges plugin %s asks for' % spec.reference, self.client.get,
                                   '/plugins/privileges', query={'remote': spec.reference},
                                   headers=self._auth(), timeout=REGISTRY_TIMEOUT) or []

    def _auth(self):
        return {'X-Registry-Auth': registry_auth_header(registry_of(self.spec.reference.rpartition(':')[0]))}

    def _other_reference(self):
        return other_reference(self.actual.get('PluginReference'), self.spec.reference)

    def _changed_options(self):
        return dict((key, value) for key, value in self.spec.options.items()
                    if self.actual is None or current_setting(self.actual, key) != value)

    def plan(self, check_mode=False):
        spec, actual = self.spec, self.actual
        plan = Plan()
        enabled = bool(actual and actual.get('Enabled'))
        if spec.state == 'absent':
            if actual is not None:
                if enabled and not spec.force_remove:
                    plan.add('disable', 'disable plugin %s' % spec.name, self._disable, self._enable)
                plan.add('remove', 'remove plugin %s%s' % (spec.name, ' (forced)' if spec.force_remove else ''),
                         self._remove)
            plan.before, plan.after = self._described(actual, enabled), {'state': 'absent'}
            return plan
        upgrade = actual is not None and self._other_reference()
        options = self._changed_options()
        wanted_enabled = {'enable': True, 'disable': False}.get(spec.state, enabled)
        disabled_for_change = enabled and (upgrade or options)
        if disabled_for_change or (enabled and not wanted_enabled):
            plan.add('disable', 'disable plugin %s%s' % (spec.name, ' to change it' if wanted_enabled else ''),
                     self._disable, self._enable)
        if actual is None:
            plan.add('install', 'install plugin %s from %s' % (spec.name, spec.reference), self._install, self._remove)
        elif upgrade:
            description = 'upgrade plugin %s from %s to %s' % (spec.name, actual.get('PluginReference'), spec.reference)
            plan.add('upgrade', description, self._upgrade)
        if options:
            plan.add('set', 'set %s on plugin %s' % (', '.join(sorted(options)), spec.name),
                     lambda: self._set(options))
        if wanted_enabled and (not enabled or disabled_for_change):
            plan.add('enable', 'enable plugin %s' % spec.name, self._enable)
        plan.before = self._described(actual, enabled)
        plan.after = {'state': 'enabled' if wanted_enabled else 'disabled', 'reference': spec.reference,
                      'plugin_options': dict(plan.before.get('plugin_options') or {}, **options)}
        return plan

    def _described(self, plugin, enabled):
        if plugin is None:
            return {'state': 'absent'}
        return {'state': 'enabled' if enabled else 'disabled', 'reference': plugin.get('PluginReference'),
                'plugin_options': dict((key, current_setting(plugin, key)) for key in self.spec.options)}

    # -- actions ---------------------------------------------------------------------------------

    def _install(self):
        query = {'remote': self.spec.reference, 'name': self.spec.alias}
        messages = self.client.stream_json('POST', '/plugins/pull', query=query, body=self.privileges,
                                           headers=self._auth(), timeout=REGISTRY_TIMEOUT)
        for _message in raise_stream_errors(messages, daemon=self.client.describe()):
            pass

    def _upgrade(self):
        messages = self.client.stream_json('POST', '/plugins/{}/upgrade', self.spec.name,
                                           query={'remote': self.spec.reference}, body=self.privileges,
                                           headers=self._auth(), timeout=REGISTRY_TIMEOUT)
        for _message in raise_stream_errors(messages, daemon=self.client.describe()):
            pass

    def _set(self, options):
        self.client.post('/plugins/{}/set', self.spec.name, body=['%s=%s' % item for item in sorted(options.items())])

    def _enable(self):
        timeout = self.spec.enable_timeout
        self.client.post('/plugins/{}/enable', self.spec.name, query={'timeout': timeout},
                         timeout=max(DEFAULT_TIMEOUT, timeout + 10))

    def _disable(self):
        self.client.post('/plugins/{}/disable', self.spec.name)

    def _remove(self):
        self.client.delete('/plugins/{}', self.spec.name, query={'force': self.spec.force_remove}, ok_statuses=(404,))

    def result(self, check_mode):
        if check_mode:
            result = {'plugin': self.actual or {}}
        elif self.spec.state == 'absent':
            result = {'plugin': {}}
        else:
            result = {'plugin': self.client.inspect('plugins', self.spec.name) or {}}
        if self.privileges is not None:
            result['privileges'] = self.privileges
        return result


def run_plugin(module, client_factory, check_mode):
    """The `plugin` module's task: validate, read, plan, apply, report."""
    spec = PluginSpec(module.params)
    run_driver(module, PluginDriver(client_factory(module.params), spec), check_mode)
