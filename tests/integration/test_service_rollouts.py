"""service's job modes, placement limits and health-aware rollouts on a single-node swarm of a
scratch dockerd (a file of its own beside test_service.py, so the two run side by side)."""

import json

from conftest import BUSYBOX, run_module
from swarm_scratch import (  # noqa: F401  pylint: disable=unused-import
    FAST_UPDATES,
    QUICK_STOP,
    service_args,
    service_exists,
    svc,
    swarm_manager,
)


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


def test_an_update_the_swarm_pauses_fails_the_task(swarm_manager, svc):
    daemon = swarm_manager
    options = service_args(daemon, svc, update_config={'parallelism': 0, 'monitor': '2s', 'failure_action': 'pause'})
    run_module('service', options=options)
    failed = run_module('service', expect_fail=True, options=dict(options, command=['sh', '-c', 'exit 3']))
    assert failed['msg'].startswith('service %s: the update was paused: update paused due to failure or early '
                                    'termination of task ' % svc), failed['msg']
    assert 'on %s: task: non-zero exit (3)' % daemon.hostname() in failed['msg']
    run_module('service', options=daemon.args(name=svc, state='absent'))
