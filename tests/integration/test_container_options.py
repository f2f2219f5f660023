"""Container options of community.docker's docker_container that `container` took over (issue 15).

Each row: check mode changes nothing, the real run changes, the rerun does not, and a changed
value is applied in place (`update`) or by a recreate, as the actions say. Then `comparisons`,
the image_* options, `paused` and `state: healthy`.
"""

import json

import pytest

from conftest import docker_cli, docker_inspect, run_module
from engines import ENGINE
from test_container import GRACEFUL, converge, free_ports

UPDATE, RECREATE = 'update', 'recreate'

# option: (first value, changed value or None, how a change applies, inspect path, what it shows for the first
# value). One container takes them all: check mode, real run, rerun; then the in-place ones change together
# (one update naming each), then the others (one recreate naming each).
STARTED = {
    'mounts': ([{'type': 'tmpfs', 'target': '/scratch', 'tmpfs_size': '1m', 'tmpfs_mode': '1770'},
                {'type': 'bind', 'source': '/tmp', 'target': '/host-tmp', 'read_only': True, 'propagation': 'rprivate'}],
               [{'type': 'tmpfs', 'target': '/scratch', 'tmpfs_size': '2m'}], RECREATE, 'HostConfig.Mounts',
               [{'Type': 'tmpfs', 'Target': '/scratch', 'TmpfsOptions': {'SizeBytes': 1 << 20, 'Mode': 0o1770}},
                {'Type': 'bind', 'Source': '/tmp', 'Target': '/host-tmp', 'ReadOnly': True,
                 'BindOptions': {'Propagation': 'rprivate'}}]),
    'ulimits': (['nofile:1024:2048'], ['nofile:1000:2048'], RECREATE, 'HostConfig.Ulimits',
                [{'Name': 'nofile', 'Soft': 1024, 'Hard': 2048}]),
    'device_cgroup_rules': (['c 1:3 rmw'], ['c 1:5 rmw'], RECREATE, 'HostConfig.DeviceCgroupRules', ['c 1:3 rmw']),
    'cpu_period': (100000, 50000, UPDATE, 'HostConfig.CpuPeriod', 100000),
    'cpu_quota': (50000, 25000, UPDATE, 'HostConfig.CpuQuota', 50000),
    'cpuset_cpus': ('0', '0-1', UPDATE, 'HostConfig.CpusetCpus', '0'),
    'cpuset_mems': ('0', None, UPDATE, 'HostConfig.CpusetMems', '0'),
    'memory': ('64m', '96m', UPDATE, 'HostConfig.Memory', 64 << 20),
    'memory_swap': ('128m', '256m', UPDATE, 'HostConfig.MemorySwap', 128 << 20),
    'memory_swappiness': (10, 20, RECREATE, 'HostConfig.MemorySwappiness', 10),
    'oom_killer': (True, False, RECREATE, 'HostConfig.OomKillDisable', True),
    'oom_score_adj': (100, 200, RECREATE, 'HostConfig.OomScoreAdj', 100),
    'pids_limit': (100, 200, UPDATE, 'HostConfig.PidsLimit', 100),
    'dns_opts': (['ndots:2'], ['ndots:3'], RECREATE, 'HostConfig.DnsOptions', ['ndots:2']),
    'dns_search_domains': (['example.com'], ['example.org'], RECREATE, 'HostConfig.DnsSearch', ['example.com']),
    'groups': (['1234'], ['1234', '2345'], RECREATE, 'HostConfig.GroupAdd', ['1234']),
    'uts': ('host', '', RECREATE, 'HostConfig.UTSMode', 'host'),
    'userns_mode': ('host', None, RECREATE, 'HostConfig.UsernsMode', 'host'),
    'cgroup_parent': ('dockyard-parity', 'dockyard-parity2', RECREATE, 'HostConfig.CgroupParent', 'dockyard-parity'),
}
# Created, not started: no block device or GPU to apply them to here; the daemon stores them as asked.
PRESENT = {
    'device_read_bps': ([{'path': '/dev/sda', 'rate': '1m'}], [{'path': '/dev/sda', 'rate': '2m'}], RECREATE,
                        'HostConfig.BlkioDeviceReadBps', [{'Path': '/dev/sda', 'Rate': 1 << 20}]),
    'device_write_bps': ([{'path': '/dev/sda', 'rate': '1m'}], [{'path': '/dev/sda', 'rate': 4096}], RECREATE,
                         'HostConfig.BlkioDeviceWriteBps', [{'Path': '/dev/sda', 'Rate': 1 << 20}]),
    'device_read_iops': ([{'path': '/dev/sda', 'rate': 100}], [{'path': '/dev/sda', 'rate': 200}], RECREATE,
                         'HostConfig.BlkioDeviceReadIOps', [{'Path': '/dev/sda', 'Rate': 100}]),
    'device_write_iops': ([{'path': '/dev/sda', 'rate': 100}], [{'path': '/dev/sda', 'rate': 200}], RECREATE,
                          'HostConfig.BlkioDeviceWriteIOps', [{'Path': '/dev/sda', 'Rate': 100}]),
}
DEVICE_REQUESTS = {
    'device_requests': ([{'driver': 'nvidia', 'count': 1, 'capabilities': [['gpu']]}],
                        [{'driver': 'nvidia', 'device_ids': ['0'], 'capabilities': [['gpu']]}], RECREATE,
                        'HostConfig.DeviceRequests', [{'Driver': 'nvidia', 'Count': 1, 'DeviceIDs': None,
                                                       'Capabilities': [['gpu']], 'Options': None}]),
}
# gpus feeds device_requests (one DeviceRequests list): a change is reported under that name.
REPORTED_AS = {'gpus': 'device_requests'}
# option -> the engine feature it needs (engines.py LACKS says which engine lacks it and why)
NEEDS = {'device_cgroup_rules': 'device-cgroup-rules-read-back',
         'blkio_weight': 'blkio-weight', 'gpus': 'device-requests'}
# Podman reports these otherwise (Mounts and DeviceCgroupRules null, UsernsMode host as '', ulimits as RLIMIT_*
# with its defaults added): the module reads them back its way; inspect is not checked for them there.
PODMAN_REPORTS_OTHERWISE = {'mounts', 'ulimits', 'device_cgroup_rules', 'userns_mode'}
SINGLE = {'mac_address': ('02:42:ac:11:00:99', '02:42:ac:11:00:98', RECREATE, None, None),
          'blkio_weight': (300, 500, UPDATE, 'HostConfig.BlkioWeight', 300),
          'gpus': ('all', '1', RECREATE, 'HostConfig.DeviceRequests',
                   [{'Driver': '', 'Count': -1, 'DeviceIDs': None, 'Capabilities': [['gpu']], 'Options': None}])}


def run(check=False, diff=False, expect_fail=False, **task):
    """The container module with these options (run_module's own `env` keyword is the process's)."""
    return run_module('container', check=check, diff=diff, expect_fail=expect_fail, options=task)


def dig(data, path):
    for key in path.split('.'):
        data = (data or {}).get(key)
    return data


def applied_by(result):
    actions = ' | '.join(result['actions'])
    return UPDATE if ' in place' in actions else RECREATE if ' aside as ' in actions else actions


def changed_names(result, how):
    """The options an update or a recreate names ('update a, b of container x in place', '(changed: a, b)')."""
    for action in result['actions']:
        if how == UPDATE and action.startswith('update ') and action.endswith(' in place'):
            return set(action[len('update '):].split(' of container ')[0].split(', '))
        if how == RECREATE and '(changed: ' in action:
            return set(action.split('(changed: ')[1].rstrip(')').split(', '))
    return set()


def check_rows(name, busybox, rows, **base):
    """Converge all rows at once, then change the in-place ones together, then the others."""
    base = dict(base, image=busybox, command=GRACEFUL, stop_timeout=1, name=name)
    task = dict(base, **dict((option, row[0]) for option, row in rows.items()))
    converge(**task)
    shown = docker_inspect('container', name)
    checked = [o for o, r in rows.items() if r[3] and not (ENGINE.is_podman and o in PODMAN_REPORTS_OTHERWISE)]
    assert dict((o, dig(shown, rows[o][3])) for o in checked) == dict((o, rows[o][4]) for o in checked)
    for how in (UPDATE, RECREATE):
        changing = dict((option, row[1]) for option, row in rows.items() if row[2] == how and row[1] is not None)
        if not changing:
            continue
        task.update(changing)
        result = run(**task)
        assert changed_names(result, how) == set(REPORTED_AS.get(option, option) for option in changing), \
            result['actions']
        again = run(**task)
        assert not again['changed'], again['actions']


def test_options_on_a_running_container(name, busybox):
    check_rows(name, busybox, dict((o, r) for o, r in STARTED.items() if not ENGINE.lacks(NEEDS.get(o, ''))))


@pytest.mark.needs('device-cgroup-rules-read-back')
def test_options_podman_does_not_report(name, busybox):
    check_rows(name, busybox, {'device_cgroup_rules': STARTED['device_cgroup_rules']})


@pytest.mark.needs('blkio-devices')
def test_options_on_a_created_container(name, busybox):
    check_rows(name, busybox, PRESENT, state='present')


def test_device_requests_on_a_created_container(name, busybox):
    if ENGINE.is_podman:
        for option, value in (('device_requests', DEVICE_REQUESTS['device_requests'][0]), ('gpus', 'all')):
            result = run(expect_fail=True, name=name, image=busybox, state='present', **{option: value})
            assert result['msg'].startswith('device_requests: ') and 'Podman discards' in result['msg'], result['msg']
            assert docker_inspect('container', name) is None
        return
    check_rows(name, busybox, DEVICE_REQUESTS, state='present')


@pytest.mark.parametrize('option', sorted(SINGLE))
def test_option_alone(name, busybox, option):
    if option in NEEDS:
        ENGINE.require(NEEDS[option])
    check_rows(name, busybox, {option: SINGLE[option]}, state='present' if option == 'gpus' else 'started')


def test_blkio_weight_the_kernel_discards_is_no_difference(name, busybox):
    """Issue 32: a kernel without blkio weight (CFQ gone) makes the daemon discard the weight with a warning; it reads
    back 0 and every run updated it in place again. The warning is passed on; a discarded weight is no difference."""
    args = dict(image=busybox, command=GRACEFUL, stop_timeout=1, blkio_weight=300)
    heavier = dict(args, name=name)
    heavier['blkio_weight'] = 500
    applied = converge(name, **args)
    weight = docker_inspect('container', name)['HostConfig']['BlkioWeight']
    again = run(diff=True, name=name, **args)
    assert not again['changed'] and again['actions'] == [], again['actions']
    # ansible-core 2.19 returns warnings as structured events: look for the words in their JSON.
    if ENGINE.lacks('blkio-weight'):
        assert weight == 0
        assert 'weight' in json.dumps(applied.get('warnings')).lower(), applied
        assert 'blkio_weight: container %s reads back no block IO weight (0)' % name in json.dumps(again.get('warnings'))
        # Another discarded value is no difference either: nothing to update in place.
        assert not run(**heavier)['changed']
    else:
        assert weight == 300 and not applied.get('warnings')
        assert applied_by(run(**heavier)) == UPDATE


def test_mac_address_is_the_endpoints(name, busybox):
    converge(name, image=busybox, command=GRACEFUL, stop_timeout=1, mac_address='02:42:ac:11:00:99')
    endpoints = docker_inspect('container', name)['NetworkSettings']['Networks']
    assert [endpoint['MacAddress'] for endpoint in endpoints.values()] == ['02:42:ac:11:00:99']


def test_env_file_then_env(name, busybox, tmp_path):
    env_file = tmp_path / 'app.env'
    env_file.write_text('# settings\nA=from-file\nB=from-file\n\nEMPTY\n')
    converge(name, image=busybox, command=GRACEFUL, stop_timeout=1, env_file=str(env_file), env={'B': 'from-env'})
    env = docker_inspect('container', name)['Config']['Env']
    assert {'A=from-file', 'B=from-env', 'EMPTY='} <= set(env)
    env_file.write_text('A=changed\n')
    changed = run(name=name, image=busybox, command=GRACEFUL, stop_timeout=1,
                  env_file=str(env_file), env={'B': 'from-env'})
    assert changed['changed'] and applied_by(changed) == RECREATE
    assert 'A=changed' in docker_inspect('container', name)['Config']['Env']


def test_default_host_ip_applies_to_ports_without_an_address(name, busybox):
    port = free_ports(1)[0]
    args = dict(image=busybox, command=GRACEFUL, stop_timeout=1, published_ports=['%d:80' % port])
    converge(name, default_host_ip='127.0.0.1', **args)
    bindings = docker_inspect('container', name)['HostConfig']['PortBindings']['80/tcp']
    assert bindings == [{'HostIp': '127.0.0.1', 'HostPort': str(port)}]
    changed = run(name=name, default_host_ip='', **args)
    assert changed['changed'] and applied_by(changed) == RECREATE


def test_kernel_memory_is_refused_where_the_engine_dropped_it(name, busybox):
    api = tuple(int(part) for part in docker_cli('version', '--format', '{{.Server.APIVersion}}').strip().split('.'))
    if api <= (1, 41):
        converge(name, image=busybox, command=GRACEFUL, stop_timeout=1, kernel_memory='64m')
        assert docker_inspect('container', name)['HostConfig']['KernelMemory'] == 64 << 20
        return
    result = run(expect_fail=True, name=name, image=busybox, kernel_memory='64m')
    assert result['msg'].startswith('kernel_memory: ') and 'dropped' in result['msg'], result['msg']
    assert docker_inspect('container', name) is None


def test_storage_opts_reach_the_daemon(name, busybox):
    """overlay2 takes a size only on xfs with pquota: the daemon's refusal comes back as it is; containerd's
    snapshotter store takes it."""
    if ENGINE.containerd_image_store:
        converge(name, image=busybox, command=GRACEFUL, stop_timeout=1, storage_opts={'size': '1G'})
        assert docker_inspect('container', name)['HostConfig']['StorageOpt'] == {'size': '1G'}
        return
    result = run(expect_fail=True, name=name, image=busybox, storage_opts={'size': '1G'})
    assert 'storage' in result['msg'].lower() or 'size' in result['msg'].lower(), result['msg']
    assert docker_inspect('container', name) is None


def test_paused_pauses_and_unpauses(name, busybox):
    args = dict(image=busybox, command=GRACEFUL, stop_timeout=1)
    converge(name, paused=True, **args)
    assert docker_inspect('container', name)['State']['Paused'] is True
    checked = run(check=True, name=name, paused=False, **args)
    assert checked['actions'] == ['unpause container %s' % name]
    assert docker_inspect('container', name)['State']['Paused'] is True
    assert run(name=name, paused=False, **args)['changed']
    assert docker_inspect('container', name)['State']['Paused'] is False
    assert not run(name=name, paused=False, **args)['changed']


# -- comparisons ----------------------------------------------------------------------------

# option, what the container has, what the task lists (fewer entries)
COMPARED = [
    ('dns_servers', ['192.0.2.1', '192.0.2.2'], ['192.0.2.1']),    # a list
    ('env', {'A': '1', 'B': '2'}, {'A': '1'}),                      # a dict
    ('groups', ['1234', '2345'], ['2345']),                          # a set
]


@pytest.mark.parametrize('option,has,listed', COMPARED, ids=[row[0] for row in COMPARED])
@pytest.mark.parametrize('mode,changes', [('strict', True), ('allow_more_present', False), ('ignore', False)])
def test_comparisons(name, busybox, option, has, listed, mode, changes):
    base = dict(name=name, image=busybox, command=GRACEFUL, stop_timeout=1)
    run(**dict(base, **{option: has}))
    task = dict(base, comparisons={option: mode}, **{option: listed})
    checked = run(check=True, **task)
    assert checked['changed'] == changes, checked['actions']
    assert run(**task)['changed'] == changes
    assert not run(**task)['changed']


def test_comparisons_wildcard_and_refusals(name, busybox):
    base = dict(name=name, image=busybox, command=GRACEFUL)
    run(stop_timeout=1, env={'A': '1'}, **base)
    ignored = run(stop_timeout=5, env={'A': '2'}, comparisons={'*': 'ignore'}, **base)
    assert not ignored['changed'], ignored['actions']
    # stop_timeout is ignored by default, compared when '*' is strict.
    assert not run(stop_timeout=5, env={'A': '1'}, **base)['changed']
    strict = run(stop_timeout=5, env={'A': '1'}, comparisons={'*': 'strict'}, **base)
    assert strict['changed'] and applied_by(strict) == RECREATE
    for comparisons, wrong in (({'memory': 'allow_more_present'}, 'comparisons.memory: '),
                               ({'colour': 'strict'}, 'comparisons: '), ({'*': 'allow_more_present'}, 'comparisons.*: ')):
        result = run(expect_fail=True, comparisons=comparisons, **base)
        assert result['msg'].startswith(wrong), result['msg']


def test_networks_strict_disconnects_unlisted_networks(name, busybox):
    docker_cli('network', 'create', name)
    default = 'podman' if ENGINE.is_podman else 'bridge'
    base = dict(name=name, image=busybox, command=GRACEFUL, stop_timeout=1)
    run(networks=[{'name': name}, {'name': default}], **base)
    assert not run(networks=[{'name': name}], **base)['changed']
    strict = run(networks=[{'name': name}], comparisons={'networks': 'strict'}, **base)
    assert strict['actions'] == ['disconnect container %s from network %s' % (name, default)]
    assert sorted(docker_inspect('container', name)['NetworkSettings']['Networks']) == [name]


def _image_with(name, busybox, *changes):
    """A tag of busybox with LABEL / ENV instructions (docker commit --change)."""
    holder = '%s-img' % name
    docker_cli('create', '--name', holder, busybox)
    args = []
    for change in changes:
        args += ['--change', change]
    docker_cli('commit', *(args + [holder, '%s-image:1' % name]))
    docker_cli('rm', holder)
    return '%s-image:1' % name


def test_image_name_mismatch(name, busybox):
    other = '%s-image:alias' % name
    docker_cli('tag', busybox, other)
    base = dict(name=name, command=GRACEFUL, stop_timeout=1)
    run(image=busybox, **base)
    assert not run(image=other, image_name_mismatch='ignore', **base)['changed']
    renamed = run(image=other, **base)
    assert renamed['changed'] and applied_by(renamed) == RECREATE
    assert docker_inspect('container', name)['Config']['Image'].endswith(other)


def test_image_label_mismatch_fail(name, busybox):
    image = _image_with(name, busybox, 'LABEL maintainer=someone')
    base = dict(name=name, image=image, command=GRACEFUL, stop_timeout=1)
    run(**base)
    result = run(expect_fail=True, labels={}, image_label_mismatch='fail', **base)
    assert 'maintainer' in result['msg'] and result['msg'].startswith('image_label_mismatch: '), result['msg']
    # A task that sets no labels compares none (as community.docker): nothing to fail on.
    assert not run(image_label_mismatch='fail', **base)['changed']
    image_labels = docker_inspect('image', image)['Config']['Labels']
    assert not run(labels=image_labels, image_label_mismatch='fail', **base)['changed']
    assert not run(labels={}, **base)['changed']


def test_image_comparison_current_image(name, busybox):
    image = _image_with(name, busybox, 'ENV FROM_IMAGE=1')
    base = dict(name=name, command=GRACEFUL, stop_timeout=1, env={}, comparisons={'image': 'ignore'})
    run(image=image, **base)
    # The task names plain busybox: its env lacks FROM_IMAGE, so the container differs from it ...
    desired = run(check=True, diff=True, image=busybox, **base)
    assert desired['changed'] and 'FROM_IMAGE' in desired['diff']['before']['env'], desired['diff']
    # ... but not from the image it runs.
    assert not run(image=busybox, image_comparison='current-image', **base)['changed']


# -- state: healthy -------------------------------------------------------------------------

@pytest.mark.needs('healthcheck-runs')
def test_state_healthy_waits_for_the_health_check(name, busybox):
    args = dict(name=name, image=busybox, command=GRACEFUL, stop_timeout=1, state='healthy',
                healthcheck={'test': ['CMD', 'true'], 'interval': '1s', 'start_period': '0s'})
    checked = run(check=True, **args)
    assert checked['actions'] == ['create container %s from %s' % (name, busybox), 'start container %s' % name]
    assert docker_inspect('container', name) is None
    result = run(**args)
    assert result['changed'] and result['container']['State']['Health']['Status'] == 'healthy'
    again = run(**args)
    assert not again['changed'], again['actions']


@pytest.mark.needs('healthcheck-runs')
def test_state_healthy_fails_with_the_last_output(name, busybox):
    args = dict(name=name, image=busybox, command=GRACEFUL, stop_timeout=1, state='healthy',
                healthcheck={'test': 'echo broken-probe; exit 1', 'interval': '1s', 'retries': 1})
    result = run(expect_fail=True, **args)
    assert 'unhealthy' in result['msg'] and 'broken-probe' in result['msg'], result['msg']
    # `container` is returned always (documented so), the failed wait included.
    assert result['container']['State']['Health']['Status'] == 'unhealthy', result.get('container')
    slow = dict(args)
    slow.update(name=name + '-slow', healthy_wait_timeout=1,
                healthcheck={'test': 'sleep 30', 'interval': '1s', 'timeout': '60s'})
    result = run(expect_fail=True, **slow)
    assert 'healthy_wait_timeout' in result['msg'], result['msg']


def test_values_the_engine_accepts_are_accepted(name, busybox):
    """No stricter than the engine: restart_retries 0 beside any policy (0: no limit), memory_swap
    `unlimited` (-1, as community.docker takes it)."""
    converge(name, image=busybox, command=GRACEFUL, stop_timeout=1, restart_policy='always', restart_retries=0)
    assert docker_inspect('container', name)['HostConfig']['RestartPolicy'] == {'Name': 'always', 'MaximumRetryCount': 0}
    run_module('container', name=name, state='absent', force_kill=True)
    converge(name, image=busybox, command=GRACEFUL, stop_timeout=1, memory='64m', memory_swap='unlimited')
    # Podman takes -1 but reports its default back (twice the memory); the rerun above was unchanged there too.
    unlimited = (2 * (64 << 20)) if ENGINE.is_podman else -1
    assert docker_inspect('container', name)['HostConfig']['MemorySwap'] == unlimited
