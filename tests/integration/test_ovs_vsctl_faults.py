"""Every Open vSwitch module fails in one line, changing nothing, when ovs-vsctl is missing or never
answers (a script that sleeps in its place): the shared client's faults, once per module."""

import time

import pytest

from conftest import run_module

pytestmark = pytest.mark.needs('managed-host-only')

# A task of each module and what its failure names as being read.
TASKS = {
    'ovs_bridge': (dict(bridge='dytfault', datapath_type='netdev'), 'read bridge dytfault'),
    'ovs_port': (dict(bridge='br0', port='p0'), 'read port p0'),
    'ovs_bond': (dict(bridge='br0', port='bond0', interfaces=['eth1', 'eth2']), 'read bond bond0'),
    'ovs_db': (dict(table='Bridge', record='br0', col='other_config', key='a', value='1'), 'read Bridge br0 other_config:a'),
}


@pytest.mark.parametrize('module', sorted(TASKS))
def test_a_missing_ovs_vsctl_fails_in_one_line(module):
    args, _reading = TASKS[module]
    failed = run_module(module, expect_fail=True, ovs_vsctl_path='/nonexistent', **args)
    assert failed['msg'] == ('ovs_vsctl_path: /nonexistent was not found; install Open vSwitch (openvswitch-switch) '
                             'or set ovs_vsctl_path to its ovs-vsctl')


@pytest.mark.parametrize('module', sorted(TASKS))
def test_an_ovs_vsctl_that_never_answers_fails_after_the_timeout(module, tmp_path):
    args, reading = TASKS[module]
    hanging = tmp_path / 'ovs-vsctl'
    hanging.write_text('#!/bin/sh\nexec sleep 60\n')
    hanging.chmod(0o755)
    started = time.monotonic()
    failed = run_module(module, expect_fail=True, ovs_vsctl_path=str(hanging), timeout=1, **args)
    assert time.monotonic() - started < 15
    assert failed['msg'] == ('Failed to %s: %s did not answer within 1 s (timeout); is Open vSwitch running?'
                             % (reading, hanging))
