"""The engine compatibility table (docs/engines.md) from the integration suite's results on each engine.

    python tests/harness/compat_table.py [--update PAGE] RESULTS_DIR ENGINE...

RESULTS_DIR holds one JUnit file per engine (<engine>.xml, written by `make integration`).
Prints a Markdown table, module area x engine, each cell "passed / skipped" (and failed, if
any), then every distinct skip reason per engine; writes the same to RESULTS_DIR/compat.md.
With --update PAGE (docs/engines.md), the table and its "Cells" line also replace what PAGE holds
between its two markers (MARKERS below); the skip reasons stay in compat.md. `make integration`
runs it without --update, so a run of one engine never rewrites the page's five columns.
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


# The lines that enclose the generated part of the page (each whole on a line of its own).
MARKERS = ('<!-- compat-table: begin', '<!-- compat-table: end -->')


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
    return '\n'.join(lines) + '\n'


def skip_reasons(results):
    lines = []
    for engine, cases in results.items():
        reasons = sorted(set(r for _area, o, r in cases if o == 'skipped'))
        if reasons:
            lines.append('')
            lines.append('Skipped on %s:' % engine)
            lines.extend('- %s' % reason for reason in reasons)
    return ''.join(line + '\n' for line in lines)


def update_page(path, text):
    """Replace what lies between PAGE's two marker lines with text; fail when they are missing."""
    with open(path) as handle:
        page = handle.read()
    begin, end = page.find(MARKERS[0]), page.find(MARKERS[1])
    if begin < 0 or end < begin:
        raise SystemExit('compat_table: %s has no %s ... %s lines to write the table between'
                         % (path, MARKERS[0], MARKERS[1]))
    after_begin = page.index('\n', begin) + 1
    with open(path, 'w') as handle:
        handle.write(page[:after_begin] + text + page[end:])


def main(argv):
    args = argv[1:]
    page = None
    if args[:1] == ['--update']:
        page, args = args[1], args[2:]
    results_dir, engines = args[0], args[1:]
    results = {}
    for engine in engines:
        path = os.path.join(results_dir, '%s.xml' % engine)
        if os.path.exists(path):
            results[engine] = read_results(path)
    if not results:
        print('compat_table: no results in %s' % results_dir)
        return 0
    text = table(results) + skip_reasons(results)
    with open(os.path.join(results_dir, 'compat.md'), 'w') as handle:
        handle.write(text)
    print(text)
    if page:
        update_page(page, table(results))
        print('compat_table: the table in %s is updated' % page)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
