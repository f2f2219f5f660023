# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""docker exec: run a command in a running container, optionally guarded by creates/removes."""

import posixpath
import shlex

from ansible_collections.dockyard.docker.plugins.module_utils.api.client import CONTAINER_WAIT_TIMEOUT, DockerError
from ansible_collections.dockyard.docker.plugins.module_utils.specs import process
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import Plan, TaskFailed, run_driver, wrap
from ansible_collections.dockyard.docker.plugins.module_utils.api.streams import demultiplex


def container_exec_argument_spec():
    return dict(
        container=dict(type='str', required=True, aliases=['name']),
        command=dict(type='str'),
        argv=dict(type='list', elements='str'),
        detach=dict(type='bool', default=False),
        tty=dict(type='bool', default=False),
        stdin=dict(type='str'),
        stdin_add_newline=dict(type='bool', default=True),
        strip_empty_ends=dict(type='bool', default=True),
        user=dict(type='str'),
        workdir=dict(type='str', aliases=['chdir']),
        env=dict(type='dict'),
        privileged=dict(type='bool', default=False),
        expected_rc=dict(type='list', elements='int', default=[0]),
        creates=dict(type='str'),
        removes=dict(type='str'),
    )


EXEC_MUTUALLY_EXCLUSIVE = [('command', 'argv')]
EXEC_REQUIRED_ONE_OF = [('command', 'argv')]


class ExecSpec:
    """The validated exec request; built without touching the daemon."""

    def __init__(self, params):
        self.container = params['container']
        self.argv = params.get('argv') or process.argv('command', params.get('command'))
        if not self.argv:
            raise SpecError('command' if params.get('command') is not None else 'argv',
                            params.get('command') or params.get('argv'), 'give a non-empty command')
        self.detach = params.get('detach', False)
        self.tty = params.get('tty', False)
        self.stdin = self._stdin_bytes(params)
        self.strip_empty_ends = params.get('strip_empty_ends', True)
        self.workdir = params.get('workdir')
        if self.workdir is not None and not self.workdir.startswith('/'):
            raise SpecError('workdir', self.workdir, 'give an absolute path inside the container')
        self.user = params.get('user')
        self.env = process.env('env', params['env']) if params.get('env') is not None else None
        self.privileged = params.get('privileged', False)
        self.expected_rc = params.get('expected_rc') or [0]
        self.creates = self._guard_path(params, 'creates')
        self.removes = self._guard_path(params, 'removes')
        if self.detach and self.stdin is not None:
            raise SpecError('stdin', params.get('stdin'), 'a detached exec cannot be fed stdin; '
                                                          'set detach: false or leave stdin out')

    @staticmethod
    def _stdin_bytes(params):
        data = params.get('stdin')
        if data is None:
            return None
        if params.get('stdin_add_newline', True) and not data.endswith('\n'):
            data += '\n'
        return data.encode('utf-8')

    def _guard_path(self, params, option):
        path = params.get(option)
        if path is None:
            return None
        if not path.startswith('/'):
            if not self.workdir:
                raise SpecError(option, path, 'give an absolute path inside the container, or set workdir')
            path = posixpath.join(self.workdir, path)
        return posixpath.normpath(path)

    def create_body(self):
        body = {'Cmd': self.argv, 'Tty': self.tty, 'Privileged': self.privileged,
                'AttachStdin': self.stdin is not None,
                'AttachStdout': not self.detach, 'AttachStderr': not self.detach}
        if self.user:
            body['User'] = self.user
        if self.workdir:
            body['WorkingDir'] = self.workdir
        if self.env:
            body['Env'] = ['%s=%s' % item for item in sorted(self.env.items())]
        return body


def path_exists(client, container_id, path):
    """HEAD on the archive endpoint stats a path without running anything in the container."""
    try:
        client.request('HEAD', '/containers/{}/archive', container_id, query={'path': path}, expect_json=False)
    except DockerError as exc:
        if exc.not_found:
            return False
        raise
    return True


def skip_reason(client, spec, container_id):
    """Why creates/removes make the command unnecessary, or None when it must run."""
    if spec.creates and wrap('look for %s in container %s' % (spec.creates, spec.container),
                             path_exists, client, container_id, spec.creates):
        return '%s exists in container %s, matching creates' % (spec.creates, spec.container)
    if spec.removes and not wrap('look for %s in container %s' % (spec.removes, spec.container),
                                 path_exists, client, container_id, spec.removes):
        return '%s does not exist in container %s, matching removes' % (spec.removes, spec.container)
    return None


def running_container(client, name):
    container = wrap('inspect container %s' % name, client.inspect, 'containers', name)
    if container is None:
        raise TaskFailed('container: %s does not exist; create it with dockyard.docker.container' % name)
    if not (container.get('State') or {}).get('Running'):
        raise TaskFailed('container: %s is not running (%s); docker exec needs a running container, '
                         'start it with dockyard.docker.container state=started'
                         % (name, (container.get('State') or {}).get('Status')))
    return container


def split_output(raw, tty, strip_empty_ends):
    stdout, stderr = [], []
    for stream, text in demultiplex(raw):
        (stderr if stream == 'stderr' else stdout).append(text)
    result = {'stdout': ''.join(stdout), 'stderr': ''.join(stderr)}
    for key, text in result.items():
        if tty:
            # A pseudo-TTY turns every newline into CRLF.
            text = text.replace('\r\n', '\n')
        result[key] = text.rstrip('\r\n') if strip_empty_ends else text
    return result


def execute(client, spec, container_id):
    created = client.post('/containers/{}/exec', container_id, body=spec.create_body())
    exec_id = created['Id']
    if spec.detach:
        client.post('/exec/{}/start', exec_id, body={'Detach': True, 'Tty': spec.tty})
        return {'exec_id': exec_id}
    raw = client.raw_stream('POST', '/exec/{}/start', exec_id, body={'Detach': False, 'Tty': spec.tty},
                            stdin=spec.stdin, timeout=CONTAINER_WAIT_TIMEOUT)
    result = split_output(raw, spec.tty, spec.strip_empty_ends)
    result['rc'] = client.get('/exec/{}/json', exec_id).get('ExitCode')
    result['exec_id'] = exec_id
    return result


class ExecDriver:
    """docker exec as a plan of one action: none when creates / removes say the command is not needed."""

    def __init__(self, client, spec):
        self.client = client
        self.spec = spec
        self.container = None
        self.skip = None
        self.output = None

    def read(self):
        self.container = running_container(self.client, self.spec.container)
        self.skip = skip_reason(self.client, self.spec, self.container['Id'])

    def plan(self, check_mode=False):
        plan = Plan()
        if self.skip is None:
            # Named so that a daemon error reads "Failed to run CMD in container NAME: ...".
            plan.add('exec', 'run %s in container %s' % (shlex.join(self.spec.argv), self.spec.container),
                     self._execute)
        return plan

    def _execute(self):
        self.output = execute(self.client, self.spec, self.container['Id'])

    def result(self, check_mode):
        spec = self.spec
        if self.skip is not None:
            return {'msg': 'command not run: %s' % self.skip, 'rc': 0, 'stdout': '', 'stderr': ''}
        if check_mode:
            return {'msg': 'command would run in container %s' % spec.container}
        if 'rc' in self.output and self.output['rc'] not in spec.expected_rc:
            raise TaskFailed('command %s exited with rc %s in container %s (expected %s)'
                             % (shlex.join(spec.argv), self.output['rc'], spec.container,
                                ', '.join(str(rc) for rc in spec.expected_rc)), changed=True, **self.output)
        # An accepted non-zero rc is success; without failed=False Ansible would mark it failed.
        return dict(self.output, failed=False)


def run_container_exec(module, client_factory, check_mode):
    spec = ExecSpec(module.params)
    run_driver(module, ExecDriver(client_factory(module.params), spec), check_mode)
