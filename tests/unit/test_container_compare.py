"""How a container's desired options compare with its inspect data (no daemon)."""

from ansible_collections.dockyard.docker.plugins.module_utils.container.driver import ContainerSpec, container_argument_spec
from ansible_collections.dockyard.docker.plugins.module_utils.core.fields import equal


def spec(**params):
    full = dict((name, option.get('default')) for name, option in container_argument_spec().items())
    full.update(name='web', image='busybox', **params)
    return ContainerSpec(full)


def differing(container_spec, host=None, config=None, image_config=None, container_ids=None):
    actual = {'Config': config or {}, 'HostConfig': host or {}}
    return [name for name, _current, _desired in
            container_spec.differences(actual, {'Config': image_config or {}}, container_ids)]


def test_set_comparison_ignores_order_also_for_dict_entries():
    one, two = {'PathOnHost': '/dev/a', 'PathInContainer': '/dev/a'}, {'PathOnHost': '/dev/b', 'PathInContainer': '/dev/b'}
    assert equal('set', 'strict', [one, two], [two, one])
    assert not equal('set', 'strict', [one], [two, one])
    devices = spec(devices=['/dev/null:/dev/xnull', '/dev/zero'])
    stored = [{'PathOnHost': '/dev/zero', 'PathInContainer': '/dev/zero', 'CgroupPermissions': 'rwm'},
              {'PathOnHost': '/dev/null', 'PathInContainer': '/dev/xnull', 'CgroupPermissions': 'rwm'}]
    assert differing(devices, host={'Devices': stored}) == []
    assert differing(devices, host={'Devices': stored[:1]}) == ['devices']


def test_container_modes_compare_by_the_id_the_name_stands_for():
    joined = spec(pid_mode='container:db', ipc_mode='container:db', network_mode='container:db')
    stored = {'PidMode': 'container:1234', 'IpcMode': 'container:1234', 'NetworkMode': 'container:1234'}
    assert differing(joined, host=stored, container_ids={'db': '1234', '1234': '1234'}) == []
    assert differing(joined, host=stored, container_ids={'db': '5678', '1234': '1234'}) == [
        'pid_mode', 'ipc_mode', 'network_mode']
    # An engine that keeps the name compares the same.
    named = dict((key, 'container:db') for key in stored)
    assert differing(joined, host=named, container_ids={'db': '1234'}) == []
    assert differing(spec(network_mode='container:db'), host={'NetworkMode': 'none'},
                     container_ids={'db': '1234'}) == ['network_mode']


def test_empty_command_is_the_images_cmd():
    image = {'Cmd': ['sh']}
    assert differing(spec(command=[]), config={'Cmd': ['sh']}, image_config=image) == []
    assert differing(spec(command=[]), config={'Cmd': ['sleep', '9']}, image_config=image) == ['command']
    # An entrypoint of the task's own: the daemon leaves CMD empty.
    assert differing(spec(command=[], entrypoint=['top']), config={'Cmd': None, 'Entrypoint': ['top']},
                     image_config=image) == []
    assert 'Cmd' not in spec(command=[]).create_body()
