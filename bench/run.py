#!/usr/bin/env python
"""Converge benchmark: dockyard.docker against community.docker, Ansible's own floor and the daemon's.

One run on the local engine measures, for N busybox containers each on a network, with a named volume,
a published port and an env var:
  - the realistic play, as users write it: the network task, the volume task, then the containers —
    a looped dockyard.docker.container, the bulk dockyard.docker.containers, and a looped
    community.docker.docker_container (with docker_network and docker_volume): create, no-op rerun,
    removal; median of REPEAT runs at N=20
  - the per-task cases: the containers task alone (network and volume made beforehand), no-op
  - the floors: the same plays with ansible.builtin.ping in place of every task (Ansible's cost),
    and the same containers created, read and removed over the raw Engine API (bench/floor.py),
    serially and with the `containers` module's parallelism (the daemon's cost)
  - the cost curve: `containers` at N=20, 100, 300 (create, no-op, remove) and the looped cases at
    N=20, 100 (create, no-op), with seconds per container and the module process's peak memory
  - a Compose project of N services with dockyard.docker.compose (create, no-op, down -v)
The report goes to docs/benchmark.md, the figures to docs/benchmark.json, the plot (bench/plot.py)
to docs/benchmark.png. --quick measures N=20 only and writes to tests/output/bench/.

community.docker comes from the PyPI `ansible` bundle installed in the benchmark's own
virtualenv (bench/.venv); it is never a dependency of the collection.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(REPO, 'tests'))
sys.path.insert(0, HERE)
from collection_path import ensure_collection_link  # noqa: E402
import floor  # noqa: E402
import report  # noqa: E402

NETWORK, VOLUME = 'bench-net', 'bench-vol'
PARALLEL = 4  # the `containers` module's default
FLAVOURS = ('dockyard', 'bulk', 'community')
CURVE_BULK = (20, 100, 300)
CURVE_LOOPED = (20, 100)


def container_args(image, index, port):
    return {'name': 'bench-%s' % index, 'image': image, 'command': 'sleep 3600', 'stop_timeout': 1,
            'networks': [{'name': NETWORK}], 'volumes': ['%s:/data' % VOLUME],
            'published_ports': ['%s:80' % port], 'env': {'BENCH': '1'}}


def container_tasks(flavour, image, n, present):
    """The task(s) converging the N containers, for one flavour."""
    loop = {'loop': '{{ range(%d) | list }}' % n}
    if flavour == 'bulk':
        definitions = [container_args(image, item, 20000 + item) for item in range(n)]
        return [{'name': 'All containers in one task', 'dockyard.docker.containers': {
            'project': 'bench', 'state': 'present' if present else 'absent', 'definitions': definitions}}]
    args = container_args(image, '{{ item }}', '{{ 20000 + item }}')
    args['state'] = 'started' if present else 'absent'
    if flavour == 'community':
        # community.docker would otherwise see the default bridge as a network to leave.
        args['comparisons'] = {'networks': 'allow_more_present'}
        return [dict({'name': 'Containers one by one', 'community.docker.docker_container': args}, **loop)]
    return [dict({'name': 'Containers one by one', 'dockyard.docker.container': args}, **loop)]


def network_volume_tasks(flavour, present):
    state = 'present' if present else 'absent'
    if flavour == 'community':
        return [{'name': 'Network', 'community.docker.docker_network': {'name': NETWORK, 'state': state}},
                {'name': 'Volume', 'community.docker.docker_volume': {'volume_name': VOLUME, 'state': state}}]
    return [{'name': 'Network', 'dockyard.docker.network': {'name': NETWORK, 'state': state}},
            {'name': 'Volume', 'dockyard.docker.volume': {'name': VOLUME, 'state': state}}]


def realistic_tasks(flavour, image, n, present):
    """A user's play: network and volume first, containers after; removal in the reverse order."""
    shared, containers = network_volume_tasks(flavour, present), container_tasks(flavour, image, n, present)
    return shared + containers if present else containers + shared


def ping_tasks(flavour, n):
    """Ansible's floor for a play of that shape: the same tasks and loop items, each a ping."""
    ping = {'ansible.builtin.ping': None}
    looped = [dict(ping, name='Ping loop', loop='{{ range(%d) | list }}' % n)]
    return [dict(ping, name='Ping %d' % index) for index in range(2)] + (
        [dict(ping, name='Ping once')] if flavour == 'bulk' else looped)


class Bench:

    def __init__(self, args, env, workdir):
        self.args, self.env, self.workdir = args, env, workdir
        self.plays = 0

    def play(self, tasks, process=False):
        """Seconds one play takes; process=True runs dockyard's modules as module processes, as on a
        remote host, instead of in Ansible's worker (plugins/plugin_utils/in_process.py)."""
        self.plays += 1
        path = os.path.join(self.workdir, 'play%d.yml' % self.plays)
        with open(path, 'w') as handle:  # JSON is YAML
            json.dump([{'hosts': 'localhost', 'gather_facts': False, 'tasks': tasks}], handle)
        started = time.monotonic()
        argv = [os.path.join(self.args.venv, 'bin', 'ansible-playbook'), '-i', 'localhost,', '-c', 'local', path]
        if process:
            argv += ['-e', 'dockyard_docker_in_process=false']
        proc = subprocess.run(argv, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              check=False)
        elapsed = time.monotonic() - started
        if proc.returncode != 0:
            sys.stderr.write(proc.stdout.decode()[-3000:])
            raise SystemExit('benchmark play %s failed' % path)
        return elapsed

    def realistic(self, flavour, n, phases, process=False):
        """{phase: seconds} of the realistic play; phases from create, no-op, per-task no-op, remove."""
        image = self.args.image
        clean(n)
        times = {'create': self.play(realistic_tasks(flavour, image, n, True), process)}
        times['no-op'] = self.play(realistic_tasks(flavour, image, n, True), process)
        if 'per-task no-op' in phases:
            times['per-task no-op'] = self.play(container_tasks(flavour, image, n, True), process)
        if 'remove' in phases:
            times['remove'] = self.play(realistic_tasks(flavour, image, n, False))
        clean(n)
        return times

    def module_peak_rss(self, flavour, n):
        """Peak resident memory (MB) of the module process converging the N containers (a no-op):
        the module run as Ansible runs it, alone, so its memory is not mixed with the controller's."""
        image = self.args.image
        if flavour == 'bulk':
            module, args = 'containers', container_tasks('bulk', image, n, True)[0]['dockyard.docker.containers']
        else:
            module, args = 'container', dict(container_args(image, 0, 20000), state='started')
        return module_rss(self.env, module, args)


def module_rss(env, module, args):
    with tempfile.TemporaryFile() as stdin, tempfile.TemporaryFile() as stdout:
        stdin.write(json.dumps({'ANSIBLE_MODULE_ARGS': args}).encode())
        stdin.seek(0)
        proc = subprocess.Popen([env['ANSIBLE_PYTHON_INTERPRETER'], '-m',
                                 'ansible_collections.dockyard.docker.plugins.modules.' + module],
                                stdin=stdin, stdout=stdout, stderr=subprocess.STDOUT,
                                env=dict(env, PYTHONPATH=env['ANSIBLE_COLLECTIONS_PATH']))
        _pid, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = status
        stdout.seek(0)
        answer = stdout.read().decode()
    if status != 0 or '"failed": true' in answer:
        raise SystemExit('module %s failed: %s' % (module, answer[-2000:]))
    return usage.ru_maxrss / 1024.0


def clean(n):
    docker('rm', '-f', *['bench-%d' % item for item in range(n)])
    docker('network', 'rm', NETWORK)
    docker('volume', 'rm', VOLUME)


def docker(*args):
    subprocess.run(['docker'] + list(args), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)


def median_of(rounds):
    """Medians of the phases every round measured."""
    keys = [key for key in rounds[0] if all(key in times for times in rounds)]
    return dict((key, statistics.median(times[key] for times in rounds)) for key in keys)


def measure(bench, args):
    """Every figure of the report, as one dict (what docs/benchmark.json holds)."""
    n, results = args.n, {'n': args.n, 'repeat': args.repeat}
    rounds = dict((flavour, []) for flavour in FLAVOURS)
    floors = dict((flavour, []) for flavour in ('looped', 'bulk'))
    results['module_process'] = {}
    for number in range(args.repeat):
        first = number == 0
        for flavour in FLAVOURS:
            phases = ('per-task no-op', 'remove') if first else ()
            rounds[flavour].append(bench.realistic(flavour, n, phases))
        if first:
            for flavour in ('dockyard', 'bulk'):
                results['module_process'][flavour] = bench.realistic(flavour, n, (), process=True)
        floors['looped'].append(bench.play(ping_tasks('dockyard', n)))
        floors['bulk'].append(bench.play(ping_tasks('bulk', n)))
    results['realistic'] = dict((flavour, median_of(rounds[flavour])) for flavour in FLAVOURS)
    # Measured in the first round only: the per-task no-op and the removal.
    for flavour in FLAVOURS:
        results['realistic'][flavour].update((key, rounds[flavour][0][key]) for key in ('per-task no-op', 'remove'))
    results['ansible_floor'] = dict((key, statistics.median(values)) for key, values in floors.items())
    results['api_floor'] = {n: {'serial': floor.measure(n, 1, args.image),
                                'parallel': floor.measure(n, PARALLEL, args.image)}}
    results['curve'] = curve(bench, args, results)
    return results


def curve(bench, args, results):
    """[{case, n, create, no-op, remove?, rss}] for the curve; N=20 reuses the realistic medians."""
    points = []
    sizes_bulk = [size for size in CURVE_BULK if size == args.n or not args.quick]
    sizes_looped = [size for size in CURVE_LOOPED if size == args.n or not args.quick]
    for flavour, sizes in (('bulk', sizes_bulk), ('dockyard', sizes_looped), ('community', sizes_looped)):
        for size in sizes:
            if size == args.n:
                times = dict(results['realistic'][flavour])
                times.pop('per-task no-op', None)
            else:
                times = bench.realistic(flavour, size, ('remove',) if flavour == 'bulk' else ())
            point = dict(times, case=flavour, n=size)
            if flavour != 'community':
                bench.play(realistic_tasks(flavour, args.image, size, True))
                point['rss_mb'] = bench.module_peak_rss(flavour, size)
                clean(size)
            points.append(point)
    for size in sizes_bulk:
        if size not in results['api_floor']:
            results['api_floor'][size] = {'parallel': floor.measure(size, PARALLEL, args.image)}
    return points


def bench_venv(venv):
    python = os.path.join(venv, 'bin', 'python')
    if not os.path.exists(os.path.join(venv, 'bin', 'ansible-playbook')):
        subprocess.check_call([sys.executable, '-m', 'venv', venv])
        subprocess.check_call([python, '-m', 'pip', 'install', '-q', 'ansible>=12,<13', 'docker>=7,<8', 'matplotlib'])
    return python


def bench_env(args, python):
    env = dict(os.environ)
    env['ANSIBLE_COLLECTIONS_PATH'] = args.collections or ensure_collection_link()
    env['ANSIBLE_PYTHON_INTERPRETER'] = python
    env['ANSIBLE_STDOUT_CALLBACK'] = 'default'
    env['ANSIBLE_NOCOLOR'] = '1'
    return env


def machine():
    return {'date': time.strftime('%Y-%m-%d'), 'platform': platform.platform(), 'cpus': os.cpu_count(),
            'python': platform.python_version(), 'engine': subprocess.run(
                ['docker', 'version', '--format', '{{.Server.Version}}'], stdout=subprocess.PIPE,
                check=False).stdout.decode().strip()}


def noop_only(bench, args):
    """--noop-only: dockyard's no-op figures alone (realistic and per-task), e.g. to compare two checkouts."""
    flavours = ('dockyard', 'bulk')
    rounds = dict((flavour, []) for flavour in flavours)
    for _number in range(args.repeat):
        for flavour in flavours:
            rounds[flavour].append(bench.realistic(flavour, args.n, ('per-task no-op',), args.module_process))
    return {'n': args.n, 'repeat': args.repeat, 'machine': machine(), 'module_process': args.module_process,
            'realistic': dict((flavour, median_of(rounds[flavour])) for flavour in flavours)}


def remote_results(output):
    """bench/remote.py's last figures beside ours, for the report's remote section (None: not measured)."""
    path = os.path.join(output, 'benchmark_remote.json')
    if not os.path.exists(path):
        return None
    with open(path) as handle:
        return json.load(handle)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('-n', type=int, default=20)
    parser.add_argument('--repeat', type=int, default=3)
    parser.add_argument('--quick', action='store_true', help='N=20 only (no curve beyond it), report under tests/output')
    parser.add_argument('--noop-only', action='store_true', help='only the no-op cases; prints their medians')
    parser.add_argument('--module-process', action='store_true',
                        help='with --noop-only: run dockyard modules as module processes (dockyard_docker_in_process: false)')
    parser.add_argument('--collections', help='an ANSIBLE_COLLECTIONS_PATH holding the dockyard.docker to measure '
                                              '(default: this checkout)')
    parser.add_argument('--image', default=os.environ.get('DOCKYARD_TEST_BUSYBOX', 'dockyard-test/busybox:latest'))
    parser.add_argument('--venv', default=os.path.join(HERE, '.venv'))
    args = parser.parse_args()
    env = bench_env(args, bench_venv(args.venv))
    output = os.path.join(REPO, 'tests', 'output', 'bench') if args.quick or args.noop_only else os.path.join(REPO, 'docs')
    os.makedirs(output, exist_ok=True)
    with tempfile.TemporaryDirectory() as workdir:
        bench = Bench(args, env, workdir)
        if args.noop_only:
            print(json.dumps(noop_only(bench, args), indent=1))
            return
        results = measure(bench, args)
        results['compose'] = report.measure_compose(bench, args)
    results['machine'] = machine()
    results = json.loads(json.dumps(results))  # the report reads what the JSON file holds (string keys)
    with open(os.path.join(output, 'benchmark.json'), 'w') as handle:
        json.dump(results, handle, indent=1, sort_keys=True)
    subprocess.check_call([os.path.join(args.venv, 'bin', 'python'), os.path.join(HERE, 'plot.py'),
                           os.path.join(output, 'benchmark.json'), os.path.join(output, 'benchmark.png')])
    text = report.markdown(dict(results, remote_run=remote_results(output)))
    with open(os.path.join(output, 'benchmark.md'), 'w') as handle:
        handle.write(text)
    print(text)


if __name__ == '__main__':
    main()
