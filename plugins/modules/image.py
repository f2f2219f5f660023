#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: image
short_description: Pull, build, load, import, commit, tag, push, save and remove Docker images
author:
  - Dockyard maintainers (@dockyard)
version_added: 0.1.0
description:
  - With O(state=present), makes sure the image O(name) is on the host, getting it from O(source)
    (C(docker pull), C(docker build), C(docker load), C(docker import) or C(docker commit)), then
    optionally adds O(tags) (C(docker tag)), pushes it (C(docker push)) and writes a save archive
    (C(docker save)).
  - With O(state=absent), removes it (C(docker rmi)).
  - Every step is skipped when its result is already there, so a rerun reports no change.
    A build is redone only when the content hash of its inputs changed (see O(build)); an import or
    a commit only when its inputs changed; a push only when the registry does not hold the image yet.
extends_documentation_fragment:
  - dockyard.docker.docker
  - dockyard.docker.docker.sdk_credentials
  - dockyard.docker.docker.sdk_build
  - dockyard.docker.docker.attributes
options:
  name:
    description:
      - Image name as C([REGISTRY/]REPOSITORY[:TAG]); the tag defaults to C(latest).
      - With O(state=absent) an image ID is accepted too.
      - A list of names saves all those images into the one archive O(archive_path) (C(docker save A B -o FILE)),
        pulling those the host does not have (with O(force), those the registry has a newer image for). Only
        O(archive_path), O(force) and O(platform) go with it. The archive is rewritten when it does not hold every
        name with the image the host has under it; RV(images) lists them.
    type: raw
    required: true
  state:
    description:
      - V(present) makes sure the image is on the host, then applies O(tags), O(push) and O(archive_path).
      - V(absent) removes the name (C(docker rmi)); the image itself goes when no other tag is left. Diff mode
        then shows the image with the tags left.
        A name used by a container fails the task unless O(force) is set.
    type: str
    default: present
    choices: [present, absent]
  source:
    description:
      - Where the image comes from when it is not on the host yet.
      - V(pull) pulls it from its registry (C(docker pull)); a present image is not pulled again unless O(force).
      - V(build) builds it from O(build) (C(docker build)).
      - V(load) loads the C(docker save) archive O(load_path) (C(docker load)).
      - V(import) makes it from the root file system tarball O(load_path) (C(docker import)), with O(changes).
      - V(commit) commits the container O(container) (C(docker commit)).
      - When not given, V(build) if O(build) is set, V(commit) if O(container) is set, V(load) if
        O(load_path) is set, else V(pull).
    type: str
    choices: [pull, build, load, import, commit]
  force:
    description:
      - With O(source=pull), pull again; the task reports a change only if the image ID changed.
        The registry is asked first (C(/distribution)), so an image the host knows by the registry's digest
        (under any name) is not pulled.
      - With O(source=build), build again even when the content hash is unchanged; the task reports a change
        only if the image ID changed (a build served from the build cache makes the same image), and returns
        RV(build_log) either way. Check mode reports the build, as whether it makes the same image shows only
        when it runs.
      - With O(source=load), O(source=import) or O(source=commit), redo it even when nothing changed.
      - With O(state=absent), remove the image even when containers use it (C(docker rmi -f)).
    type: bool
    default: false
  no_prune:
    description: With O(state=absent), keep untagged parent images (C(docker rmi --no-prune)).
    type: bool
    default: false
  platform:
    description: Platform to pull or build for, such as C(linux/amd64) (C(--platform)).
    type: str
  build:
    description:
      - How to build the image (C(docker build)). The build context is sent as the daemon would get it
        from C(docker build PATH), honouring C(.dockerignore).
      - The image gets the label C(dockyard.build.hash), a hash of the context files (after C(.dockerignore)),
        the Dockerfile, O(build.args), O(build.target), O(build.labels), O(platform) and the IDs of the base
        images. A rebuild happens only when that hash changes, or with O(force).
    type: dict
    suboptions:
      path:
        description: The build context directory on the managed host.
        type: path
        required: true
      dockerfile:
        description: Dockerfile, relative to O(build.path) or absolute (C(-f)); one outside the context is sent along.
        type: str
        default: Dockerfile
      args:
        description: Build arguments (C(--build-arg)), a dict of names to values.
        type: dict
      target:
        description: Stage of a multi-stage Dockerfile to build (C(--target)).
        type: str
      nocache:
        description: Do not use the build cache (C(--no-cache)).
        type: bool
        default: false
      pull:
        description:
          - Pull newer versions of the base images first (C(--pull)). A base image with a new ID changes
            the content hash, so the image is rebuilt.
        type: bool
        default: false
      rm:
        description: Remove intermediate containers after a successful build (C(--rm)).
        type: bool
        default: true
      force_rm:
        description: Always remove intermediate containers, also after a failed build (C(--force-rm)).
        type: bool
        default: false
      labels:
        description: Labels to set on the image (C(--label)); any non-empty name, spaces included, as Docker takes it.
        type: dict
      network:
        description:
          - The network that C(RUN) steps use (C(--network)), such as V(host), V(none) or a network's name.
          - This and the other settings of the build's environment (O(build.etc_hosts), O(build.shm_size),
            O(build.cache_from), O(build.container_limits)) are not part of the content hash, as the build cache
            ignores them too; use O(force) to build again after changing only them.
        type: str
      etc_hosts:
        description: Extra C(/etc/hosts) entries for C(RUN) steps (C(--add-host)), a dict of host names to IP addresses
          or V(host-gateway).
        type: dict
      shm_size:
        description: Size of C(/dev/shm) for C(RUN) steps (C(--shm-size)), such as V(128m).
        type: str
      cache_from:
        description: Images the build may take cached layers from (C(--cache-from)).
        type: list
        elements: str
      container_limits:
        description: Limits on the containers of C(RUN) steps.
        type: dict
        suboptions:
          memory:
            description: Memory limit (C(--memory)), such as V(512m).
            type: str
          memswap:
            description: Memory plus swap (C(--memory-swap)), such as V(1g); V(-1) or V(unlimited) for unlimited swap.
            type: str
          cpushares:
            description: CPU shares, a relative weight (C(--cpu-shares)).
            type: int
          cpusetcpus:
            description: CPUs the steps may run on (C(--cpuset-cpus)), such as V(0-1) or V(0,2).
            type: str
      secrets:
        description:
          - Not supported; a task that sets it fails saying so. Build secrets, like O(build.ssh), O(build.outputs) and
            O(build.platforms), exist only in BuildKit (C(docker buildx build)), and this module uses the Engine's
            classic build API (C(POST /build)). Accepted as a name so that tasks written for community.docker's
            C(docker_image_build) fail with that reason.
        type: raw
      ssh:
        description: Not supported (BuildKit only); see O(build.secrets).
        type: raw
      outputs:
        description: Not supported (BuildKit only); see O(build.secrets).
        type: raw
      platforms:
        description: Not supported (BuildKit only, several platforms in one build); see O(build.secrets). O(platform)
          builds for one platform.
        type: raw
  load_path:
    description:
      - With O(source=load), a C(docker save) archive to load (C(docker load -i)). The archive's images and tags
        are compared with the host by ID; it is loaded only when they differ. When the archive does not
        carry O(name) as a tag, its image is tagged as O(name).
      - With O(source=import), a root file system tarball (C(docker import)). The image gets the label
        C(dockyard.import.hash) (tarball, O(changes), O(message)); it is imported again only when that changes.
    type: path
    aliases: [import_path]
  container:
    description: With O(source=commit), the container to commit (C(docker commit CONTAINER)).
    type: str
  author:
    description: With O(source=commit), the author (C(docker commit -a)).
    type: str
  message:
    description: With O(source=commit) or O(source=import), the commit message (C(-m)).
    type: str
  pause:
    description: With O(source=commit), pause the container while committing (C(docker commit -p)).
    type: bool
    default: true
  changes:
    description:
      - With O(source=import) or O(source=commit), Dockerfile instructions to apply (C(-c)), such as C(CMD ["sh"]).
        Accepted instructions are CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, ONBUILD, USER, VOLUME and WORKDIR.
      - A commit is redone only when the container (its ID and its list of changed paths), O(changes),
        O(author) or O(message) differ from the last commit (label C(dockyard.commit.hash)). Edits to
        files that were already changed do not show in that list; use O(force) to commit them.
    type: list
    elements: str
  tags:
    description:
      - More names for the image (C(docker tag)). A bare tag such as C(v2) stays in the repository of O(name);
        anything else is a full C([REGISTRY/]REPOSITORY[:TAG]).
    type: list
    elements: str
  push:
    description:
      - Push the image (C(docker push)) to the registry in O(name), or to O(repository) when given.
      - Skipped when the registry already holds the image (the registry's digest is one the local image
        was pulled or pushed as). Credentials come from the docker config file (see M(dockyard.docker.login)).
    type: bool
    default: false
  repository:
    description:
      - With O(push), tag the image as this C([REGISTRY/]REPOSITORY[:TAG]) and push that (the tag defaults
        to the tag of O(name)).
    type: str
  archive_path:
    description:
      - With O(state=present), write a C(docker save) archive of O(name) (of every name, when it is a list) to this
        path on the managed host.
      - It is rewritten only when it does not hold the current image ID under O(name).
      - The archive is written as the daemon sends it, never held in memory whole, into a temporary file beside
        the path (mode C(0600)) that replaces the old archive only once complete.
    type: path
notes:
  - C(docker images), C(docker inspect) and C(docker history) are M(dockyard.docker.image_info);
    C(docker search) is M(dockyard.docker.image_search); C(docker login) is M(dockyard.docker.login).
seealso:
  - module: dockyard.docker.image_info
  - module: dockyard.docker.image_search
  - module: dockyard.docker.login
'''

EXAMPLES = r'''
- name: Pull an image (docker pull debian:bookworm)
  dockyard.docker.image:
    name: debian:bookworm

- name: Pull again and report a change only if the image changed (docker pull, always)
  dockyard.docker.image:
    name: registry.example.com/team/app:1.4
    force: true
    platform: linux/amd64

- name: Remove an image (docker rmi -f --no-prune myapp:old)
  dockyard.docker.image:
    name: myapp:old
    state: absent
    force: true
    no_prune: true

- name: Build an image from a Dockerfile (docker build --pull --no-cache -t myapp:1.0 --build-arg VERSION=1.0 .)
  dockyard.docker.image:
    name: myapp:1.0
    build:
      path: /srv/myapp
      dockerfile: Dockerfile
      args:
        VERSION: "1.0"
      target: runtime
      pull: true
      nocache: true
      force_rm: true
      labels:
        org.example.team: web
  register: built

- name: Build on the host network, with a mirror's address and limits for the RUN steps
  dockyard.docker.image:
    name: myapp:1.0
    build:
      path: /srv/myapp
      network: host
      etc_hosts:
        deb.example.internal: 10.0.0.5
      shm_size: 256m
      cache_from: [registry.example.com/myapp:cache]
      container_limits:
        memory: 1g
        cpusetcpus: "0-1"

- name: Show the build output
  ansible.builtin.debug:
    var: built.build_log

- name: Commit a container (docker commit -a "Ops" -m "configured" -c 'CMD ["httpd"]' web myapp:configured)
  dockyard.docker.image:
    name: myapp:configured
    source: commit
    container: web
    author: Ops <ops@example.com>
    message: configured
    pause: true
    changes:
      - CMD ["httpd", "-f"]
      - EXPOSE 80

- name: Tag an image (docker tag myapp:1.0 myapp:stable)
  dockyard.docker.image:
    name: myapp:1.0
    tags:
      - stable
      - registry.example.com/team/myapp:1.0

- name: Push an image to the registry in its name (docker push 127.0.0.1:5000/myapp:1.0)
  dockyard.docker.image:
    name: 127.0.0.1:5000/myapp:1.0
    push: true

- name: Tag and push to another registry (docker tag + docker push)
  dockyard.docker.image:
    name: myapp:1.0
    push: true
    repository: registry.example.com/team/myapp

- name: Save an image to an archive (docker save -o /backup/myapp.tar myapp:1.0)
  dockyard.docker.image:
    name: myapp:1.0
    archive_path: /backup/myapp.tar

- name: Save an application's images together for an offline host (docker save myapp:1.0 redis:7 -o FILE)
  dockyard.docker.image:
    name: [myapp:1.0, redis:7]
    archive_path: /backup/stack.tar

- name: Load an archive (docker load -i /backup/myapp.tar)
  dockyard.docker.image:
    name: myapp:1.0
    source: load
    load_path: /backup/myapp.tar

- name: Import a root file system (docker import -c 'CMD ["/bin/sh"]' rootfs.tar mybase:1)
  dockyard.docker.image:
    name: mybase:1
    source: import
    load_path: /srv/rootfs.tar
    message: imported rootfs
    changes:
      - CMD ["/bin/sh"]
      - ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin
'''

RETURN = r'''
image:
  description: The image's inspect data after the task (C(docker image inspect)); empty after removal.
  returned: when O(name) is one name
  type: dict
  sample: {"Id": "sha256:93e6...", "RepoTags": ["myapp:1.0"], "Config": {"Labels": {"dockyard.build.hash": "sha256:1f0c..."}}}
actions:
  description:
    - What was done, or would be done in check mode, in order.
    - Outside check mode, a step that found nothing to change when it ran (a forced pull or build that got the
      same image, a push of content the registry already held) is left out.
  returned: always
  type: list
  elements: str
  sample: ["build image myapp:1.0 from /srv/myapp (inputs changed)", "push 127.0.0.1:5000/myapp:1.0"]
images:
  description: With O(name) as a list, each name and the ID of the image it names after the task (before it, in check
    mode; null for one that would be pulled).
  returned: when O(name) is a list
  type: list
  elements: dict
  sample: [{"name": "myapp:1.0", "id": "sha256:93e6..."}, {"name": "redis:7", "id": "sha256:4f2c..."}]
loaded_images:
  description: With O(source=load), every image of the archive (its first ID and its tags) when it was loaded, or would
    be in check mode; empty when the host already held them all.
  returned: when O(source=load)
  type: list
  elements: dict
  sample: [{"id": "sha256:93e6...", "tags": ["myapp:1.0"]}, {"id": "sha256:4f2c...", "tags": ["redis:7"]}]
build_log:
  description: Output lines of the build.
  returned: when an image was built
  type: list
  elements: str
  sample: ["Step 1/3 : FROM busybox", " ---> 93e66e49a741", "Successfully built 6f1c3c8d2f0e"]
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.dockyard.docker.plugins.module_utils.image.driver import image_argument_spec, run_image
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import (
    connect,
    connection_argument_spec,
    run_task,
)


def main():
    module = AnsibleModule(argument_spec=connection_argument_spec(image_argument_spec()),
                           supports_check_mode=True)
    run_task(module, lambda: run_image(module, connect, module.check_mode))


if __name__ == '__main__':
    main()
