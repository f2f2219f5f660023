"""Sixteen writers of one daemon.json at once: the lock file beside it serialises them, no change is lost.

The races are between processes on the managed host, whatever the engine: run once, with the
host engine ('managed-host-only'). Each race has a file of its own so the workers run them side
by side (helpers: playbook_race.py).
"""

import json
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import run_module

pytestmark = pytest.mark.needs('managed-host-only')


def test_writers_of_one_daemon_json_all_land(tmp_path):
    # Module runs rather than playbooks: they start faster, so the writes really overlap.
    path = str(tmp_path / 'daemon.json')
    with open(path, 'w') as handle:
        handle.write('{"debug": false}\n')
    mirrors = ['http://127.0.0.1:%d' % (5100 + index) for index in range(16)]
    start = threading.Barrier(len(mirrors))

    def add(mirror):
        start.wait()
        return run_module('registry_mirror', url=mirror, path=path)
    with ThreadPoolExecutor(max_workers=len(mirrors)) as pool:
        results = list(pool.map(add, mirrors))

    assert all(result['changed'] for result in results)
    with open(path) as handle:
        config = json.load(handle)
    assert sorted(config['registry-mirrors']) == sorted(mirrors), config  # nobody's change lost
    assert config['debug'] is False
    assert os.path.exists(path + '.lock')  # the lock file stays: removing it would let a third writer in
    assert [entry for entry in os.listdir(str(tmp_path)) if entry.startswith('.daemon.json')] == []
