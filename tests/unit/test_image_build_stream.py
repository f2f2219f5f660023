"""run_build reading the daemon's build stream, fed by a fake client (no daemon)."""

import pytest

from ansible_collections.dockyard.docker.plugins.module_utils.image import build as image_build
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import TaskFailed

HOST = 'unix:///run/fake-docker.sock'
STEPS = [{'stream': 'Step 1/2 : FROM busybox\n'}, {'stream': ' ---> 93e66e49a741\n'},
         {'stream': 'Step 2/2 : RUN sleep 4\n'}, {'stream': ' ---> Running in 7ff1580c7e9b\n'}]


class FakeClient:
    """Answers POST /build with the given JSON messages, as client.stream_json yields them."""

    timeout = 60

    def __init__(self, messages):
        self.messages = messages

    def describe(self):
        return HOST

    def stream_json(self, method, path, query=None, body=None, headers=None, timeout=None):
        assert (method, path) == ('POST', '/build')
        return iter(self.messages)


def build(tmp_path, messages):
    (tmp_path / 'Dockerfile').write_text('FROM busybox\nRUN sleep 4\n')
    spec = image_build.BuildSpec(dict(path=str(tmp_path), dockerfile='Dockerfile', args=None, target=None,
                                      nocache=False, pull=False, rm=True, force_rm=False, labels=None))
    files = image_build.context_files(spec)
    return image_build.run_build(FakeClient(messages), spec, 'app:1', files, 'sha256:0')


def test_stream_ending_without_an_image_id_fails(tmp_path):
    # A stream closed early, say by a daemon going away: the output just ends, no error, no image.
    with pytest.raises(TaskFailed) as failure:
        build(tmp_path, STEPS)
    msg = failure.value.msg
    assert 'build of app:1' in msg and 'without an image ID' in msg and HOST in msg
    assert '\n' not in msg
    assert failure.value.result['build_log'] == ['Step 1/2 : FROM busybox', ' ---> 93e66e49a741',
                                                 'Step 2/2 : RUN sleep 4', ' ---> Running in 7ff1580c7e9b']


def test_image_id_comes_from_the_aux_message(tmp_path):
    done = STEPS + [{'aux': {'ID': 'sha256:6f1c3c8d2f0e'}}, {'stream': 'Successfully built 6f1c3c8d2f0e\n'}]
    image_id, log = build(tmp_path, done)
    assert image_id == 'sha256:6f1c3c8d2f0e'
    assert log[-1] == 'Successfully built 6f1c3c8d2f0e'


def test_image_id_from_the_last_line_without_aux(tmp_path):
    # Like the Docker SDK: a daemon that sends no aux ID still names the image in its last line.
    image_id, _log = build(tmp_path, STEPS + [{'stream': 'Successfully built 6f1c3c8d2f0e\n'}])
    assert image_id == '6f1c3c8d2f0e'


def test_error_message_fails_with_the_daemon_reason(tmp_path):
    with pytest.raises(TaskFailed) as failure:
        build(tmp_path, STEPS + [{'error': "The command '/bin/sh -c sleep 4' returned a non-zero code: 1\n"}])
    assert failure.value.msg == ("build of app:1 failed: The command '/bin/sh -c sleep 4' returned a non-zero code: 1"
                                 " (Docker daemon at %s)" % HOST)
