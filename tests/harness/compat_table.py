"""The README's compatibility table from the integration suite's results on each engine.

    python tests/harness/compat_table.py RESULTS_DIR ENGINE...

RESULTS_DIR holds one JUnit file per engine (<engine>.xml, written by `make integration`).
Prints a Markdown table, module area x engine, each cell "passed / skipped" (and failed, if
any), then every distinct skip reason per engine; writes the same to RESULTS_DIR/compat.md.
"""

import os
import sys
import time
from xml.etree import ElementTree

# Test file (without test_ and .py) -> the module area its tests prove.
AREAS = [
    ('containers', ('container', 'container_exec', 'container_info', 'container_logs', 'container_race',
                    'container_systempaths', 'containers', 'container_options', 'container_copy_into',
                    'connection_docker_exec', 'expected_rc_playbook', 'ssh_host')),
    ('compose', ('compose',)),
    ('images (build, save, load, push)', ('image', 'image_build', 'image_info', 'login')),
    ('networks', ('network', 'request_paths')),
    ('volumes (incl. backup)', ('volume', 'volume_backup')),
    ('prune', ('prune',)),
    ('daemon config, mirrors, host info', ('daemon_config', 'registry_mirror', 'daemon_restart',
                                           'daemon_restart_converge', 'daemon_faults', 'host_info')),
    ('swarm (swarm, node, service, stack, config, secret)', ('swarm', 'service', 'stack', 'config_secret',
                                                             'cluster_info', 'cluster_health')),
    ('monitoring (stats, events)', ('container_stats', 'events')),
    ('inventory, execution environment', ('inventory', 'execution_environment')),
    ('reliability (races, full disk, stuck daemon, engine role)', ('concurrency', 'exhaustion', 'stuck_daemon',
                                                                   'engine_supervision')),
    ('roles, bad input, secrets', ('registry_role', 'bad_input', 'secrets', 'nginx_site_validation')),
]


def area_of(classname):
    stem = classname.rsplit('.', 1)[-1]
    stem = stem[len('test_'):] if stem.startswith('test_') else stem
    for area, stems in AREAS:
        if stem in stems:
            return area
    return 'other'


def read_results(path):
    """[(area, outcome, skip reason)] for each test case of one JUnit file."""
    cases = []
    for case in ElementTree.parse(path).iter('testcase'):
        outcome, reason = 'passed', ''
        for child in case:
            if child.tag == 'skipped':
                outcome, reason = 'skipped', child.get('message', '')
            elif child.tag in ('failure', 'error'):
                outcome = 'failed'
        cases.append((area_of(case.get('classname', '')), outcome, reason))
    return cases


def cell(cases, area):
    counts = dict((outcome, sum(1 for a, o, _reason in cases if a == area and o == outcome))
                  for outcome in ('passed', 'skipped', 'failed'))
    text = '%(passed)d / %(skipped)d' % counts
    return text + (' / **%d failed**' % counts['failed'] if counts['failed'] else '')


def table(results):
    engines = list(results)
    areas = [area for area, _stems in AREAS] + ['other']
    areas = [area for area in areas if any(a == area for cases in results.values() for a, _outcome, _reason in cases)]
    lines = ['| area | %s |' % ' | '.join(engines), '|---|%s' % ('---|' * len(engines))]
    for area in areas + ['all']:
        cells = []
        for engine in engines:
            cases = results[engine]
            if area == 'all':
                cases = [('all', o, r) for _area, o, r in cases]
            cells.append(cell(cases, area))
        lines.append('| %s | %s |' % ('**all**' if area == 'all' else area, ' | '.join(cells)))
    lines.append('')
    lines.append('Cells: tests passed / skipped. Measured %s.' % time.strftime('%Y-%m-%d'))
    for engine, cases in results.items():
        reasons = sorted(set(r for _area, o, r in cases if o == 'skipped'))
        if reasons:
            lines.append('')
            lines.append('Skipped on %s:' % engine)
            lines.extend('- %s' % reason for reason in reasons)
    return '\n'.join(lines) + '\n'


def main(argv):
    results_dir, engines = argv[1], argv[2:]
    results = {}
    for engine in engines:
        path = os.path.join(results_dir, '%s.xml' % engine)
        if os.path.exists(path):
            results[engine] = read_results(path)
    if not results:
        print('compat_table: no results in %s' % results_dir)
        return 0
    text = table(results)
    with open(os.path.join(results_dir, 'compat.md'), 'w') as handle:
        handle.write(text)
    print(text)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
