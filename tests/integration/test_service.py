"""service and service_info modules (and overlay networks) on a single-node swarm of a scratch dockerd.

There is no IPVS in this kernel, so services are reached with endpoint_mode dnsrr.
"""

import json
import os
import time
import uuid

import pytest

from conftest import BUSYBOX, run_module
from swarm_scratch import QUICK_STOP, swarm_manager  # noqa: F401  pylint: disable=unused-import

pytestmark = pytest.mark.needs('full-suite')

FAST_UPDATES = {'parallelism': 0, 'monitor': '500ms'}


@pytest.fixture
def svc(prefix):
    return '%s-svc-%s' % (prefix, uuid.uuid4().hex[:4])


@pytest.fixture(scope='module')
def overlay(swarm_manager, prefix):
    name = '%s-ov' % prefix
    result = run_module('network', **swarm_manager.args(name=name, driver='overlay', attachable=True))
    assert result['changed']
    return name


def service_args(daemon, name, **options):
    base = dict(name=name, image=BUSYBOX, command=['sh', '-c', QUICK_STOP], update_config=FAST_UPDATES)
    base.update(options)
    return daemon.args(**base)


def service_exists(daemon, name):
    return daemon.cli('service', 'inspect', name, check=False)[0] == 0


def test_replicated_dnsrr_service_check_real_rerun_scale_remove(swarm_manager, overlay, svc):
    daemon = swarm_manager
    options = service_args(daemon, svc, replicas=2, endpoint_mode='dnsrr', env={'MODE': 'one'},
                           networks=[{'name': overlay, 'aliases': ['%s-alias' % svc]}], labels={'app': 'web'})
    checked = run_module('service', check=True, diff=True, options=options)
    assert checked['changed'] and checked['actions'] == ['create service %s' % svc,
                                                         'wait until service %s converged' % svc]
    assert checked['diff'] == {'before': {'state': 'absent'}, 'after': {'state': 'present'}}
    assert not service_exists(daemon, svc)

    created = run_module('service', options=options)
    assert created['changed']
    assert [task['state'] for task in created['tasks']] == ['running', 'running']
    assert all(task['addresses'][overlay] for task in created['tasks'])
    assert created['tasks'][0]['node'] == daemon.hostname()
    assert created['tasks'][0]['name'] == '%s.1.%s' % (svc, created['tasks'][0]['id'])
    assert created['service']['Spec']['EndpointSpec']['Mode'] == 'dnsrr'

    again = run_module('service', diff=True, options=options)
    assert not again['changed'] and again['actions'] == []

    scaled = dict(options, replicas=3, env={'MODE': 'two'})
    checked = run_module('service', check=True, diff=True, options=scaled)
    assert checked['changed']
    assert checked['diff']['before']['Mode.Replicated.Replicas'] == 2
    assert checked['diff']['after']['Mode.Replicated.Replicas'] == 3
    assert checked['diff']['after']['TaskTemplate.ContainerSpec.Env'] == ['MODE=two']
    assert _replicas(daemon, svc) == 2
    updated = run_module('service', options=scaled)
    assert updated['changed'] and len(updated['tasks']) == 3
    assert all(task['state'] == 'running' for task in updated['tasks'])
    assert not run_module('service', options=scaled)['changed']

    removal = daemon.args(name=svc, state='absent')
    assert run_module('service', check=True, options=removal)['changed']
    assert service_exists(daemon, svc)
    removed = run_module('service', options=removal)
    assert removed['changed'] and removed['service'] == {}
    assert not service_exists(daemon, svc)
    assert daemon.cli('ps', '-aq', '--filter', 'label=com.docker.swarm.service.name=%s' % svc)[1] == ''
    assert not run_module('service', options=removal)['changed']


def _replicas(daemon, name):
    return json.loads(daemon.cli('service', 'inspect', name, '--format', '{{json .Spec.Mode.Replicated.Replicas}}')[1])


def test_replicas_reachable_by_service_name_over_the_overlay(swarm_manager, overlay, svc, prefix):
    daemon = swarm_manager
    run_module('service', options=service_args(daemon, svc, replicas=2, endpoint_mode='dnsrr', networks=[overlay]))
    client = '%s-client-%s' % (prefix, svc[-4:])
    try:
        # The name is registered in the embedded DNS a moment after the tasks run.
        probe = 'for i in $(seq 20); do ping -c 1 -W 1 %s && exit 0; sleep 0.5; done; exit 1' % svc
        code, output = daemon.cli('run', '--rm', '--name', client, '--network', overlay, BUSYBOX, 'sh', '-c', probe,
                                  check=False)
        assert code == 0, output
        assert '1 packets received' in output
    finally:
        run_module('service', options=daemon.args(name=svc, state='absent'))


def _lookup(daemon, network, names):
    """Addresses each name resolves to in the embedded DNS, from a container on the overlay."""
    # A name is registered a moment after its task runs; retry until every name resolves.
    script = ('for n in %s; do for i in 1 2 3 4 5 6; do nslookup $n 127.0.0.11 >/dev/null 2>&1 && break; sleep 0.5; '
              'done; echo "== $n"; nslookup $n 127.0.0.11; done' % ' '.join(names))
    output = daemon.cli('run', '--rm', '--network', network, BUSYBOX, 'sh', '-c', script)[1]
    found, current = {}, None
    for line in output.splitlines():
        if line.startswith('== '):
            current = line[3:]
            found[current] = []
        elif line.startswith('Address') and current and '127.0.0.11' not in line:
            found[current].append(line.split()[-1])
    return dict((name, sorted(addresses)) for name, addresses in found.items())


def test_service_discovery_dns_name_tasks_name_and_alias(swarm_manager, overlay, svc):
    """The three ways to find a service on an overlay: its name (dnsrr: the task addresses; vip: one virtual IP),
    tasks.<service> (always every task address) and a network alias (like the name)."""
    daemon = swarm_manager
    dnsrr, vip, alias = svc + '-rr', svc + '-vip', svc + '-alias'
    rr = run_module('service', options=service_args(daemon, dnsrr, replicas=2, endpoint_mode='dnsrr',
                                                    networks=[{'name': overlay, 'aliases': [alias]}]))
    virtual = run_module('service', options=service_args(daemon, vip, replicas=2, networks=[overlay]))
    try:
        rr_addresses = sorted(task['addresses'][overlay][0] for task in rr['tasks'])
        vip_tasks = sorted(task['addresses'][overlay][0] for task in virtual['tasks'])
        vips = [entry['Addr'].split('/')[0] for entry in virtual['service']['Endpoint']['VirtualIPs']]
        found = _lookup(daemon, overlay, [dnsrr, 'tasks.' + dnsrr, alias, vip, 'tasks.' + vip])
        assert found == {dnsrr: rr_addresses, 'tasks.' + dnsrr: rr_addresses, alias: rr_addresses,
                         vip: vips, 'tasks.' + vip: vip_tasks}
        # Task addresses answer; the virtual IP only where the kernel has IPVS (not on this machine: see README).
        assert daemon.cli('run', '--rm', '--network', overlay, BUSYBOX, 'ping', '-c', '1', '-W', '2',
                          'tasks.' + vip)[0] == 0
        if os.path.exists('/proc/net/ip_vs'):
            assert daemon.cli('run', '--rm', '--network', overlay, BUSYBOX, 'ping', '-c', '1', '-W', '2', vip)[0] == 0
    finally:
        for name in (dnsrr, vip):
            run_module('service', options=daemon.args(name=name, state='absent'))


def test_every_option_is_idempotent(swarm_manager, overlay, svc, prefix):
    """All the comparable options at once: a rerun must not see a difference anywhere."""
    daemon = swarm_manager
    options = service_args(
        daemon, svc, replicas=1, endpoint_mode='vip', networks=[overlay],
        env={'A': 1, 'B': 'two'}, labels={'tier': 'web'}, container_labels={'team': 'ops'},
        hostname='web-{{.Task.Slot}}', workdir='/tmp', user='0',
        placement={'constraints': ['node.role==manager'], 'preferences': ['spread=node.labels.zone'],
                   'max_replicas': 2},
        published_ports=[{'target_port': 8080, 'published_port': 0, 'mode': 'host'}],
        mounts=[{'source': '%s-data' % prefix, 'target': '/data'}, {'target': '/scratch', 'type': 'tmpfs'}],
        update_config={'parallelism': 0, 'delay': '1s', 'failure_action': 'rollback', 'monitor': '500ms',
                       'max_failure_ratio': 0.5, 'order': 'start-first'},
        rollback_config={'parallelism': 1, 'failure_action': 'continue', 'order': 'stop-first'},
        restart_policy={'condition': 'on-failure', 'delay': '2s', 'max_attempts': 3, 'window': '1m'},
        limits={'cpus': 0.5, 'memory': '64m'}, reservations={'cpus': 0.1, 'memory': '8m'})
    created = run_module('service', options=options)
    assert created['changed']
    spec = created['service']['Spec']
    assert spec['TaskTemplate']['Resources']['Limits'] == {'NanoCPUs': 500000000, 'MemoryBytes': 64 * 1024 ** 2}
    assert spec['UpdateConfig']['Order'] == 'start-first'
    assert spec['TaskTemplate']['RestartPolicy']['MaxAttempts'] == 3
    assert spec['TaskTemplate']['ContainerSpec']['Env'] == ['A=1', 'B=two']
    again = run_module('service', diff=True, options=options)
    assert not again['changed'], again['diff']
    forced = run_module('service', options=dict(options, force_update=True))
    assert forced['changed'] and forced['actions'][0] == 'update service %s (TaskTemplate.ForceUpdate)' % svc
    run_module('service', options=daemon.args(name=svc, state='absent'))


def test_configs_and_secrets_created_rotated_and_removed(swarm_manager, svc):
    daemon = swarm_manager
    secret_value = 'pw-%s' % uuid.uuid4().hex
    options = service_args(daemon, svc, secrets=[{'name': 'db-password', 'data': secret_value, 'mode': 0o400}],
                           configs=[{'name': 'app-conf', 'data': 'level=1\n', 'filename': '/etc/app.conf'}])
    created = run_module('service', options=options)
    assert created['changed']
    assert [action.split()[:2] for action in created['actions'][:2]] == [['create', 'config'], ['create', 'secret']]
    assert secret_value not in json.dumps(created)
    container = created['tasks'][0]['container_id']
    assert daemon.cli('exec', container, 'cat', '/etc/app.conf')[1] == 'level=1'
    assert daemon.cli('exec', container, 'cat', '/run/secrets/db-password')[1] == secret_value
    assert not run_module('service', options=options)['changed']

    changed = dict(options, configs=[{'name': 'app-conf', 'data': 'level=2\n', 'filename': '/etc/app.conf'}])
    rotated = run_module('service', options=changed)
    assert rotated['changed']
    assert rotated['actions'][-1].startswith('remove unused config app-conf-')
    assert daemon.cli('exec', rotated['tasks'][0]['container_id'], 'cat', '/etc/app.conf')[1] == 'level=2'
    assert len(daemon.cli('config', 'ls', '-q', '--filter', 'label=dockyard.docker.service=%s' % svc)[1].split()) == 1

    removed = run_module('service', options=daemon.args(name=svc, state='absent'))
    assert removed['changed']
    for kind in ('config', 'secret'):
        assert daemon.cli(kind, 'ls', '-q', '--filter', 'label=dockyard.docker.service=%s' % svc)[1] == ''


def test_mode_change_recreates_and_global_runs_one_per_node(swarm_manager, svc):
    daemon = swarm_manager
    run_module('service', options=service_args(daemon, svc, replicas=2))
    options = service_args(daemon, svc, mode='global')
    checked = run_module('service', check=True, diff=True, options=options)
    assert checked['actions'][:2] == ['remove service %s (mode replicated -> global)' % svc,
                                      'create service %s (mode replicated -> global)' % svc]
    recreated = run_module('service', options=options)
    assert recreated['changed'] and 'Global' in recreated['service']['Spec']['Mode']
    assert len(recreated['tasks']) == 1
    assert not run_module('service', options=options)['changed']
    run_module('service', options=daemon.args(name=svc, state='absent'))


def test_service_info_tasks_per_node_and_logs(swarm_manager, svc):
    daemon = swarm_manager
    run_module('service', options=service_args(daemon, svc, replicas=2))
    info = run_module('service_info', **daemon.args(name=svc, logs=True, tail=5, timestamps=True))
    assert info['exists'] and not info['changed']
    host = daemon.hostname()
    assert list(info['tasks_by_node']) == [host]
    assert sorted(task['slot'] for task in info['tasks_by_node'][host]) == [1, 2]
    assert [entry['line'] for entry in info['logs']] == ['ready', 'ready']
    assert all(entry['node'] == host and entry['timestamp'] and entry['stream'] == 'stdout' for entry in info['logs'])
    assert set(entry['task_id'] for entry in info['logs']) == set(task['id'] for task in info['tasks'])

    run_module('service', options=service_args(daemon, svc, replicas=1))
    history = run_module('service_info', **daemon.args(name=svc, task_history=True))
    assert len(history['tasks']) == 2
    states = sorted(task['desired_state'] for task in history['tasks'])
    assert states[1] == 'running' and states[0] in ('remove', 'shutdown'), states  # scaled down: remove
    plain = run_module('service_info', **daemon.args(name=svc, logs=True))
    assert 'timestamp' not in plain['logs'][0]
    run_module('service', options=daemon.args(name=svc, state='absent'))
    missing = run_module('service_info', **daemon.args(name=svc))
    assert missing['exists'] is False and missing['tasks'] == []


def test_a_service_that_never_runs_fails_and_is_removed(swarm_manager, svc):
    daemon = swarm_manager
    result = run_module('service', expect_fail=True,
                        **daemon.args(name=svc, image='dyt-no-such-image:1', wait_timeout=6))
    assert result['msg'].startswith('service %s did not converge within 6s: 0 of 1 tasks running' % svc)
    assert '\n' not in result['msg']
    assert not service_exists(daemon, svc)


def test_replicated_job_runs_to_completion_and_again_on_change(swarm_manager, svc):
    daemon = swarm_manager
    options = daemon.args(name=svc, image=BUSYBOX, command=['sh', '-c', 'echo done'], mode='replicated-job',
                          max_concurrent=2, total_completions=3, restart_policy={'condition': 'none'})
    checked = run_module('service', check=True, options=options)
    assert checked['changed'] and not service_exists(daemon, svc)
    created = run_module('service', options=options)
    assert created['changed']
    assert created['service']['Spec']['Mode'] == {'ReplicatedJob': {'MaxConcurrent': 2, 'TotalCompletions': 3}}
    assert [task['state'] for task in created['tasks']] == ['complete'] * 3
    assert not run_module('service', options=options)['changed']
    again = run_module('service', options=dict(options, env={'RUN': '2'}))
    assert again['changed']
    assert again['service']['JobStatus']['JobIteration']['Index'] == 1
    assert sorted(task['state'] for task in again['tasks']) == ['complete'] * 6  # both runs' tasks
    run_module('service', options=daemon.args(name=svc, state='absent'))


def test_global_job_and_a_failing_job(swarm_manager, svc):
    daemon = swarm_manager
    created = run_module('service', options=daemon.args(name=svc, image=BUSYBOX, command=['true'], mode='global-job'))
    assert created['service']['Spec']['Mode'] == {'GlobalJob': {}}
    assert [(task['state'], task['node']) for task in created['tasks']] == [('complete', daemon.hostname())]
    switched = run_module('service', check=True, options=daemon.args(name=svc, mode='replicated'))
    assert switched['actions'][0] == 'remove service %s (mode global-job -> replicated)' % svc
    run_module('service', options=daemon.args(name=svc, state='absent'))
    failed = run_module('service', expect_fail=True, options=daemon.args(
        name=svc, image=BUSYBOX, command=['false'], mode='replicated-job', restart_policy={'condition': 'none'},
        wait_timeout=4))
    assert failed['msg'].startswith('service %s did not converge within 4s: 0 of 1 job tasks completed; '
                                    'last task error: task: non-zero exit (1)' % svc), failed['msg']
    assert not service_exists(daemon, svc)


def test_max_replicas_per_node_limits_placement(swarm_manager, svc):
    daemon = swarm_manager
    options = service_args(daemon, svc, replicas=2, placement={'max_replicas': 1}, wait_timeout=5)
    failed = run_module('service', expect_fail=True, options=options)
    assert failed['msg'].startswith('service %s did not converge within 5s: 1 of 2 tasks running; last task error: '
                                    'no suitable node (max replicas per node limit exceed' % svc), failed['msg']
    assert not service_exists(daemon, svc)
    one = dict(options, replicas=1)
    created = run_module('service', options=one)
    assert created['service']['Spec']['TaskTemplate']['Placement']['MaxReplicas'] == 1
    assert not run_module('service', options=one)['changed']
    run_module('service', options=daemon.args(name=svc, state='absent'))


HEALTHY_AFTER_2S = "sleep 2; touch /tmp/ok; " + QUICK_STOP
HEALTHCHECK = {'test': 'test -f /tmp/ok', 'interval': '1s', 'retries': 2}


def test_rollout_waits_for_health_and_a_rolled_back_update_fails(swarm_manager, svc):
    daemon = swarm_manager
    options = service_args(daemon, svc, command=['sh', '-c', HEALTHY_AFTER_2S], healthcheck=HEALTHCHECK,
                           update_config={'parallelism': 0, 'monitor': '2s', 'failure_action': 'rollback'},
                           rollback_config={'parallelism': 0, 'monitor': '500ms'}, wait_timeout=40)
    created = run_module('service', options=options)
    assert created['tasks'][0]['state'] == 'running'
    health = daemon.cli('inspect', created['tasks'][0]['container_id'], '--format', '{{.State.Health.Status}}')[1]
    assert health == 'healthy'  # returned only once the task was healthy
    assert created['service']['Spec']['TaskTemplate']['ContainerSpec']['Healthcheck'] == {
        'Test': ['CMD-SHELL', 'test -f /tmp/ok'], 'Interval': 1000000000, 'Retries': 2}
    assert not run_module('service', options=options)['changed']

    never_healthy = dict(options, command=['sleep', '600'], stop_grace_period='1s')  # killed when unhealthy
    failed = run_module('service', expect_fail=True, options=never_healthy)
    assert failed['msg'].startswith('service %s: the update failed and was rolled back (rollback_completed: ' % svc), \
        failed['msg']
    assert 'failed tasks: task ' in failed['msg']
    assert 'on %s: ' % daemon.hostname() in failed['msg']
    assert 'unhealthy container' in failed['msg'] and '\n' not in failed['msg']
    spec = json.loads(daemon.cli('service', 'inspect', svc, '--format', '{{json .Spec.TaskTemplate.ContainerSpec.Args}}')[1])
    assert spec == ['sh', '-c', HEALTHY_AFTER_2S]  # back on the previous spec
    early = run_module('service', expect_fail=True, options=dict(options, command=['sh', '-c', QUICK_STOP]))
    assert 'on %s: complete (finished, exit code 0)' % daemon.hostname() in early['msg']  # stopped on TERM, exit 0
    # The old rollback says nothing about a later update that starts no rollout.
    relabelled = run_module('service', options=dict(options, labels={'after': 'rollback'}))
    assert relabelled['changed']
    run_module('service', options=daemon.args(name=svc, state='absent'))


def test_healthcheck_list_forms_the_engine_takes(swarm_manager, svc):
    daemon = swarm_manager
    shell = service_args(daemon, svc, healthcheck={'test': ['CMD-SHELL', 'test -d /tmp'], 'interval': '1s', 'retries': 2})
    checked = run_module('service', check=True, options=shell)
    assert checked['changed'] and not service_exists(daemon, svc)
    created = run_module('service', options=shell)
    assert created['changed']
    assert created['service']['Spec']['TaskTemplate']['ContainerSpec']['Healthcheck'] == {
        'Test': ['CMD-SHELL', 'test -d /tmp'], 'Interval': 1000000000, 'Retries': 2}
    assert not run_module('service', options=shell)['changed']
    for test in (['CMD', 'test', '-d', '/tmp'], ['NONE']):
        options = dict(shell, healthcheck={'test': test, 'interval': '1s'})
        updated = run_module('service', options=options)
        assert updated['changed']
        assert updated['service']['Spec']['TaskTemplate']['ContainerSpec']['Healthcheck'] == {'Test': test, 'Interval': 1000000000}
        assert not run_module('service', options=options)['changed']
    run_module('service', options=daemon.args(name=svc, state='absent'))


def test_an_update_the_swarm_pauses_fails_the_task(swarm_manager, svc):
    daemon = swarm_manager
    options = service_args(daemon, svc, update_config={'parallelism': 0, 'monitor': '2s', 'failure_action': 'pause'})
    run_module('service', options=options)
    failed = run_module('service', expect_fail=True, options=dict(options, command=['sh', '-c', 'exit 3']))
    assert failed['msg'].startswith('service %s: the update was paused: update paused due to failure or early '
                                    'termination of task ' % svc), failed['msg']
    assert 'on %s: task: non-zero exit (3)' % daemon.hostname() in failed['msg']
    run_module('service', options=daemon.args(name=svc, state='absent'))


@pytest.mark.parametrize('options, message', [
    (dict(mode='global', replicas=2), 'replicas: invalid value 2; mode=global runs one task per node'),
    (dict(endpoint_mode='dnsrr', published_ports=['8080:80']),
     "published_ports: invalid value ['8080:80']; endpoint_mode=dnsrr has no routing mesh"),
    (dict(published_ports=['http']), "published_ports: invalid value 'http'; give PUBLISHED:TARGET"),
    (dict(published_ports=['127.0.0.1:8080:80']),
     "published_ports: invalid value '127.0.0.1:8080:80'; a swarm publishes on every address of a node"),
    (dict(published_ports=[{'target_port': True}]), 'published_ports.target_port: invalid value True; give a port number'),
    (dict(update_config={'delay': 'soon'}), "update_config.delay: invalid value 'soon'; give a duration"),
    (dict(limits={'memory': 'lots'}), "limits.memory: invalid value 'lots'"),
    (dict(placement={'preferences': ['pack=node.id']}), "placement.preferences: invalid value 'pack=node.id'"),
    (dict(mounts=[{'target': 'data', 'source': 'v'}]), "mounts.target: invalid value 'data'"),
    (dict(networks=[{'name': 'x', 'alias': 'y'}]), 'networks: invalid value'),
    (dict(replicas=-1), 'replicas: invalid value -1; give 0 or more'),
    (dict(env={'A': True}), "env: invalid value 'A=True'"),
    (dict(mode='replicated-job', replicas=2), 'replicas: invalid value 2; a replicated-job runs total_completions'),
    (dict(max_concurrent=2), 'max_concurrent: invalid value 2; only mode=replicated-job has max_concurrent'),
    (dict(mode='replicated-job', total_completions=0), 'total_completions: invalid value 0; give 1 or more'),
    (dict(placement={'max_replicas': -1}), 'placement.max_replicas: invalid value -1; give 0 (no limit) or more'),
    (dict(healthcheck={'test': ['curl', 'x']}), "healthcheck.test: invalid value ['curl', 'x']; give a shell command"),
    (dict(healthcheck={'interval': 'often'}), "healthcheck.interval: invalid value 'often'; give a duration"),
    (dict(healthcheck={'test': ['CMD']}), "healthcheck.test: invalid value ['CMD']; give the command to run after CMD"),
])
def test_bad_input_fails_before_touching_the_daemon(options, message):
    result = run_module('service', expect_fail=True,
                        options=dict(options, docker_host='unix:///nonexistent.sock', name='x', image=BUSYBOX))
    assert result['msg'].startswith(message), result['msg']
    assert '\n' not in result['msg']


def test_missing_references_are_named(swarm_manager, svc):
    daemon = swarm_manager
    for options, message in (
            (dict(networks=['dyt-no-such-net']), "networks: network 'dyt-no-such-net' does not exist"),
            (dict(networks=['bridge']), "networks: network 'bridge' has scope local"),
            (dict(secrets=[{'name': 'dyt-no-such-secret'}]), "secrets: secret 'dyt-no-such-secret' does not exist"),
            (dict(image=None), 'image: invalid value None; creating service %s needs an image' % svc)):
        result = run_module('service', expect_fail=True, options=service_args(daemon, svc, **options))
        assert result['msg'].startswith(message), result['msg']
    assert not service_exists(daemon, svc)


def test_overlay_network_attachable_and_encrypted(swarm_manager, prefix):
    # Last in the file: without ESP in the kernel, an encrypted overlay upsets the node's
    # service discovery (names stop resolving) even after it is removed.
    name = '%s-enc' % prefix
    options = swarm_manager.args(name=name, driver='overlay', attachable=True, encrypted=True)
    checked = run_module('network', check=True, diff=True, **options)
    assert checked['changed']
    assert swarm_manager.cli('network', 'inspect', name, check=False)[0] != 0
    created = run_module('network', **options)
    assert created['network']['Scope'] == 'swarm' and created['network']['Attachable']
    # The options appear once the swarm allocated the network, a moment after the create; a rerun
    # before that is no change either.
    assert not run_module('network', **options)['changed']
    deadline = time.time() + 30
    while True:
        allocated = json.loads(swarm_manager.cli('network', 'inspect', name, '--format', '{{json .Options}}')[1])
        if allocated is not None:
            break
        assert time.time() < deadline, 'the swarm did not allocate network %s within 30 s' % name
        time.sleep(0.2)
    assert 'encrypted' in allocated
    assert not run_module('network', **options)['changed']
    plain = run_module('network', diff=True, **dict(options, encrypted=False))
    assert plain['changed'] and plain['diff']['after']['encrypted'] is False
    assert 'encrypted' not in json.loads(swarm_manager.cli('network', 'inspect', name, '--format',
                                                           '{{json .Options}}')[1])
    run_module('network', **swarm_manager.args(name=name, state='absent'))
    refused = run_module('network', expect_fail=True, **swarm_manager.args(name=name, driver='bridge', encrypted=True))
    assert refused['msg'] == ("encrypted: invalid value True; only overlay networks can be encrypted "
                              "(driver: overlay)")
