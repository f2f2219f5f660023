"""The .dockerignore matcher and context tar against the Docker SDK they restate (hypothesis)."""

import os
import tarfile

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from ansible_collections.dockyard.docker.plugins.module_utils import dockerignore

sdk_build = pytest.importorskip('docker.utils.build')

NAMES = st.sampled_from(['a', 'b', 'app.py', 'x.log', 'Dockerfile', 'node_modules', 'sub', '.git', 'c d'])
PATHS = st.lists(NAMES, min_size=1, max_size=3).map('/'.join)
GLOBS = st.sampled_from(['*', '**', '*.log', '?', '[ab]', '[!a]', 'sub/*', '**/x.log', 'sub/**', '.git',
                         'a/../b', './app.py', 'sub/', '[', '*/a', 'node_modules/**/b'])
PATTERNS = st.lists(st.tuples(st.booleans(), GLOBS).map(lambda p: ('!' if p[0] else '') + p[1]), max_size=5)


def make_tree(root, paths):
    for path in paths:
        full = os.path.join(str(root), path)
        parts = path.split('/')
        if any(os.path.isfile(os.path.join(str(root), *parts[:i])) for i in range(1, len(parts))):
            continue  # a file already holds this name
        os.makedirs(os.path.dirname(full), exist_ok=True)
        if not os.path.isdir(full):
            with open(full, 'w') as handle:
                handle.write(path)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(paths=st.lists(PATHS, min_size=1, max_size=8), patterns=PATTERNS)
def test_same_files_as_the_sdk(tmp_path_factory, paths, patterns):
    root = tmp_path_factory.mktemp('context')
    make_tree(root, paths + ['Dockerfile'])
    (root / '.dockerignore').write_text('\n'.join(['# comment'] + patterns) + '\n')
    expected = sorted(sdk_build.exclude_paths(str(root), list(patterns), dockerfile='Dockerfile'))
    assert dockerignore.context_files(str(root), 'Dockerfile') == expected


@pytest.mark.parametrize('pattern, path, matches', [
    ('*.log', 'x.log', True),
    ('*.log', 'sub/x.log', False),
    ('**/*.log', 'sub/deeper/x.log', True),
    ('sub', 'sub/inner/file', True),
    ('?', 'a', True),
    ('[!a]', 'a', False),
])
def test_pattern_examples(pattern, path, matches):
    assert dockerignore.PatternMatcher([pattern]).excluded(path) is matches


def test_exception_reopens_an_excluded_directory(tmp_path):
    make_tree(tmp_path, ['logs/keep.log', 'logs/drop.log', 'Dockerfile'])
    (tmp_path / '.dockerignore').write_text('logs\n!logs/keep.log\n')
    assert dockerignore.context_files(str(tmp_path)) == ['.dockerignore', 'Dockerfile', 'logs/keep.log']


def test_context_archive_holds_files_and_extra_files(tmp_path):
    make_tree(tmp_path, ['sub/a', 'Dockerfile'])
    os.chmod(str(tmp_path / 'sub' / 'a'), 0o750)
    files = dockerignore.context_files(str(tmp_path))
    with dockerignore.context_archive(str(tmp_path), files, [('Dockerfile', 'FROM scratch\n')]) as handle:
        with tarfile.open(fileobj=handle) as archive:
            members = dict((member.name, member) for member in archive.getmembers())
            assert sorted(members) == ['Dockerfile', 'sub', 'sub/a']
            assert members['sub/a'].mode & 0o777 == 0o750
            assert archive.extractfile('Dockerfile').read() == b'FROM scratch\n'
