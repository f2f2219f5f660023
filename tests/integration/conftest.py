"""Fixtures for integration tests against the real dockerd started by tests/harness/setup.sh.

Every resource a test makes is named with the `prefix` fixture and removed at the
end of the session, also when the test fails.
"""

import fcntl
import json
import os
import re
import subprocess
import sys
import tempfile
import uuid

import pytest

from collection_path import COLLECTIONS_ROOT, REPO_ROOT
from engines import ENGINE  # noqa: F401  (sets DOCKER_HOST for the engine under test first)
from module_runner import FRESH_INTERPRETER, MODULE_PACKAGE, run_forked

BUSYBOX = os.environ.get('DOCKYARD_TEST_BUSYBOX', 'dockyard-test/busybox:latest')
DEBIAN = os.environ.get('DOCKYARD_TEST_DEBIAN', 'dockyard-test/debian:bookworm')
REGISTRY = os.environ.get('DOCKYARD_TEST_REGISTRY', '127.0.0.1:5000')
RUN_PREFIX = 'dyt'  # every test run's names start with it: RUN_ID is per pytest process
RUN_ID = '%s%s' % (RUN_PREFIX, uuid.uuid4().hex[:6])
# The managed node's interpreter for run_module (a path; default: the interpreter running pytest).
# It needs the Docker SDK that the modules check for; ansible's module_utils come from this
# controller, as AnsiballZ would ship them (see `make managed-python`).
MANAGED_PYTHON = os.environ.get('DOCKYARD_TEST_PYTHON') or None
_SHIPPED_ANSIBLE = []


class ModuleResult(dict):

    @property
    def failed(self):
        return bool(self.get('failed'))


def run_module(name, /, check=False, diff=False, expect_fail=False, env=None, options=None, run_as_nobody=False,
               netns=None, **args):
    """Run one of this collection's modules in a process of its own, as Ansible would (module_runner.py).

    Fails the test on a traceback or on an unexpected failure; expect_fail=None accepts either
    outcome, for tasks racing a fault (the test checks the result). `name` is positional-only so
    that a module's own `name` option can be passed as a keyword; `env` is the process
    environment, so module options that clash with these keywords (`env`, `check`, ...) go
    in the `options` dict. netns runs the module in that network namespace (`ip netns exec`).
    """
    module_args = dict(options or {}, **args)
    module_args['_ansible_check_mode'] = check
    module_args['_ansible_diff'] = diff
    module_args.setdefault('_ansible_remote_tmp', '/tmp')
    module_args.setdefault('_ansible_keep_remote_files', False)
    payload = json.dumps({'ANSIBLE_MODULE_ARGS': module_args})
    run_env = dict(os.environ)
    run_env['PYTHONPATH'] = COLLECTIONS_ROOT
    run_env.update(env or {})
    interpreter, preexec = sys.executable, None
    if MANAGED_PYTHON:
        interpreter = MANAGED_PYTHON
        run_env['PYTHONPATH'] = os.pathsep.join([COLLECTIONS_ROOT, _shipped_ansible()])
    if run_as_nobody:
        # The venv's interpreter lives under a root-only home here; the system python reads
        # the same pure-Python packages through PYTHONPATH.
        interpreter, preexec = '/usr/bin/python3', _become_nobody
        run_env['PYTHONPATH'] = os.pathsep.join([COLLECTIONS_ROOT] + [p for p in sys.path if 'site-packages' in p])
    # A test that changes what can be imported (PYTHONPATH) needs an interpreter that reads it.
    if interpreter == sys.executable and not FRESH_INTERPRETER and 'PYTHONPATH' not in (env or {}) and not netns:
        stdout, stderr = run_forked(name, payload.encode(), run_env, timeout=600)
    else:
        proc = subprocess.run(
            (['ip', 'netns', 'exec', netns] if netns else []) + [interpreter, '-m', MODULE_PACKAGE + name],
            input=payload.encode(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=run_env, timeout=600,
            preexec_fn=preexec, check=False)
        stdout, stderr = proc.stdout, proc.stderr
    stdout = stdout.decode('utf-8', 'replace')
    stderr = stderr.decode('utf-8', 'replace')
    assert 'Traceback' not in stderr, stderr
    try:
        result = ModuleResult(json.loads(stdout[stdout.index('{'):]))
    except ValueError:
        raise AssertionError('module %s printed no JSON: %s %s' % (name, stdout, stderr))
    assert 'exception' not in result, result.get('exception')
    if expect_fail:
        assert result.failed, result
    elif expect_fail is not None:
        assert not result.failed, result.get('msg', result)
    return result


def _shipped_ansible():
    """A folder holding what AnsiballZ ships of ansible itself: a bare package with module_utils.

    The controller's ansible/__init__.py imports controller-only code (and needs its Python), so
    another interpreter gets the module_utils alone, as in a real task.
    """
    if not _SHIPPED_ANSIBLE:
        import ansible.module_utils  # pylint: disable=import-outside-toplevel
        folder = tempfile.mkdtemp(prefix='dyt-ansiballz-')
        os.mkdir(os.path.join(folder, 'ansible'))
        with open(os.path.join(folder, 'ansible', '__init__.py'), 'w') as init:
            init.write('')
        os.symlink(os.path.dirname(ansible.module_utils.__file__), os.path.join(folder, 'ansible', 'module_utils'))
        _SHIPPED_ANSIBLE.append(folder)
    return _SHIPPED_ANSIBLE[0]


def _become_nobody():
    os.setgroups([])
    os.setgid(65534)
    os.setuid(65534)


def docker_cli(*args, check=True):
    """The docker CLI, used by tests to prepare and check state independently of the modules."""
    proc = subprocess.run(['docker'] + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    if check and proc.returncode != 0:
        raise AssertionError('docker %s failed: %s' % (' '.join(args), proc.stderr.decode()))
    return proc.stdout.decode().strip()


def docker_inspect(kind, name):
    out = docker_cli(kind, 'inspect', name, check=False)
    data = json.loads(out) if out.startswith('[') else []
    return data[0] if data else None


def remove_containers(*names):
    """Remove containers at once. Podman's forced removal first waits out each one's stop timeout
    (10 s for a busybox sleep, which ignores SIGTERM as PID 1), Docker's kills: so kill first."""
    if names:
        docker_cli('kill', *names, check=False)
        docker_cli('rm', '-f', '-v', *names, check=False)


def images_named(fragment, check=True):
    """'ID repository:tag' of the images whose name contains fragment (the registry's too).

    Filtered by the daemon: an unfiltered list reads every image's config and fails, 404 'content
    digest ... not found', when another worker removes an image meanwhile (the containerd store)."""
    patterns = ['*%s*' % fragment, '*/*%s*' % fragment, '*/*/*%s*' % fragment]
    out = docker_cli('images', '-a', '--no-trunc', '--format', '{{.ID}} {{.Repository}}:{{.Tag}}',
                     *['--filter=reference=%s' % pattern for pattern in patterns], check=check)
    return [line for line in out.splitlines() if fragment in line.split()[-1]]


def _remove_leftovers(prefix):
    remove_containers(*docker_cli('ps', '-aq', '--filter', 'name=%s' % prefix, check=False).split())
    for list_args, rm_args in (
        (['network', 'ls', '-q', '--filter', 'name=%s' % prefix], ['network', 'rm']),
        (['volume', 'ls', '-q', '--filter', 'name=%s' % prefix], ['volume', 'rm', '-f']),
    ):
        ids = docker_cli(*list_args, check=False).split()
        if ids:
            docker_cli(*(rm_args + ids), check=False)
    doomed = [line.split()[-1] for line in images_named(prefix, check=False)]
    if doomed:
        docker_cli('rmi', '-f', *doomed, check=False)


@pytest.fixture(scope='session')
def prefix():
    """A per-run name prefix; everything carrying it is removed when the session ends."""
    yield RUN_ID
    _remove_leftovers(RUN_ID)


@pytest.fixture
def name(prefix, request):
    """A unique resource name for one test; the containers named with it go when the test ends.

    What a test leaves running costs every later test until the session's end: container_stats' busy
    loop held one of the two cores for 7 minutes of the host engine's run, and a health check every
    second execs in its container."""
    label = re.sub(r'[^a-zA-Z0-9_.-]+', '-', request.node.name)[:30].strip('-_.')
    value = '%s-%s-%s' % (prefix, label, uuid.uuid4().hex[:4])
    yield value
    remove_containers(*docker_cli('ps', '-aq', '--filter', 'name=%s' % value, check=False).split())


@pytest.fixture(scope='session')
def busybox():
    return BUSYBOX


@pytest.fixture(scope='session')
def debian():
    return DEBIAN


@pytest.fixture(scope='session')
def registry():
    return REGISTRY


@pytest.fixture(scope='session')
def repo_root():
    return REPO_ROOT


@pytest.fixture(scope='session')
def engine():
    """The engine under test (DOCKYARD_TEST_ENGINE): its name, API version and what it lacks."""
    return ENGINE


def pytest_configure(config):
    config.addinivalue_line('markers', 'needs(feature): skip on engines that lack it (tests/integration/engines.py)')
    config.addinivalue_line('markers', 'managed_python: run again on managed-node Pythons 3.8 and 3.13 (make managed-python)')
    if not hasattr(config, 'workerinput') and not config.option.collectonly and _only_suite_on_this_daemon():
        # A run that was killed (a session's end, a machine stopped) left its networks behind, and
        # with them their fixed subnets: the next run's networks on those subnets would be refused
        # ('Pool overlaps'). The controller clears them before any worker starts.
        _remove_leftovers(RUN_PREFIX)


_SUITE_LOCKS = []


def _only_suite_on_this_daemon():
    """Hold a lock per daemon address for this pytest process's life; False if another suite holds it
    (its resources are not leftovers then)."""
    address = os.environ.get('DOCKER_HOST', 'unix:///var/run/docker.sock')
    path = os.path.join(tempfile.gettempdir(), 'dockyard-suite-%s.lock' % re.sub(r'[^A-Za-z0-9]+', '_', address))
    # Held open until the process ends: the lock lasts as long as the suite.
    lock = open(path, 'a')  # pylint: disable=consider-using-with
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        lock.close()
        return False
    _SUITE_LOCKS.append(lock)
    return True


# The test files that take longest, longest first (measured per engine; the rest follow in name
# order). xdist's --dist loadfile hands files to workers in collection order, so a long file
# starting last no longer runs alone at the end while the other workers idle.
LONGEST_FILES = ('test_service.py', 'test_concurrency.py', 'test_connection_docker_exec.py', 'test_container.py',
                 'test_container_options.py', 'test_stack.py', 'test_engine_supervision_init_script.py',
                 'test_swarm.py', 'test_concurrency_bulk.py', 'test_image_build.py', 'test_container_race.py',
                 'test_daemon_restart_converge.py', 'test_cluster_info.py', 'test_volume_backup.py',
                 'test_engine_supervision.py', 'test_image.py', 'test_compose.py', 'test_inventory.py', 'test_prune.py')


def pytest_collection_modifyitems(items):
    def rank(item):
        filename = os.path.basename(str(item.fspath))
        return LONGEST_FILES.index(filename) if filename in LONGEST_FILES else len(LONGEST_FILES)
    items.sort(key=rank)  # stable: a file's tests stay together and in their order


def pytest_runtest_setup(item):
    for marker in item.iter_markers('needs'):
        for feature in marker.args:
            ENGINE.require(feature)
