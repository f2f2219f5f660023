#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: container
short_description: Create, run, start, stop, restart and remove a Docker container
author:
  - Dockyard maintainers (@dockyard)
version_added: 0.1.0
description:
  - Converges one container to the wanted configuration and running state (C(docker run), C(start),
    C(stop), C(kill), C(restart), C(rm)).
  - Only options the task sets are compared. The image's own defaults (CMD, ENTRYPOINT, ENV,
    EXPOSE, VOLUME, WORKDIR, USER, labels) are merged before comparing, so they never cause a change.
  - List and dict options are compared exactly, a declarative choice that differs from community.docker's
    defaults. A container with more entries than the task lists (another environment variable, label,
    published port, capability, ...) is recreated, where community.docker by default ignores entries present
    on the container but not in the task. A C(comparisons) option to choose per option will come later; until
    then, list every entry the container should keep.
  - A difference is applied in place when the daemon allows it (memory and CPU limits, restart
    policy, networks); otherwise the container is recreated. A new image ID behind the same image
    name recreates it.
  - Recreation keeps the data of named and anonymous volumes (O(keep_volumes)).
  - With O(detach=false) the container runs to completion like C(docker run IMAGE CMD) and the
    task returns its exit code and output.
  - C(docker attach) and CTRL+P CTRL+Q have no Ansible form; use O(detach) to start in the
    background, M(dockyard.docker.container_exec) to run commands in a running container, and
    M(dockyard.docker.container_logs) to read or wait for its output.
extends_documentation_fragment:
  - dockyard.docker.docker
  - dockyard.docker.docker.attributes
options:
  name:
    description: Name of the container (C(--name)).
    type: str
    required: true
  image:
    description:
      - Image to create the container from, as C(REPOSITORY[:TAG][@DIGEST]); the tag defaults to C(latest).
      - Required to create a container; not needed to stop or remove one.
    type: str
  state:
    description:
      - V(started) makes sure the container exists with this configuration and runs (C(docker run -d), C(docker start)).
      - V(present) makes sure it exists with this configuration; a new container is created but not started,
        an existing one keeps its running state.
      - V(stopped) makes sure it exists and is stopped (C(docker stop), or C(docker kill) with O(force_kill)).
      - V(restarted) makes sure it exists and restarts it (C(docker restart)); it reports a change every time.
      - V(absent) stops a running container first and removes it (C(docker rm -f)); named volumes are kept.
        Unlike C(docker rm) without C(-f), a running container does not make the task fail.
    type: str
    default: started
    choices: [present, started, stopped, restarted, absent]
  detach:
    description:
      - V(false) runs the container to completion, like C(docker run IMAGE CMD) without C(-d), and returns
        RV(rc) and RV(output). The task fails when the exit code is not in O(expected_rc).
      - A one-shot run always starts from a fresh container and always reports a change.
    type: bool
    default: true
  cleanup:
    description: With O(detach=false), remove the container after it finished (C(--rm)).
    type: bool
    default: false
  expected_rc:
    description: Exit codes of a one-shot run (O(detach=false)) that count as success.
    type: list
    elements: int
    default: [0]
  pull:
    description:
      - V(missing) pulls the image only when it is not on the host (no registry call otherwise).
      - V(always) pulls on every run; a new image ID recreates the container. Check mode does not pull; it asks
        the registry for the tag's digest and predicts a recreate only when the host does not know the image by
        that digest (under any name). An image the host never pulled or pushed (loaded from an archive, say) has
        no digest recorded, so check mode then predicts the recreate a new image would cause.
      - V(never) fails when the image is not on the host.
    type: str
    default: missing
    choices: [missing, always, never]
  platform:
    description: Platform to pull the image for, such as C(linux/amd64).
    type: str
  recreate:
    description: Recreate the container even when nothing changed.
    type: bool
    default: false
  force_kill:
    description: Stop with a signal (C(docker kill)) instead of a graceful stop.
    type: bool
    default: false
  kill_signal:
    description: Signal sent with O(force_kill); defaults to C(KILL).
    type: str
  keep_volumes:
    description:
      - Keep volume data when the container is recreated or removed. When recreating, the old
        container's anonymous volumes are mounted into the new one at the same paths.
      - V(false) removes anonymous volumes with the container (C(docker rm -v)).
    type: bool
    default: true
  command:
    description:
      - Command to run (C(CMD)), as a string split like a shell line or as a list.
      - V([]) means the image's CMD, as in community.docker; a container running another command is recreated
        with the image's. With a non-empty O(entrypoint), the container gets no CMD at all.
    type: raw
  entrypoint:
    description: Entrypoint (C(--entrypoint)), as a string or a list. Setting it drops the image's CMD unless O(command) is set.
    type: raw
  workdir:
    description: Working directory (C(-w)).
    type: str
    aliases: [working_dir]
  user:
    description: User to run as (C(-u)), C(NAME|UID[:GROUP|GID]).
    type: str
  hostname:
    description: Host name of the container (C(-h)).
    type: str
  domainname:
    description: Domain name of the container.
    type: str
  tty:
    description: Allocate a pseudo-TTY (C(-t)).
    type: bool
  interactive:
    description: Keep stdin open (C(-i)); with O(tty) a shell such as C(/bin/bash) stays running in the background.
    type: bool
  stop_signal:
    description: Signal that stops the container (C(--stop-signal)).
    type: str
  stop_timeout:
    description: Seconds to wait for a graceful stop before the daemon kills the container (C(--stop-timeout)).
    type: int
  healthcheck:
    description:
      - Health check, a dict with C(test) (a string runs in a shell, a list is exec form), C(interval),
        C(timeout), C(start_period) (durations such as C(30s)), C(retries), or C(disable=true).
    type: dict
  publish_all_ports:
    description: Publish every exposed port to a random host port (C(-P)).
    type: bool
  privileged:
    description: Give the container extended privileges (C(--privileged)).
    type: bool
  read_only:
    description: Mount the root file system read-only (C(--read-only)).
    type: bool
  init:
    description: Run an init process as PID 1 (C(--init)).
    type: bool
  memory:
    description: Memory limit such as C(512m) or C(1g) (binary units); updated in place.
    type: str
  memory_reservation:
    description: Soft memory limit, same syntax as O(memory); updated in place.
    type: str
  cpus:
    description: Number of CPUs, such as C(0.5) (C(--cpus)); updated in place.
    type: float
  cpu_shares:
    description: Relative CPU weight (C(--cpu-shares)); updated in place.
    type: int
  capabilities:
    description:
      - Capabilities to add (C(--cap-add)), such as C(NET_ADMIN) or C(ALL).
      - Compared exactly, so a container with capabilities the task does not list is recreated
        (community.docker ignores those by default).
    type: list
    elements: str
    aliases: [cap_add]
  cap_drop:
    description:
      - Capabilities to drop (C(--cap-drop)).
      - Compared exactly, so a container with dropped capabilities the task does not list is recreated
        (community.docker ignores those by default).
    type: list
    elements: str
  security_opts:
    description:
      - Security options (C(--security-opt)), such as C(seccomp=unconfined).
      - C(systempaths=unconfined) unmasks C(/proc) and C(/sys) paths like the docker CLI does (empty masked and read-only paths).
      - Compared exactly, so a container with security options the task does not list is recreated
        (community.docker ignores those by default).
    type: list
    elements: str
  devices:
    description:
      - Host devices to add, as C(/dev/HOST[:/dev/CONTAINER[:PERMISSIONS]]) (C(--device)).
      - Compared as a set, so the order does not matter, and exactly, so a container with devices the task does not
        list is recreated (community.docker ignores those by default).
    type: list
    elements: str
  cgroupns_mode:
    description: Cgroup namespace mode (C(--cgroupns)).
    type: str
    choices: [host, private]
  dns_servers:
    description: DNS servers (C(--dns)), compared exactly and in order, as in community.docker.
    type: list
    elements: str
  extra_hosts:
    description:
      - Extra C(/etc/hosts) entries, a dict of host names to addresses (C(--add-host)).
      - Compared exactly, so a container with host entries the task does not list is recreated
        (community.docker ignores those by default).
    type: dict
  volumes_from:
    description:
      - Mount all volumes of these containers (C(--volumes-from)), the seed's volume container pattern.
      - Compared exactly, so a container with containers the task does not list is recreated
        (community.docker ignores those by default).
    type: list
    elements: str
  tmpfs:
    description:
      - Tmpfs mounts as C(/path[:options]) (C(--tmpfs)).
      - Compared exactly, so a container with tmpfs mounts the task does not list is recreated
        (community.docker ignores those by default).
    type: list
    elements: str
  sysctls:
    description:
      - Namespaced kernel parameters (C(--sysctl)).
      - Compared exactly, so a container with parameters the task does not list is recreated
        (community.docker ignores those by default).
    type: dict
  pid_mode:
    description:
      - PID namespace (C(--pid)), such as C(host) or C(container:NAME).
      - C(container:NAME) is compared by the ID of the container NAME names now, which the task needs to
        exist; when NAME is recreated, this container is recreated to join the new one.
    type: str
  ipc_mode:
    description:
      - IPC namespace (C(--ipc)), such as C(private), C(shareable) or C(container:NAME).
      - C(container:NAME) is compared by the ID of that container, as for O(pid_mode).
    type: str
  shm_size:
    description: Size of C(/dev/shm), such as C(64m).
    type: str
  auto_remove:
    description:
      - Let the daemon remove the container when it exits (C(--rm) done by the daemon).
      - A one-shot run (O(detach=false)) still returns RV(rc) and RV(output), as the task attaches to the output and
        waits for the removal before it starts the container, as C(docker run --rm) does.
    type: bool
  env:
    description:
      - Environment variables (C(-e)), a dict. Values must be strings or numbers; quote booleans.
      - Merged over the image's ENV before comparing; the result is compared exactly. A container with variables
        that neither the image nor the task sets is recreated (community.docker ignores those by default).
    type: dict
  labels:
    description:
      - Labels (C(--label)), merged over the image's labels before comparing; any non-empty name is accepted.
      - The result is compared exactly. A container with labels that neither the image nor the task sets is
        recreated (community.docker ignores those by default).
    type: dict
  exposed_ports:
    description:
      - Ports to expose without publishing (C(--expose)), as C(PORT[/PROTOCOL]) or ranges.
      - Compared exactly, with the image's EXPOSE and O(published_ports) merged in, so a container exposing other
        ports is recreated (community.docker ignores those by default).
    type: list
    elements: str
    aliases: [expose]
  published_ports:
    description:
      - Ports to publish (C(-p)). Every form C(docker run -p) takes is accepted
        C(80) (random host port), C(8080:80), C(0.0.0.0::80), C(0.0.0.0:8080:80),
        C(0.0.0.0:80) (an IP and the container port, random host port), ranges C(8000-8005:80-85),
        IPv6 hosts C([::1]:8080:80), each with an optional C(/udp), C(/tcp) or C(/sctp).
      - Published ports are exposed too.
      - Compared exactly, so a container with published ports the task does not list is recreated
        (community.docker ignores those by default).
    type: list
    elements: str
    aliases: [ports]
  volumes:
    description:
      - Volumes (C(-v)) as C(NAME:/path[:MODE]) (named volume), C(/host/path:/path[:MODE]) (bind
        mount; C(~) expands on the managed host) or C(/path) (anonymous volume).
      - MODE is a comma-separated list of C(ro), C(rw), C(z), C(Z), C(nocopy) and propagation modes.
      - Named volumes and bind mounts are compared exactly, so a container with mounts the task does not list is
        recreated (community.docker ignores those by default). Anonymous volumes of the image and of the old
        container are kept.
    type: list
    elements: str
  links:
    description:
      - Links to other containers on the default bridge, as C(NAME[:ALIAS]) (C(--link)).
      - Compared exactly, so a container with links the task does not list is recreated
        (community.docker ignores those by default).
    type: list
    elements: str
  network_mode:
    description:
      - Network mode (C(--network)), such as C(bridge), C(host), C(none), C(container:NAME) or a network name.
      - C(container:NAME) is compared by the ID of that container, as for O(pid_mode).
    type: str
  networks:
    description:
      - Networks to connect, each a name or a dict with C(name), C(aliases), C(ipv4_address),
        C(ipv6_address) and C(links). Connected and disconnected in place.
      - The first network is used at creation unless O(network_mode) names one.
    type: list
    elements: raw
  purge_networks:
    description: Disconnect from networks not listed in O(networks), the default bridge included.
    type: bool
    default: false
  restart_policy:
    description: Restart policy (C(--restart)); updated in place.
    type: str
    choices: ['no', always, on-failure, unless-stopped]
  restart_retries:
    description: Maximum restarts with O(restart_policy=on-failure).
    type: int
  log_driver:
    description: Logging driver (C(--log-driver)), such as C(json-file) or C(local).
    type: str
  log_options:
    description:
      - Logging driver options (C(--log-opt)).
      - Compared exactly, so a container with options the task does not list is recreated
        (community.docker ignores those by default).
    type: dict
    aliases: [log_opt]
seealso:
  - module: dockyard.docker.container_info
  - module: dockyard.docker.container_exec
  - module: dockyard.docker.container_logs
  - module: dockyard.docker.containers
'''

EXAMPLES = r'''
- name: Run a command once and read its output (docker run ubuntu echo "hello world")
  dockyard.docker.container:
    name: hello
    image: ubuntu
    command: echo "hello world"
    detach: false
    cleanup: true
  register: hello

- name: An interactive shell kept running in the background (docker run -itd --name=box ubuntu /bin/bash)
  dockyard.docker.container:
    name: box
    image: ubuntu
    command: /bin/bash
    interactive: true
    tty: true

- name: Start a stopped container again (docker start box)
  dockyard.docker.container:
    name: box
    state: started

- name: Stop it gracefully (docker stop box)
  dockyard.docker.container:
    name: box
    state: stopped
    stop_timeout: 20

- name: Stop it at once (docker kill box)
  dockyard.docker.container:
    name: box
    state: stopped
    force_kill: true

- name: Restart it (docker restart box)
  dockyard.docker.container:
    name: box
    state: restarted

- name: Remove it, stopping it first if it runs (docker rm -f box)
  dockyard.docker.container:
    name: box
    state: absent

- name: The four -p forms of the seed, plus a range and UDP
  dockyard.docker.container:
    name: web
    image: nginx:1.25
    published_ports:
      - "80"              # docker run -p 80
      - "8080:80"         # docker run -p 8080:80
      - "0.0.0.0:81"      # docker run -p 0.0.0.0:81 (IP and container port)
      - "0.0.0.0:8443:443"  # docker run -p 0.0.0.0:8443:443
      - "9000-9002:9000-9002"
      - "5353:53/udp"

- name: Publish all exposed ports to random host ports (docker run -P)
  dockyard.docker.container:
    name: web2
    image: nginx:1.25
    publish_all_ports: true

- name: A data volume, a bind mount and a volume container (-v and --volumes-from)
  dockyard.docker.container:
    name: app
    image: debian:bookworm
    command: sleep infinity
    volumes:
      - app-data:/data
      - ~/container_data:/srv/data:ro
    volumes_from:
      - datastore
    env:
      APP_MODE: production
    restart_policy: unless-stopped
    memory: 256m
    cpus: 0.5

- name: Link to a database on the default bridge (docker run --link db:db)
  dockyard.docker.container:
    name: webapp
    image: myapp:1.0
    links:
      - db:db

- name: Join user-defined networks with an alias and a fixed address
  dockyard.docker.container:
    name: api
    image: myapp:1.0
    networks:
      - name: backend
        aliases: [api.internal]
        ipv4_address: 172.30.0.10
      - frontend
    purge_networks: true
'''

RETURN = r'''
container:
  description: The container's inspect data after the task (C(docker inspect)); empty when absent.
  returned: always
  type: dict
  sample: {"Id": "e0b8...", "Name": "/web", "State": {"Running": true}}
actions:
  description: What was done, or would be done in check mode, in order.
  returned: always
  type: list
  elements: str
  sample: ["create container web from nginx:1.25", "start container web"]
rc:
  description: Exit code of a one-shot run (O(detach=false)).
  returned: when O(detach=false) and not in check mode
  type: int
  sample: 0
output:
  description: Output lines of a one-shot run, stdout and stderr in the order they were written.
  returned: when O(detach=false) and not in check mode
  type: list
  elements: str
  sample: ["hello world"]
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.dockyard.docker.plugins.module_utils.container import (
    container_argument_spec,
    run_container,
)
from ansible_collections.dockyard.docker.plugins.module_utils.state import (
    connect,
    connection_argument_spec,
    run_task,
)


def main():
    module = AnsibleModule(argument_spec=connection_argument_spec(container_argument_spec()),
                           supports_check_mode=True)
    run_task(module, lambda: run_container(module, connect, module.check_mode))


if __name__ == '__main__':
    main()
