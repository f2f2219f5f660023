"""Name races: several tasks create the same container at once; each converges by re-reading."""

from concurrent.futures import ThreadPoolExecutor

from conftest import docker_cli, run_module


def test_concurrent_creates_of_one_name_all_converge(name, busybox):
    args = dict(name=name, image=busybox, command='sleep 600', stop_timeout=1)
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(lambda _i: run_module('container', **args), range(6)))
    creators = [r for r in results if any(a.startswith('create container') for a in r['actions'])]
    assert len(creators) >= 1
    assert all(r['container']['State']['Running'] for r in results)
    assert docker_cli('ps', '-aq', '--filter', 'name=^/%s$' % name).count('\n') == 0
    assert not run_module('container', **args)['changed']
    run_module('container', name=name, state='absent')
