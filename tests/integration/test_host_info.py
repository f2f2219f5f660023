"""host_info reads the shared daemon (read-only) and fails in one line when none answers."""

from conftest import docker_cli, run_module


def test_reports_info_version_and_mirrors():
    result = run_module('host_info')
    assert result['changed'] is False
    assert result['version']['ApiVersion'] == docker_cli('version', '--format', '{{.Server.APIVersion}}')
    assert result['info']['ServerVersion'] == docker_cli('info', '--format', '{{.ServerVersion}}')
    for key in ('Driver', 'CgroupDriver', 'Swarm', 'Containers', 'Images'):
        assert key in result['info']
    # Newer daemons send null for no mirrors; the module always returns a list.
    assert result['registry_mirrors'] == (result['info']['RegistryConfig']['Mirrors'] or [])
    assert 'diff' not in run_module('host_info', diff=True)


def test_check_mode_reads_the_same():
    checked = run_module('host_info', check=True)
    assert not checked['changed'] and checked['version']['ApiVersion']


def test_no_daemon_is_a_one_line_failure(tmp_path):
    socket = tmp_path / 'missing.sock'
    failed = run_module('host_info', expect_fail=True, docker_host='unix://%s' % socket)
    assert failed['msg'].startswith('Cannot connect to the Docker daemon at unix://%s' % socket)
    assert '\n' not in failed['msg']
