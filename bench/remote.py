#!/usr/bin/env python
"""Remote benchmark: the realistic play against hosts reached over SSH, as users run it.

This machine is the managed host, reached through sshd on the loopback (tests/sshd.py: one sshd per
host of the fleet, so each has its own ControlPersist master) with pipelining on. For N busybox
containers each on a network, with a named volume, a published port and an env var (bench/run.py's
play, with names of the host's own), median of REPEAT runs:
  - looped dockyard.docker.container and bulk dockyard.docker.containers, in controller execution
    (dockyard_docker_execution: auto) and as module processes on the host (host), against a looped
    community.docker.docker_container; create and no-op
  - Ansible's floor: the same plays with ansible.builtin.ping over the same connection
  - the fleet: 3 hosts x N containers, forks 3, looped; create and no-op
The figures go to docs/benchmark_remote.json (--quick: tests/output/bench/); bench/report.py puts
them in docs/benchmark.md.
"""

import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(REPO, 'tests'))
sys.path.insert(0, HERE)
import report  # noqa: E402
import run  # noqa: E402
from sshd import start_sshd, stop_sshd  # noqa: E402

MODES = (('dockyard', 'auto'), ('dockyard', 'host'), ('bulk', 'auto'), ('bulk', 'host'), ('community', 'host'))
FLEET_HOSTS = 3


def host_args(image, item, port):
    """bench/run.py's container, named and published per host (hosts share this machine's daemon)."""
    args = run.container_args(image, '{{ inventory_hostname }}-%s' % item, port)
    args['networks'] = [{'name': '{{ bench_network }}'}]
    args['volumes'] = ['{{ bench_volume }}:/data']
    return args


def tasks(flavour, image, n, present):
    state = 'present' if present else 'absent'
    if flavour == 'community':
        shared = [{'name': 'Network', 'community.docker.docker_network': {'name': '{{ bench_network }}', 'state': state}},
                  {'name': 'Volume', 'community.docker.docker_volume': {'volume_name': '{{ bench_volume }}', 'state': state}}]
    else:
        shared = [{'name': 'Network', 'dockyard.docker.network': {'name': '{{ bench_network }}', 'state': state}},
                  {'name': 'Volume', 'dockyard.docker.volume': {'name': '{{ bench_volume }}', 'state': state}}]
    if flavour == 'bulk':
        definitions = [host_args(image, item, '{{ port_base + %d }}' % item) for item in range(n)]
        containers = [{'name': 'All containers', 'dockyard.docker.containers': {
            'project': 'bench-{{ inventory_hostname }}', 'state': state, 'definitions': definitions}}]
    else:
        args = dict(host_args(image, '{{ item }}', '{{ port_base + item }}'), state='started' if present else 'absent')
        if flavour == 'community':
            args['comparisons'] = {'networks': 'allow_more_present'}
        module = 'community.docker.docker_container' if flavour == 'community' else 'dockyard.docker.container'
        containers = [{'name': 'Containers one by one', module: args, 'loop': '{{ range(%d) | list }}' % n}]
    return shared + containers if present else containers + shared


class RemoteBench:

    def __init__(self, args, env, workdir, hosts):
        self.args, self.env, self.workdir, self.hosts = args, env, workdir, hosts
        self.plays = 0

    def inventory(self, count):
        path = os.path.join(self.workdir, 'inventory%d.yml' % count)
        hosts = {}
        for index, host in enumerate(self.hosts[:count]):
            name = 'h%d' % index
            hosts[name] = {'ansible_host': '127.0.0.1', 'ansible_port': host['port'], 'ansible_user': 'root',
                           'ansible_ssh_private_key_file': host['key'], 'port_base': 20000 + 1000 * index,
                           'bench_network': 'bench-net-' + name, 'bench_volume': 'bench-vol-' + name}
        with open(path, 'w') as handle:
            json.dump({'all': {'hosts': hosts, 'vars': {
                'ansible_connection': 'ssh', 'ansible_pipelining': True,
                'ansible_python_interpreter': os.path.join(self.args.venv, 'bin', 'python'),
                'ansible_ssh_common_args': '-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR'}}},
                handle)
        return path

    def play(self, play_tasks, execution, hosts=1):
        self.plays += 1
        path = os.path.join(self.workdir, 'play%d.yml' % self.plays)
        with open(path, 'w') as handle:
            json.dump([{'hosts': 'all', 'gather_facts': False, 'tasks': play_tasks}], handle)
        argv = [os.path.join(self.args.venv, 'bin', 'ansible-playbook'), '-i', self.inventory(hosts), '-f', str(hosts),
                '-e', 'dockyard_docker_execution=%s' % execution, path]
        started = time.monotonic()
        proc = subprocess.run(argv, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
        elapsed = time.monotonic() - started
        if proc.returncode != 0:
            sys.stderr.write(proc.stdout.decode()[-3000:])
            raise SystemExit('remote benchmark play %s failed' % path)
        return elapsed

    def converge(self, flavour, execution, hosts=1):
        """{create, no-op} seconds of the realistic play on `hosts` hosts, from nothing."""
        n = self.args.n
        self.clean(hosts)
        times = {'create': self.play(tasks(flavour, self.args.image, n, True), execution, hosts)}
        times['no-op'] = self.play(tasks(flavour, self.args.image, n, True), execution, hosts)
        self.clean(hosts)
        return times

    def clean(self, hosts):
        for index in range(hosts):
            name = 'h%d' % index
            run.docker('rm', '-f', *['bench-%s-%d' % (name, item) for item in range(self.args.n)])
            run.docker('network', 'rm', 'bench-net-' + name)
            run.docker('volume', 'rm', 'bench-vol-' + name)


def measure(bench, args):
    rounds = dict(('%s/%s' % mode, []) for mode in MODES)
    floors = {'looped': [], 'bulk': []}
    fleet = dict(('%s/%s' % mode, []) for mode in MODES if mode[0] != 'bulk')
    for _number in range(args.repeat):
        for flavour, execution in MODES:
            rounds['%s/%s' % (flavour, execution)].append(bench.converge(flavour, execution))
        floors['looped'].append(bench.play(run.ping_tasks('dockyard', args.n), 'host'))
        floors['bulk'].append(bench.play(run.ping_tasks('bulk', args.n), 'host'))
        for key in fleet:
            flavour, execution = key.split('/')
            fleet[key].append(bench.converge(flavour, execution, FLEET_HOSTS))
    return {'n': args.n, 'repeat': args.repeat, 'fleet_hosts': FLEET_HOSTS,
            'remote': dict((key, run.median_of(values)) for key, values in rounds.items()),
            'ansible_floor': dict((key, statistics.median(values)) for key, values in floors.items()),
            'fleet': dict((key, run.median_of(values)) for key, values in fleet.items())}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('-n', type=int, default=20)
    parser.add_argument('--repeat', type=int, default=3)
    parser.add_argument('--quick', action='store_true', help='one round, report under tests/output/bench')
    parser.add_argument('--image', default=os.environ.get('DOCKYARD_TEST_BUSYBOX', 'dockyard-test/busybox:latest'))
    parser.add_argument('--venv', default=os.path.join(HERE, '.venv'))
    parser.add_argument('--collections', help='an ANSIBLE_COLLECTIONS_PATH holding the dockyard.docker to measure '
                                              '(default: this checkout)')
    args = parser.parse_args()
    if args.quick:
        args.repeat = 1
    env = run.bench_env(args, run.bench_venv(args.venv))
    env['ANSIBLE_PIPELINING'] = '1'
    output = os.path.join(REPO, 'tests', 'output', 'bench') if args.quick else os.path.join(REPO, 'docs')
    os.makedirs(output, exist_ok=True)
    with tempfile.TemporaryDirectory() as workdir:
        daemons, hosts = [], []
        try:
            for index in range(FLEET_HOSTS):
                folder = pathlib.Path(workdir) / ('sshd%d' % index)
                folder.mkdir()
                info, daemon = start_sshd(folder)
                hosts.append(info)
                daemons.append(daemon)
            results = measure(RemoteBench(args, env, workdir, hosts), args)
        finally:
            for daemon in daemons:
                stop_sshd(daemon)
    results['machine'] = run.machine()
    with open(os.path.join(output, 'benchmark_remote.json'), 'w') as handle:
        json.dump(results, handle, indent=1, sort_keys=True)
    print('\n'.join(report.remote_section(results)))
    if not args.quick and os.path.exists(os.path.join(output, 'benchmark.json')):
        # docs/benchmark.md again, from the local run's figures and these.
        with open(os.path.join(output, 'benchmark.json')) as handle:
            local = json.load(handle)
        with open(os.path.join(output, 'benchmark.md'), 'w') as handle:
            handle.write(report.markdown(dict(local, remote_run=results)))


if __name__ == '__main__':
    main()
