"""The execution environment: ansible-builder (from PyPI, in a virtualenv of its own under tests/output)
renders a build context for an EE that holds this collection, and that context's own introspection
finds the collection's Python and system requirements (meta/execution-environment.yml).

Building the image needs a base image from a registry, which this machine cannot reach; creating
the context and running the introspection the build would run need only PyPI.
"""

import glob
import os
import subprocess
import sys

import pytest
import yaml

from collection_path import REPO_ROOT

BUILDER_VERSION = '3.2.0'
BUILDER_VENV = os.path.join(REPO_ROOT, 'tests', 'output', 'ansible-builder-%s' % BUILDER_VERSION)
BIN = os.path.dirname(sys.executable)


def run(argv, **kwargs):
    proc = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=600, check=False, **kwargs)
    assert proc.returncode == 0, '%s failed:\n%s' % (' '.join(argv), proc.stdout.decode())
    return proc.stdout.decode()


@pytest.fixture(scope='module')
def ansible_builder():
    """ansible-builder in its own virtualenv (not the project's .venv), made once and kept."""
    builder = os.path.join(BUILDER_VENV, 'bin', 'ansible-builder')
    if not os.path.exists(builder):
        run([sys.executable, '-m', 'venv', BUILDER_VENV])
        run([os.path.join(BUILDER_VENV, 'bin', 'pip'), 'install', '-q', 'ansible-builder==%s' % BUILDER_VERSION])
    return builder


@pytest.fixture(scope='module')
def collection_tarball(tmp_path_factory):
    """The collection as ansible-galaxy builds it for Galaxy (what an EE build installs)."""
    output = tmp_path_factory.mktemp('built')
    run([os.path.join(BIN, 'ansible-galaxy'), 'collection', 'build', '--output-path', str(output), REPO_ROOT])
    return glob.glob(str(output / 'dockyard-docker-*.tar.gz'))[0]


def test_the_collection_declares_its_ee_requirements():
    with open(os.path.join(REPO_ROOT, 'meta', 'execution-environment.yml')) as handle:
        definition = yaml.safe_load(handle)
    assert definition['version'] == 3
    assert definition['dependencies'] == {'python': 'requirements.txt', 'system': 'bindep.txt'}


def test_ansible_builder_renders_a_context_whose_introspection_finds_the_requirements(
        tmp_path, ansible_builder, collection_tarball):
    ee = tmp_path / 'ee'
    ee.mkdir()
    (ee / 'execution-environment.yml').write_text(yaml.safe_dump({
        'version': 3,
        'images': {'base_image': {'name': 'quay.io/ansible/awx-ee:latest'}},
        'dependencies': {'galaxy': {'collections': [{'name': 'dockyard.docker'}]},
                         'python': ['ansible-pylibssh']},  # the EE's own, merged with the collection's
    }))
    context = tmp_path / 'context'
    output = run([ansible_builder, 'create', '-f', str(ee / 'execution-environment.yml'), '-c', str(context)])
    assert 'Complete!' in output, output
    containerfile = (context / 'Dockerfile').read_text() if (context / 'Dockerfile').exists() \
        else (context / 'Containerfile').read_text()
    assert 'quay.io/ansible/awx-ee:latest' in containerfile
    assert 'introspect' in containerfile and 'install-from-bindep' in containerfile
    galaxy = yaml.safe_load((context / '_build' / 'requirements.yml').read_text())
    assert galaxy == {'collections': [{'name': 'dockyard.docker'}]}

    # What the build's introspection step (the context's own script) makes of the collection once
    # ansible-galaxy has installed it: the collection's requirements join the EE's own.
    collections = tmp_path / 'collections'
    run([os.path.join(BIN, 'ansible-galaxy'), 'collection', 'install', '--force', '-p', str(collections), collection_tarball])
    pip_out, bindep_out = tmp_path / 'requirements.txt', tmp_path / 'bindep.txt'
    run([os.path.join(BUILDER_VENV, 'bin', 'python'), str(context / '_build' / 'scripts' / 'introspect.py'),
         'introspect', '--sanitize', '--user-pip', str(context / '_build' / 'requirements.txt'),
         '--write-pip', str(pip_out), '--write-bindep', str(bindep_out), str(collections)])
    pip_lines = pip_out.read_text().splitlines()
    assert 'docker>=7  # from collection dockyard.docker' in pip_lines, pip_lines
    assert any(line.startswith('ansible-pylibssh') for line in pip_lines), pip_lines
    bindep_lines = bindep_out.read_text().splitlines()
    assert 'openssh-clients [platform:rpm]  # from collection dockyard.docker' in bindep_lines, bindep_lines
    assert 'ca-certificates [platform:rpm platform:dpkg]  # from collection dockyard.docker' in bindep_lines, bindep_lines
