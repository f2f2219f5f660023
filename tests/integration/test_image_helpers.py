"""Helpers shared by the image tests (no tests here): CLI-side setup and checks, and the converge pattern."""

import json
import subprocess
import urllib.error
import urllib.request

from conftest import docker_cli, images_named, run_module


def image_state(repo):
    """IDs and names of the images whose name contains repo: what a check-mode run must leave alone."""
    return sorted(images_named(repo))


def image_id(reference):
    return docker_cli('image', 'inspect', '--format', '{{.Id}}', reference, check=False) or None


def make_image(reference, base, *instructions):
    """A small image with its own ID, built by the docker CLI from base."""
    lines = ['FROM %s' % base, 'LABEL test.reference=%s' % reference] + list(instructions)
    proc = subprocess.run(['docker', 'build', '-q', '-t', reference, '-'], input='\n'.join(lines).encode(),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    assert proc.returncode == 0, proc.stderr.decode()
    return image_id(reference)


def registry_tags(registry, repository):
    """Tags the registry holds for repository (plain HTTP API, no daemon involved)."""
    try:
        with urllib.request.urlopen('http://%s/v2/%s/tags/list' % (registry, repository), timeout=10) as response:
            return sorted(json.loads(response.read().decode()).get('tags') or [])
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return []
        raise


def seed_registry(source, reference):
    """Put source into the registry as reference with the CLI, leaving no local tag behind."""
    docker_cli('tag', source, reference)
    docker_cli('push', reference)
    docker_cli('rmi', reference)


def converge(module, state_fn, **args):
    """Check mode changes nothing and predicts the run; the run changes; the rerun does not."""
    before = state_fn()
    checked = run_module(module, check=True, diff=True, **args)
    assert checked['changed'], checked
    assert state_fn() == before, 'check mode changed something'
    applied = run_module(module, diff=True, **args)
    assert applied['changed'], applied
    assert applied['actions'] == checked['actions']
    assert applied['diff']['before'] == checked['diff']['before']
    again = run_module(module, **args)
    assert not again['changed'], again['actions']
    return applied
