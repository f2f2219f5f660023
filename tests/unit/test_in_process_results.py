"""The in-process action answers as a module process would (plugins/plugin_utils/in_process.py):
call_main gives the exit code, stdout and stderr the process would have given, so that ansible-core
parses them into the same result. tests/integration/test_in_process_parity.py compares every
module's results both ways through ansible-playbook."""

import json
import os

import pytest

from ansible.module_utils.basic import AnsibleModule
from ansible.plugins.action import ActionBase

from ansible_collections.dockyard.docker.plugins.plugin_utils import in_process

PAYLOAD = json.dumps({'ANSIBLE_MODULE_ARGS': {'word': 'hello'}}).encode()


def module(**kwargs):
    return AnsibleModule(argument_spec={'word': {'type': 'str'}}, **kwargs)


def succeeds():
    module().exit_json(changed=True, said=module().params['word'])


def fails():
    module().fail_json(msg='word: invalid value')


def raises():
    module()
    raise KeyError('Id')


class Parser(ActionBase):
    def run(self, tmp=None, task_vars=None):
        raise NotImplementedError


def parsed(response):
    """The result ansible-core makes of a module process's answer (as _execute_module parses it)."""
    action = Parser.__new__(Parser)
    action._used_interpreter = None
    if in_process.PARSE_TAKES_PROFILE:
        return action._parse_returned_data(response, in_process.PROFILE)
    return action._parse_returned_data(response)


def test_exit_json_answers_rc_0_and_its_result():
    response = in_process.call_main(succeeds, PAYLOAD, {})
    assert response['rc'] == 0 and response['stderr'] == ''
    result = parsed(response)
    assert result['changed'] is True and result['said'] == 'hello'


def test_fail_json_answers_rc_1_and_its_message():
    response = in_process.call_main(fails, PAYLOAD, {})
    assert response['rc'] == 1
    result = parsed(response)
    assert result['failed'] is True and result['msg'] == 'word: invalid value'


@pytest.mark.skipif(getattr(in_process, 'report_raised', True) is None, reason='ansible-core before 2.19 reports no result itself')
def test_a_raised_exception_is_reported_as_ansiballz_reports_it():
    """2.19+: AnsiballZ prints a result whose `exception` holds the error, and exits 1."""
    response = in_process.call_main(raises, PAYLOAD, {})
    assert response['rc'] == 1 and response['stderr'] == ''
    printed = json.loads(response['stdout'])
    assert printed['failed'] is True and "'Id'" in json.dumps(printed['exception'])
    assert 'MODULE FAILURE' not in response['stdout']
    assert parsed(response)['failed'] is True


def test_a_raised_exception_before_2_19_is_a_traceback_on_stderr(monkeypatch):
    """2.16 - 2.18: the process prints nothing on stdout, the traceback on stderr, and exits 1;
    ansible-core then reports MODULE FAILURE with module_stderr and exception."""
    monkeypatch.setattr(in_process, 'report_raised', None)
    response = in_process.call_main(raises, PAYLOAD, {})
    assert response['rc'] == 1 and response['stdout'] == ''
    assert response['stderr'].startswith('Traceback') and "KeyError: 'Id'" in response['stderr']


def test_the_task_environment_applies_to_main_only(monkeypatch):
    seen = {}

    def reads_environment():
        seen['value'] = os.environ.get('DYT_IN_PROCESS_PROBE')
        module().exit_json(changed=False)

    monkeypatch.delenv('DYT_IN_PROCESS_PROBE', raising=False)
    response = in_process.call_main(reads_environment, PAYLOAD, {'DYT_IN_PROCESS_PROBE': 'task'})
    assert response['rc'] == 0 and seen['value'] == 'task' and 'DYT_IN_PROCESS_PROBE' not in os.environ
