#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: compose
short_description: Converge a Docker Compose project on one host, natively
author:
  - Dockyard maintainers (@dockyard)
version_added: 0.1.0
description:
  - Reads Compose files (C(compose.yaml), C(docker-compose.yml), several merged in order, or inline
    YAML) and converges the project through the Engine API, without the docker CLI or the Compose
    plugin. Each service becomes containers built, compared and applied by the same code as
    M(dockyard.docker.container), converged in parallel by the engine of M(dockyard.docker.containers),
    one depends_on level after another.
  - Containers are named C(<project>-<service>-<number>) and carry the labels Compose sets
    (C(com.docker.compose.project), C(.service), C(.container-number), C(.config-hash), C(.oneoff),
    C(.project.working_dir), C(.project.config_files), C(.version)), so C(docker compose ps),
    C(logs) and C(down) work on them. Networks are C(<project>_default) and C(<project>_<name>),
    volumes C(<project>_<name>), with Compose's labels.
  - A network name that several networks share (Docker before 25 allows it) means the oldest of them, as
    M(dockyard.docker.network) decides; O(state=absent) removes every network of the project.
  - A container is recreated when its service's definition changed (the config hash, as Compose
    does with C(recreate=auto)) or when the container differs from it in any option the
    M(dockyard.docker.container) module compares. Scaling (C(scale), C(deploy.replicas)) never
    recreates the containers that stay.
  - Anonymous volumes (a C(VOLUME) of the image, a C(volumes) entry without a source) hold data as Compose
    keeps it. A recreated container gets the old container's anonymous volumes (unless
    O(renew_anon_volumes)). A container removed by scaling down, by O(remove_orphans) or by O(state=absent)
    leaves its anonymous volumes in place (C(docker volume ls) lists them); only O(state=absent) with
    O(remove_volumes) removes them.
  - Variables are interpolated as Compose does (C(${VAR}), C($VAR), C(${VAR:-default}),
    C(${VAR-default}), C(${VAR:?error}), C(${VAR?error}), C(${VAR:+other}), C($$)), from the
    environment of the module (the task's C(environment)) over the C(.env) file of the project
    folder, or over O(env_files).
  - A top-level C(include) adds the services, networks, volumes, configs and secrets of other local Compose
    files (short form, a path; long form, C(path) as a string or a list, C(project_directory), C(env_file)).
    Its paths are relative to the including file's project directory; an included file's relative paths start
    at its C(project_directory) (default its folder), and it is interpolated with the including environment
    over its C(env_file) (default the C(.env) there). Includes nest. A name defined differently by a file and
    its include, or by two includes, fails naming both files; an include cycle fails; a remote include
    (C(oci://), a git URL, anything with C(://) or C(git@host:)) is refused. Nothing is fetched from the network.
  - C(volumes_from) takes C(SERVICE), C(SERVICE:ro), C(SERVICE:rw), C(container:NAME) and C(container:NAME:ro);
    a service named there starts first, and its container's real name goes into C(HostConfig.VolumesFrom).
  - >-
    Every key of the file is checked before anything changes. A key that is valid Compose but not supported by
    this module fails with its full path, for example C(valid Compose, not supported by dockyard.docker.compose:
    services.web.develop); a key the Compose specification does not have fails naming the closest known key,
    for example C(services.web.imgae: unknown key; did you mean image?). The supported keys are listed in the
    collection's Compose guide (C(docs/compose.md)).
  - Reading Compose files needs PyYAML (C(python3-yaml)) on the managed node; an inline
    O(definition) given as a mapping does not.
extends_documentation_fragment:
  - dockyard.docker.compose_project
  - dockyard.docker.docker
  - dockyard.docker.docker.sdk_credentials
  - dockyard.docker.docker.sdk_build
  - dockyard.docker.docker.attributes
attributes:
  check_mode:
    support: full
    details: Networks, volumes, builds and containers are planned and reported, nothing is pulled or built.
  diff_mode:
    support: full
    details: Before and after of each changed container, by service, then container name.
options:
  state:
    description:
      - V(present) creates and starts the services (C(docker compose up -d)).
      - V(stopped) creates what is missing and stops the containers.
      - V(restarted) converges like V(present), then restarts the containers that were not
        recreated (it always reports a change).
      - V(absent) removes the project's containers and networks (C(docker compose down)), the one-off
        containers of M(dockyard.docker.compose_run) with them; its named volumes and the containers'
        anonymous volumes too with O(remove_volumes).
    type: str
    default: present
    choices: [present, absent, stopped, restarted]
  services:
    description:
      - Act on these services only (and, for present / stopped / restarted, those they depend on).
    type: list
    elements: str
  pull:
    description:
      - V(missing) pulls images that are not on the host, V(always) pulls every time (a new
        image recreates the containers), V(never) requires the images to be there, V(policy)
        follows each service's C(pull_policy) (default missing).
    type: str
    default: policy
    choices: [missing, always, never, policy]
  build:
    description:
      - For services with C(build). V(policy) builds when the image is missing (always with
        C(pull_policy=build)); V(always) runs the build every time, which rebuilds only when the
        build inputs changed (the content hash of M(dockyard.docker.image)); V(never) does not build.
    type: str
    default: policy
    choices: [never, always, policy]
  remove_orphans:
    description:
      - Remove containers of the project whose service is no longer in the files. Without it,
        they are listed in RV(orphans) and a warning.
      - Their anonymous volumes stay, as with C(docker compose up --remove-orphans).
    type: bool
    default: false
  remove_volumes:
    description:
      - With O(state=absent), remove the project's named volumes (external ones never) and the anonymous
        volumes of the containers it removes, like C(docker compose down --volumes); an anonymous volume
        another container still uses stays. Without it, all of them stay.
      - Anonymous volumes no removed container holds (left by an earlier scale-down, orphan removal or
        O(renew_anon_volumes)) are not removed; C(docker volume prune) does that.
      - Only with O(state=absent); scaling down and O(remove_orphans) never remove volumes.
    type: bool
    default: false
  renew_anon_volumes:
    description:
      - When a container is recreated, give the new one fresh anonymous volumes instead of the old
        container's (C(docker compose up --renew-anon-volumes)). The old container's anonymous volumes
        are not removed (as with Compose); C(docker volume prune) removes them.
      - It recreates nothing by itself, so an identical rerun reports no change; with O(recreate=always)
        it is C(docker compose up --renew-anon-volumes), which recreates every container.
      - Not with O(state=absent).
    type: bool
    default: false
  wait:
    description:
      - Wait until every container runs, and is healthy when it has a health check (C(up --wait)).
      - Conditions of C(depends_on) (C(service_healthy), C(service_completed_successfully)) are
        always waited for before the services that need them start.
    type: bool
    default: false
  wait_timeout:
    description: Seconds to wait for one level of services (and for O(wait)).
    type: int
    default: 120
  recreate:
    description:
      - V(auto) recreates containers whose service changed; V(always) recreates every container;
        V(never) leaves existing containers as they are (only creates missing ones and
        starts or stops them).
    type: str
    default: auto
    choices: [auto, always, never]
requirements:
  - PyYAML on the managed node, to read Compose files
seealso:
  - module: dockyard.docker.containers
  - module: dockyard.docker.container
'''

EXAMPLES = r'''
- name: Run the project in /srv/shop (compose.yaml and .env there)
  dockyard.docker.compose:
    project_src: /srv/shop
    wait: true

- name: Production settings over the base file, two profiles enabled
  dockyard.docker.compose:
    project_src: /srv/shop
    files: [compose.yaml, compose.prod.yaml]
    env_files: [prod.env]
    profiles: [monitoring]
    remove_orphans: true

- name: An inline project
  dockyard.docker.compose:
    project_name: hello
    definition:
      services:
        web:
          image: nginx:1.25
          ports: ["8080:80"]

- name: A project whose compose.yaml includes db/compose.yaml (include, with volumes_from the db service)
  dockyard.docker.compose:
    project_src: /srv/app
    definition:
      include:
        - path: db/compose.yaml
          env_file: db/defaults.env
      services:
        backup:
          image: busybox:1.36
          command: ["sleep", "infinity"]
          volumes_from: ["db:ro"]

- name: Recreate every container with empty anonymous volumes (docker compose up -V)
  dockyard.docker.compose:
    project_src: /srv/shop
    recreate: always
    renew_anon_volumes: true

- name: Take it down, volumes too
  dockyard.docker.compose:
    project_src: /srv/shop
    state: absent
    remove_volumes: true
'''

RETURN = r'''
project_name:
  description: The project's name (the value of the com.docker.compose.project label).
  returned: always
  type: str
  sample: shop
actions:
  description: What was done (in check mode, what would be done), networks, volumes and builds first.
  returned: always
  type: list
  elements: str
  sample: ["create network shop_default", "create container shop-web-1 from nginx:1.25", "start container shop-web-1"]
services:
  description: Per service, its containers, whether they changed and the actions taken on them.
  returned: always
  type: dict
  sample: {"web": {"containers": ["shop-web-1"], "changed": true, "actions": ["create container shop-web-1 from nginx:1.25"]}}
containers:
  description: Names of the containers the task planned (created, kept, removed).
  returned: always
  type: list
  elements: str
orphans:
  description: Containers of the project that belong to no service of the files, left in place.
  returned: when there are such containers and remove_orphans is false
  type: list
  elements: str
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.dockyard.docker.plugins.module_utils.compose.spec import compose_argument_spec
from ansible_collections.dockyard.docker.plugins.module_utils.compose.task import run_compose
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import (
    connect,
    connection_argument_spec,
    run_task,
)


def main():
    module = AnsibleModule(argument_spec=connection_argument_spec(compose_argument_spec()),
                           supports_check_mode=True)
    run_task(module, lambda: run_compose(module, connect, module.check_mode))


if __name__ == '__main__':
    main()
