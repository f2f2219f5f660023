"""The ssh tests' managed host: a real sshd on 127.0.0.1 for root (tests/sshd.py), one per test module
(test_ssh_host.py: the SDK's ssh:// transport; test_controller_execution.py: Ansible's ssh connection)."""

import pytest

from sshd import SSHD, start_sshd, stop_sshd  # noqa: F401 pylint: disable=unused-import


@pytest.fixture(scope='module')
def ssh_host(tmp_path_factory):
    """An sshd for root with a fresh key, and an `ssh` on PATH that uses this test's client config."""
    info, daemon = start_sshd(tmp_path_factory.mktemp('sshd'))
    yield info
    stop_sshd(daemon)


def inventory_line(host, interpreter, name='target'):
    """The one-host inventory line of Ansible's ssh connection to host (an ssh_host), pipelining on."""
    return ('%s ansible_connection=ssh ansible_host=127.0.0.1 ansible_port=%d ansible_user=root '
            'ansible_ssh_private_key_file=%s ansible_pipelining=true ansible_python_interpreter=%s '
            'ansible_ssh_common_args="-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR"'
            % (name, host['port'], host['key'], interpreter))
