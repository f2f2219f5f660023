"""The benchmark's Compose case and its report: docs/benchmark.md from the figures of one run."""

import json
import os
import shutil
import statistics
import subprocess
import time

TARGETS = {  # (flavour, phase): the most its realistic play may take, as a ratio to community.docker's
    ('dockyard', 'no-op'): 0.60, ('dockyard', 'create'): 0.75,
    ('bulk', 'no-op'): 0.15, ('bulk', 'create'): 0.30,
}
NOOP_GROWTH_MS = 10   # `containers` no-op: ms per container above N=20, at N=300
CREATE_TO_FLOOR = 1.5  # `containers` create at N=100, as a ratio to the raw parallel API floor
LABELS = {'dockyard': 'looped `container`', 'bulk': '`containers`',
          'community': 'looped `community.docker.docker_container`'}
PHASES = ('create', 'no-op', 'remove')


def measure_compose(bench, args):
    """compose create / no-op / down -v, and Debian's docker-compose where it is installed."""
    folder = os.path.join(bench.workdir, 'compose')
    os.makedirs(folder, exist_ok=True)
    services = dict(('s%d' % item, {
        'image': args.image, 'command': 'sleep 3600', 'stop_grace_period': '1s', 'volumes': ['data:/data'],
        'ports': ['%d:80' % (21000 + item)], 'environment': {'BENCH': '1'}}) for item in range(args.n))
    with open(os.path.join(folder, 'compose.yaml'), 'w') as handle:
        json.dump({'services': services, 'volumes': {'data': {}}}, handle)

    def task(state):
        return [{'name': 'A Compose project', 'dockyard.docker.compose': {
            'project_src': folder, 'project_name': 'benchc', 'state': state, 'remove_volumes': state == 'absent'}}]
    cli = shutil.which('docker-compose')
    base = [cli, '-p', 'benchd', '-f', os.path.join(folder, 'compose.yaml')] if cli else None
    rounds = []
    for _round in range(args.repeat):
        times = {'compose create': bench.play(task('present')), 'compose no-op': bench.play(task('present')),
                 'compose remove': bench.play(task('absent'))}
        if cli:
            times.update([('docker-compose create', timed(base + ['up', '-d'])),
                          ('docker-compose no-op', timed(base + ['up', '-d'])),
                          ('docker-compose remove', timed(base + ['down', '-v', '-t', '1']))])
        rounds.append(times)
    return dict((key, statistics.median(times[key] for times in rounds)) for key in rounds[0])


def timed(argv):
    started = time.monotonic()
    proc = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
    if proc.returncode != 0:
        raise SystemExit('benchmark command %s failed: %s' % (' '.join(argv), proc.stdout.decode()[-2000:]))
    return time.monotonic() - started


def _ratio(value, base):
    return '%.2f' % (value / base) if base else ''


def realistic_table(results):
    n, play = results['n'], results['realistic']
    api = results['api_floor'][str(n)]  # JSON keys: the figures went through docs/benchmark.json
    lines = ['| case | seconds | ratio to community.docker | target | met | Ansible floor (s) | ratio to it '
             '| raw API floor (s) | ratio to it |', '|---|---|---|---|---|---|---|---|---|']
    for phase in PHASES:
        for flavour in ('dockyard', 'bulk', 'community'):
            seconds = play[flavour][phase]
            target = TARGETS.get((flavour, phase))
            ratio = seconds / play['community'][phase]
            ansible = results['ansible_floor']['bulk' if flavour == 'bulk' else 'looped']
            raw = api['parallel' if flavour == 'bulk' else 'serial'][phase]
            lines.append('| %s, %s | %.2f | %.2f | %s | %s | %s | %s | %.2f | %s |' % (
                LABELS[flavour], phase, seconds, ratio, '<= %.2f' % target if target else '',
                ('yes' if ratio <= target else '**NO**') if target else '',
                '%.2f' % ansible if phase == 'no-op' else '', _ratio(seconds, ansible) if phase == 'no-op' else '',
                raw, _ratio(seconds, raw)))
    for flavour in ('dockyard', 'bulk'):
        for phase in ('create', 'no-op'):
            seconds = results['module_process'][flavour][phase]
            lines.append('| %s as a module process, %s | %.2f | %.2f | | | | | | |' % (
                LABELS[flavour], phase, seconds, seconds / play['community'][phase]))
    for flavour in ('dockyard', 'bulk', 'community'):
        seconds = play[flavour]['per-task no-op']
        lines.append('| %s alone (per task), no-op | %.2f | %.2f | | | | | | |' % (
            LABELS[flavour], seconds, seconds / play['community']['per-task no-op']))
    return lines


def floor_table(results):
    lines = ['| floor | create (s) | no-op (s) | remove (s) |', '|---|---|---|---|']
    for size in sorted(results['api_floor'], key=int):
        for mode in ('serial', 'parallel'):
            if mode in results['api_floor'][size]:
                times = results['api_floor'][size][mode]
                lines.append('| raw Engine API, %s containers, %s | %.2f | %.2f | %.2f |' % (
                    size, 'serial' if mode == 'serial' else '%d connections' % 4,
                    times['create'], times['no-op'], times['remove']))
    floors = results['ansible_floor']
    lines.append('| `ansible.builtin.ping` play of the looped shape (2 tasks + a loop of %d) | | %.2f | |'
                 % (results['n'], floors['looped']))
    lines.append('| `ansible.builtin.ping` play of the bulk shape (3 tasks) | | %.2f | |' % floors['bulk'])
    return lines


def curve_table(results):
    lines = ['| case | N | create (s) | per container (ms) | no-op (s) | per container (ms) | remove (s) '
             '| module peak RSS (MB) |', '|---|---|---|---|---|---|---|---|']
    for point in results['curve']:
        n = point['n']
        lines.append('| %s | %d | %.2f | %.0f | %.2f | %.0f | %s | %s |' % (
            LABELS[point['case']], n, point['create'], 1000 * point['create'] / n, point['no-op'],
            1000 * point['no-op'] / n, '%.2f' % point['remove'] if 'remove' in point else '',
            '%.0f' % point['rss_mb'] if 'rss_mb' in point else ''))
    return lines


def scale_targets(results):
    """The two targets of the curve, as report lines (absent in a --quick run)."""
    bulk = dict((point['n'], point) for point in results['curve'] if point['case'] == 'bulk')
    lines = []
    if 300 in bulk and 20 in bulk:
        growth = 1000 * (bulk[300]['no-op'] - bulk[20]['no-op']) / 280
        lines.append('- `containers` no-op, N=300 over N=20: %.1f ms per added container (target <= %d: %s)'
                     % (growth, NOOP_GROWTH_MS, 'met' if growth <= NOOP_GROWTH_MS else '**missed**'))
    floors = dict((int(size), value) for size, value in results['api_floor'].items())
    if 100 in bulk and 100 in floors:
        ratio = bulk[100]['create'] / floors[100]['parallel']['create']
        lines.append('- `containers` create, N=100, to the raw parallel API floor: %.2f (target <= %.1f: %s)'
                     % (ratio, CREATE_TO_FLOOR, 'met' if ratio <= CREATE_TO_FLOOR else '**missed**'))
    return lines


def compose_table(results):
    compose = results['compose']
    against = 'docker-compose' if 'docker-compose create' in compose else None
    lines = ['| case | seconds | ratio to %s |' % ("Debian's `docker-compose`" if against else '`containers`'),
             '|---|---|---|']
    for phase in PHASES:
        seconds = compose['compose %s' % phase]
        base = compose['%s %s' % (against, phase)] if against else results['realistic']['bulk'][phase]
        lines.append('| `compose`, %s | %.2f | %.2f |' % (phase, seconds, seconds / base))
        if against:
            lines.append('| `docker-compose`, %s | %.2f | 1.00 |' % (phase, base))
    return lines


# Issue 33's targets over SSH: (case, mode, phase, base, at most), base being community.docker's same
# phase or Ansible's ping floor of the same shape.
REMOTE_TARGETS = (
    ('dockyard', 'auto', 'no-op', 'community', 0.35), ('dockyard', 'auto', 'no-op', 'floor', 0.60),
    ('dockyard', 'auto', 'create', 'community', 0.55),
    ('bulk', 'auto', 'no-op', 'community', 0.10), ('bulk', 'auto', 'create', 'community', 0.30),
)
REMOTE_NAMES = {'dockyard': 'looped `container`', 'bulk': '`containers`',
                'community': 'looped `community.docker.docker_container`'}
EXECUTION_NAMES = {'auto': 'on the controller', 'host': 'module process on the host'}


def remote_table(remote):
    """The remote section's lines (bench/remote.py's figures)."""
    cases, floors = remote['remote'], remote['ansible_floor']
    lines = ['| case | seconds | ratio to community.docker | Ansible floor (s) | ratio to it |', '|---|---|---|---|---|']
    for key in sorted(cases, key=lambda key: (key.split('/')[0] == 'community', key)):
        flavour, execution = key.split('/')
        for phase in ('create', 'no-op'):
            seconds, floor = cases[key][phase], floors['bulk' if flavour == 'bulk' else 'looped']
            name = REMOTE_NAMES[flavour] + ('' if flavour == 'community' else ', ' + EXECUTION_NAMES[execution])
            lines.append('| %s, %s | %.2f | %s | %s | %s |' % (
                name, phase, seconds, _ratio(seconds, cases['community/host'][phase]),
                '%.2f' % floor if phase == 'no-op' else '', _ratio(seconds, floor) if phase == 'no-op' else ''))
    lines += ['', '| fleet, %d hosts x %d containers, forks %d | create (s) | no-op (s) | no-op ratio to community.docker |'
              % (remote['fleet_hosts'], remote['n'], remote['fleet_hosts']), '|---|---|---|---|']
    for key, times in sorted(remote['fleet'].items()):
        flavour, execution = key.split('/')
        name = REMOTE_NAMES[flavour] + ('' if flavour == 'community' else ', ' + EXECUTION_NAMES[execution])
        lines.append('| %s | %.2f | %.2f | %s |' % (name, times['create'], times['no-op'],
                                                    _ratio(times['no-op'], remote['fleet']['community/host']['no-op'])))
    lines.append('')
    for flavour, execution, phase, base, most in REMOTE_TARGETS:
        seconds = cases['%s/%s' % (flavour, execution)][phase]
        against = cases['community/host'][phase] if base == 'community' else floors['looped']
        ratio = seconds / against
        lines.append('- %s %s, %s, to %s: %.2f (target <= %.2f: %s)' % (
            REMOTE_NAMES[flavour], EXECUTION_NAMES[execution], phase,
            'community.docker' if base == 'community' else "Ansible's ping floor", ratio, most,
            'met' if ratio <= most else '**missed**'))
    fleet = remote['fleet']['dockyard/auto']['no-op'] / remote['fleet']['community/host']['no-op']
    lines.append('- fleet, looped `container` on the controller, no-op, to community.docker: %.2f (target <= 0.35: %s)'
                 % (fleet, 'met' if fleet <= 0.35 else '**missed**'))
    return lines


def remote_section(remote):
    if not remote:
        return []
    machine = remote['machine']
    return ['', '## Remote hosts over SSH, %d containers' % remote['n'], '',
            'Made by bench/remote.py on %s (Docker %s): this machine as the managed host, reached through sshd on '
            'the loopback with pipelining on, one sshd (and ControlPersist master) per host. The same realistic '
            'play, with names of the host\'s own; median of %d runs. "On the controller" is controller execution '
            '(`dockyard_docker_execution: auto`, the default: the module runs in Ansible\'s worker and reaches '
            'the host\'s daemon through a relay over the SSH connection); "module process on the host" is '
            '`dockyard_docker_execution: host`, as every module ran before. Figures: docs/benchmark_remote.json.'
            % (machine['date'], machine['engine'], remote['repeat']), ''] + remote_table(remote)


def markdown(results):
    machine = results['machine']
    parts = [
        '# Benchmark', '',
        'Made by `make bench` (bench/run.py) in one run on %s: %s, %d CPUs, Python %s, Docker %s. '
        'Figures: docs/benchmark.json; plot: docs/benchmark.png (bench/plot.py). Where the time goes, and '
        'what was changed for it: the README\'s Performance section. The docker_exec connection\'s own '
        'benchmark (bench/connection.py) is docs/benchmark_connection.md.'
        % (machine['date'], machine['platform'], machine['cpus'], machine['python'], machine['engine']), '',
        '## The realistic play, %d containers' % results['n'], '',
        'Each play converges the network, the volume and the %d containers (busybox sleeping, on the network, '
        'with the volume, a published port and an env var), as a user writes it; removal removes them all. '
        'Create and no-op: median of %d runs; remove and the rows below them: the first run. '
        'The play runs on localhost with the controller\'s Python, so dockyard.docker\'s modules run in '
        'Ansible\'s worker process (plugins/plugin_utils/in_process.py); the "as a module process" rows run '
        'the same play with `dockyard_docker_in_process: false`, as a task on a remote host runs.'
        % (results['n'], results['repeat']), '',
    ] + realistic_table(results) + [
        '', 'Ansible floor: the same play with `ansible.builtin.ping` in place of every task. Raw API floor: '
        'bench/floor.py doing the same container work over the socket (serial for the looped cases, '
        'four connections for `containers`, as its `parallel` default).', '',
        '## Floors', '',
    ] + floor_table(results) + [
        '', '## Cost curve', '', '![seconds per container against N](benchmark.png)', '',
    ] + curve_table(results) + [''] + scale_targets(results) + [
        '', '## Compose, %d services' % results['n'], '',
    ] + compose_table(results) + remote_section(results.get('remote_run'))
    return '\n'.join(parts) + '\n'
