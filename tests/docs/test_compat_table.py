"""tests/harness/compat_table.py: the engine compatibility table from JUnit files, written into
docs/engines.md between its markers with --update."""

import os
import subprocess
import sys

from collection_path import REPO_ROOT

SCRIPT = os.path.join(REPO_ROOT, 'tests', 'harness', 'compat_table.py')
ENGINES_PAGE = os.path.join(REPO_ROOT, 'docs', 'engines.md')
BEGIN, END = '<!-- compat-table: begin', '<!-- compat-table: end -->'

JUNIT = '''<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest">
<testcase classname="tests.integration.test_container" name="test_run"/>
<testcase classname="tests.integration.test_container" name="test_stats">
  <skipped message="no cgroup statistics"/>
</testcase>
<testcase classname="tests.integration.test_network" name="test_create"/>
</testsuite></testsuites>
'''


def run(*args):
    return subprocess.run([sys.executable, SCRIPT] + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, check=False)


def test_engines_page_has_the_markers_once():
    with open(ENGINES_PAGE, encoding='utf-8') as handle:
        text = handle.read()
    assert text.count(BEGIN) == 1 and text.count(END) == 1
    assert text.index(BEGIN) < text.index('| area |') < text.index(END)


def test_update_replaces_only_what_lies_between_the_markers(tmp_path):
    results = tmp_path / 'engines'
    results.mkdir()
    (results / 'host.xml').write_text(JUNIT)
    page = tmp_path / 'engines.md'
    page.write_text('# Engines\n\nbefore\n\n%s (written by compat_table.py)\nold table\n%s\n\nafter\n' % (BEGIN, END))
    proc = run('--update', str(page), str(results), 'host', 'podman5')
    assert proc.returncode == 0, proc.stderr
    text = page.read_text()
    assert text.startswith('# Engines\n\nbefore\n\n%s (written by compat_table.py)\n| area | host |\n' % BEGIN)
    assert '| containers | 1 / 1 |' in text and '| networks | 1 / 0 |' in text and '| **all** | 2 / 1 |' in text
    assert 'old table' not in text
    assert text.endswith('Measured %s.\n%s\n\nafter\n' % (text.split('Measured ')[1][:10], END))
    # The skip reasons go to compat.md only.
    assert 'no cgroup statistics' not in text
    assert 'no cgroup statistics' in (results / 'compat.md').read_text()


def test_update_fails_without_markers(tmp_path):
    results = tmp_path / 'engines'
    results.mkdir()
    (results / 'host.xml').write_text(JUNIT)
    page = tmp_path / 'engines.md'
    page.write_text('# Engines\n')
    proc = run('--update', str(page), str(results), 'host')
    assert proc.returncode != 0
    assert 'lines to write the table between' in proc.stderr
    assert page.read_text() == '# Engines\n'


def test_without_update_no_page_changes(tmp_path):
    results = tmp_path / 'engines'
    results.mkdir()
    (results / 'host.xml').write_text(JUNIT)
    proc = run(str(results), 'host')
    assert proc.returncode == 0, proc.stderr
    assert '| containers | 1 / 1 |' in proc.stdout
    assert (results / 'compat.md').exists()
