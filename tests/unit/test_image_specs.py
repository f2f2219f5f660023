"""Pure logic of the image modules: Dockerfile reading, references, filters, build hash."""

import os

import pytest
from hypothesis import given, strategies as st

from ansible_collections.dockyard.docker.plugins.module_utils.image import build as image_build

from ansible_collections.dockyard.docker.plugins.module_utils.image import archive as image_archive
from ansible_collections.dockyard.docker.plugins.module_utils.image.driver import ImageSpec, image_argument_spec, tag_target
from ansible_collections.dockyard.docker.plugins.module_utils.image.info import list_filters
from ansible_collections.dockyard.docker.plugins.module_utils.api.credentials import DOCKER_HUB, registry_key, stored_login
from ansible_collections.dockyard.docker.plugins.module_utils.image.search import search_filters
from ansible_collections.dockyard.docker.plugins.module_utils.image.registry import holds_digest
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError


@pytest.mark.parametrize('dockerfile, args, expected', [
    ('FROM busybox\n', {}, ['busybox']),
    ('ARG BASE=debian:12\nFROM ${BASE} AS build\nFROM build\nFROM scratch\n', {}, ['debian:12']),
    ('ARG BASE=debian:12\nFROM $BASE\n', {'BASE': 'alpine'}, ['alpine']),
    ('ARG V\nFROM img:${V:-1.0}\n', {}, ['img:1.0']),
    ('ARG V=2\nFROM img:${V:-1.0}\n', {}, ['img:2']),
    ('FROM --platform=linux/amd64 a AS one\nCOPY --from=one /x /x\nCOPY --from=tools:1 /t /t\n', {},
     ['a', 'tools:1']),
    ('# comment\nfrom \\\n  busybox:1 as b\nCOPY --from=0 / /\n', {}, ['busybox:1']),
])
def test_base_images(dockerfile, args, expected):
    assert image_build.base_images(dockerfile, args) == expected


@given(st.text(alphabet='abcXYZ_${}:-+ ', max_size=20))
def test_substitute_never_fails(text):
    image_build.substitute(text, {'abc': 'v'})


def test_instructions_join_continuations_and_skip_comments():
    text = 'FROM a\n# note\nRUN one \\\n  # inner comment\n  two\n\nCMD ["x"]\n'
    assert list(image_build.instructions(text)) == [('FROM', 'a'), ('RUN', 'one  two'), ('CMD', '["x"]')]


def spec(tmp_path, **build):
    (tmp_path / 'Dockerfile').write_text('FROM busybox\n')
    options = dict(path=str(tmp_path), dockerfile='Dockerfile', args=None, target=None, nocache=False,
                   pull=False, rm=True, force_rm=False, labels=None)
    options.update(build)
    return image_build.BuildSpec(options)


def test_build_hash_depends_on_every_input(tmp_path):
    base = spec(tmp_path)
    files = ['Dockerfile']
    reference = image_build.build_hash(base, files, ['sha256:1'])
    assert image_build.build_hash(spec(tmp_path), files, ['sha256:1']) == reference
    assert image_build.build_hash(base, files, ['sha256:2']) != reference
    for change in ({'args': {'A': '1'}}, {'target': 't'}, {'labels': {'l': 'v'}}):
        assert image_build.build_hash(spec(tmp_path, **change), files, ['sha256:1']) != reference
    (tmp_path / 'Dockerfile').write_text('FROM busybox\nENV A=1\n')
    assert image_build.build_hash(image_build.BuildSpec(dict(
        path=str(tmp_path), dockerfile='Dockerfile', args=None, target=None, nocache=False, pull=False, rm=True,
        force_rm=False, labels=None)), files, ['sha256:1']) != reference


@pytest.mark.parametrize('tag, expected', [
    ('v2', 'registry.example:5000/app:v2'),
    ('other/app:3', 'other/app:3'),
    ('localhost:5000/app', 'localhost:5000/app:latest'),
])
def test_tag_target(tag, expected):
    assert tag_target('registry.example:5000/app:1', tag) == expected


def params(**values):
    result = dict((key, option.get('default')) for key, option in image_argument_spec().items())
    result.update(values)
    return result


def test_source_is_inferred(tmp_path):
    (tmp_path / 'Dockerfile').write_text('FROM busybox\n')
    build = dict(path=str(tmp_path), dockerfile='Dockerfile', args=None, target=None, nocache=False, pull=False,
                 rm=True, force_rm=False, labels=None)
    assert ImageSpec(params(name='a')).source == 'pull'
    assert ImageSpec(params(name='a', build=build)).source == 'build'
    assert ImageSpec(params(name='a', container='c')).source == 'commit'
    assert ImageSpec(params(name='a', repository='r', push=True)).repository == 'r:latest'


@pytest.mark.parametrize('values, message', [
    (dict(name='sha256:' + 'a' * 64), 'not an image ID'),
    (dict(name='a', source='import'), 'load_path: invalid value None; required with source=import'),
    (dict(name='a', message='m'), 'only used with source=import or source=commit'),
    (dict(name='a', state='absent', push=True), 'push: invalid value True; only used with state=present'),
])
def test_image_spec_rejects(values, message):
    with pytest.raises(SpecError, match=message):
        ImageSpec(params(**values))


@pytest.mark.parametrize('change', ['RUN x', 'CMD', '', 'FROM a'])
def test_changes_rejected(change):
    with pytest.raises(SpecError):
        image_archive.check_changes([change])


@pytest.mark.parametrize('url, key', [
    ('127.0.0.1:5001', '127.0.0.1:5001'),
    ('http://127.0.0.1:5001/v2/', '127.0.0.1:5001'),
    ('https://index.docker.io/v1/', DOCKER_HUB),
    ('docker.io', DOCKER_HUB),
    (None, DOCKER_HUB),
])
def test_registry_key(url, key):
    assert registry_key(url) == key


def test_stored_login_matches_url_forms():
    config = {'auths': {'http://127.0.0.1:5001': {'auth': 'dTpwOnc='}}}
    assert stored_login(config, '127.0.0.1:5001') == ('u', 'p:w')
    assert stored_login(config, '127.0.0.1:5000') is None


def test_filters_are_normalised():
    assert list_filters({'dangling': True, 'label': ['a=1', 'b'], 'reference': 'x*'}) == {
        'dangling': ['true'], 'label': ['a=1', 'b'], 'reference': ['x*']}
    assert search_filters({'is-official': 'yes', 'stars': '3'}) == {'is-official': ['true'], 'stars': ['3']}


def test_archive_manifest_of_a_missing_file_is_none(tmp_path):
    assert image_archive.archive_manifest('archive_path', str(tmp_path / 'none.tar')) is None
    assert not os.path.exists(str(tmp_path / 'none.tar'))


def _save_archive(path, files):
    import io
    import json
    import tarfile
    with tarfile.open(str(path), 'w') as archive:
        for name, content in files.items():
            data = json.dumps(content).encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return str(path)


def test_archive_manifest_knows_both_image_store_ids(tmp_path):
    """Docker 25+ archives: the config digest (graphdriver ID) and the manifest digest (containerd ID)."""
    config, manifest = 'sha256:' + 'c' * 64, 'sha256:' + 'm' * 64
    path = _save_archive(tmp_path / 'oci.tar', {
        'manifest.json': [{'Config': 'blobs/sha256/' + 'c' * 64, 'RepoTags': ['app:1'], 'Layers': []}],
        'index.json': {'manifests': [{'digest': manifest}]},
        'blobs/sha256/' + 'm' * 64: {'config': {'digest': config}, 'layers': []},
    })
    entries = image_archive.archive_manifest('archive_path', path)
    assert entries == [((config, manifest), ['app:1'])]
    assert image_archive.archive_holds(entries, manifest, 'app:1')
    assert image_archive.archive_holds(entries, config, 'app:1')
    assert not image_archive.archive_holds(entries, 'sha256:' + 'x' * 64, 'app:1')


def test_archive_manifest_of_an_old_archive_has_the_config_id_only(tmp_path):
    path = _save_archive(tmp_path / 'old.tar', {
        'manifest.json': [{'Config': 'c' * 64 + '.json', 'RepoTags': ['app:1'], 'Layers': []}]})
    assert image_archive.archive_manifest('archive_path', path) == [(('sha256:' + 'c' * 64,), ['app:1'])]


def test_a_digest_is_held_under_any_name_or_as_the_image_id():
    digest = 'sha256:' + 'a' * 64
    image = {'Id': 'sha256:' + 'b' * 64, 'RepoDigests': ['localhost:5000/app@' + digest]}
    assert holds_digest(image, digest)
    assert not holds_digest(image, 'sha256:' + 'c' * 64)
    assert not holds_digest(dict(image, RepoDigests=None), digest)
    assert holds_digest({'Id': digest, 'RepoDigests': []}, digest)  # the containerd image store
    assert not holds_digest(image, None) and not holds_digest(None, digest)
