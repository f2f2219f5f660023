"""Which files a build sends: our .dockerignore reading handed to the Docker SDK's rules."""

import tarfile

import pytest

from ansible_collections.dockyard.docker.plugins.module_utils.image import build as image_build

pytest.importorskip('docker.utils.build')


def make_context(root, paths, dockerignore=None):
    for path in paths + ['Dockerfile']:
        full = root / path
        full.parent.mkdir(parents=True, exist_ok=True)
        full.write_text('FROM scratch\n' if path == 'Dockerfile' else path)
    if dockerignore is not None:
        (root / '.dockerignore').write_text(dockerignore)
    return image_build.BuildSpec(dict(path=str(root), dockerfile='Dockerfile', args=None, target=None, nocache=False,
                                      pull=False, rm=True, force_rm=False, labels=None))


def test_comments_and_blank_lines_are_not_patterns(tmp_path):
    (tmp_path / '.dockerignore').write_text('# a comment\n\n  *.log  \n!keep.log\n')
    assert image_build.read_dockerignore(str(tmp_path)) == ['*.log', '!keep.log']
    assert image_build.read_dockerignore(str(tmp_path / 'missing')) == []


def test_exception_reopens_an_excluded_directory(tmp_path):
    spec = make_context(tmp_path, ['logs/keep.log', 'logs/drop.log'], 'logs\n!logs/keep.log\n')
    assert image_build.context_files(spec) == ['.dockerignore', 'Dockerfile', 'logs/keep.log']


def test_the_dockerfile_and_dockerignore_are_sent_even_when_ignored(tmp_path):
    spec = make_context(tmp_path, ['app.py'], '*\n')
    assert image_build.context_files(spec) == ['.dockerignore', 'Dockerfile']


def test_context_archive_holds_files_and_the_added_dockerfile(tmp_path):
    spec = make_context(tmp_path, ['sub/a'])
    (tmp_path / 'sub' / 'a').chmod(0o750)
    outside = tmp_path.parent / ('%s.Dockerfile' % tmp_path.name)
    outside.write_text('FROM busybox\n')
    spec = image_build.BuildSpec(dict(path=str(tmp_path), dockerfile=str(outside), args=None, target=None,
                                      nocache=False, pull=False, rm=True, force_rm=False, labels=None))
    files = image_build.context_files(spec)
    name, extra = image_build._dockerfile_in_archive(spec, files)  # pylint: disable=protected-access
    archive_file = image_build._sdk_build().create_archive(spec.path, files=files, extra_files=extra)  # pylint: disable=protected-access
    with tarfile.open(fileobj=archive_file) as archive:
        members = dict((member.name, member) for member in archive.getmembers())
        assert members['sub/a'].mode & 0o777 == 0o750
        assert archive.extractfile(name).read() == b'FROM busybox\n'
        assert name in archive.extractfile('.dockerignore').read().decode().splitlines()
