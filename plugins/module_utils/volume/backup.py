# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Back up and restore volumes through a short-lived helper container running tar.

    backup:  docker run -v VOL:/dockyard-source:ro IMG tar c -f /dockyard-archive.tar ...; docker cp out
    restore: docker create -v VOL:/dockyard-source IMG sh -c 'empty; tar x; mark'; docker cp in; verify; start

The archive travels through the Engine API (archive_files), never through a bind mount of
the managed host's folder, so the daemon need not share the managed host's file system. It is
written private (archive_files); a restore starts the helper, the only step that changes a
volume, after the bytes it uploaded proved to have the expected sha256.

With GNU tar in the helper image the archive keeps sparse files sparse, xattrs and ACLs;
busybox tar keeps contents, modes, numeric owners, symlinks, hard links and empty
directories. A restore writes the archive's sha256 to MARKER in each restored volume,
so restoring the same archive again is a no-op; backups leave that marker out.
"""

import os
import shlex

from ansible_collections.dockyard.docker.plugins.module_utils.api.client import CONTAINER_WAIT_TIMEOUT, DockerError
from ansible_collections.dockyard.docker.plugins.module_utils.core.files import NoSpaceLeft, write_blocks
from ansible_collections.dockyard.docker.plugins.module_utils.specs.modes import parse_file_mode
from ansible_collections.dockyard.docker.plugins.module_utils.volume.archive_files import (
    PrivateFiles, archive_members, describe_archive, download_archive, file_mode, make_private_folders, upload_archive)
from ansible_collections.dockyard.docker.plugins.module_utils.image.reference import normalize_reference, pull_image
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import Plan, TaskFailed, run_driver, wrap
from ansible_collections.dockyard.docker.plugins.module_utils.api.streams import demultiplex, split_lines
from ansible_collections.dockyard.docker.plugins.module_utils.volume.driver import check_volume_name

DEFAULT_HELPER_IMAGE = 'busybox:latest'
MARKER = '.dockyard-restore.sha256'
ARCHIVE_IN_HELPER = '/dockyard-archive.tar'
SOURCE_DIR = '/dockyard-source'
HELPER_LABEL = 'dockyard.docker.helper'
SHA256_HEX = frozenset('0123456789abcdef')

# sh -c SCRIPT helper N GNU_ARG_1..GNU_ARG_N TAR_ARG...: GNU-only arguments are dropped for busybox tar.
TAR_SCRIPT = r'''
n=$1; shift
if ! tar --version 2>/dev/null | grep -q 'GNU tar'; then
  while [ "$n" -gt 0 ]; do shift; n=$((n - 1)); done
fi
exec tar "$@"
'''
GNU_CREATE = ['--sparse', '--xattrs', '--acls', '--numeric-owner']
GNU_EXTRACT = ['--xattrs', '--xattrs-include=*', '--acls', '--numeric-owner', '--same-permissions']

# Prints the marker's content, then NONEMPTY when the folder holds anything besides the marker.
PROBE_SCRIPT = r'''
for dir in "$@"; do
  echo "DIR $dir"
  [ -f "$dir/%(marker)s" ] && echo "MARKER $(cat "$dir/%(marker)s")"
  [ -n "$(find "$dir" -mindepth 1 -maxdepth 1 ! -name '%(marker)s' | head -n 1)" ] && echo NONEMPTY
done
true
''' % {'marker': MARKER}

# sh -c SCRIPT helper EMPTY SHA256 INTO TARGET...: empty the targets (EMPTY=1), extract the uploaded
# archive into INTO, then mark each target. Runs only once the upload was verified.
RESTORE_SCRIPT = r'''
empty=$1; sum=$2; into=$3; shift 3
if tar --version 2>/dev/null | grep -q 'GNU tar'; then
  extract() { tar %(gnu)s -x -f %(archive)s -C "$1"; }
else
  extract() { tar -x -f %(archive)s -C "$1"; }
fi
if [ "$empty" = 1 ]; then
  for dir in "$@"; do find "$dir" -mindepth 1 -maxdepth 1 -exec rm -rf {} \; || exit 1; done
fi
extract "$into" || exit 1
for dir in "$@"; do printf '%%s\n' "$sum" > "$dir/%(marker)s" || exit 1; done
''' % {'gnu': ' '.join(shlex.quote(arg) for arg in GNU_EXTRACT), 'archive': ARCHIVE_IN_HELPER, 'marker': MARKER}


def volume_backup_argument_spec():
    return dict(
        state=dict(type='str', default='backup', choices=['backup', 'restore']),
        volume=dict(type='str'),
        container=dict(type='str'),
        archive=dict(type='path', required=True),
        helper_image=dict(type='str', default=DEFAULT_HELPER_IMAGE),
        checksum=dict(type='str'),
        force=dict(type='bool', default=False),
        mode=dict(type='raw'),
    )


MUTUALLY_EXCLUSIVE = [('volume', 'container')]
REQUIRED_ONE_OF = [('volume', 'container')]


# -- archives on the managed host ------------------------------------------------------------------

def checksum_file(archive):
    return archive + '.sha256'


def read_recorded_checksum(archive):
    """The sha256 a backup wrote next to the archive (sha256sum format), or None."""
    try:
        with open(checksum_file(archive)) as handle:
            return handle.read().split()[0].lower()
    except (OSError, IndexError):
        return None


def recorded_checksum_text(archive, sha256):
    """The sha256sum line a backup writes next to the archive."""
    return '%s  %s\n' % (sha256, os.path.basename(archive))


def parse_checksum(value):
    if value is None:
        return None
    text = str(value).strip().lower()
    if text.startswith('sha256:'):
        text = text[len('sha256:'):]
    if len(text) != 64 or not set(text) <= SHA256_HEX:
        raise SpecError('checksum', value, 'give the archive\'s sha256 as 64 hex digits (optionally prefixed sha256:)')
    return text


def member_path(name):
    """'./data/x' or '/data/x' or 'data/x/' -> 'data/x'; '.' or './' -> ''."""
    while name.startswith('./'):
        name = name[2:]
    name = name.strip('/')
    return '' if name == '.' else name


# -- helper containers ----------------------------------------------------------------------------

class Helper:
    """Runs one shell script in a throwaway container and returns its output lines."""

    def __init__(self, client, image):
        self.client = client
        self.image = image

    def ensure_image(self):
        if wrap('inspect image %s' % self.image, self.client.inspect, 'images', self.image) is None:
            wrap('pull helper_image %s' % self.image, pull_image, self.client, self.image)

    def available(self):
        return wrap('inspect image %s' % self.image, self.client.inspect, 'images', self.image) is not None

    def run(self, what, script, args, binds=(), volumes_from=(), prepare=None, collect=None):
        """prepare(container_id) runs before the script starts (a failure there: the script never
        runs); collect(container_id) after the script succeeded."""
        body = {
            'Image': self.image, 'Entrypoint': ['/bin/sh', '-c'], 'Cmd': [script, 'dockyard-helper'] + list(args),
            'User': '0:0', 'Labels': {HELPER_LABEL: 'volume_backup'}, 'NetworkDisabled': True,
            'HostConfig': {'Binds': list(binds), 'VolumesFrom': list(volumes_from), 'NetworkMode': 'none'},
        }
        created = self.client.post('/containers/create', body=body)
        ident = created['Id']
        try:
            if prepare:
                prepare(ident)
            self.client.post('/containers/{}/start', ident)
            status = self.client.post('/containers/{}/wait', ident, timeout=CONTAINER_WAIT_TIMEOUT) or {}
            raw = self.client.get('/containers/{}/logs', ident, query={'stdout': True, 'stderr': True},
                                  expect_json=False)
            lines = split_lines(demultiplex(raw))
            if collect and status.get('StatusCode') == 0:
                collect(ident)
        finally:
            try:
                self.client.delete('/containers/{}', ident, query={'force': True, 'v': True})
            except DockerError:
                pass  # best effort: the helper's own error is what matters
        if status.get('StatusCode') != 0:
            raise TaskFailed('Failed to %s: the helper container (%s) exited with %s: %s'
                             % (what, self.image, status.get('StatusCode'), ' | '.join(lines[-5:]) or 'no output'))
        return lines


# -- the task ---------------------------------------------------------------------------------------

class BackupSpec:

    def __init__(self, params):
        self.state = params.get('state') or 'backup'
        self.volume = check_volume_name('volume', params['volume']) if params.get('volume') else None
        self.container = params.get('container')
        # Not what required_one_of already checks: it counts `volume: null` or `container: ''` as given.
        if not self.volume and not self.container:
            raise SpecError('volume', None, 'give volume (one named volume) or container (all its volumes)')
        archive = params['archive']
        if not archive or archive.endswith('/'):
            raise SpecError('archive', archive, 'give the path of an archive file on the managed host')
        self.archive = os.path.abspath(os.path.expanduser(archive))
        self.helper_image = normalize_reference('helper_image', params.get('helper_image') or DEFAULT_HELPER_IMAGE)
        self.checksum = parse_checksum(params.get('checksum'))
        if self.checksum and self.state != 'restore':
            raise SpecError('checksum', params.get('checksum'), 'it only applies with state: restore')
        self.force = params.get('force', False)
        self.mode = parse_file_mode('mode', params.get('mode'))
        if self.mode is not None and self.state != 'backup':
            raise SpecError('mode', params.get('mode'), 'it only applies with state: backup')

    def source_name(self):
        return 'volume %s' % self.volume if self.volume else 'the volumes of container %s' % self.container


class BackupDriver:

    def __init__(self, client, spec):
        self.client = client
        self.spec = spec
        self.helper = Helper(client, spec.helper_image)
        self.mounts = {}          # container mode: mount destination (absolute path) -> its inspect entry
        self.container_id = None  # container mode: whose volumes, as --volumes-from
        self.volume_exists = True
        self.expected = None      # restore: the sha256 the bytes sent must have
        self.result_data = {}

    # -- read ---------------------------------------------------------------------------------

    def read(self):
        spec = self.spec
        if spec.volume:
            volume = wrap('inspect volume %s' % spec.volume, self.client.inspect, 'volumes', spec.volume)
            self.volume_exists = volume is not None
            if volume is None and spec.state == 'backup':
                raise TaskFailed('volume: %s does not exist; nothing to back up' % spec.volume)
            return
        container = wrap('inspect container %s' % spec.container, self.client.inspect, 'containers', spec.container)
        if container is None:
            raise TaskFailed('container: %s does not exist' % spec.container)
        self.mounts = dict((mount['Destination'], mount) for mount in container.get('Mounts') or [])
        if not self.mounts:
            raise TaskFailed('container: %s has no volumes to %s' % (spec.container, spec.state))
        self.container_id = container['Id']

    # -- plan ---------------------------------------------------------------------------------

    def plan(self, check_mode=False):
        if self.spec.state == 'backup':
            return self._plan_backup()
        return self._plan_restore(check_mode)

    def _plan_backup(self):
        spec = self.spec
        plan = Plan()
        exists = os.path.exists(spec.archive)
        if exists and not os.path.isfile(spec.archive):
            raise TaskFailed('archive: %s exists and is not a file' % spec.archive)
        before = describe_archive(spec.archive) if exists else {}
        modes = [file_mode(path) for path in (spec.archive, checksum_file(spec.archive))]
        wanted = None if spec.mode is None else '%04o' % spec.mode
        plan.before = {'archive': spec.archive, 'sha256': before.get('sha256'), 'mode': modes[0]}
        plan.after = dict(plan.before)
        if exists and not spec.force:
            self.result_data = before
            if wanted is not None and any(mode not in (None, wanted) for mode in modes):
                plan.add('mode', 'set mode %s on %s and its checksum file' % (wanted, spec.archive), self._chmod)
                plan.after['mode'] = wanted
        else:
            plan.add('backup', 'back up %s to %s' % (spec.source_name(), spec.archive), self._backup)
            plan.after.update(sha256='(new backup)', mode=wanted or '0600')
        return plan

    def _plan_restore(self, check_mode):
        spec = self.spec
        if not os.path.isfile(spec.archive):
            raise TaskFailed('archive: %s does not exist on the managed host' % spec.archive)
        names = archive_members(spec.archive)
        info = describe_archive(spec.archive, names)
        self._verify_checksum(info['sha256'])
        self.result_data = info
        targets = self._restore_targets(names)
        probe = self._probe(targets, check_mode)
        plan = Plan(before={'sha256': probe.get('marker'), 'empty': not probe.get('nonempty')},
                    after={'sha256': info['sha256'], 'empty': False})
        if probe.get('marker') == info['sha256']:
            plan.after = dict(plan.before)
            return plan
        self._refuse_while_in_use(targets)
        where = self._target_name(targets)
        if probe.get('nonempty') and not spec.force:
            raise TaskFailed('%s not empty; restore refuses to mix archives into existing data: set force: true '
                             'to replace the content' % ('volume %s is' % spec.volume if spec.volume else
                                                         'the mounts %s of container %s are' % (', '.join(targets),
                                                                                                spec.container)))
        if not self.volume_exists:
            plan.add('create', 'create volume %s' % spec.volume,
                     lambda: self.client.post('/volumes/create', body={'Name': spec.volume}),
                     lambda: self.client.delete('/volumes/{}', spec.volume))
        empty = bool(probe.get('nonempty'))
        plan.add('restore', 'empty %s and restore %s into it' % (where, spec.archive) if empty
                 else 'restore %s into %s' % (spec.archive, where), lambda: self._restore(targets, empty))
        return plan

    def _verify_checksum(self, actual):
        spec = self.spec
        expected = spec.checksum or read_recorded_checksum(spec.archive)
        if expected is None:
            raise TaskFailed('archive: %s has no recorded checksum (%s); pass checksum: with its sha256 to restore it'
                             % (spec.archive, checksum_file(spec.archive)))
        if expected != actual:
            raise TaskFailed('archive: %s has sha256 %s but %s was expected; the archive is damaged or not the one '
                             'meant, nothing was restored' % (spec.archive, actual, expected))
        self.expected = expected

    def _restore_targets(self, names):
        """Folders to restore into, as the helper sees them: for container:, the mounts the archive holds
        something for (a forced restore empties those alone); what fits no mount is refused."""
        spec = self.spec
        paths = set(member_path(name) for name in names) - {''}
        climbing = sorted(path for path in paths if '..' in path.split('/'))
        if climbing:
            raise TaskFailed('archive: %s holds %s, a path with ".."; nothing was restored'
                             % (spec.archive, climbing[0]))
        if spec.volume:
            return [SOURCE_DIR]
        inside = dict((mount.strip('/'), mount) for mount in self.mounts)
        targets, stray = set(), set()
        for path in paths:
            holders = [root for root in inside if path == root or path.startswith(root + '/')]
            if holders:
                targets.add(inside[max(holders, key=len)])
            elif not any(root.startswith(path + '/') for root in inside):  # not a folder above a mount
                stray.add(path.split('/', 1)[0])
        if stray or not targets:
            raise TaskFailed('archive: %s holds %s, outside the volumes of container %s (%s)'
                             % (spec.archive, ', '.join(sorted(stray)) or 'nothing', spec.container,
                                ', '.join(sorted(self.mounts))))
        return sorted(targets)

    def _target_name(self, targets):
        if self.spec.volume:
            return 'volume %s' % self.spec.volume
        return '%s of container %s' % (', '.join(targets), self.spec.container)

    def _refuse_while_in_use(self, targets):
        """A restore under a running container changes files it may be using: refused unless force."""
        if self.spec.force or not self.volume_exists:
            return
        if self.spec.volume:
            wanted = {('volume', self.spec.volume): 'volume %s' % self.spec.volume}
        else:
            wanted = dict((mount_identity(self.mounts[target]), '%s (%s)' % (target, describe_mount(self.mounts[target])))
                          for target in targets)
        users, used = set(), set()
        for container in wrap('list running containers', self.client.get, '/containers/json') or []:
            if HELPER_LABEL in (container.get('Labels') or {}):
                continue
            for mount in container.get('Mounts') or []:
                if mount_identity(mount) in wanted:
                    users.add(container_name(container))
                    used.add(wanted[mount_identity(mount)])
        if users:
            one = len(users) == 1
            raise TaskFailed('%s %s in use by running container%s %s; stop %s first, or set force: true to restore '
                             'while %s' % (', '.join(sorted(used)), 'is' if len(used) == 1 else 'are', '' if one else 's',
                                           ', '.join(sorted(users)), 'it' if one else 'them',
                                           'it runs' if one else 'they run'))

    def _probe(self, targets, check_mode):
        if not self.volume_exists:
            return {}
        if check_mode and not self.helper.available():
            # Cannot look inside without the helper image and check mode pulls nothing: assume a restore.
            return {'unknown': True}
        self.helper.ensure_image()
        found = {}
        markers = []
        for line in self._helper(PROBE_SCRIPT, targets, rw=False):
            if line.startswith('MARKER '):
                markers.append(line[len('MARKER '):].strip())
            elif line == 'NONEMPTY':
                found['nonempty'] = True
        # Unchanged only when every restored folder carries the same archive's checksum.
        if len(markers) == len(targets) and len(set(markers)) == 1:
            found['marker'] = markers[0]
        return found

    # -- actions --------------------------------------------------------------------------------

    def _helper(self, script, args, rw, prepare=None):
        """Run a script with the volumes mounted (read-write when rw); prepare(container_id) before it starts."""
        binds = ['%s:%s%s' % (self.spec.volume, SOURCE_DIR, '' if rw else ':ro')] if self.spec.volume else []
        return self.helper.run('%s %s' % ('restore' if rw else 'read', self.spec.source_name()), script, args,
                               binds=binds, volumes_from=self._volumes_from(rw), prepare=prepare)

    def _volumes_from(self, rw):
        if not self.container_id:
            return []
        return ['%s:%s' % (self.container_id, 'rw' if rw else 'ro')]

    def _backup(self):
        spec = self.spec
        self.helper.ensure_image()
        folder = os.path.dirname(spec.archive)
        make_private_folders(folder)
        if spec.volume:
            members, excludes = ['-C', SOURCE_DIR, '.'], ['--exclude=./' + MARKER]
        else:
            mounts = sorted(self.mounts)
            members = ['-C', '/'] + [mount.lstrip('/') for mount in mounts]
            excludes = ['--exclude=%s/%s' % (mount.lstrip('/'), MARKER) for mount in mounts]
        gnu = GNU_CREATE + excludes
        args = [str(len(gnu))] + gnu + ['-c', '-f', ARCHIVE_IN_HELPER] + members
        binds = ['%s:%s:ro' % (spec.volume, SOURCE_DIR)] if spec.volume else []
        written = []
        try:
            # Both files complete before either replaces the previous pair, so a full disk
            # leaves the previous archive and its checksum as they were.
            with PrivateFiles(folder) as files:
                with files.new(spec.archive) as archive:
                    self.helper.run('back up %s' % spec.source_name(), TAR_SCRIPT, args, binds=binds,
                                    volumes_from=self._volumes_from(False),
                                    collect=lambda ident: written.append(
                                        download_archive(self.client, ident, ARCHIVE_IN_HELPER, archive, spec.archive)))
                with files.new(checksum_file(spec.archive)) as checksum:
                    write_blocks(checksum, [recorded_checksum_text(spec.archive, written[0]).encode()], spec.archive)
                files.commit(spec.mode)
        except NoSpaceLeft as exc:
            raise NoSpaceLeft(spec.archive, exc.written)
        self.result_data = describe_archive(spec.archive)

    def _chmod(self):
        for path in (self.spec.archive, checksum_file(self.spec.archive)):
            if os.path.isfile(path):
                os.chmod(path, self.spec.mode)

    def _restore(self, targets, empty):
        self.helper.ensure_image()
        into = SOURCE_DIR if self.spec.volume else '/'
        self._helper(RESTORE_SCRIPT, ['1' if empty else '0', self.expected, into] + targets, rw=True,
                     prepare=self._send_archive)

    def _send_archive(self, ident):
        """Upload the archive into the helper, hashing what is sent; the helper starts only when it matches."""
        sent = upload_archive(self.client, ident, self.spec.archive, ARCHIVE_IN_HELPER)
        if sent != self.expected:
            raise TaskFailed('archive: %s changed after it was checked: the bytes sent have sha256 %s but %s was '
                             'expected; nothing was restored' % (self.spec.archive, sent, self.expected))

    def result(self, check_mode):
        return dict(self.result_data)


def mount_identity(mount):
    """What two containers share when they mount the same thing: a volume's name, a bind mount's source."""
    if mount.get('Type') == 'volume' and mount.get('Name'):
        return ('volume', mount['Name'])
    return (mount.get('Type') or 'bind', mount.get('Source'))


def describe_mount(mount):
    kind, what = mount_identity(mount)
    return '%s %s' % (kind, what)


def container_name(container):
    names = container.get('Names') or []
    return names[0].lstrip('/') if names else container.get('Id', '')[:12]


def run_volume_backup(module, client_factory, check_mode):
    """The `volume_backup` module's task: validate, read, plan, apply, report."""
    spec = BackupSpec(module.params)
    run_driver(module, BackupDriver(client_factory(module.params), spec), check_mode)
