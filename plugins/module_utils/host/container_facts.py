# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Whether this process runs in a container, which one and under which runtime, read from what the
kernel and the runtime leave in it: the cgroup paths (/proc/self/cgroup), the files the runtime
bind-mounts from its own state folder (/proc/self/mountinfo) and the runtime's marker files
(/.dockerenv, /run/.containerenv).

The cgroup path names the container on cgroup v1 and on v2 without a cgroup namespace; with one
(Docker's default on cgroup v2) it reads '/', and the bind mounts of /etc/hostname, /etc/hosts and
/etc/resolv.conf still name the container's folder. Nested containers (a dockerd in a container)
show every level: the innermost, last on the path, is this process's own.
"""

import re

CONTAINER_ID = r'([0-9a-f]{64})'
# (runtime, pattern of a cgroup path naming the container)
CGROUP_PATTERNS = (
    ('kubernetes', re.compile(r'/kubepods\b.*?(?:/|-|cri-containerd-|crio-|docker-)' + CONTAINER_ID)),
    ('podman', re.compile(r'\blibpod-(?:conmon-)?' + CONTAINER_ID)),
    ('containerd', re.compile(r'\bcri-containerd-' + CONTAINER_ID)),
    ('docker', re.compile(r'(?:/docker/|\bdocker-)' + CONTAINER_ID)),
)
# (runtime, pattern of the root of a mount the runtime made from its state folder)
MOUNT_PATTERNS = (
    ('kubernetes', re.compile(r'/io\.containerd\.runtime\.v2\.task/k8s\.io/' + CONTAINER_ID + r'/')),
    ('kubernetes', re.compile(r'/var/lib/kubelet/pods/[0-9a-f-]+/')),
    ('podman', re.compile(r'/overlay-containers/' + CONTAINER_ID + r'/userdata/')),
    ('containerd', re.compile(r'/io\.containerd\.runtime\.v2\.task/[^/]+/' + CONTAINER_ID + r'/')),
    ('docker', re.compile(r'/containers/' + CONTAINER_ID + r'/(?:hostname|hosts|resolv\.conf)$')),
)


def detect_container(cgroup, mountinfo, dockerenv=False, containerenv=None):
    """(running in a container, its ID or '', the runtime or '') from the text of /proc/self/cgroup and
    /proc/self/mountinfo (None: unreadable), whether /.dockerenv exists and the text of
    /run/.containerenv (None: absent; Podman writes it, with id="..." in privileged containers)."""
    found = _from_cgroup(cgroup or '') or _from_mounts(mountinfo or '')
    if found:
        return True, found[1], found[0]
    # A marker file alone is weak: a machine whose root file system was made from a container image keeps it
    # (this project's CI machines have /.dockerenv). It counts on a root that is a container's snapshot only.
    if not _root_is_a_snapshot(mountinfo or ''):
        return False, '', ''
    if containerenv is not None:
        match = re.search(r'^id="?' + CONTAINER_ID, containerenv, re.MULTILINE)
        return True, match.group(1) if match else '', 'podman'
    if dockerenv:
        return True, '', 'docker'
    return False, '', ''


def _from_cgroup(text):
    """(runtime, ID) of the innermost container a cgroup path names, or None."""
    best = None
    for line in text.splitlines():
        path = line.split(':', 2)[-1]
        for runtime, pattern in CGROUP_PATTERNS:
            matches = list(pattern.finditer(path))
            if matches:
                last = matches[-1]
                # The longest path reaches deepest: a nested container's own level.
                if best is None or last.end() > best[2]:
                    best = (runtime, last.group(1), last.end())
                break
    return best[:2] if best else None


def _from_mounts(text):
    """(runtime, ID) from the roots of the mounts a runtime made from its state folder, or None."""
    for line in text.splitlines():
        fields = line.split()
        if len(fields) < 5:
            continue
        root = fields[3]
        for runtime, pattern in MOUNT_PATTERNS:
            match = pattern.search(root)
            if match:
                return runtime, match.group(1) if match.groups() else ''
    return None


def _root_is_a_snapshot(text):
    """True when / is what a runtime mounts for a container: an overlay (or aufs, fuse-overlayfs) file system,
    or a folder of a file system (the vfs, btrfs and zfs drivers), rather than a whole device."""
    root = None
    for line in text.splitlines():
        before, _sep, after = line.partition(' - ')
        fields = before.split()
        if len(fields) >= 5 and fields[4] == '/' and after:
            root = (fields[3], after.split()[0])  # the last mount on / is the one in effect
    return root is not None and (root[0] != '/' or root[1] in ('overlay', 'aufs', 'fuse.fuse-overlayfs'))


def read_text(path):
    """A file's text, or None when it cannot be read (absent, or no permission)."""
    try:
        with open(path, 'r', errors='replace') as handle:
            return handle.read()
    except (IOError, OSError):
        return None
