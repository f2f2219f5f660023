#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: container_copy_into
short_description: Copy a file or a folder into a Docker container, running or stopped
author:
  - Dockyard maintainers (@dockyard)
version_added: 0.1.0
description:
  - Writes one file into a container (C(docker cp FILE CONTAINER:PATH)) from a file on the managed node
    (O(path)) or from O(content), with the owner and mode given. The container may be running, stopped or
    only created; the bytes travel through the Engine API (C(PUT /containers/{id}/archive)), so the daemon
    need not share the managed node's file system, and nothing needs to run in the container.
  - The task is idempotent. The file already in the container is read (C(GET /containers/{id}/archive)) and compared by
    content (SHA-256), mode, owner and group; the file is written only when one differs. O(force) changes that.
  - The folder of O(container_path) must exist in the container, and O(container_path) must not be a folder, since a
    folder is never replaced by the file (see O(force)).
  - When O(path) is a folder, what it holds is copied into the folder O(container_path) (C(docker cp DIR/. CONTAINER:PATH)),
    created when missing. Each entry (file, folder, symbolic link) is compared with the one in the container - content,
    mode, owner, link target - and only those that differ are written, all in one archive; the whole tree in the
    container is read in one request, so a rerun that finds nothing to do only reads. O(delete) also removes what the
    folder lacks.
extends_documentation_fragment:
  - dockyard.docker.docker
  - dockyard.docker.docker.attributes
attributes:
  diff_mode:
    details:
      - Before and after give state, mode, owner, group and size. With O(path), they also give the content of each side
        when it is UTF-8 text of at most 102 KiB, as M(ansible.builtin.copy) does; a task that copies a secret file sets
        the task keyword C(diff) to V(false) (or C(no_log) to V(true)).
      - With O(content), neither side's content is shown, since O(content) and the file it replaces are often secrets
        (also with O(content_is_b64)). Both sides show C(<hidden>), and after shows C(<hidden, differs>) when the
        content in the container differs from O(content). No hash of the content is shown, since a hash lets a short
        secret be guessed offline.
      - With a folder in O(path), before and after give the path, whether the folder exists, and under C(files) each
        entry added, changed or removed (relative path, state, mode, owner, group, size or link target), without
        content.
options:
  container:
    description: Name or ID of the container.
    type: str
    required: true
  path:
    description:
      - A file or a folder on the managed node to copy. Mutually exclusive with O(content); one of them is required.
      - A folder's content goes into the folder O(container_path). Symbolic links inside it are copied as links (never
        followed); devices, FIFOs and sockets are refused.
    type: path
    aliases: [src_dir]
  content:
    description:
      - The file's content. Binary data goes base64-encoded with O(content_is_b64=true).
      - Not logged (it may be a key); diff mode shows neither it nor the content of the file it replaces.
      - Requires O(mode).
      - Mutually exclusive with O(path); one of them is required.
    type: str
  content_is_b64:
    description: O(content) is base64 text; the file holds the decoded bytes.
    type: bool
    default: false
  container_path:
    description:
      - Absolute path of the file in the container (its folder must exist).
      - With a folder in O(path), the folder the tree goes to (below C(/); its parent must exist). A folder it creates
        takes the mode of O(path); an existing one keeps its own mode and owner.
    type: str
    required: true
  owner_id:
    description:
      - Numeric user ID of the file in the container. Requires O(group_id).
      - When not given the file belongs to root (0), like with C(docker cp); the IDs are compared either way.
    type: int
  group_id:
    description: Numeric group ID of the file in the container (0 when not given). Requires O(owner_id).
    type: int
  mode:
    description:
      - Permissions of the file, as an octal string (V('0644')) or a number (V(0o644); YAML's V(0644)). Symbolic
        modes are not taken.
      - When not given, the mode of O(path) on the managed node.
      - With a folder in O(path), the mode of every file copied; folders and files keep their own modes without it.
      - Required with O(content), so that a key is never written with a default mode anyone can read; the task fails
        before anything is written without it.
    type: raw
  force:
    description:
      - When not given, the file is written only when the one in the container differs (content, mode, owner).
      - V(true) writes it every time, without comparing. In diff mode the file it replaces is still read, so that
        diff.before shows its content (with O(path), as above).
      - V(false) writes it only when nothing exists at O(container_path); whatever is there is left as it is, and
        diff.after then equals diff.before.
      - A folder at O(container_path) is never replaced by the file, with V(true) too; the task fails naming it
        (community.docker's module replaces it, removing all it holds). V(false) leaves it as it is.
      - With a folder in O(path), V(true) writes every entry again and V(false) only the entries missing in the
        container. An entry whose kind differs (a file where the folder has a sub-folder) is replaced, with what it
        holds.
    type: bool
  delete:
    description:
      - With a folder in O(path), remove what O(container_path) holds that the folder lacks (like C(rsync --delete)).
      - The archive API cannot remove, so C(rm) runs in the container as root; the container must be running and
        have C(rm). A stopped container fails the task before anything is written.
      - Only with a folder in O(path).
    type: bool
    default: false
  follow:
    description:
      - When O(container_path) is a symbolic link in the container, write the file it points to (followed
        through further links). Without it the link itself is replaced by the file.
      - With a folder in O(path), write into the folder a link at O(container_path) leads to; without it such a link
        fails the task.
    type: bool
    default: false
  local_follow:
    description:
      - When O(path) is a symbolic link on the managed node, copy the file (or folder) it points to. With V(false)
        the link itself is copied (as a link with the same target), and only its target is compared.
    type: bool
    default: true
notes:
  - A file copied into a running container's bind mount or volume lands there, as with C(docker cp).
  - On Podman the archive API reports every entry as owned by the container's user, so owners are not compared there.
seealso:
  - module: dockyard.docker.container
  - module: dockyard.docker.container_exec
'''

EXAMPLES = r'''
- name: A config file from the managed node (docker cp app.conf web:/etc/app/app.conf)
  dockyard.docker.container_copy_into:
    container: web
    path: /srv/web/app.conf
    container_path: /etc/app/app.conf
    mode: '0640'
    owner_id: 0
    group_id: 101

- name: Content from the task into a stopped container
  dockyard.docker.container_copy_into:
    container: batch-job
    content: "{{ lookup('ansible.builtin.template', 'job.ini.j2') }}"
    container_path: /etc/job.ini
    mode: '0640'

- name: A site's folder, file by file; what the source lacks is removed (docker cp site/. web:/srv/www)
  dockyard.docker.container_copy_into:
    container: web
    path: /srv/build/site
    container_path: /srv/www
    owner_id: 101
    group_id: 101
    delete: true

- name: Binary content, written whatever is there
  dockyard.docker.container_copy_into:
    container: web
    content: "{{ favicon_b64 }}"
    content_is_b64: true
    container_path: /srv/www/favicon.ico
    mode: '0644'
    force: true
'''

RETURN = r'''
container_path:
  description: Where the file is in the container (the target of O(container_path) with O(follow)).
  returned: success
  type: str
  sample: /etc/app/app.conf
files:
  description: With a folder in O(path), the entries (paths relative to RV(container_path)) added, changed and removed.
  returned: success, with a folder in O(path)
  type: dict
  contains:
    added:
      description: Entries the container lacked.
      type: list
      elements: str
    changed:
      description: Entries that differed (or all, with O(force=true)).
      type: list
      elements: str
    removed:
      description: Entries removed with O(delete).
      type: list
      elements: str
  sample: {"added": ["img/logo.png"], "changed": ["index.html"], "removed": ["old.html"]}
actions:
  description: What was done, or would be done in check mode, in order.
  returned: always
  type: list
  elements: str
  sample: ["copy /srv/web/app.conf into container web at /etc/app/app.conf (content, mode)"]
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.dockyard.docker.plugins.module_utils.container.copy import (
    CONTAINER_COPY_INTO_MODULE_OPTIONS,
    container_copy_into_argument_spec,
    run_container_copy_into,
)
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import (
    connect,
    connection_argument_spec,
    run_task,
)


def main():
    module = AnsibleModule(argument_spec=connection_argument_spec(container_copy_into_argument_spec()),
                           supports_check_mode=True, **CONTAINER_COPY_INTO_MODULE_OPTIONS)
    run_task(module, lambda: run_container_copy_into(module, connect, module.check_mode))


if __name__ == '__main__':
    main()
