#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

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
  - List and dict options are compared exactly by default, a declarative choice that differs from community.docker's
    defaults. A container with more entries than the task lists (another environment variable, label,
    published port, capability, ...) is recreated, where community.docker by default ignores entries present
    on the container but not in the task. O(comparisons) chooses per option (V(allow_more_present) gives
    community.docker's behaviour).
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
  - dockyard.docker.docker.sdk_credentials
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
      - V(healthy) is V(started), then waits up to O(healthy_wait_timeout) seconds until the health check
        (O(healthcheck) or the image's C(HEALTHCHECK)) reports healthy, and fails with the last check's output when
        it reports unhealthy or time runs out. Waiting is no change. Check mode predicts the start and does not wait.
      - V(absent) stops a running container first and removes it (C(docker rm -f)); named volumes are kept.
        Unlike C(docker rm) without C(-f), a running container does not make the task fail.
    type: str
    default: started
    choices: [present, started, stopped, restarted, healthy, absent]
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
      - V(true) and V(false) are community.docker's older forms of V(always) and V(missing).
      - A pull that brings back a tag the host no longer has, or moves it to another image, is a change even when the
        container is not recreated, as with M(dockyard.docker.image) (its own C(pull image ...) step in RV(actions),
        and in diff mode C(image_id) before and after the pull, the ID the name had being V(null) when it had none).
        Check mode predicts it, with a placeholder for an ID it cannot know without pulling. A pull that brings the
        image the name already has changes nothing.
    type: raw
    default: missing
    choices: [missing, always, never, true, false]
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
      - A list stays the list given, item for item (community.docker's C(command_handling=correct)); a string is
        split like a shell line.
    type: raw
  entrypoint:
    description:
      - Entrypoint (C(--entrypoint)), as a string or a list (kept item for item, like O(command)).
      - Setting it drops the image's CMD unless O(command) is set.
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
    description: Domain name of the container (C(--domainname)).
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
        C(timeout), C(start_period), C(start_interval) (durations such as C(30s); C(start_interval) needs API 1.44),
        C(retries), or C(disable=true) (C(--health-cmd), C(--health-interval), ..., C(--no-healthcheck)).
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
    description: Memory limit such as C(512m) or C(1g) (binary units) (C(--memory)); updated in place.
    type: str
  memory_reservation:
    description: Soft memory limit, same syntax as O(memory) (C(--memory-reservation)); updated in place.
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
      - Extra C(/etc/hosts) entries, a dict of host names to addresses (C(--add-host)); O(etc_hosts) is
        community.docker's name.
      - Compared exactly, so a container with host entries the task does not list is recreated
        (community.docker ignores those by default).
    type: dict
    aliases: [etc_hosts]
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
    description: Size of C(/dev/shm), such as C(64m) (C(--shm-size)).
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
    aliases: [expose, exposed]
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
      - Networks to connect (C(--network), C(--network-alias), C(--ip), C(--ip6), C(--link)), each a name or a dict
        with C(name), C(aliases), C(ipv4_address), C(ipv6_address), C(links) and C(mac_address). Connected and
        disconnected in place.
      - The first network is used at creation unless O(network_mode) names one.
      - A name that several networks share (Docker before 25 allows it) means the oldest of them, as
        M(dockyard.docker.network) decides (it merges them); a container on a younger one is moved to it.
    type: list
    elements: raw
  purge_networks:
    description:
      - Disconnect from networks not listed in O(networks), the default bridge included (C(docker network disconnect)).
      - The same as C(networks=strict) in O(comparisons), community.docker's form since it dropped this option.
    type: bool
    default: false
  restart_policy:
    description: Restart policy (C(--restart)); updated in place.
    type: str
    choices: ['no', always, on-failure, unless-stopped]
  restart_retries:
    description: Maximum restarts with O(restart_policy=on-failure) (C(--restart on-failure:N)); V(0) (no limit) is
      taken beside any policy, as the engine takes it.
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
  comparisons:
    description:
      - How the container's options are compared with the task's to decide whether it is updated or recreated,
        with community.docker's meaning. A dict of option names to V(strict), V(ignore) or V(allow_more_present).
      - V(strict) compares for equality; V(ignore) never reports a difference; V(allow_more_present) (list, set and
        dict options only) lets the container hold entries the task does not list (for a dict, keys it does not
        set; values of the keys it sets must match).
      - The key C(*) sets V(strict) or V(ignore) for every option not named otherwise. The key C(image) controls
        whether a new image ID (or a different image name, see O(image_name_mismatch)) recreates the container.
      - The key C(networks) with V(strict) disconnects networks not listed in O(networks) (like O(purge_networks));
        V(ignore) leaves the networks alone; the default is V(allow_more_present).
      - "Defaults: V(strict) for every option except O(stop_timeout) (V(ignore)), O(healthcheck) and O(networks)
        (V(allow_more_present)). This differs from community.docker, whose defaults for set and dict options are
        V(allow_more_present); set them here to get its behaviour."
    type: dict
  image_comparison:
    description:
      - Which image's defaults (ENV, labels, EXPOSE, VOLUME, CMD) are merged before comparing O(env), O(labels),
        O(exposed_ports), O(volumes) and O(command).
      - V(desired-image) uses O(image); V(current-image) the image the container runs (useful with
        C(image=ignore) in O(comparisons)).
    type: str
    default: desired-image
    choices: [desired-image, current-image]
  image_name_mismatch:
    description:
      - What to do when the container runs the right image ID, but was created under another image name
        (C(Config.Image)) than O(image).
      - V(recreate) recreates it (community.docker's default since 4.0.0); V(ignore) keeps it.
      - Has no effect with C(image=ignore) in O(comparisons).
    type: str
    default: recreate
    choices: [recreate, ignore]
  image_label_mismatch:
    description:
      - V(fail) fails the task when the image has labels that O(labels) does not set and O(labels) is compared
        V(strict) (the default); V(ignore) merges the image's labels in. A task without O(labels) compares no
        labels, so there is nothing to fail on.
    type: str
    default: ignore
    choices: [ignore, fail]
  healthy_wait_timeout:
    description:
      - With O(state=healthy), how many seconds to wait for the health check to report healthy; V(0) or less waits
        without limit.
    type: float
    default: 300
  restart:
    description:
      - Restart a running container that needs no other change (C(docker restart)); like O(state=restarted), it
        reports a change every time.
    type: bool
    default: false
  env_file:
    description:
      - Path to a file on the managed node with C(NAME=value) lines (C(--env-file)); C(#) lines are comments, a line
        with only a name sets it empty. O(env) wins over the file.
    type: path
  default_host_ip:
    description:
      - Host address for O(published_ports) entries that give none (the daemon's C(--ip), per container),
        an IPv4 or IPv6 address; V("") leaves them on every address.
    type: str
  mounts:
    description:
      - Mounts (C(--mount)), each a dict with C(type) (V(bind), V(volume) (default) or V(tmpfs)), C(target), C(source)
        (host path, volume name; none for an anonymous volume or tmpfs), C(read_only), C(consistency),
        C(propagation) (bind), C(no_copy), C(labels), C(volume_driver), C(volume_options) (volume), C(tmpfs_size) and
        C(tmpfs_mode) (octal string such as V('1777'); tmpfs).
      - Compared as a set of mounts, exactly (a changed mount recreates the container).
    type: list
    elements: dict
  volume_driver:
    description: Volume driver for the container's named and anonymous volumes (C(--volume-driver)).
    type: str
  ulimits:
    description: Resource limits (C(--ulimit)) as C(NAME:SOFT[:HARD]) or C(NAME=SOFT[:HARD]), such as C(nofile:1024:2048).
    type: list
    elements: str
  device_requests:
    description:
      - Device requests such as GPUs (the general form of C(--gpus)), each a dict with C(driver), C(count) (V(-1) for
        all), C(device_ids), C(capabilities) (a list of lists, such as V([[gpu]])) and C(options).
      - Refused on Podman, whose Docker API discards device requests (give GPUs there as CDI devices in O(devices)).
    type: list
    elements: dict
  gpus:
    description:
      - GPUs to add (C(--gpus)), V(all), a count, or C(device=ID[,ID]); added to O(device_requests) with the
        capability C(gpu).
    type: str
  device_read_bps:
    description: Read rate limits per block device (C(--device-read-bps)), each C(path) and C(rate) (a size such as V(1m)).
    type: list
    elements: dict
  device_write_bps:
    description: Write rate limits per block device (C(--device-write-bps)), each C(path) and C(rate) (a size).
    type: list
    elements: dict
  device_read_iops:
    description: Read limits in IO operations per second per block device (C(--device-read-iops)), each C(path) and C(rate).
    type: list
    elements: dict
  device_write_iops:
    description: Write limits in IO operations per second per block device (C(--device-write-iops)), each C(path) and C(rate).
    type: list
    elements: dict
  device_cgroup_rules:
    description: Rules for the devices cgroup (C(--device-cgroup-rule)), such as V(c 1:3 rmw).
    type: list
    elements: str
  blkio_weight:
    description:
      - Relative block IO weight from 10 to 1000 (C(--blkio-weight)); updated in place.
      - A kernel without blkio weight support (cgroup v1 without the CFQ scheduler, as on kernels from 5.0 on) makes the
        daemon discard the weight; Docker warns C(Weight discarded), Podman does not. The container then reads back 0,
        which no kept weight does, so a weight that reads back 0 counts as discarded, not as a difference to update
        in place on every run; the task warns instead. The daemon's warnings of a create or update are the task's
        warnings too.
      - So where the kernel does support it, a container created without O(blkio_weight) is not given one in place
        when the option is added later; use O(recreate=true) once.
    type: int
  cpu_period:
    description: CPU CFS period in microseconds (C(--cpu-period)); updated in place.
    type: int
  cpu_quota:
    description: CPU CFS quota in microseconds per period (C(--cpu-quota)); updated in place.
    type: int
  cpuset_cpus:
    description: CPUs the container may use, such as V(0-2) or V(0,1) (C(--cpuset-cpus)); updated in place.
    type: str
  cpuset_mems:
    description: Memory nodes the container may use (C(--cpuset-mems)); updated in place.
    type: str
  memory_swap:
    description:
      - Memory plus swap limit, a size or V(-1) (or V(unlimited)) for unlimited swap (C(--memory-swap)); updated in place.
      - Without it, a change of O(memory) in place sets it to twice O(memory), as the daemon does at creation.
    type: str
  memory_swappiness:
    description: How readily the kernel swaps the container's pages, 0 to 100 (C(--memory-swappiness)).
    type: int
  kernel_memory:
    description:
      - Kernel memory limit (C(--kernel-memory)). The Engine dropped it (API 1.42 and later ignore it, as do cgroup v2
        and Linux 6.x); the task fails on such a daemon with a message saying so, rather than report a limit that
        is not applied.
    type: str
  oom_killer:
    description: V(true) disables the OOM killer for the container (C(--oom-kill-disable)), as in community.docker.
    type: bool
  oom_score_adj:
    description: OOM score adjustment from -1000 to 1000 (C(--oom-score-adj)).
    type: int
  pids_limit:
    description: Maximum number of processes, V(-1) for unlimited (C(--pids-limit)); updated in place.
    type: int
  cgroup_parent:
    description: Parent cgroup of the container (C(--cgroup-parent)).
    type: str
  dns_opts:
    description: DNS resolver options (C(--dns-option)), such as V(ndots:2).
    type: list
    elements: str
  dns_search_domains:
    description: DNS search domains (C(--dns-search)).
    type: list
    elements: str
  groups:
    description: Additional groups, names or IDs, the process runs with (C(--group-add)).
    type: list
    elements: str
  mac_address:
    description:
      - MAC address of the container (C(--mac-address)), such as V(92:d0:c6:0a:29:33).
      - Before API 1.44 it is the container's; from 1.44 on it is set on the endpoint of the network the container
        is created on (O(network_mode) or the first of O(networks); on Podman without O(networks), its default
        network C(podman)). Per network, use C(mac_address) in O(networks).
    type: str
  runtime:
    description: OCI runtime (C(--runtime)), such as V(runc) or V(crun).
    type: str
  storage_opts:
    description: Storage driver options (C(--storage-opt)), such as C(size=10G) (overlay2 on xfs with pquota only).
    type: dict
  userns_mode:
    description: User namespace mode (C(--userns)), such as V(host).
    type: str
  uts:
    description: UTS namespace mode (C(--uts)), such as V(host).
    type: str
  paused:
    description:
      - V(true) pauses the running container's processes (C(docker pause)), V(false) resumes them (C(docker unpause)).
        A state of the running container, applied after it starts; leave it out to keep whatever it is.
    type: bool
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

from ansible_collections.dockyard.docker.plugins.module_utils.container.driver import (
    container_argument_spec,
    run_container,
)
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import (
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
