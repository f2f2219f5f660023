"""A large image saved to a file, or loaded from one, passes through the module in pieces, never
whole in its memory.

The image holds 500 MB of random data; the module saving it runs as a process of its own (a fresh
interpreter, as Ansible starts one) and its peak resident memory, as the kernel counts it for the
process (wait4's ru_maxrss), stays under 100 MB. What is measured is our code on the managed host,
the same whatever the engine: it runs once, with the host engine ('managed-host-only').
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

import pytest

from collection_path import COLLECTIONS_ROOT
from conftest import docker_cli
from module_runner import MODULE_PACKAGE

pytestmark = pytest.mark.needs('managed-host-only')
PAYLOAD_MB = 500
PEAK_LIMIT_MB = 100


@pytest.fixture
def big_image(name, repo_root):
    """An image of one layer holding PAYLOAD_MB of random bytes (docker import of a tar made on the fly);
    yields (reference, a scratch folder); removes both."""
    reference = '%s:big' % name.lower()
    folder = tempfile.mkdtemp(prefix='image-memory-', dir=os.path.join(repo_root, 'tests', 'output'))
    payload = os.path.join(folder, 'payload.bin')
    try:
        subprocess.run(['head', '-c', '%dM' % PAYLOAD_MB, '/dev/urandom'], stdout=open(payload, 'wb'), check=True)
        tar = subprocess.Popen(['tar', '-C', folder, '-cf', '-', 'payload.bin'], stdout=subprocess.PIPE)
        imported = subprocess.run(['docker', 'import', '-', reference], stdin=tar.stdout, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, check=False)
        tar.stdout.close()
        assert tar.wait() == 0 and imported.returncode == 0, imported.stderr.decode()
        os.unlink(payload)
        yield reference, folder
    finally:
        docker_cli('rmi', '-f', reference, check=False)
        shutil.rmtree(folder, ignore_errors=True)


def run_measured(module, folder, **args):
    """(result, peak resident memory in MB) of one module run in a fresh interpreter."""
    args.update(_ansible_check_mode=False, _ansible_diff=False, _ansible_remote_tmp='/tmp',
                _ansible_keep_remote_files=False)
    stdin_path, stdout_path = os.path.join(folder, 'args.json'), os.path.join(folder, 'out.json')
    with open(stdin_path, 'w') as handle:
        json.dump({'ANSIBLE_MODULE_ARGS': args}, handle)
    env = dict(os.environ, PYTHONPATH=COLLECTIONS_ROOT)
    with open(stdin_path, 'rb') as stdin, open(stdout_path, 'wb') as stdout:
        process = subprocess.Popen([sys.executable, '-m', MODULE_PACKAGE + module], stdin=stdin, stdout=stdout,
                                   stderr=subprocess.STDOUT, env=env)
        _pid, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    with open(stdout_path) as handle:
        output = handle.read()
    assert 'Traceback' not in output, output
    return json.loads(output[output.index('{'):]), usage.ru_maxrss / 1024.0


def test_saving_a_large_image_streams_it_to_the_file(big_image):
    reference, folder = big_image
    archive = os.path.join(folder, 'big.tar')

    result, peak_mb = run_measured('image', folder, name=reference, archive_path=archive)

    assert not result.get('failed'), result.get('msg', result)
    assert result['changed'] and result['actions'] == ['save %s to %s' % (reference, archive)]
    assert os.path.getsize(archive) > PAYLOAD_MB * 1000 * 1000
    assert peak_mb < PEAK_LIMIT_MB, 'the module peaked at %.0f MB while saving a %d MB image' % (peak_mb, PAYLOAD_MB)
    # Nothing is left beside the archive (the temporary file it was written to is gone).
    assert sorted(os.listdir(folder)) == ['args.json', 'big.tar', 'out.json']


def test_loading_a_large_image_streams_it_from_the_file(big_image):
    reference, folder = big_image
    archive = os.path.join(folder, 'big.tar')
    docker_cli('save', '-o', archive, reference)
    docker_cli('rmi', reference)

    result, peak_mb = run_measured('image', folder, name=reference, source='load', load_path=archive)

    assert not result.get('failed'), result.get('msg', result)
    assert result['changed'] and docker_cli('image', 'inspect', '--format', '{{.Size}}', reference)
    assert peak_mb < PEAK_LIMIT_MB, 'the module peaked at %.0f MB while loading a %d MB image' % (peak_mb, PAYLOAD_MB)
