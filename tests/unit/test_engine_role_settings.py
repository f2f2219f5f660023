"""The engine role passes every daemon_config setting through, with the module's types (issue 17: the
role's list of settings is typed in two YAML files; this proves they match the module's declaration)."""

import os

import yaml

from ansible_collections.dockyard.docker.plugins.module_utils.host.daemon_config import (
    OPTION_KEYS,
    daemon_config_argument_spec,
)

ROLE = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), 'roles', 'engine')
# Options of the module that are about the file, not dockerd settings; the role sets these itself.
FILE_OPTIONS = {'path', 'format', 'backup'}


def load(*parts):
    with open(os.path.join(ROLE, *parts)) as handle:
        return yaml.safe_load(handle)


def passed_through():
    task = next(task for task in load('tasks', 'configure.yml') if 'dockyard.docker.daemon_config' in task)
    return {option: value for option, value in task['dockyard.docker.daemon_config'].items()
            if option not in FILE_OPTIONS}


def test_the_role_passes_every_setting_of_the_module():
    module_options = set(daemon_config_argument_spec()) - FILE_OPTIONS
    assert set(passed_through()) == module_options
    assert {option for option, _key in OPTION_KEYS} <= module_options


def test_each_setting_is_read_from_engine_daemon_config_under_its_own_name():
    for option, value in passed_through().items():
        assert value.startswith('{{ engine_daemon_config.%s |' % option), (option, value)


def test_the_role_argument_spec_declares_each_setting_with_the_module_type():
    spec = load('meta', 'argument_specs.yml')['argument_specs']['main']['options']['engine_daemon_config']['options']
    module_spec = daemon_config_argument_spec()
    assert set(spec) == set(module_spec) - FILE_OPTIONS
    for option, declared in spec.items():
        wanted = module_spec[option].get('type', 'str')
        # The role takes data_root as a plain string; the module expands it as a path.
        assert declared['type'] == ('str' if wanted == 'path' else wanted), option
        assert declared.get('elements') == module_spec[option].get('elements'), option
