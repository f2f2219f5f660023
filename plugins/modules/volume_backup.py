#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: volume_backup
short_description: Back up Docker volumes to a tar archive and restore them without losing anything
author:
  - Dockyard maintainers (@dockyard)
version_added: 0.1.0
description:
  - V(backup) writes one named volume (O(volume)), or all volumes of a container (O(container), like
    C(--volumes-from)), to a tar archive on the managed host, the seed's
    C(docker run --volumes-from C -v $(pwd):/backup IMG tar cvf /backup/backup.tar /data).
    A checksum file C(ARCHIVE.sha256) is written next to it.
  - The archive holds every file of the volumes (and of the bind mounts in O(container) mode), so it is
    kept private. The archive and its checksum file are written to temporary files of their own (mode 0600, made
    with a random name, never following a link) and renamed into place; they keep mode 0600 unless O(mode)
    says otherwise, and missing folders of O(archive) are created 0700.
  - V(restore) verifies the archive's sha256 first (against O(checksum) or C(ARCHIVE.sha256)), creates the
    volume when missing, refuses a target holding data or used by a running container unless O(force=true),
    and extracts the archive. The archive is read once to send it to the helper container, and the bytes
    sent are hashed on the way; the helper, the only step that changes a volume, starts only when they
    have the expected sha256, so an archive replaced or changed after the check is never restored.
  - The round trip keeps file contents, modes, numeric owners (uid/gid), symlinks, hard links, empty
    directories and any file name. With GNU tar in O(helper_image) (Debian, Ubuntu, Alpine with the C(tar)
    package) it also keeps sparse files sparse, extended attributes and ACLs; busybox tar stores sparse files
    in full and drops xattrs.
  - A restore records the archive's sha256 in the file C(.dockyard-restore.sha256) at the root of each
    restored volume; restoring the same archive again reports no change. Backups leave that file out
    (with GNU tar; busybox tar cannot exclude it).
  - The work is done by a short-lived helper container with the volumes mounted; the archive travels
    between the managed host and the helper through the Engine API (C(docker cp)), so the daemon need not
    share the managed host's file system (any O(docker_host) works). The helper's writable layer holds a
    copy of the archive while it runs.
extends_documentation_fragment:
  - dockyard.docker.docker
  - dockyard.docker.docker.sdk_credentials
  - dockyard.docker.docker.attributes
attributes:
  check_mode:
    details: A restore into an existing volume looks inside it with a read-only helper container; when
      O(helper_image) is not on the host, check mode pulls nothing and reports a restore.
options:
  state:
    description:
      - V(backup) writes the archive. An existing archive is kept and the task reports no change unless O(force=true).
      - V(restore) extracts the archive into the volume(s).
    type: str
    default: backup
    choices: [backup, restore]
  volume:
    description: One named volume to back up or restore into. Mutually exclusive with O(container).
    type: str
  container:
    description:
      - A container whose volumes (and bind mounts), all of them, are backed up or restored into, as
        C(--volumes-from) does. Paths in the archive are the mount paths without the leading C(/), as in the seed.
      - A restore writes only into the mounts the archive holds something for; the container's other mounts
        (a host folder bind-mounted into it, say) are neither emptied nor marked. An archive holding paths
        outside the container's mounts, or a path with C(..), is refused.
      - Mutually exclusive with O(volume).
    type: str
  archive:
    description:
      - Path of the tar archive on the managed host. Its folder (and any missing parent) is created mode 0700 for a
        backup when missing; existing folders are left as they are, so choose one that only the right people can read.
    type: path
    required: true
  mode:
    description:
      - With O(state=backup), the permissions of the archive and of its checksum file, as an octal string (V('0640'))
        or number (V(0o640)); symbolic modes are not taken.
      - Without it a new archive gets mode 0600 whatever the umask, and an existing archive keeps its mode.
      - When the archive exists and is kept (no O(force)), a different mode is set on it and its checksum file
        (reported as a change); the content is not rewritten.
    type: raw
    version_added: 0.2.0
  helper_image:
    description:
      - Image of the helper container that runs C(tar); it needs C(sh), C(tar) and C(find).
      - The default C(busybox:latest) is pulled when missing. On a host without registry access name an
        image you have, and prefer one with GNU tar (such as C(debian:bookworm)) for sparse files and xattrs.
    type: str
    default: busybox:latest
  checksum:
    description:
      - With O(state=restore), the sha256 the archive must have (64 hex digits, optionally prefixed C(sha256:)).
      - Defaults to the content of C(ARCHIVE.sha256) written by the backup; the task fails when neither is there.
    type: str
  force:
    description:
      - With O(state=backup), write a new archive over an existing one.
      - With O(state=restore), two things a restore otherwise refuses. It replaces the content of a target that holds
        data (the target is emptied first, once the archive sent proved to have the expected sha256; in
        O(container) mode only the mounts the archive holds something for). And it restores into volumes (or bind
        mount sources) that running containers other than the helper use; without it the task fails naming
        those containers. Stop them first where you can, since they see their files replaced under them.
    type: bool
    default: false
seealso:
  - module: dockyard.docker.volume
  - module: dockyard.docker.container
'''

EXAMPLES = r'''
- name: Back up one volume (docker run --rm -v app-data:/data -v /srv/backup:/backup busybox tar cf /backup/app-data.tar -C /data .)
  dockyard.docker.volume_backup:
    volume: app-data
    archive: /srv/backup/app-data.tar
    helper_image: debian:bookworm
  register: backup

- name: Back up every volume of a data volume container (docker run --volumes-from dbdata ... tar cvf /backup/backup.tar /dbdata)
  dockyard.docker.volume_backup:
    container: dbdata
    archive: /srv/backup/dbdata.tar

- name: Restore into a new or empty volume; the archive's checksum is verified first (tar xvf)
  dockyard.docker.volume_backup:
    state: restore
    volume: app-data-copy
    archive: /srv/backup/app-data.tar
    helper_image: debian:bookworm

- name: Restore over existing data, checking against a known checksum
  dockyard.docker.volume_backup:
    state: restore
    container: dbdata
    archive: /srv/backup/dbdata.tar
    checksum: "{{ backup.sha256 }}"
    force: true

- name: Back up to an archive the backup group may read (the default is 0600)
  dockyard.docker.volume_backup:
    volume: app-data
    archive: /srv/backup/app-data.tar
    mode: "0640"
'''

RETURN = r'''
archive:
  description: Absolute path of the archive.
  returned: when the archive exists after the task
  type: str
  sample: /srv/backup/app-data.tar
sha256:
  description: sha256 of the archive.
  returned: when the archive exists after the task
  type: str
  sample: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
size:
  description: Size of the archive in bytes.
  returned: when the archive exists after the task
  type: int
  sample: 10240
files:
  description: Number of entries in the archive (files, directories, links).
  returned: when the archive exists after the task
  type: int
  sample: 12
actions:
  description:
    - What was done, or would be done in check mode, in order.
    - A forced restore over data is one action, C(empty volume NAME and restore ARCHIVE into it), since the
      target is emptied by the helper that extracts the archive, after the archive sent was verified.
  returned: always
  type: list
  elements: str
  sample: ["back up volume app-data to /srv/backup/app-data.tar"]
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.dockyard.docker.plugins.module_utils.core.state import (
    connect,
    connection_argument_spec,
    run_task,
)
from ansible_collections.dockyard.docker.plugins.module_utils.volume.backup import (
    MUTUALLY_EXCLUSIVE,
    REQUIRED_ONE_OF,
    run_volume_backup,
    volume_backup_argument_spec,
)


def main():
    module = AnsibleModule(argument_spec=connection_argument_spec(volume_backup_argument_spec()),
                           mutually_exclusive=MUTUALLY_EXCLUSIVE, required_one_of=REQUIRED_ONE_OF,
                           supports_check_mode=True)
    run_task(module, lambda: run_volume_backup(module, connect, module.check_mode))


if __name__ == '__main__':
    main()
