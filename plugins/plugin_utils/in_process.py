# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Running a dockyard.docker module inside Ansible's worker process.

A module task normally costs a module process: AnsiballZ builds the payload, a new interpreter
starts and imports the module, all per loop item. When the task would run that interpreter on
the controller itself — a local connection, no become, no async, and the task's Python is the
controller's own — the result is the same when the worker calls the module's main() itself, with
the arguments and environment Ansible would have given the process, and parses what it prints the
way it parses a module's output. The module is imported once per task, not once per loop item.

Set the variable `dockyard_docker_in_process: false` to always run the module as a process.
"""

import contextlib
import importlib
import inspect
import io
import json
import os
import shutil
import sys
import traceback
from collections.abc import Sequence

from ansible import constants as C
from ansible.module_utils import basic
from ansible.module_utils.common import warnings as module_warnings
from ansible.errors import AnsibleActionFail
from ansible.module_utils.common.text.converters import to_text
from ansible.module_utils.parsing.convert_bool import boolean
from ansible.plugins.action import ActionBase
from ansible.release import __version__ as ANSIBLE_CORE_VERSION
from ansible.utils.unsafe_proxy import wrap_var
from ansible.vars.clean import remove_internal_keys

from ansible_collections.dockyard.docker.plugins.module_utils.api.transports import Relay, relayed
from ansible_collections.dockyard.docker.plugins.plugin_utils.execution import host_side_reason

try:  # ansible-core 2.19+: arguments and results go through the module's serialization profile
    from ansible.module_utils.common.json import Direction, get_module_encoder
    AnsibleJSONEncoder = None
except ImportError:  # 2.16 - 2.18
    from ansible.module_utils.common.json import AnsibleJSONEncoder
    Direction = get_module_encoder = None

try:  # ansible-core 2.19+: what AnsiballZ prints for a module that raised (a result holding the error)
    from ansible.module_utils._internal._ansiballz._loader import _handle_exception as report_raised
except ImportError:  # 2.16 - 2.18: the module process prints the traceback on stderr and exits 1
    report_raised = None

SWITCH = 'dockyard_docker_in_process'
EXECUTION = 'dockyard_docker_execution'
EXECUTION_CHOICES = ('auto', 'controller', 'host')
# Controller execution hides the worker's docker CLI config behind a folder that does not exist.
NO_DOCKER_CONFIG = '/nonexistent/dockyard-controller-execution'
WORKER_DOCKER_VARIABLES = ('DOCKER_TIMEOUT', 'DOCKER_API_VERSION')
MODULES = 'ansible_collections.dockyard.docker.plugins.modules.'
PROFILE = 'legacy'  # what every module of this collection declares (the default)
# ansible-core before 2.19 marks a module's result unsafe in _execute_module (2.19+ trusts no module data).
MARKS_RESULTS_UNSAFE = tuple(int(part) for part in ANSIBLE_CORE_VERSION.split('.')[:2]) < (2, 19)
# ansible-core 2.19+ parses a module's output with its serialization profile.
PARSE_TAKES_PROFILE = 'profile' in inspect.signature(ActionBase._parse_returned_data).parameters


class InProcessAction(ActionBase):
    """The action of a dockyard.docker module: in the worker where that is the same, else the module process."""

    _supports_check_mode = True
    _supports_async = True

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        result = super().run(tmp, task_vars)
        if runs_on_this_python(self, task_vars):
            result.update(self.run_in_process(task_vars))
            return result
        relay = controller_relay(self, task_vars)
        if relay is not None:
            with relayed(relay):
                result.update(self.run_in_process(task_vars, controller_of=relay))
        else:
            wrap_async = self._task.async_val and not self._connection.has_native_async
            result.update(self._execute_module(module_name=self.module_name(), task_vars=task_vars,
                                               wrap_async=wrap_async))
        return result

    def module_name(self):
        """The module's full name (the task may have named it short, through `collections:`). Not the
        task's resolved_action: ansible-core before 2.19 resolves that to this action plugin's name."""
        return 'dockyard.docker.' + self._task.action.rsplit('.', 1)[-1]

    def run_in_process(self, task_vars, controller_of=None):
        """The module's result from main() called here. controller_of: the relay to the managed host
        whose task this is (controller execution); the worker's own docker CLI settings are hidden."""
        name = self.module_name()
        args = dict(self._task.args)
        self._update_module_args(name, args, task_vars)
        environment = task_environment(self)
        if controller_of is not None:
            # The relay takes the task's DOCKER_* that choose the daemon; the module keeps those that tune it.
            environment = dict((key, value) for key, value in environment.items()
                               if not key.startswith('DOCKER_') or key in WORKER_DOCKER_VARIABLES)
        module = importlib.import_module(MODULES + name.rsplit('.', 1)[-1])
        response = call_main(module.main, encode({'ANSIBLE_MODULE_ARGS': args}), environment,
                             hide_docker_settings=controller_of is not None)
        if PARSE_TAKES_PROFILE:
            data = self._parse_returned_data(response, PROFILE)
        else:
            data = self._parse_returned_data(response)
        return finish_like_a_module_process(data)


def finish_like_a_module_process(data):
    """What ActionBase._execute_module does to a module process's parsed result, so that a playbook
    sees the same keys and the same trust however the module ran."""
    if 'results' in data and (not isinstance(data['results'], Sequence) or isinstance(data['results'], str)):
        data['ansible_module_results'] = data.pop('results')
    remove_internal_keys(data)
    for stream in ('stdout', 'stderr'):
        if stream in data and stream + '_lines' not in data:
            data[stream + '_lines'] = (data.get(stream) or '').splitlines()
    # Before 2.19 the module's result is marked unsafe here: a value from the daemon (a container
    # label, say) must never be templated on the controller. 2.19+ trusts no module data anyway.
    return wrap_var(data) if MARKS_RESULTS_UNSAFE else data


def runs_on_this_python(action, task_vars):
    """True when the module process would be this interpreter on this machine, as this user."""
    if action._connection.transport != 'local' or action._play_context.become or action._task.async_val:
        return False
    if not boolean(task_vars.get(SWITCH, True), strict=False):
        return False
    interpreter = task_vars.get('ansible_python_interpreter')
    if interpreter is None:
        interpreter = C.config.get_config_value('INTERPRETER_PYTHON', variables=task_vars)
    interpreter = action._templar.template(interpreter)
    if not interpreter or str(interpreter).startswith('auto'):
        return False  # discovery would pick one; it may not be this one
    path = os.path.abspath(shutil.which(str(interpreter)) or str(interpreter))
    here = os.path.abspath(sys.executable)
    # Same folder (a virtualenv's bin, or /usr/bin) and same binary: the same libraries too.
    return os.path.dirname(path) == os.path.dirname(here) and os.path.realpath(path) == os.path.realpath(here)


def task_environment(action):
    """The task's `environment:` as the module process would get it."""
    environment = {}
    action._compute_environment_string(environment)
    return environment


def controller_relay(action, task_vars):
    """The relay of a task that runs in this worker against a host reached over SSH (controller execution),
    or None: the module process on the host. dockyard_docker_execution=controller fails a task that cannot."""
    mode = str(action._templar.template(task_vars.get(EXECUTION, 'auto'))).lower()
    if mode not in EXECUTION_CHOICES:
        raise AnsibleActionFail('%s: %r is not accepted; give one of %s' % (EXECUTION, mode, ', '.join(EXECUTION_CHOICES)))
    if mode == 'host' or not boolean(task_vars.get(SWITCH, True), strict=False):
        return None
    reason = why_not_on_controller(action)
    if reason is None:
        return make_relay(action, task_vars)
    if mode == 'controller':
        raise AnsibleActionFail('%s=controller: this task cannot run on the controller: %s' % (EXECUTION, reason))
    return None


def why_not_on_controller(action):
    """Why the task must run as a module process on the host, or None when it may run here."""
    connection, context = action._connection, action._play_context
    if connection.transport not in ('ssh', 'ansible.builtin.ssh'):
        return 'the connection is %s, not ssh' % connection.transport
    if action._task.async_val:
        return 'the task is async'
    if connection.get_option('password') or context.password:
        return 'the connection uses a password (sshpass)'
    if context.become and (context.become_method != 'sudo' or context.become_pass):
        return 'become_method %s%s cannot run the relay without a prompt' % (
            context.become_method, ' with a become password' if context.become_pass else '')
    return host_side_reason(action.module_name().rsplit('.', 1)[-1], action._task.args, task_environment(action))


def make_relay(action, task_vars):
    """A relay over the task's SSH connection: Ansible's own ssh command line (user, port, key, ssh args,
    its ControlPersist master), BatchMode so that nothing prompts."""
    connection, context = action._connection, action._play_context
    host = connection.get_option('host') or context.remote_addr
    connection.host = host   # as exec_command sets it: the ControlPath is made from it
    binary = connection.get_option('ssh_executable')

    def command(line):
        return [to_text(word) for word in connection._build_command(binary, 'ssh', '-o', 'BatchMode=yes', host, line)]
    environment = task_environment(action)
    become = ['sudo', '-n', '-H', '-u', context.become_user or 'root', '--'] if context.become else []
    return Relay(host, command, python=relay_python(action, task_vars),
                 environment=dict((key, value) for key, value in environment.items() if key.startswith('DOCKER_')),
                 become_prefix=become)


def relay_python(action, task_vars):
    """The host's Python for the relay: the task's interpreter, the one Ansible discovered, else python3."""
    interpreter = action._templar.template(task_vars.get('ansible_python_interpreter') or '')
    if not interpreter or str(interpreter).startswith('auto'):
        interpreter = (task_vars.get('ansible_facts') or {}).get('discovered_interpreter_python') or 'python3'
    return str(interpreter)


def encode(payload):
    if get_module_encoder is not None:
        return json.dumps(payload, cls=get_module_encoder(PROFILE, Direction.CONTROLLER_TO_MODULE)).encode()
    return json.dumps(payload, cls=AnsibleJSONEncoder, vault_to_text=True).encode()


def call_main(main, payload, environment, hide_docker_settings=False):
    """What a module process running main() would answer ({'rc', 'stdout', 'stderr'}), with payload as
    its arguments and the task's environment applied. The worker's own environment and the
    module_utils' module-wide state are restored after. hide_docker_settings: the worker's DOCKER_*
    variables and docker CLI config are not the managed host's, so the module sees none."""
    saved_environment = dict(os.environ)
    if hide_docker_settings:
        for key in [key for key in os.environ if key.startswith('DOCKER_')]:
            del os.environ[key]
        os.environ['DOCKER_CONFIG'] = NO_DOCKER_CONFIG
    printed = io.StringIO()
    basic._ANSIBLE_ARGS = payload
    if hasattr(basic, '_ANSIBLE_PROFILE'):
        basic._ANSIBLE_PROFILE = PROFILE
    # Warnings are collected module-wide: a loop's earlier items must not add theirs to this one.
    module_warnings._global_warnings.clear()
    module_warnings._global_deprecations.clear()
    os.environ.update((key, str(value)) for key, value in environment.items())
    try:
        with contextlib.redirect_stdout(printed):
            rc, errors = run_main(main)
    finally:
        os.environ.clear()
        os.environ.update(saved_environment)
        basic._ANSIBLE_ARGS = None
    return {'rc': rc, 'stdout': printed.getvalue(), 'stderr': errors}


def run_main(main):
    """(exit code, what the process would write on stderr) of main(), its output printed."""
    try:
        main()
    except SystemExit as exc:  # exit_json and fail_json end the module this way
        return exit_code(exc), ''
    except Exception as exc:  # pylint: disable=broad-except
        if report_raised is None:
            return 1, traceback.format_exc()
        try:
            report_raised(exc, PROFILE)
        except SystemExit as end:
            return exit_code(end), ''
    return 0, ''


def exit_code(exc):
    return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
