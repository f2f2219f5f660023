"""prune against the real daemon. Every prune here is restricted to a label only this run sets:
other engineers' resources live on the same daemon."""

import pytest

from conftest import docker_cli, docker_inspect, run_module


@pytest.fixture
def label(name):
    return 'dyt.prune=%s' % name


def safe_prune(check=False, diff=False, **args):
    """Refuse to run a prune that is not restricted to this test's label."""
    for kind in ('containers', 'images', 'networks', 'volumes'):
        if args.get(kind):
            assert 'dyt.prune=' in str(args.get(kind + '_filters', {}).get('label')), kind
    assert not args.get('builder'), 'the build cache cannot be restricted to a label here'
    return run_module('prune', check=check, diff=diff, **args)


def test_prune_removes_only_labelled_unused_resources(name, label, busybox):
    stopped = docker_cli('create', '--name', name + '-stopped', '--label', label, busybox, 'true')
    running = name + '-running'
    docker_cli('run', '-d', '--name', running, '--label', label, '--network', 'none', busybox, 'sleep', '600')
    unlabelled = docker_cli('create', '--name', name + '-other', busybox, 'true')
    docker_cli('network', 'create', '--label', label, name + '-net')
    docker_cli('volume', 'create', '--label', label, name + '-vol')
    image = docker_cli('commit', '--change', 'LABEL %s' % label, stopped)  # untagged: a dangling image
    image = image if image.startswith('sha256:') else 'sha256:' + image  # Podman's CLI answer has no prefix

    args = dict(containers=True, containers_filters={'label': label},
                images=True, images_filters={'label': [label]},
                networks=True, networks_filters={'label': label},
                volumes=True, volumes_filters={'label': label})
    check = safe_prune(check=True, diff=True, **args)
    assert check['changed']
    assert check['containers'] == [stopped] and check['networks'] == [name + '-net']
    assert check['volumes'] == [name + '-vol'] and check['images'] == [image]
    assert check['diff']['before']['volumes'] == [name + '-vol'] and check['diff']['after']['volumes'] == []
    assert docker_inspect('container', stopped) is not None and docker_inspect('volume', name + '-vol') is not None
    kinds = ['prune containers', 'prune images', 'prune networks', 'prune volumes']
    assert check['actions'] == kinds

    done = safe_prune(diff=True, **args)
    assert done['changed'] and done['actions'] == kinds
    assert done['diff']['before']['containers'] == [stopped] and done['diff']['after']['containers'] == []
    assert done['containers'] == [stopped] and done['networks'] == [name + '-net']
    assert done['volumes'] == [name + '-vol'] and image in done['images']
    assert done['space_reclaimed'] >= 0 and 'containers_space_reclaimed' in done
    assert docker_inspect('container', stopped) is None and docker_inspect('network', name + '-net') is None
    assert docker_inspect('container', running)['State']['Running']
    assert docker_inspect('container', unlabelled) is not None

    again = safe_prune(**args)
    assert not again['changed'] and again['containers'] == [] and again['volumes'] == []
    assert again['actions'] == []
    assert not safe_prune(check=True, **args)['changed']


def test_prune_arguments_are_checked(label):
    # Both fail validation before any daemon call, so no unrestricted prune can happen here.
    bad = run_module('prune', expect_fail=True, volumes=True, volumes_filters={'label': {'nested': label}})
    assert bad['msg'].startswith('volumes_filters: invalid value')
    orphan = run_module('prune', expect_fail=True, networks_filters={'label': label})
    assert orphan['msg'] == "networks_filters: invalid value {'label': '%s'}; it needs networks: true" % label
    nothing = run_module('prune')
    assert not nothing['changed'] and nothing['space_reclaimed'] == 0
