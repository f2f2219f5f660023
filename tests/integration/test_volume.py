"""volume and volume_info against the real daemon, and volumes in containers (-v, VOLUME, --volumes-from)."""

import pytest

from conftest import docker_cli, docker_inspect, run_module
from engines import ENGINE


@pytest.mark.managed_python
def test_volume_present_then_absent(name):
    args = dict(name=name, labels={'app': 'web'}, driver_options={'type': 'tmpfs', 'device': 'tmpfs', 'o': 'size=8m'})
    check = run_module('volume', check=True, diff=True, **args)
    assert check['changed'] and check['diff']['after']['state'] == 'present'
    assert docker_inspect('volume', name) is None

    created = run_module('volume', **args)
    assert created['changed'] and created['volume']['Labels'] == {'app': 'web'}
    options = docker_inspect('volume', name)['Options']
    if ENGINE.is_podman:  # it adds what it derived from the options, in upper case
        options = dict((key, value) for key, value in options.items() if not key.isupper())
    assert options == {'type': 'tmpfs', 'device': 'tmpfs', 'o': 'size=8m'}
    assert not run_module('volume', **args)['changed']
    assert not run_module('volume', check=True, **args)['changed']

    gone = dict(name=name, state='absent')
    assert run_module('volume', check=True, diff=True, **gone)['changed']
    assert docker_inspect('volume', name) is not None
    assert run_module('volume', **gone)['changed']
    assert docker_inspect('volume', name) is None
    assert not run_module('volume', **gone)['changed']
    assert not run_module('volume', check=True, **gone)['changed']


def test_difference_keeps_data_unless_recreate_allows(name, busybox):
    run_module('volume', name=name, labels={'v': '1'})
    failed = run_module('volume', expect_fail=True, name=name, labels={'v': '2'})
    assert 'recreate: options-changed' in failed['msg']
    assert docker_inspect('volume', name)['Labels'] == {'v': '1'}

    args = dict(name=name, labels={'v': '2'}, recreate='options-changed')
    check = run_module('volume', check=True, diff=True, **args)
    assert check['diff']['before']['labels'] == {'v': '1'} and check['diff']['after']['labels'] == {'v': '2'}
    assert run_module('volume', **args)['changed']
    assert docker_inspect('volume', name)['Labels'] == {'v': '2'}
    assert not run_module('volume', **args)['changed']
    assert run_module('volume', name=name, recreate='always')['changed']

    user = name + '-user'
    docker_cli('create', '--name', user, '-v', '%s:/data' % name, busybox, 'true')
    in_use = run_module('volume', expect_fail=True, name=name, state='absent')
    assert user in in_use['msg']
    assert docker_inspect('volume', name) is not None


def test_invalid_volume_arguments(name):
    bad_name = run_module('volume', expect_fail=True, name='-bad name')
    assert bad_name['msg'].startswith('name: invalid value')
    bad_labels = run_module('volume', expect_fail=True, name=name, labels={'': 'c'})
    assert bad_labels['msg'].startswith('labels: invalid value')
    bad_recreate = run_module('volume', expect_fail=True, name=name, recreate='sometimes')
    assert 'recreate' in bad_recreate['msg']
    assert docker_inspect('volume', name) is None


@pytest.mark.managed_python
def test_volume_info(name, prefix):
    run_module('volume', name=name, labels={'dyt.run': prefix})
    one = run_module('volume_info', name=name)
    assert one['exists'] and one['volumes'][0]['Name'] == name and not one['changed']
    several = run_module('volume_info', name=[name, name + '-missing'])
    assert not several['exists'] and several['missing'] == [name + '-missing']
    listed = run_module('volume_info', filters={'label': ['dyt.run=%s' % prefix], 'dangling': True})
    assert name in [volume['Name'] for volume in listed['volumes']] and listed['exists']


@pytest.mark.managed_python
def test_volume_container_pattern(name, busybox):
    """The seed's data volume container: -v on one container, --volumes-from on others, image VOLUME kept."""
    store = name + '-store'
    run_module('volume', name=name)
    run_module('container', name=store, image=busybox, state='present', volumes=['%s:/dbdata' % name])
    writer = dict(name=name + '-writer', image=busybox, command='sh -c "echo seed > /dbdata/file"',
                  volumes_from=[store], detach=False, cleanup=True)
    assert run_module('container', **writer)['rc'] == 0
    reader = dict(name=name + '-reader', image=busybox, command='cat /dbdata/file', volumes_from=[store],
                  detach=False, cleanup=True)
    assert run_module('container', **reader)['output'] == ['seed']
