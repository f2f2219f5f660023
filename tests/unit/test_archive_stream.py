"""Reading a file out of a container (GET /containers/{id}/archive): Podman sometimes answers 200 with no
body when its copy fails after the headers (the podman5 run of test_volume_backup: 'Unexpected error
(ReadError: empty file)'); the answer is asked for again, and a daemon that keeps sending nothing
fails with one line."""

import io
import tarfile

import pytest

from ansible_collections.dockyard.docker.plugins.module_utils.api.errors import StreamError
from ansible_collections.dockyard.docker.plugins.module_utils.container import files
from ansible_collections.dockyard.docker.plugins.module_utils.volume.archive_files import download_archive


def one_file_tar(name, data):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode='w') as archive:
        info = tarfile.TarInfo(name)
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


class ArchiveDaemon:
    """Answers GET archive with each body in turn (b'' is Podman's empty answer), in chunks of 700 bytes."""

    def __init__(self, bodies):
        self.bodies = list(bodies)
        self.asked = 0
        self.closed = 0

    def stream_chunks(self, method, template, *args, **kwargs):
        assert (method, template) == ('GET', '/containers/{}/archive')
        self.asked += 1
        body = self.bodies.pop(0)
        try:
            for start in range(0, len(body), 700):
                yield body[start:start + 700]
        finally:
            self.closed += 1


@pytest.fixture(autouse=True)
def no_pause(monkeypatch):
    monkeypatch.setattr(files, 'EMPTY_ARCHIVE_PAUSE', 0)


def test_an_empty_answer_is_asked_for_again(tmp_path):
    data = b'archive bytes\n' * 200
    daemon = ArchiveDaemon([b'', b'', one_file_tar('dockyard-archive.tar', data)])
    target = tmp_path / 'copy'
    assert files.get_file(daemon, 'c' * 64, '/dockyard-archive.tar', str(target)) == len(data)
    assert target.read_bytes() == data and daemon.asked == 3 and daemon.closed == 3


def test_the_backup_download_reads_an_empty_answer_again(tmp_path):
    data = b'volume tar\n' * 100
    daemon = ArchiveDaemon([b'', one_file_tar('dockyard-archive.tar', data)])
    with open(str(tmp_path / 'backup.tar'), 'wb') as handle:
        digest = download_archive(daemon, 'c' * 64, '/dockyard-archive.tar', handle, str(tmp_path / 'backup.tar'))
    assert (tmp_path / 'backup.tar').read_bytes() == data and len(digest) == 64 and daemon.asked == 2


def test_a_daemon_that_keeps_sending_nothing_fails_with_one_line(tmp_path):
    daemon = ArchiveDaemon([b''] * files.EMPTY_ARCHIVE_ATTEMPTS)
    with pytest.raises(StreamError, match=r'^the daemon sent an empty archive of /data/x in container cccccccccccc, '
                                          r'5 times$'):
        files.get_file(daemon, 'c' * 64, '/data/x', str(tmp_path / 'x'))
    assert daemon.asked == files.EMPTY_ARCHIVE_ATTEMPTS and daemon.closed == daemon.asked
