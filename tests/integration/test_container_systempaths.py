"""security_opts: systempaths=unconfined, which the CLI turns into empty masked and read-only paths."""

import pytest

from conftest import docker_inspect, run_module


@pytest.mark.needs('masked-paths-report')
def test_security_opt_systempaths_unconfined(name, busybox):
    args = dict(name=name, image=busybox, command=['sleep', '60'], stop_timeout=1,
                security_opts=['systempaths=unconfined', 'seccomp=unconfined'])
    assert run_module('container', check=True, **args)['changed']
    assert docker_inspect('container', name) is None
    assert run_module('container', **args)['changed']
    host = docker_inspect('container', name)['HostConfig']
    assert host['MaskedPaths'] == [] and host['ReadonlyPaths'] == []
    assert host['SecurityOpt'] == ['seccomp=unconfined']
    assert not run_module('container', **args)['changed']
    masked_again = dict(args, security_opts=['seccomp=unconfined'])
    # Leaving it out of a given security_opts list masks the paths again (a new container).
    assert run_module('container', **masked_again)['changed']
    assert docker_inspect('container', name)['HostConfig']['MaskedPaths']
    assert not run_module('container', **masked_again)['changed']
    run_module('container', name=name, state='absent')
