"""A name holding URL characters ('/', '?', '#') is one name on the real daemon: it never becomes
another path or a query. dockerd accepts such network names, so a network is the test subject."""

import pytest

from conftest import docker_cli, docker_inspect, run_module


@pytest.mark.needs('url-character-names')
def test_network_named_with_url_characters_is_not_confused_with_another(name):
    # Unquoted, '/networks/NAME?a/b#c' is network NAME with a query: removing the awkward one removed the decoy.
    decoy, awkward = name, name + '?a/b#c'
    docker_cli('network', 'create', decoy)
    decoy_id = docker_inspect('network', decoy)['Id']

    check = run_module('network', check=True, name=awkward)
    assert check['changed'] and check['actions'] == ['create network %s' % awkward]
    assert docker_inspect('network', awkward) is None

    created = run_module('network', name=awkward)
    assert created['changed'] and created['network']['Name'] == awkward
    assert docker_inspect('network', awkward)['Name'] == awkward
    assert not run_module('network', name=awkward)['changed']
    info = run_module('network_info', name=[awkward])
    assert info['exists'] and [network['Name'] for network in info['networks']] == [awkward]

    removed = run_module('network', name=awkward, state='absent')
    assert removed['changed'] and docker_inspect('network', awkward) is None
    assert docker_inspect('network', decoy)['Id'] == decoy_id
