# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Back up and restore volumes through a short-lived helper container running tar.

    backup:  docker run -v VOL:/dockyard-source:ro IMG tar c -f /dockyard-archive.tar ...; docker cp out
    restore: docker create -v VOL:/dockyard-source IMG tar x -f /dockyard-archive.tar ...; docker cp in; start

The archive travels through the Engine API (container_files), never through a bind mount of
the managed host's folder, so the daemon need not share the managed host's file system.

With GNU tar in the helper image the archive keeps sparse files sparse, xattrs and ACLs;
busybox tar keeps contents, modes, numeric owners, symlinks, hard links and empty
directories. A restore writes the archive's sha256 to MARKER in each restored volume,
so restoring the same archive again is a no-op; backups leave that marker out.
"""

import os
import tarfile

from ansible_collections.dockyard.docker.plugins.module_utils.api.client import CONTAINER_WAIT_TIMEOUT, DockerError
from ansible_collections.dockyard.docker.plugins.module_utils.container.files import get_file, put_file
from ansible_collections.dockyard.docker.plugins.module_utils.core.files import NoSpaceLeft, file_sha256, write_atomically
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

WIPE_SCRIPT = r'''
for dir in "$@"; do find "$dir" -mindepth 1 -maxdepth 1 -exec rm -rf {} \; ; done
'''

MARK_SCRIPT = r'''
sum=$1; shift
for dir in "$@"; do printf '%%s\n' "$sum" > "$dir/%(marker)s"; done
''' % {'marker': MARKER}


def volume_backup_argument_spec():
    return dict(
        state=dict(type='str', default='backup', choices=['backup', 'restore']),
        volume=dict(type='str'),
        container=dict(type='str'),
        archive=dict(type='path', required=True),
        helper_image=dict(type='str', default=DEFAULT_HELPER_IMAGE),
        checksum=dict(type='str'),
        force=dict(type='bool', default=False),
    )


MUTUALLY_EXCLUSIVE = [('volume', 'container')]
REQUIRED_ONE_OF = [('volume', 'container')]


# -- archives on the managed host ------------------------------------------------------------------

def archive_members(path):
    """Names of the archive's members; raises TaskFailed when it is not a tar archive, or one cut short.

    tarfile stops quietly where a cut falls between two members; the end-of-archive blocks (two
    zero blocks, which GNU and busybox tar always write) are what tells a whole archive.
    """
    try:
        with tarfile.open(path, 'r:') as archive:
            names = [member.name for member in archive]
            end = archive.offset
    except (tarfile.TarError, EOFError) as exc:
        raise TaskFailed('archive: %s is not a readable tar archive (%s)' % (path, exc))
    with open(path, 'rb') as handle:
        handle.seek(end)
        if handle.read(2 * tarfile.BLOCKSIZE) != tarfile.NUL * (2 * tarfile.BLOCKSIZE):
            raise TaskFailed('archive: %s is truncated (it ends after %d members without the end-of-archive '
                             'blocks); nothing was restored' % (path, len(names)))
    return names


def describe_archive(path):
    return {'archive': path, 'sha256': file_sha256(path), 'size': os.path.getsize(path),
            'files': len(archive_members(path))}


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


def member_top(name):
    """'./data/x' or '/data/x' or 'data/x' -> 'data'; '.' or './' -> ''."""
    while name.startswith('./'):
        name = name[2:]
    name = name.lstrip('/')
    return '' if name in ('', '.') else name.split('/', 1)[0]


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

    def run(self, what, script, args, binds=(), volumes_from=(), upload=None, download=None):
        """upload: a local file put at ARCHIVE_IN_HELPER before the script starts; download: a local
        path the helper's ARCHIVE_IN_HELPER is copied to after the script succeeded."""
        body = {
            'Image': self.image, 'Entrypoint': ['/bin/sh', '-c'], 'Cmd': [script, 'dockyard-helper'] + list(args),
            'User': '0:0', 'Labels': {HELPER_LABEL: 'volume_backup'}, 'NetworkDisabled': True,
            'HostConfig': {'Binds': list(binds), 'VolumesFrom': list(volumes_from), 'NetworkMode': 'none'},
        }
        created = self.client.post('/containers/create', body=body)
        ident = created['Id']
        try:
            if upload:
                put_file(self.client, ident, upload, ARCHIVE_IN_HELPER)
            self.client.post('/containers/{}/start', ident)
            status = self.client.post('/containers/{}/wait', ident, timeout=CONTAINER_WAIT_TIMEOUT) or {}
            raw = self.client.get('/containers/{}/logs', ident, query={'stdout': True, 'stderr': True},
                                  expect_json=False)
            lines = split_lines(demultiplex(raw))
            if download and status.get('StatusCode') == 0:
                get_file(self.client, ident, ARCHIVE_IN_HELPER, download)
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

    def source_name(self):
        return 'volume %s' % self.volume if self.volume else 'the volumes of container %s' % self.container


class BackupDriver:

    def __init__(self, client, spec):
        self.client = client
        self.spec = spec
        self.helper = Helper(client, spec.helper_image)
        self.mounts = []        # mount destinations in the helper (absolute paths)
        self.container_id = None  # container mode: whose volumes, as --volumes-from
        self.volume_exists = True
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
        self.mounts = sorted(mount['Destination'] for mount in container.get('Mounts') or [])
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
        before = describe_archive(spec.archive) if exists else None
        if exists and not spec.force:
            self.result_data = before
        else:
            plan.add('backup', 'back up %s to %s' % (spec.source_name(), spec.archive), self._backup)
        plan.before = {'archive': spec.archive, 'sha256': (before or {}).get('sha256')}
        plan.after = {'archive': spec.archive, 'sha256': (before or {}).get('sha256') if not plan.changed
                      else '(new backup)'}
        return plan

    def _plan_restore(self, check_mode):
        spec = self.spec
        if not os.path.isfile(spec.archive):
            raise TaskFailed('archive: %s does not exist on the managed host' % spec.archive)
        info = describe_archive(spec.archive)
        self._verify_checksum(info['sha256'])
        self.result_data = info
        targets = self._restore_targets()
        probe = self._probe(targets, check_mode)
        plan = Plan(before={'sha256': probe.get('marker'), 'empty': not probe.get('nonempty')},
                    after={'sha256': info['sha256'], 'empty': False})
        if probe.get('marker') == info['sha256']:
            plan.after = dict(plan.before)
            return plan
        if probe.get('nonempty') and not spec.force:
            raise TaskFailed('%s not empty; restore refuses to mix archives into existing data: set force: true '
                             'to replace the content' % ('volume %s is' % spec.volume if spec.volume
                                                         else 'a volume of container %s is' % spec.container))
        if not self.volume_exists:
            plan.add('create', 'create volume %s' % spec.volume,
                     lambda: self.client.post('/volumes/create', body={'Name': spec.volume}),
                     lambda: self.client.delete('/volumes/{}', spec.volume))
        if probe.get('nonempty'):
            plan.add('empty', 'empty %s' % spec.source_name(), lambda: self._helper(WIPE_SCRIPT, targets, rw=True))
        plan.add('restore', 'restore %s into %s' % (spec.archive, spec.source_name()),
                 lambda: self._restore(targets, info['sha256']))
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

    def _restore_targets(self):
        """Folders to restore into, as the helper sees them; container archives must fit its mounts."""
        if self.spec.volume:
            return [SOURCE_DIR]
        tops = set(member_top(name) for name in archive_members(self.spec.archive)) - {''}
        roots = set(mount.strip('/').split('/', 1)[0] for mount in self.mounts)
        stray = sorted(tops - roots)
        if stray:
            raise TaskFailed('archive: %s holds %s, outside the volumes of container %s (%s)'
                             % (self.spec.archive, ', '.join(stray), self.spec.container, ', '.join(self.mounts)))
        return list(self.mounts)

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

    def _helper(self, script, args, rw, upload=None):
        """Run a script with the volumes mounted (read-write when rw), the archive uploaded if given."""
        binds = ['%s:%s%s' % (self.spec.volume, SOURCE_DIR, '' if rw else ':ro')] if self.spec.volume else []
        return self.helper.run('%s %s' % ('restore' if rw else 'read', self.spec.source_name()), script, args,
                               binds=binds, volumes_from=self._volumes_from(rw), upload=upload)

    def _volumes_from(self, rw):
        if not self.container_id:
            return []
        return ['%s:%s' % (self.container_id, 'rw' if rw else 'ro')]

    def _backup(self):
        spec = self.spec
        self.helper.ensure_image()
        directory, name = os.path.split(spec.archive)
        if not os.path.isdir(directory):
            os.makedirs(directory)
        partial = os.path.join(directory, '.%s.partial' % name)
        partial_sum = partial + '.sha256'
        if spec.volume:
            members, excludes = ['-C', SOURCE_DIR, '.'], ['--exclude=./' + MARKER]
        else:
            members = ['-C', '/'] + [mount.lstrip('/') for mount in self.mounts]
            excludes = ['--exclude=%s/%s' % (mount.lstrip('/'), MARKER) for mount in self.mounts]
        gnu = GNU_CREATE + excludes
        args = [str(len(gnu))] + gnu + ['-c', '-f', ARCHIVE_IN_HELPER] + members
        binds = ['%s:%s:ro' % (spec.volume, SOURCE_DIR)] if spec.volume else []
        try:
            self.helper.run('back up %s' % spec.source_name(), TAR_SCRIPT, args, binds=binds,
                            volumes_from=self._volumes_from(False), download=partial)
            # Both files complete before either replaces the previous pair, so a full disk
            # leaves the previous archive and its checksum as they were.
            write_atomically(partial_sum, recorded_checksum_text(spec.archive, file_sha256(partial)))
            os.rename(partial, spec.archive)
            os.rename(partial_sum, checksum_file(spec.archive))
        except NoSpaceLeft as exc:
            raise NoSpaceLeft(spec.archive, exc.written)
        finally:
            for leftover in (partial, partial_sum):
                if os.path.exists(leftover):
                    os.remove(leftover)
        self.result_data = describe_archive(spec.archive)

    def _restore(self, targets, sha256):
        self.helper.ensure_image()
        into = ['-C', SOURCE_DIR] if self.spec.volume else ['-C', '/']
        args = [str(len(GNU_EXTRACT))] + GNU_EXTRACT + ['-x', '-f', ARCHIVE_IN_HELPER] + into
        self._helper(TAR_SCRIPT, args, rw=True, upload=self.spec.archive)
        self._helper(MARK_SCRIPT, [sha256] + targets, rw=True)

    def result(self, check_mode):
        return dict(self.result_data)


def run_volume_backup(module, client_factory, check_mode):
    """The `volume_backup` module's task: validate, read, plan, apply, report."""
    spec = BackupSpec(module.params)
    run_driver(module, BackupDriver(client_factory(module.params), spec), check_mode)
