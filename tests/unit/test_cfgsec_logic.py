"""Pure parts of config / secret (digest label, names, validation) and container_copy_into (modes, tar member)."""

import base64
import io
import tarfile
import tempfile
import time

import pytest
from hypothesis import given, settings, strategies as st

from ansible_collections.dockyard.docker.plugins.module_utils.container.copy import CopySpec
from ansible_collections.dockyard.docker.plugins.module_utils.container.files import TarStream
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.specs.modes import parse_file_mode
from ansible_collections.dockyard.docker.plugins.module_utils.swarm.configs_secrets import (
    HASH_LABEL,
    SwarmObjectSpec,
    data_digest,
    digest_matches,
    visible_labels,
)


def swarm_params(**options):
    params = dict(name='db-password', state='present', data='pw', data_is_b64=False, data_src=None, labels=None,
                  force=False, rolling_versions=False, versions_to_keep=5, template_driver=None)
    params.update(options)
    return params


@settings(max_examples=10, deadline=None)  # each digest is 100000 PBKDF2 rounds
@given(st.binary(min_size=1, max_size=64), st.binary(min_size=1, max_size=64))
def test_digest_matches_its_data_only(data, other):
    label = data_digest(data, salt=b'0123456789abcdef')
    assert digest_matches(label, data) is True
    assert digest_matches(label, other) is (other == data)


def test_digest_is_salted_and_unknown_labels_are_undecided():
    assert data_digest(b'x') != data_digest(b'x')
    assert digest_matches(None, b'x') is None and digest_matches('sha224$abc', b'x') is None
    assert digest_matches('md5$1$00$00', b'x') is None


def test_a_label_claiming_a_huge_iteration_count_is_a_mismatch_not_a_stall():
    """A label anyone with access to the swarm can write must not make a task run PBKDF2 for hours."""
    scheme, _iterations, salt, digest = data_digest(b'4821', salt=b'0123456789abcdef').split('$')
    label = '$'.join((scheme, str(10 ** 9), salt, digest))
    started = time.monotonic()
    assert digest_matches(label, b'4821') is False
    assert time.monotonic() - started < 1
    assert digest_matches('$'.join((scheme, '0', salt, digest)), b'4821') is False


def test_secret_spec_versions_and_sources(tmp_path):
    rolling = SwarmObjectSpec('secret', swarm_params(rolling_versions=True))
    assert [rolling.version_of(name) for name in ('db-password_v3', 'db-password', 'db-password_v', 'x_v1')] == \
        [3, None, None, None]
    assert rolling.object_name(4) == 'db-password_v4'
    plain = SwarmObjectSpec('secret', swarm_params())
    assert plain.version_of('db-password') == 0 and plain.object_name(7) == 'db-password'
    source = tmp_path / 'pw'
    source.write_bytes(b'\x00\x01')
    assert SwarmObjectSpec('secret', swarm_params(data=None, data_src=str(source))).data == b'\x00\x01'
    assert SwarmObjectSpec('secret', swarm_params(data=base64.b64encode(b'\xff').decode(), data_is_b64=True)).data \
        == b'\xff'
    body = plain.create_body('db-password', {'a': '1'})
    assert digest_matches(body['Labels'][HASH_LABEL], b'pw') and body['Labels']['a'] == '1'
    assert visible_labels({'Spec': body}) == {'a': '1'}


@pytest.mark.parametrize('options, option', [
    (dict(name='-bad'), 'name'),
    (dict(name='x' * 61, rolling_versions=True), 'name'),
    (dict(versions_to_keep=0), 'versions_to_keep'),
    (dict(labels={HASH_LABEL: 'x'}), 'labels'),
    (dict(data='not base64!', data_is_b64=True), 'data'),
    (dict(data='x' * (500 * 1024 + 1)), 'data'),
    (dict(data=None, data_src='/nonexistent/file'), 'data_src'),
])
def test_swarm_object_spec_refuses(options, option):
    with pytest.raises(SpecError) as error:
        SwarmObjectSpec('secret', swarm_params(**options))
    assert error.value.option == option
    assert 'not base64' not in str(error.value)  # data never goes into a message


@pytest.mark.parametrize('value, mode', [(0o644, 0o644), ('0644', 0o644), ('644', 0o644), ('0o4755', 0o4755),
                                         ('7', 0o7), (None, None)])
def test_file_modes(value, mode):
    assert parse_file_mode('mode', value) == mode


@pytest.mark.parametrize('value', ['u=rw', '0888', '99999', 0o10000, -1, True, ''])
def test_file_modes_refused(value):
    with pytest.raises(SpecError):
        parse_file_mode('mode', value)


@given(st.integers(min_value=0, max_value=0o7777))
def test_octal_strings_round_trip(mode):
    assert parse_file_mode('mode', '%04o' % mode) == mode == parse_file_mode('mode', mode)


def copy_params(**options):
    params = dict(container='web', path=None, content='hi', content_is_b64=False, container_path='/etc/x',
                  owner_id=None, group_id=None, mode='0640', force=None, follow=False, local_follow=True)
    params.update(options)
    return params


def test_copy_spec_defaults_and_refusals(tmp_path):
    spec = CopySpec(copy_params(container_path='/etc//x/'))
    assert spec.container_path == '/etc/x' and spec.wanted.mode == 0o640 and (spec.wanted.uid, spec.wanted.gid) == (0, 0)
    for options, option in ((dict(container_path='etc/x'), 'container_path'), (dict(container_path='/'), 'container_path'),
                            (dict(content=None, path=str(tmp_path)), 'path'), (dict(owner_id=-1, group_id=0), 'owner_id'),
                            (dict(mode=None), 'mode'), (dict(mode=None, content='aGk=', content_is_b64=True), 'mode')):
        with pytest.raises(SpecError) as error:
            CopySpec(copy_params(**options))
        assert error.value.option == option


@given(st.binary(max_size=2000), st.binary(max_size=700), st.integers(min_value=0, max_value=0o7777),
       st.integers(0, 70000))
def test_tar_stream_round_trips(data, on_disk, mode, uid):
    with tempfile.NamedTemporaryFile() as local:
        local.write(on_disk)
        local.flush()
        stream = TarStream([dict(name='d', directory=True, mode=0o750), dict(name='d/f.bin', mode=mode, uid=uid, gid=7, data=data),
                            dict(name='d/disk', path=local.name, mode=0o644), dict(name='d/link', linkname='f.bin', mode=0o777)])
        raw = b''.join(iter(lambda: stream.read(100), b''))
    assert len(raw) == stream.length
    with tarfile.open(fileobj=io.BytesIO(raw)) as archive:
        members = archive.getmembers()
        assert [(member.name, member.type) for member in members] == [
            ('d', tarfile.DIRTYPE), ('d/f.bin', tarfile.REGTYPE), ('d/disk', tarfile.REGTYPE), ('d/link', tarfile.SYMTYPE)]
        assert (members[0].mode, members[1].mode, members[1].uid, members[1].gid) == (0o750, mode, uid, 7)
        assert archive.extractfile(members[1]).read() == data and archive.extractfile(members[2]).read() == on_disk
        assert members[3].linkname == 'f.bin'
