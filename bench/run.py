#!/usr/bin/env python
"""Converge benchmark: dockyard.docker against community.docker and Ansible's own floor.

Runs, on the local engine and in one run, each case REPEAT times (median reported):
  - a looped dockyard.docker.container task x N: first converge, no-op rerun, removal
  - the same set with the bulk dockyard.docker.containers module
  - the same looped playbook with community.docker.docker_container
  - ansible.builtin.ping looped N times (Ansible's per-task floor) and a single ping task
  - a Compose project of N such services with dockyard.docker.compose (create, no-op, down -v), against
    Debian's docker-compose (`up -d`, `up -d` again, `down -v`) when it is installed, else against the
    `containers` case
Each container: busybox running sleep, on a network, with a named volume, a published port and an env var.

community.docker comes from the PyPI `ansible` bundle installed in the benchmark's own
virtualenv (bench/.venv); it is never a dependency of the collection.
"""

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(REPO, 'tests'))
from collection_path import ensure_collection_link  # noqa: E402

PLAY = '''- hosts: localhost
  gather_facts: false
  vars:
    n: {n}
  tasks:
{tasks}
'''

# The same container task for both collections; only the module and community's extra option differ.
LOOPED_CONTAINER = '''    - name: Containers one by one
      {module}:
        name: "bench-{{{{ item }}}}"
        image: {image}
        command: sleep 3600
        state: {state}
        stop_timeout: 1
        networks: [{{name: bench-net}}]
        volumes: ["bench-vol-{{{{ item }}}}:/data"]
        published_ports: ["{{{{ 20000 + item }}}}:80"]
        env: {{BENCH: "1"}}
{extra}      loop: "{{{{ range(n) | list }}}}"
'''
CONTAINER_MODULES = {
    'dockyard': ('dockyard.docker.container', ''),
    'community': ('community.docker.docker_container', '        comparisons: {networks: allow_more_present}\n'),
}

LOOPED = {
    'ping': '''    - name: Ping
      ansible.builtin.ping:
      loop: "{{{{ range(n) | list }}}}"
''',
}

BULK = '''    - name: All containers in one task
      dockyard.docker.containers:
        project: bench
        state: {bulk_state}
        definitions: {definitions}
'''


def bulk_definitions(image, n):
    """The same containers as the looped plays, written out as one JSON list."""
    return json.dumps([{
        'name': 'bench-%d' % item, 'image': image, 'command': 'sleep 3600', 'stop_timeout': 1,
        'networks': [{'name': 'bench-net'}], 'volumes': ['bench-vol-%d:/data' % item],
        'published_ports': ['%d:80' % (20000 + item)], 'env': {'BENCH': '1'},
    } for item in range(n)])


COMPOSE_PLAY = '''    - name: A Compose project of {n} services
      dockyard.docker.compose:
        project_src: {folder}
        project_name: benchc
        state: {state}
        remove_volumes: {remove}
'''


def compose_folder(workdir, image, n):
    """The same containers as the other cases, as the services of one compose.yaml (JSON is YAML)."""
    folder = os.path.join(workdir, 'compose')
    os.makedirs(folder, exist_ok=True)
    services = dict(('s%d' % item, {
        'image': image, 'command': 'sleep 3600', 'stop_grace_period': '1s', 'volumes': ['v%d:/data' % item],
        'ports': ['%d:80' % (21000 + item)], 'environment': {'BENCH': '1'}}) for item in range(n))
    with open(os.path.join(folder, 'compose.yaml'), 'w') as handle:
        json.dump({'services': services, 'volumes': dict(('v%d' % item, {}) for item in range(n))}, handle)
    return folder


def timed(argv):
    started = time.monotonic()
    proc = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout.decode()[-3000:])
        raise SystemExit('benchmark command %s failed' % ' '.join(argv))
    return time.monotonic() - started


def measure_compose(args, venv, workdir, env):
    """compose create / no-op / remove, and docker-compose's where Debian's package is installed."""
    folder = compose_folder(workdir, args.image, args.n)
    present = playbook(workdir, 'compose-present', COMPOSE_PLAY.format(n=args.n, folder=folder, state='present',
                                                                       remove='false'), args.n)
    absent = playbook(workdir, 'compose-absent', COMPOSE_PLAY.format(n=args.n, folder=folder, state='absent',
                                                                     remove='true'), args.n)
    cli = shutil.which('docker-compose')
    base = [cli, '-p', 'benchd', '-f', os.path.join(folder, 'compose.yaml')] if cli else None
    times = dict((key, []) for key in ('compose create', 'compose no-op', 'compose remove'))
    if cli:
        times.update((key, []) for key in ('docker-compose create', 'docker-compose no-op', 'docker-compose remove'))
    for _round in range(args.repeat):
        times['compose create'].append(run_play(venv, present, env))
        times['compose no-op'].append(run_play(venv, present, env))
        times['compose remove'].append(run_play(venv, absent, env))
        if cli:
            times['docker-compose create'].append(timed(base + ['up', '-d']))
            times['docker-compose no-op'].append(timed(base + ['up', '-d']))
            times['docker-compose remove'].append(timed(base + ['down', '-v', '-t', '1']))
    return dict((key, statistics.median(values)) for key, values in times.items())


def compose_table(medians):
    """Rows for the Compose cases: against docker-compose when it ran, else against `containers`."""
    against = 'docker-compose' if 'docker-compose create' in medians else 'bulk'
    if against == 'bulk' and 'bulk create' not in medians:
        against = None
    title = {'docker-compose': "Debian's `docker-compose`", 'bulk': '`containers`', None: '(nothing)'}[against]
    lines = ['', '| case | median (s) | ratio to %s |' % title, '|---|---|---|']
    for phase in ('create', 'no-op', 'remove'):
        case = medians['compose %s' % phase]
        ratio = '%.2f' % (case / medians['%s %s' % (against, phase)]) if against else ''
        lines.append('| `compose`, %s | %.2f | %s |' % (phase, case, ratio))
        if against == 'docker-compose':
            lines.append('| `docker-compose`, %s | %.2f | 1.00 |' % (phase, medians['docker-compose %s' % phase]))
    if against != 'docker-compose':
        lines.append('')
        lines.append("- Debian's docker-compose is not installed here (`apt-get install docker-compose`), so `compose` "
                     'is compared with the `containers` case.')
    return lines


SINGLE_PING = '''    - name: Ping once
      ansible.builtin.ping:
'''


def bench_venv(venv):
    python = os.path.join(venv, 'bin', 'python')
    if not os.path.exists(os.path.join(venv, 'bin', 'ansible-playbook')):
        subprocess.check_call([sys.executable, '-m', 'venv', venv])
        subprocess.check_call([python, '-m', 'pip', 'install', '-q', 'ansible>=12,<13', 'docker>=7,<8'])
    return python


def docker(*args):
    subprocess.run(['docker'] + list(args), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)


def clean(n):
    names = ['bench-%d' % i for i in range(n)]
    docker('rm', '-f', *names)
    docker('volume', 'rm', *['bench-vol-%d' % i for i in range(n)])


def playbook(workdir, label, body, n):
    path = os.path.join(workdir, label + '.yml')
    with open(path, 'w') as handle:
        handle.write(PLAY.format(n=n, tasks=body))
    return path


def run_play(venv, path, env):
    started = time.monotonic()
    proc = subprocess.run([os.path.join(venv, 'bin', 'ansible-playbook'), '-i', 'localhost,', '-c', 'local', path],
                          env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
    elapsed = time.monotonic() - started
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout.decode()[-3000:])
        raise SystemExit('benchmark play %s failed' % path)
    return elapsed


def measure(args, venv, workdir, env):
    image = args.image
    plays = {}
    for flavour in ('dockyard', 'community'):
        for state in ('started', 'absent'):
            module, extra = CONTAINER_MODULES[flavour]
            body = LOOPED_CONTAINER.format(module=module, extra=extra, image=image, state=state)
            plays[(flavour, state)] = playbook(workdir, '%s-%s' % (flavour, state), body, args.n)
    for state in ('present', 'absent'):
        plays[('bulk', state)] = playbook(workdir, 'bulk-%s' % state, BULK.format(bulk_state=state, definitions=bulk_definitions(image, args.n)),
                                          args.n)
    plays['ping'] = playbook(workdir, 'ping', LOOPED['ping'].format(), args.n)
    plays['ping1'] = playbook(workdir, 'ping1', SINGLE_PING, args.n)
    times = dict((key, []) for key in (
        'dockyard create', 'dockyard no-op', 'dockyard remove', 'bulk create', 'bulk no-op', 'bulk remove',
        'community create', 'community no-op', 'community remove', 'ping loop', 'ping once'))
    for _round in range(args.repeat):
        for flavour, create, remove in (('dockyard', ('dockyard', 'started'), ('dockyard', 'absent')),
                                        ('bulk', ('bulk', 'present'), ('bulk', 'absent')),
                                        ('community', ('community', 'started'), ('community', 'absent'))):
            clean(args.n)
            times['%s create' % flavour].append(run_play(venv, plays[create], env))
            times['%s no-op' % flavour].append(run_play(venv, plays[create], env))
            times['%s remove' % flavour].append(run_play(venv, plays[remove], env))
        times['ping loop'].append(run_play(venv, plays['ping'], env))
        times['ping once'].append(run_play(venv, plays['ping1'], env))
    clean(args.n)
    return dict((key, statistics.median(values)) for key, values in times.items())


TARGETS = [
    ('dockyard no-op', 'community no-op', 0.60),
    ('dockyard create', 'community create', 0.80),
    ('bulk no-op', 'community no-op', 0.15),
    ('bulk create', 'community create', 0.35),
]


def table(medians, args):
    if 'community create' not in medians:
        return _header(args) + '\n'.join(compose_table(medians)) + '\n'
    lines = ['| case | median (s) | ratio to community.docker | target | met |', '|---|---|---|---|---|']
    targets = dict((case, (base, limit)) for case, base, limit in TARGETS)
    for phase in ('create', 'no-op', 'remove'):
        for flavour in ('dockyard', 'bulk', 'community'):
            case = '%s %s' % (flavour, phase)
            ratio = medians[case] / medians['community %s' % phase]
            target, met = '', ''
            if case in targets:
                target = '<= %.2f' % targets[case][1]
                met = 'yes' if ratio <= targets[case][1] else 'NO'
            label = {'dockyard': 'looped `container`', 'bulk': '`containers`',
                     'community': 'looped `community.docker.docker_container`'}[flavour]
            lines.append('| %s, %s | %.2f | %.2f | %s | %s |' % (label, phase, medians[case], ratio, target, met))
    floor_loop = medians['dockyard no-op'] / medians['ping loop']
    floor_once = medians['bulk no-op'] / medians['ping once']
    lines.append('| looped `ansible.builtin.ping` (floor) | %.2f | | | |' % medians['ping loop'])
    lines.append('| one `ansible.builtin.ping` task | %.2f | | | |' % medians['ping once'])
    lines.append('')
    lines.append('- looped `container` no-op / looped ping: %.2f (target <= 1.25: %s)'
                 % (floor_loop, 'met' if floor_loop <= 1.25 else 'missed'))
    lines.append('- `containers` no-op / one ping task: %.2f (target <= 1.5: %s)'
                 % (floor_once, 'met' if floor_once <= 1.5 else 'missed'))
    lines.extend(compose_table(medians))
    return _header(args) + '\n'.join(lines) + '\n'


def _header(args):
    return ('Benchmark of %d containers, median of %d runs, %s, %s, %d CPUs, Python %s.\n\n'
            % (args.n, args.repeat, time.strftime('%Y-%m-%d'), platform.platform(), os.cpu_count(),
               platform.python_version()))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('-n', type=int, default=int(os.environ.get('N', 20)))
    parser.add_argument('--repeat', type=int, default=int(os.environ.get('REPEAT', 3)))
    parser.add_argument('--image', default=os.environ.get('DOCKYARD_TEST_BUSYBOX', 'dockyard-test/busybox:latest'))
    parser.add_argument('--venv', default=os.path.join(HERE, '.venv'))
    parser.add_argument('--output', default=os.path.join(REPO, 'docs', 'benchmark.md'))
    parser.add_argument('--only', choices=['all', 'compose'], default='all',
                        help='compose: only the Compose cases (a quick run; the report then holds only them)')
    args = parser.parse_args()
    python = bench_venv(args.venv)
    env = dict(os.environ)
    env['ANSIBLE_COLLECTIONS_PATH'] = ensure_collection_link()
    env['ANSIBLE_PYTHON_INTERPRETER'] = python
    env['ANSIBLE_STDOUT_CALLBACK'] = 'default'
    env['ANSIBLE_NOCOLOR'] = '1'
    docker('network', 'create', 'bench-net')
    with tempfile.TemporaryDirectory() as workdir:
        medians = measure(args, args.venv, workdir, env) if args.only == 'all' else {}
        medians.update(measure_compose(args, args.venv, workdir, env))
    docker('network', 'rm', 'bench-net')
    report = table(medians, args)
    print(report)
    with open(args.output, 'w') as handle:
        handle.write('# Benchmark\n\nMade by `make bench`; see the README for what it measures.\n\n' + report)
    print(json.dumps(medians, indent=1))


if __name__ == '__main__':
    main()
