"""Helpers of the Open vSwitch modules' integration tests: the real ovsdb-server and ovs-vswitchd
of this machine, in userspace (datapath_type=netdev; this kernel has no openvswitch module).

`ovs` starts Open vSwitch with ovs-ctl when it does not answer (as the ovs_network role does on a
host without a service manager) and removes every bridge whose name a test made with `unique_name`.
"""

import json
import subprocess
import uuid

import pytest

OVS_CTL = '/usr/share/openvswitch/scripts/ovs-ctl'
PREFIX = 'dyt'  # the bridges and ports of these tests: dyt + 6 hex digits + a suffix (15 characters at most)
# The names unique_name gave in this process since the last test's cleanup (pytest runs one test at a time
# per process). Only these are removed: another process's test may be making bridges at the same time.
_NAMED = []


def vsctl(*words, check=True):
    """Run ovs-vsctl with these words; its stdout."""
    done = subprocess.run(['ovs-vsctl', '--timeout=10'] + list(words), capture_output=True, text=True, check=False)
    if check and done.returncode != 0:
        raise AssertionError('ovs-vsctl %s failed: %s' % (' '.join(words), done.stderr))
    return done.stdout.strip()


def table(name, *conditions, columns=None):
    """Rows of `ovs-vsctl find` as dicts of the raw OVSDB JSON values."""
    words = ['--format=json'] + (['--columns=' + ','.join(columns)] if columns else []) + ['find', name] + list(conditions)
    data = json.loads(vsctl(*words))
    return [dict(zip(data['headings'], row)) for row in data['data']]


def unique_name(suffix=''):
    """A bridge or port name no other test uses: dyt + 6 hex digits + suffix (keep suffix ≤ 6 characters)."""
    name = PREFIX + uuid.uuid4().hex[:6] + suffix
    _NAMED.append(name)
    return name


@pytest.fixture(scope='session')
def ovs_running():
    """Open vSwitch answers; started in userspace with ovs-ctl when it does not."""
    if subprocess.run(['ovs-vsctl', '--timeout=5', 'show'], capture_output=True, check=False).returncode != 0:
        subprocess.run([OVS_CTL, 'start', '--system-id=random', '--no-monitor'], capture_output=True, check=True, timeout=120)
    vsctl('show')


@pytest.fixture
def ovs(ovs_running):  # pylint: disable=redefined-outer-name,unused-argument
    """Removes, after the test, every bridge (with its ports) the test named with unique_name."""
    yield
    bridges = set(vsctl('list-br').split())
    for name in _NAMED:
        if name in bridges:
            vsctl('--if-exists', 'del-br', name, check=False)
    del _NAMED[:]
