"""Run a module of this collection the way `run_module` needs it, without a new interpreter per call.

A fresh interpreter costs about 0.2 s of CPU per module run (start-up and imports of ansible's and
our module_utils), paid thousands of times per engine on a 2-core machine. Here a fork server
(multiprocessing's, started from a clean interpreter, single-threaded) imports them once; each run
is a child forked from it that reads the module's arguments on stdin and writes its JSON on stdout,
as a module process does, and ends with the module's own exit. Nothing a child does reaches the
next one. The paths that must prove a fresh interpreter keep it: another managed-node Python
(`make managed-python`), a module run as nobody, a test that sets PYTHONPATH, and
`DOCKYARD_TEST_FRESH_INTERPRETER=1`.
"""

import multiprocessing
import os
import pkgutil
import runpy
import sys
import tempfile
import traceback

from collection_path import COLLECTIONS_ROOT, REPO_ROOT

MODULE_PACKAGE = 'ansible_collections.dockyard.docker.plugins.modules.'
FRESH_INTERPRETER = os.environ.get('DOCKYARD_TEST_FRESH_INTERPRETER') == '1'
_CONTEXT = []


def _preloaded():
    """What every module imports: ansible's AnsibleModule and all of our module_utils."""
    names = ['ansible.module_utils.basic']
    utils = os.path.join(REPO_ROOT, 'plugins', 'module_utils')
    for info in pkgutil.walk_packages([utils], 'ansible_collections.dockyard.docker.plugins.module_utils.'):
        names.append(info.name)
    return names


def _fork_server():
    if not _CONTEXT:
        if COLLECTIONS_ROOT not in sys.path:
            sys.path.insert(0, COLLECTIONS_ROOT)
        context = multiprocessing.get_context('forkserver')
        context.set_forkserver_preload(_preloaded())
        _CONTEXT.append(context)
    return _CONTEXT[0]


def _run_child(module, env, stdin_path, stdout_path, stderr_path):
    """In the forked child: the module's process, from reading stdin to its exit status."""
    for fd, path, flags in ((0, stdin_path, os.O_RDONLY), (1, stdout_path, os.O_WRONLY), (2, stderr_path, os.O_WRONLY)):
        opened = os.open(path, flags)
        os.dup2(opened, fd)
        os.close(opened)
    sys.stdin, sys.stdout, sys.stderr = (open(0, 'r', closefd=False), open(1, 'w', closefd=False),
                                         open(2, 'w', closefd=False))
    os.environ.clear()
    os.environ.update(env)
    sys.argv = [module]
    status = 0
    try:
        runpy.run_module(MODULE_PACKAGE + module, run_name='__main__', alter_sys=True)
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else 1
    except BaseException:  # pylint: disable=broad-except
        traceback.print_exc()
        status = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


def run_forked(module, payload, env, timeout):
    """(stdout bytes, stderr bytes) of one module run in a child of the fork server."""
    with tempfile.TemporaryDirectory(prefix='dyt-module-') as folder:
        paths = [os.path.join(folder, stream) for stream in ('stdin', 'stdout', 'stderr')]
        with open(paths[0], 'wb') as stdin:
            stdin.write(payload)
        for path in paths[1:]:
            open(path, 'wb').close()
        child = _fork_server().Process(target=_run_child, args=(module, env) + tuple(paths))
        child.start()
        child.join(timeout)
        if child.exitcode is None:
            child.kill()
            child.join()
            raise AssertionError('module %s did not end within %s s' % (module, timeout))
        with open(paths[1], 'rb') as stdout, open(paths[2], 'rb') as stderr:
            return stdout.read(), stderr.read()
