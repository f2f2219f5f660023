"""docker_host: ssh://USER@HOST:PORT — the Docker SDK's ssh transport (`ssh ... docker system dial-stdio`)
against a real sshd on 127.0.0.1, whose remote docker CLI forwards to the engine under test.
"""
# run_module's module name is positional-only, so a module's own `name` option rides in **args by design.
# pylint: disable=kwarg-superseded-by-positional-arg

import os

import pytest

from conftest import docker_inspect, run_module
from ssh_server import SSHD, ssh_host  # noqa: F401 pylint: disable=unused-import

pytestmark = [pytest.mark.skipif(not os.path.exists(SSHD), reason='needs openssh-server (tests/harness/setup.sh installs it)'),
              pytest.mark.needs('full-suite')]


def test_container_converges_over_ssh(ssh_host, name, busybox):
    args = dict(name=name, image=busybox, command=['sleep', '300'], state='started', docker_host=ssh_host['docker_host'])
    assert run_module('container', check=True, env=ssh_host['env'], **args)['changed']
    assert docker_inspect('container', name) is None
    created = run_module('container', env=ssh_host['env'], **args)
    assert created['changed'] and docker_inspect('container', name)['State']['Running']
    assert not run_module('container', env=ssh_host['env'], **args)['changed']


def test_exec_streams_over_ssh(ssh_host, name, busybox):
    run_module('container', env=ssh_host['env'], name=name, image=busybox, command=['sleep', '300'],
               docker_host=ssh_host['docker_host'])
    result = run_module('container_exec', env=ssh_host['env'], container=name, argv=['sh', '-c', 'echo out; echo err >&2'],
                        docker_host=ssh_host['docker_host'])
    assert result['stdout'] == 'out' and result['stderr'] == 'err' and result['rc'] == 0
    # stdin reaches the command and its end is passed on (a half-close is the end of ssh's stdin).
    echoed = run_module('container_exec', env=ssh_host['env'], container=name, argv=['cat'], stdin='over ssh',
                        docker_host=ssh_host['docker_host'])
    assert echoed['stdout'] == 'over ssh' and echoed['rc'] == 0


def test_an_unreachable_ssh_host_is_one_clear_line(ssh_host, name, busybox):
    result = run_module('container', expect_fail=True, env=ssh_host['env'], name=name, image=busybox,
                        docker_host='ssh://root@127.0.0.1:1')
    assert result['msg'].startswith('Cannot connect to the Docker daemon at ssh://root@127.0.0.1:1'), result['msg']
    assert '\n' not in result['msg']
