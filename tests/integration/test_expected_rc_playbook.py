"""Through ansible-playbook, an exit code listed in expected_rc is success.

Ansible marks any result with a non-zero `rc` failed unless the module says `failed: false`,
so this can only be seen through a playbook, not by running the module alone.
"""

from conftest import run_module
from scratch_daemon import run_playbook


def test_expected_nonzero_rc_passes_in_a_playbook(tmp_path, name, busybox):
    run_module('container', name=name, image=busybox, command='sleep 600', stop_timeout=1)
    tasks = [
        {'name': 'Exec that exits 3', 'dockyard.docker.container_exec': {
            'container': name, 'argv': ['sh', '-c', 'exit 3'], 'expected_rc': [0, 3]}, 'register': 'exec3'},
        {'name': 'One-shot that exits 3', 'dockyard.docker.container': {
            'name': name + '-once', 'image': busybox, 'command': 'sh -c "exit 3"', 'detach': False,
            'cleanup': True, 'expected_rc': [3]}, 'register': 'once3'},
        {'name': 'Both report their rc', 'ansible.builtin.assert': {'that': ['exec3.rc == 3', 'once3.rc == 3']}},
    ]
    rc, output = run_playbook(tmp_path, tasks)
    run_module('container', name=name, state='absent')
    assert rc == 0, output
