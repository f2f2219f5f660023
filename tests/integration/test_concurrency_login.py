"""Logins and logouts writing one docker config file at once: the lock file beside it serialises them,
no writer's change is lost (as test_concurrency_daemon_json.py shows for daemon.json).

The races are between processes on the managed host, whatever the engine: run once, with the
host engine ('managed-host-only').
"""

import json
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import run_module
from test_login import AUTH_REGISTRY, PASSWORD, USER

pytestmark = [pytest.mark.needs('managed-host-only'), pytest.mark.needs('plain-http-login')]

# Four keys the daemon accepts a login for: both test registries, each by its address and as localhost.
REGISTRIES = ['127.0.0.1:5000', AUTH_REGISTRY, 'localhost:5000', AUTH_REGISTRY.replace('127.0.0.1', 'localhost')]
LEAVING = ['gone-%d.example:5000' % index for index in range(8)]
ROUNDS = 4


def test_logins_and_logouts_into_one_config_file_all_land(tmp_path):
    for round_number in range(ROUNDS):
        path = str(tmp_path / ('round-%d' % round_number) / 'config.json')
        os.makedirs(os.path.dirname(path), 0o700)
        kept = {'kept.example:5000': {'auth': 'eDp5'}}
        with open(path, 'w') as handle:
            json.dump({'auths': dict(kept, **{key: {'auth': 'eDp5'} for key in LEAVING}), 'detachKeys': 'ctrl-x'},
                      handle)
        tasks = [dict(registry_url=key, username=USER, password=PASSWORD) for key in REGISTRIES]
        tasks += [dict(registry_url=key, state='absent') for key in LEAVING]
        start = threading.Barrier(len(tasks))

        def write(task, path=path, start=start):
            start.wait()
            return run_module('login', config_path=path, **task)
        with ThreadPoolExecutor(max_workers=len(tasks)) as pool:
            results = list(pool.map(write, tasks))

        assert all(result['changed'] for result in results)
        with open(path) as handle:
            config = json.load(handle)
        assert sorted(config['auths']) == sorted(REGISTRIES + list(kept)), config['auths']  # nobody's change lost
        assert config['detachKeys'] == 'ctrl-x'
        assert os.path.exists(path + '.lock')
        assert [entry for entry in os.listdir(os.path.dirname(path)) if entry.startswith('.config.json')] == []
