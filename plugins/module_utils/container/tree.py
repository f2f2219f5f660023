# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A folder into a container (`docker cp DIR/. CONTAINER:PATH`), running or stopped, idempotent entry by entry.

The local tree is walked (links inside it are copied as links, never followed). What the container holds at
container_path is read with one GET /containers/{id}/archive, each file hashed as it streams; only the entries
that differ (content, mode, owner, link target, kind) go, in one PUT /containers/{id}/archive. A rerun therefore
only reads. `delete` removes what the source lacks with `rm` run in the container: the archive API cannot remove,
so that part needs a running container.
"""

import hashlib
import os
import posixpath
import stat

from ansible_collections.dockyard.docker.plugins.module_utils.container.exec import ExecSpec, execute
from ansible_collections.dockyard.docker.plugins.module_utils.container.files import (
    archive_stream, file_sha256, put_members, stat_path)
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.specs.modes import parse_file_mode
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import Plan, TaskFailed, wrap

LINK_DEPTH = 32


class Entry:
    """One entry of a tree, relative to its root: kind ('file', 'directory', 'symlink'), mode, owner, and a file's
    size and content digest (read when needed: local), or a link's target as written."""

    def __init__(self, kind, mode, uid=None, gid=None, size=0, digest=None, linkname=None, local=None, mtime=None):
        self.kind, self.mode, self.uid, self.gid = kind, mode, uid, gid
        self.size, self._digest, self.linkname, self.local, self.mtime = size, digest, linkname, local, mtime

    @property
    def digest(self):
        if self._digest is None and self.local is not None and self.kind == 'file':
            self._digest = file_sha256(self.local)
        return self._digest

    def describe(self):
        described = {'state': self.kind, 'mode': '%04o' % self.mode}
        if self.uid is not None:
            described.update(owner_id=self.uid, group_id=self.gid)
        if self.kind == 'symlink':
            described['link_target'] = self.linkname
        elif self.kind == 'file':
            described['size'] = self.size
        return described


def local_tree(root, file_mode, uid, gid):
    """{relative path: Entry} of the folder root and all it holds ('' is root itself). file_mode: the mode of every
    file instead of its own."""
    tree = {'': _local_entry(root, os.stat(root), file_mode, uid, gid)}
    pending = ['']
    while pending:
        folder = pending.pop()
        with os.scandir(os.path.join(root, folder)) as found:
            for item in found:
                relative = posixpath.join(folder, item.name) if folder else item.name
                entry = _local_entry(item.path, item.stat(follow_symlinks=False), file_mode, uid, gid)
                tree[relative] = entry
                if entry.kind == 'directory':
                    pending.append(relative)
    return tree


def _local_entry(path, info, file_mode, uid, gid):
    mode = stat.S_IMODE(info.st_mode)
    if stat.S_ISDIR(info.st_mode):
        return Entry('directory', mode, uid, gid, mtime=info.st_mtime)
    if stat.S_ISLNK(info.st_mode):
        return Entry('symlink', 0o777, uid, gid, linkname=os.readlink(path), mtime=info.st_mtime)
    if stat.S_ISREG(info.st_mode):
        return Entry('file', mode if file_mode is None else file_mode, uid, gid, size=info.st_size, local=path,
                     mtime=info.st_mtime)
    raise SpecError('path', path, 'it is a special file (device, FIFO or socket); a folder copied into a container '
                                  'may hold files, folders and symbolic links')


def container_tree(client, container_id, path):
    """{relative path: Entry} of the folder at path in the container, read in one archive; files hashed."""
    tree, prefix = {}, None
    with archive_stream(client, container_id, path) as stream:
        for member in stream:
            name = member.name.rstrip('/')
            if prefix is None:
                prefix = name  # the folder itself comes first, under its own name
            relative = '' if name == prefix else name[len(prefix) + 1:] if name.startswith(prefix + '/') else None
            if relative is None:
                continue
            tree[relative] = _archived_entry(stream, member)
    return tree


def _archived_entry(stream, member):
    owner = dict(uid=member.uid, gid=member.gid, mode=member.mode & 0o7777)
    if member.isdir():
        return Entry('directory', **owner)
    if member.issym():
        return Entry('symlink', linkname=member.linkname, **owner)
    if not member.isfile():
        return Entry('special', **owner)
    digest, source = hashlib.sha256(), stream.extractfile(member)
    for data in iter(lambda: source.read(1024 * 1024), b''):
        digest.update(data)
    return Entry('file', size=member.size, digest=digest.hexdigest(), **owner)


def differences(wanted, actual, compare_owner=True):
    """Why the container's entry differs from the wanted one (empty: it does not)."""
    if actual.kind != wanted.kind:
        return ['%s replaced' % actual.kind]
    found = []
    if wanted.kind == 'symlink':
        return [] if actual.linkname == wanted.linkname else ['link target']
    if wanted.kind == 'file' and (actual.size != wanted.size or actual.digest != wanted.digest):
        found.append('content')
    if actual.mode != wanted.mode:
        found.append('mode')
    if compare_owner and (actual.uid, actual.gid) != (wanted.uid, wanted.gid):
        found.append('owner')
    return found


class TreeCopySpec:
    """The validated task for a folder in `path`; built without touching the daemon."""

    def __init__(self, params):
        self.container = params['container']
        path = params['container_path']
        if not path or not posixpath.isabs(path) or path.rstrip('/') == '':
            raise SpecError('container_path', path, 'give the absolute path of the folder the tree goes to in the '
                                                    'container, below /, such as /srv/www')
        self.container_path = posixpath.normpath(path)
        self.source = params['path']
        self.force = params.get('force')
        self.follow = params.get('follow')
        self.delete = params.get('delete')
        for option in ('owner_id', 'group_id'):
            if (params.get(option) or 0) < 0:
                raise SpecError(option, params[option], 'give a numeric ID of 0 or more')
        self.uid, self.gid = params.get('owner_id') or 0, params.get('group_id') or 0
        self.file_mode = parse_file_mode('mode', params.get('mode'))
        self.wanted = local_tree(self.source, self.file_mode, self.uid, self.gid)


class TreeCopyDriver:
    """Reads both trees, plans the removals (delete) and one write of the entries that differ."""

    def __init__(self, client, spec):
        self.client = client
        self.spec = spec
        self.container = None
        self.target = spec.container_path  # with follow, where a link at container_path leads
        self.actual = None                 # None: nothing at target yet
        self.added, self.changed, self.removed = [], {}, []

    def read(self):
        spec = self.spec
        self.container = wrap('inspect container %s' % spec.container, self.client.inspect, 'containers', spec.container)
        if self.container is None:
            raise TaskFailed('container %s not found' % spec.container)
        found = self._resolve()
        if found is None:
            parent = posixpath.dirname(self.target)
            if parent != '/' and self._stat(parent) is None:
                raise TaskFailed('container_path: folder %s does not exist in container %s' % (parent, spec.container))
            self.actual = None
        else:
            self.actual = wrap('read %s in container %s' % (self.target, spec.container), container_tree, self.client,
                               self.container['Id'], self.target)
        self._compare()

    def _stat(self, path):
        return wrap('read %s in container %s' % (path, self.spec.container), stat_path, self.client,
                    self.container['Id'], path, content=False)

    def _resolve(self):
        """What is at container_path: a folder (followed there through links with follow), or nothing."""
        for _depth in range(LINK_DEPTH):
            found = self._stat(self.target)
            if found is None or found.kind == 'directory':
                return found
            if found.kind == 'symlink' and self.spec.follow and found.link_target:
                self.target = found.link_target
                continue
            hint = 'set follow to write into the folder it leads to' if found.kind == 'symlink' else \
                'path is a folder: give the path of a folder'
            raise TaskFailed('container_path: %s is a %s in container %s; %s'
                             % (self.target, 'symbolic link' if found.kind == 'symlink' else 'file',
                                self.spec.container, hint))
        raise TaskFailed('container_path: %s leads through more than %d links in container %s'
                         % (self.spec.container_path, LINK_DEPTH, self.spec.container))

    def _compare(self):
        spec, actual = self.spec, self.actual or {}
        compare_owner = not self.client.is_podman()  # Podman's archive reports the container's user as owner
        for relative, wanted in sorted(spec.wanted.items()):
            found = actual.get(relative)
            if found is None:
                self.added.append(relative)
            elif relative == '' or spec.force is False:
                continue  # an existing folder keeps its own mode and owner; force: false changes nothing there
            elif spec.force:
                self.changed[relative] = ['force']
            else:
                reasons = differences(wanted, found, compare_owner)
                if reasons:
                    self.changed[relative] = reasons
        if spec.delete:
            gone = sorted(relative for relative in actual if relative not in spec.wanted)
            self.removed = [relative for relative in gone if not any(
                relative.startswith(parent + '/') for parent in gone)]

    def plan(self, check_mode=False):
        spec = self.spec
        plan = Plan()
        if self.removed:
            state = (self.container.get('State') or {})
            if not state.get('Running') or state.get('Paused'):
                raise TaskFailed('delete: container %s is not running (%s); removing what %s lacks runs rm in the '
                                 'container; start it, or leave delete out'
                                 % (spec.container, state.get('Status'), spec.source))
            plan.add('remove', 'remove %d entries from container %s under %s (%s)' % (
                len(self.removed), spec.container, self.target, ', '.join(self.removed)), self._remove)
        written = self.added + sorted(self.changed)
        if written:
            plan.add('copy', 'copy %s into container %s at %s (%s)' % (
                spec.source, spec.container, self.target, self._summary()), self._copy)
        plan.before, plan.after = self._diff()
        return plan

    def _summary(self):
        parts = []
        added = [relative for relative in self.added if relative]  # not the folder itself
        if added:
            parts.append('%d added' % len(added))
        if self.changed:
            parts.append('%d changed' % len(self.changed))
        return ', '.join(parts) or 'the folder'

    def _remove(self):
        paths = [posixpath.join(self.target, relative) for relative in self.removed]
        command = ExecSpec({'container': self.spec.container, 'argv': ['rm', '-rf', '--'] + paths, 'user': '0'})
        outcome = execute(self.client, command, self.container['Id'])
        if outcome.get('rc') != 0:
            raise TaskFailed('Failed to remove %s in container %s: rm exited with rc %s: %s'
                             % (', '.join(paths), self.spec.container, outcome.get('rc'),
                                outcome.get('stderr') or outcome.get('stdout')))

    def _copy(self):
        """One archive of what is added or changed; into the folder, or into its parent when it is new."""
        spec = self.spec
        written = set(self.added) | set(self.changed)
        if self.actual is None:
            folder, name = posixpath.split(self.target)
            prefix = name + '/'
        else:
            folder, prefix = self.target, ''
        members = []
        for relative in sorted(written):
            entry = spec.wanted[relative]
            member = dict(name=(prefix + relative).rstrip('/'), mode=entry.mode, uid=entry.uid, gid=entry.gid,
                          mtime=entry.mtime)
            if entry.kind == 'directory':
                member['directory'] = True
            elif entry.kind == 'symlink':
                member['linkname'] = entry.linkname
            else:
                member['path'] = entry.local
            members.append(member)
        put_members(self.client, self.container['Id'], folder, members)

    def _diff(self):
        wanted, actual = self.spec.wanted, self.actual or {}
        before = {'path': self.target, 'state': 'directory' if self.actual is not None else 'absent', 'files': {}}
        after = {'path': self.target, 'state': 'directory', 'files': {}}
        for relative in sorted(self.changed):
            before['files'][relative] = actual[relative].describe()
            after['files'][relative] = wanted[relative].describe()
        for relative in self.added:
            after['files'][relative] = wanted[relative].describe()
        for relative in self.removed:
            before['files'][relative] = actual[relative].describe()
        return before, after

    def result(self, check_mode):
        return {'container_path': self.target,
                'files': {'added': [relative for relative in self.added if relative],
                          'changed': sorted(self.changed), 'removed': self.removed}}
