# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One file into a container (`docker cp SRC CONTAINER:PATH`), running or stopped, idempotent; a folder in
`path` goes through container/tree.py.

What is in the container is read with GET /containers/{id}/archive (its tar header gives type,
mode, owner; its content is hashed as it streams) and compared with the wanted file; the file is
written with PUT /containers/{id}/archive, whose tar header carries mode and owner.
"""

import base64
import binascii
import hashlib
import os
import posixpath
import stat

from ansible_collections.dockyard.docker.plugins.module_utils.container.files import file_sha256, put_file, stat_path
from ansible_collections.dockyard.docker.plugins.module_utils.container.tree import TreeCopyDriver, TreeCopySpec
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.specs.modes import parse_file_mode
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import Plan, TaskFailed, run_driver, wrap

# ansible-core's default MAX_FILE_SIZE_FOR_DIFF: larger files are compared by hash, not shown.
DIFF_SIZE_LIMIT = 104448
# What the diff shows for the content of both sides when the task gives content (a secret as often as not).
HIDDEN = '<hidden>'
HIDDEN_DIFFERS = '<hidden, differs>'
LINK_DEPTH = 32


def container_copy_into_argument_spec():
    return dict(
        container=dict(type='str', required=True),
        path=dict(type='path', aliases=['src_dir']),
        content=dict(type='str', no_log=True),
        content_is_b64=dict(type='bool', default=False),
        container_path=dict(type='str', required=True),
        owner_id=dict(type='int'),
        group_id=dict(type='int'),
        mode=dict(type='raw'),
        force=dict(type='bool'),
        delete=dict(type='bool', default=False),
        follow=dict(type='bool', default=False),
        local_follow=dict(type='bool', default=True),
    )


CONTAINER_COPY_INTO_MODULE_OPTIONS = dict(mutually_exclusive=[('path', 'content')], required_one_of=[('path', 'content')],
                                          required_together=[('owner_id', 'group_id')])


class Wanted:
    """The file the task wants: kind ('file' or 'symlink'), content digest, size, mode, owner."""

    def __init__(self, params):
        self.path, self.data, self.linkname = params.get('path'), None, None
        # content may be a secret: the diff shows neither it nor the file it replaces.
        self.secret = self.path is None
        if self.path is not None:
            self._read_local(params)
        else:
            if params.get('mode') is None:
                raise SpecError('mode', None, "required with content (the new file's permissions, such as '0600'); "
                                              'nothing is written without it')
            self.data = _content(params)
            self.kind, self.size, self.local_mode = 'file', len(self.data), None
            self.digest = hashlib.sha256(self.data).hexdigest()
        self.mode = parse_file_mode('mode', params.get('mode'))
        if self.mode is None:
            self.mode = self.local_mode
        self.uid, self.gid = params.get('owner_id') or 0, params.get('group_id') or 0
        for option in ('owner_id', 'group_id'):
            if (params.get(option) or 0) < 0:
                raise SpecError(option, params[option], 'give a numeric ID of 0 or more')

    def _read_local(self, params):
        path = self.path
        try:
            if not params.get('local_follow') and os.path.islink(path):
                self.kind, self.linkname, self.size, self.local_mode, self.digest = 'symlink', os.readlink(path), 0, \
                    0o777, None
                return
            info = os.stat(path)
        except OSError as exc:
            raise SpecError('path', path, 'give an existing file on the managed node (%s)' % (exc.strerror or exc))
        if not stat.S_ISREG(info.st_mode):
            raise SpecError('path', path, 'give a regular file or a folder (not a device, FIFO or socket)')
        self.kind, self.size, self.local_mode = 'file', info.st_size, stat.S_IMODE(info.st_mode)
        self.digest = file_sha256(path)

    def head(self):
        """The content, when it is small enough to show in a diff."""
        if self.kind != 'file' or self.size > DIFF_SIZE_LIMIT:
            return None
        if self.data is not None:
            return self.data
        with open(self.path, 'rb') as handle:
            return handle.read()

    def member(self):
        """put_file's keyword arguments for this file."""
        member = dict(mode=self.mode, uid=self.uid, gid=self.gid)
        if self.kind == 'symlink':
            member.update(linkname=self.linkname, mode=0o777)
        elif self.data is not None:
            member['data'] = self.data
        return member


def _content(params):
    content = params.get('content')
    if not params.get('content_is_b64'):
        return content.encode('utf-8')
    try:
        return base64.b64decode(content, validate=True)
    except (binascii.Error, ValueError):
        raise SpecError('content', '(%d characters)' % len(content), 'content_is_b64 is true: give base64 text')


class CopySpec:
    """The validated task; built without touching the daemon."""

    def __init__(self, params):
        self.container = params['container']
        path = params['container_path']
        if not path or not posixpath.isabs(path) or path.rstrip('/') == '':
            raise SpecError('container_path', path, 'give the absolute path of a file in the container, such as '
                                                    '/etc/app.conf')
        self.container_path = posixpath.normpath(path)
        if params.get('delete'):
            raise SpecError('delete', True, 'only with a folder in path: it removes what the folder lacks')
        self.force = params.get('force')
        self.follow = params.get('follow')
        self.diff = False  # diff mode (the module's _diff): with force, the file replaced is read for the diff only
        self.wanted = Wanted(params)


class CopyDriver:

    def __init__(self, client, spec):
        self.client = client
        self.spec = spec
        self.container_id = None
        self.target = spec.container_path  # where the file goes, links in the container followed with follow
        self.actual = None

    def read(self):
        container = wrap('inspect container %s' % self.spec.container, self.client.inspect, 'containers',
                         self.spec.container)
        if container is None:
            raise TaskFailed('container %s not found' % self.spec.container)
        self.container_id = container['Id']
        # A comparison needs the content; with force only diff mode does (whether something is there is all that
        # counts). A task with content never shows the old one, so it keeps none of it.
        shown = not self.spec.wanted.secret and (self.spec.force is None or self.spec.diff)
        keep, content = (DIFF_SIZE_LIMIT if shown else 0), (self.spec.force is None or shown)
        self.actual = self._stat(self.target, keep, content)
        for _depth in range(LINK_DEPTH):
            if not (self.spec.follow and self.actual is not None and self.actual.kind == 'symlink'):
                break
            self.target = self.actual.link_target or posixpath.normpath(
                posixpath.join(posixpath.dirname(self.target), self.actual.linkname or ''))
            self.actual = self._stat(self.target, keep, content)
        if self.actual is not None and self.client.is_podman():
            # Podman's archive API reports every file as owned by the container's user: not comparable.
            self.actual.uid = self.actual.gid = None
        folder = posixpath.dirname(self.target)
        if self.actual is None and folder != '/' and self._stat(folder, content=False) is None:
            raise TaskFailed('container_path: folder %s does not exist in container %s' % (folder, self.spec.container))

    def _stat(self, path, keep=0, content=True):
        return wrap('read %s in container %s' % (path, self.spec.container), stat_path, self.client,
                    self.container_id, path, keep, content)

    def differences(self):
        """What differs between the file in the container and the wanted one (empty: nothing)."""
        wanted, actual = self.spec.wanted, self.actual
        if actual is None:
            return ['new']
        if actual.kind != wanted.kind:
            return ['%s replaced' % actual.kind]
        if wanted.kind == 'symlink':
            if actual.linkname is not None:
                return [] if actual.linkname == wanted.linkname else ['link target']
            leads_to = posixpath.normpath(posixpath.join(posixpath.dirname(self.target), wanted.linkname))
            return [] if actual.link_target == leads_to else ['link target']
        found = [] if actual.size == wanted.size and actual.digest == wanted.digest else ['content']
        found += [] if actual.mode == wanted.mode else ['mode']
        found += [] if actual.uid is None or (actual.uid, actual.gid) == (wanted.uid, wanted.gid) else ['owner']
        return found

    def _check_no_folder(self):
        """A folder at the path is never replaced, with force too (community.docker's copy removes it with all it
        holds); force: false leaves whatever is there."""
        if self.actual is not None and self.actual.kind == 'directory' and self.spec.force is not False:
            raise TaskFailed('container_path: %s is a folder in container %s; give the path of a file'
                             % (self.target, self.spec.container))

    def plan(self, check_mode=False):
        spec = self.spec
        plan = Plan()
        self._check_no_folder()
        if spec.force:
            reasons = ['force']
        elif spec.force is False:
            reasons = ['new'] if self.actual is None else []
        else:
            reasons = self.differences()
        if reasons:
            source = spec.wanted.path or 'content'
            description = 'copy %s into container %s at %s (%s)' % (source, spec.container, self.target, ', '.join(reasons))
            plan.add('copy', description, self._copy)
        plan.before, plan.after = self._diff()
        return plan

    def _diff(self):
        wanted, actual = self.spec.wanted, self.actual
        before_text, after_text = self._shown_content()
        after = _describe(self.target, wanted.kind, wanted.mode, wanted.uid, wanted.gid, wanted.size, after_text,
                          wanted.linkname)
        if actual is None:
            return {'path': self.target, 'state': 'absent'}, after
        before = _describe(self.target, actual.kind, actual.mode, actual.uid, actual.gid, actual.size, before_text,
                           actual.linkname or actual.link_target)
        # force: false writes nothing where something is: it stays as it was.
        return before, (dict(before) if self.spec.force is False else after)

    def _shown_content(self):
        """The content the diff shows on each side: UTF-8 text small enough to show, else None; with content,
        placeholders on both sides (the after one says whether the content differs, when that was compared)."""
        wanted, actual = self.spec.wanted, self.actual
        if not wanted.secret:
            return _text(actual.head if actual is not None else None), _text(wanted.head())
        differs = actual is not None and actual.kind == 'file' and actual.digest is not None and \
            (actual.size, actual.digest) != (wanted.size, wanted.digest)
        return HIDDEN, HIDDEN_DIFFERS if differs else HIDDEN

    def _copy(self):
        put_file(self.client, self.container_id, self.spec.wanted.path, self.target, keep_folder=True,
                 **self.spec.wanted.member())

    def result(self, check_mode):
        return {'container_path': self.target}


def _describe(path, kind, mode, uid, gid, size, text, linkname):
    described = {'path': path, 'state': kind, 'mode': '%04o' % mode}
    if uid is not None:
        described.update(owner_id=uid, group_id=gid)
    if kind == 'symlink':
        described['link_target'] = linkname
        return described
    described['size'] = size
    if kind == 'file' and text is not None:
        described['content'] = text
    return described


def _text(data):
    if data is None or b'\0' in data:
        return None
    try:
        return data.decode('utf-8')
    except UnicodeDecodeError:
        return None


def run_container_copy_into(module, client_factory, check_mode):
    """The `container_copy_into` module's task: validate, read, plan, apply, report."""
    params = module.params
    if is_folder(params):
        spec = TreeCopySpec(params)
        run_driver(module, TreeCopyDriver(client_factory(params), spec), check_mode)
        return
    spec = CopySpec(params)
    spec.diff = module._diff
    run_driver(module, CopyDriver(client_factory(params), spec), check_mode)


def is_folder(params):
    """path is a folder (a link to one counts, unless local_follow is false)."""
    path = params.get('path')
    if path is None or not os.path.isdir(path):
        return False
    return params.get('local_follow', True) or not os.path.islink(path)
