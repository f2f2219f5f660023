"""container_facts' detection, a pure function of what a container shows of itself. The Docker 20.10 and
Podman 5 samples were read in busybox containers of this project's test engines (cgroup v1 machine);
the cgroup v2 and Kubernetes ones follow the same formats (a cgroup namespace shows '/')."""

import pytest

from ansible_collections.dockyard.docker.plugins.module_utils.host.container_facts import detect_container

DOCKER_ID = '197d673873dd2fd6ec22008f6bd464b7b127c6d1c28b721b3c9dfb6fe68a4b24'
PODMAN_ID = 'e1aff6c1a41e6c87395e5fcc0154f625d55920c296a942729cd4ace4b985c1c8'
OUTER_ID = 'a' * 64

DOCKER_CGROUP_V1 = ''.join('%d:%s:/docker/%s\n' % (number, name, DOCKER_ID) for number, name in (
    (13, 'hugetlb'), (9, 'name=systemd'), (4, 'memory'), (1, 'cpu'))) + '0::/docker/%s\n' % DOCKER_ID
DOCKER_MOUNTS = (
    '176 61 0:48 / / rw,relatime master:4 - overlay overlay rw,lowerdir=/var/lib/docker/overlay2/l/PPDLMD5N4P7ZY\n'
    '177 176 0:51 / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw\n'
    '199 176 254:0 /var/lib/docker/containers/%s/resolv.conf /etc/resolv.conf rw,relatime - ext4 /dev/vda rw\n'
    '200 176 254:0 /var/lib/docker/containers/%s/hostname /etc/hostname rw,relatime - ext4 /dev/vda rw\n'
) % (DOCKER_ID, DOCKER_ID)
PODMAN_CGROUP_V1 = ''.join('%d:%s:/libpod_parent/libpod-%s\n' % (number, name, PODMAN_ID) for number, name in (
    (13, 'hugetlb'), (9, 'name=systemd'), (1, 'cpu')))
PODMAN_MOUNTS = (
    '182 66 0:49 / / rw,relatime - overlay overlay rw,lowerdir=/var/lib/containers/storage/overlay/610a/diff\n'
    '190 182 0:40 /run/containers/storage/overlay-containers/%s/userdata/resolv.conf /etc/resolv.conf rw,relatime'
    ' - overlay overlay rw,lowerdir=/var/lib/docker/overlay2/l/Z7XCXWHG435URMUZWZ3LVX5IYA\n'
) % PODMAN_ID
OVERLAY_ROOT = '300 290 0:77 / / rw,relatime - overlay overlay rw,lowerdir=/l/A:/l/B\n301 300 0:78 / /proc rw - proc proc rw\n'
HOST_CGROUP = '13:hugetlb:/\n9:name=systemd:/init.scope\n0::/init.scope\n'
HOST_MOUNTS = '25 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n26 25 0:5 / /dev rw - devtmpfs udev rw\n'


@pytest.mark.parametrize('cgroup, mounts, dockerenv, containerenv, expected', [
    # Docker 20.10 on cgroup v1: the cgroup path names the container.
    (DOCKER_CGROUP_V1, DOCKER_MOUNTS, True, None, (True, DOCKER_ID, 'docker')),
    # Docker on cgroup v2 with a cgroup namespace: '/' only; the bind mounts name it.
    ('0::/\n', DOCKER_MOUNTS, True, None, (True, DOCKER_ID, 'docker')),
    # The same with a data-root elsewhere than /var/lib/docker.
    ('0::/\n', DOCKER_MOUNTS.replace('/var/lib/docker/', '/srv/docker/'), False, None, (True, DOCKER_ID, 'docker')),
    # Docker with the systemd cgroup driver, no namespace.
    ('0::/system.slice/docker-%s.scope\n' % DOCKER_ID, HOST_MOUNTS, True, None, (True, DOCKER_ID, 'docker')),
    # Podman 5 (its marker file is empty outside privileged containers).
    (PODMAN_CGROUP_V1, PODMAN_MOUNTS, False, '', (True, PODMAN_ID, 'podman')),
    ('0::/\n', PODMAN_MOUNTS, False, '', (True, PODMAN_ID, 'podman')),
    # A privileged Podman container on cgroup v2 with a namespace: the marker file says the ID.
    ('0::/\n', OVERLAY_ROOT, False, 'engine="podman-5.8.6"\nname="web"\nid="%s"\n' % PODMAN_ID,
     (True, PODMAN_ID, 'podman')),
    # A container in a dockerd that itself runs in a container (this project's engine matrix): the inner one.
    ('4:memory:/docker/%s/docker/%s\n' % (OUTER_ID, DOCKER_ID), HOST_MOUNTS, True, None, (True, DOCKER_ID, 'docker')),
    # Podman in a Docker container: its own container, not the engine's.
    ('1:cpu:/docker/%s/libpod_parent/libpod-%s\n' % (OUTER_ID, PODMAN_ID), HOST_MOUNTS, False, '',
     (True, PODMAN_ID, 'podman')),
    # Kubernetes, systemd driver and cgroupfs driver.
    ('0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod0b5e-11aa.slice/cri-containerd-%s.scope\n'
     % DOCKER_ID, HOST_MOUNTS, False, None, (True, DOCKER_ID, 'kubernetes')),
    ('12:pids:/kubepods/burstable/pod0b5e1c2a-11aa-4bb5-9c0d-7e6f5a4b3c2d/%s\n' % DOCKER_ID, HOST_MOUNTS, False, None,
     (True, DOCKER_ID, 'kubernetes')),
    ('0::/\n', HOST_MOUNTS + '30 25 254:0 /var/lib/kubelet/pods/0b5e1c2a-11aa/etc-hosts /etc/hosts rw - ext4 x rw\n',
     False, None, (True, '', 'kubernetes')),
    # containerd without Kubernetes (nerdctl), by its task folder.
    ('0::/\n', HOST_MOUNTS + '31 25 0:40 /run/containerd/io.containerd.runtime.v2.task/default/%s/hostname '
     '/etc/hostname rw - tmpfs x rw\n' % DOCKER_ID, False, None, (True, DOCKER_ID, 'containerd')),
    # Only a marker file, on a container's overlay root: a container, with no ID to give.
    ('0::/\n', OVERLAY_ROOT, True, None, (True, '', 'docker')),
    ('0::/\n', OVERLAY_ROOT, False, 'engine="podman-5.8.6"\n', (True, '', 'podman')),
    # ... but not on a root that is a whole device: a VM made from a container image keeps /.dockerenv
    # (this project's CI machines do).
    ('0::/\n', HOST_MOUNTS, True, None, (False, '', '')),
    # No container: this machine's own view; unreadable files read as nothing.
    (HOST_CGROUP, HOST_MOUNTS, False, None, (False, '', '')),
    (None, None, False, None, (False, '', '')),
])
def test_detection(cgroup, mounts, dockerenv, containerenv, expected):
    assert detect_container(cgroup, mounts, dockerenv=dockerenv, containerenv=containerenv) == expected


def test_a_volume_of_a_host_folder_named_like_a_container_is_no_container():
    """Only the runtime's own files count: a bind mount of some other file under a containers/ folder does not."""
    mounts = HOST_MOUNTS + '40 25 254:0 /srv/containers/%s/data /data rw - ext4 /dev/vda rw\n' % DOCKER_ID
    assert detect_container(HOST_CGROUP, mounts) == (False, '', '')
