#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: service
short_description: Create, update, scale and remove a Docker swarm service
author:
  - Dockyard maintainers (@dockyard)
version_added: 0.1.0
description:
  - Converges one swarm service (C(docker service create), C(update), C(scale), C(rm)). Runs against a manager.
  - Only options the task sets are compared, so the daemon's defaults never cause a change. A difference is
    applied with C(docker service update) (a rolling update shaped by O(update_config)); only a change of
    O(mode) recreates the service, since Docker cannot change it in place.
  - With O(wait) the task returns once every wanted task runs the new spec (and is healthy, where a health check
    is defined) and the rollout completed, including the O(update_config.monitor) period of its last batch. It
    fails after O(wait_timeout) with the last task error. A service created by the task that never converges is
    removed again.
  - An update the swarm ends in C(paused), C(rollback_started) or C(rollback_completed) fails the task, naming the
    failed tasks, their errors and their nodes; after a rollback the service runs its previous spec again.
  - Configs and secrets given with C(data) are created by the module and replaced (then removed) when the content
    changes, since Docker cannot change them. A config is named C(NAME-HASH) after its content (which Docker shows
    anyway). A secret is named C(NAME_vN) and labelled with the salted digest of M(dockyard.docker.secret); the
    version whose digest matches the data is used, else C(NAME_v<N+1>) is created, so neither its name nor its
    labels let anyone try values against it. A secret of the C(NAME-HASH) form made by earlier releases is replaced
    by C(NAME_v1) once.
  - The default endpoint mode V(vip) needs IPVS in the kernel of every node; where it is missing the service
    name resolves but does not answer. Use O(endpoint_mode=dnsrr) there.
extends_documentation_fragment:
  - dockyard.docker.docker
  - dockyard.docker.docker.attributes
options:
  name:
    description: Name of the service (C(--name)).
    type: str
    required: true
  state:
    description:
      - V(present) makes sure the service exists with these settings.
      - V(absent) removes it (C(docker service rm)), waits until its containers are gone (with O(wait)) and
        removes the configs and secrets the module created for it.
    type: str
    default: present
    choices: [present, absent]
  image:
    description: Image of the tasks; required to create the service. Nodes must have it or be able to pull it.
    type: str
  command:
    description: Command of the tasks (the CMD, C(docker service create IMAGE COMMAND)), a string split like a shell line or a list.
    type: raw
  entrypoint:
    description: Entrypoint of the tasks, replacing the image's (C(--entrypoint)), a string split like a shell line or a list.
    type: raw
  mode:
    description:
      - V(replicated) runs O(replicas) tasks; V(global) runs one task on every node that placement allows (C(--mode)).
      - V(replicated-job) runs O(total_completions) tasks to completion, O(max_concurrent) at a time; V(global-job)
        runs one task to completion on every node that placement allows. With O(wait) the task returns once the
        job's current run completed; a change of the spec runs the job again.
      - Changing the mode of an existing service recreates it. New services are replicated.
    type: str
    choices: [replicated, global, replicated-job, global-job]
  replicas:
    description: Number of tasks of a replicated service (C(--replicas), C(docker service scale)); a new service has 1.
    type: int
  max_concurrent:
    description: Tasks of a V(replicated-job) that run at once (C(--max-concurrent)); the daemon's default is 1.
    type: int
  total_completions:
    description: Tasks of a V(replicated-job) that must complete (C(--replicas) of a job); the daemon's default is O(max_concurrent).
    type: int
  healthcheck:
    description:
      - Health check of the task containers (C(--health-*)). The swarm reports a task running only once it is healthy,
        and an unhealthy task fails, which fails (or rolls back) an update.
    type: dict
    suboptions:
      test:
        description: A shell command line (C(CMD-SHELL)), or a list starting with C(CMD), C(CMD-SHELL) or C(NONE).
        type: raw
      interval:
        description: Time between checks, a duration such as C(10s).
        type: str
      timeout:
        description: Time a check may take, a duration.
        type: str
      retries:
        description: Failed checks in a row that make the container unhealthy.
        type: int
      start_period:
        description: Time after start during which failures do not count, a duration.
        type: str
      disable:
        description: Turn off the image's health check.
        type: bool
        default: false
  placement:
    description: Where tasks may run.
    type: dict
    suboptions:
      constraints:
        description: Constraints such as C(node.role==worker) or C(node.labels.zone==a) (C(--constraint)).
        type: list
        elements: str
      preferences:
        description: Spread preferences such as C(spread=node.labels.zone) (C(--placement-pref)).
        type: list
        elements: str
      max_replicas:
        description: Maximum tasks per node (C(--replicas-max-per-node)); 0 is no limit.
        type: int
  networks:
    description:
      - Swarm-scoped (overlay) networks to attach, each a name or a dict with C(name) and C(aliases) (C(--network)).
      - Other tasks on the network reach the service by its name and by the aliases.
      - A name that several networks share (Docker before 25 allows it) means the oldest swarm-scoped one, as
        M(dockyard.docker.network) decides.
    type: list
    elements: raw
  endpoint_mode:
    description:
      - V(vip) gives the service a virtual IP balanced by IPVS; V(dnsrr) makes its name resolve to the task addresses
        (C(--endpoint-mode)).
      - V(vip) needs the IPVS kernel module on every node.
    type: str
    choices: [vip, dnsrr]
  published_ports:
    description:
      - Ports to publish (C(--publish)), as C(PUBLISHED:TARGET[/PROTOCOL]), C(TARGET[/PROTOCOL]) or a dict with
        C(target_port), C(published_port), C(protocol) (C(tcp), C(udp), C(sctp)) and C(mode).
      - Ranges paired one to one (C(8000-8001:80-81)) publish one port each. A swarm publishes on every address of its
        nodes, one port per target (no host address, no host port range); a published port of C(0) or none is any free port.
      - Mode C(ingress) (the default; the routing mesh, needs IPVS) or C(host) (on the node that runs the task).
        With O(endpoint_mode=dnsrr) only C(host) is possible.
    type: list
    elements: raw
  env:
    description: Environment variables of the tasks (C(--env)), a dict; compared exactly when given.
    type: dict
  labels:
    description: Labels of the service (C(--label)); compared exactly when given.
    type: dict
  container_labels:
    description: Labels of the task containers (C(--container-label)).
    type: dict
  hostname:
    description: Host name inside the task containers (C(--hostname)); Go templates such as C(web-{{.Task.Slot}}) are allowed.
    type: str
  stop_grace_period:
    description: Time a task's container gets to stop before it is killed (C(--stop-grace-period)), a duration such as C(10s).
    type: str
  user:
    description: User the tasks run as (C(--user)).
    type: str
  workdir:
    description: Working directory of the tasks (C(--workdir)).
    type: str
  mounts:
    description: Mounts of the tasks (C(--mount)); compared as a whole when given.
    type: list
    elements: dict
    suboptions:
      target:
        description: Path in the container.
        type: str
        required: true
      source:
        description: Volume name (type V(volume)) or absolute host path (type V(bind)); none for V(tmpfs).
        type: str
      type:
        description: Kind of mount.
        type: str
        default: volume
        choices: [volume, bind, tmpfs]
      readonly:
        description: Mount read-only.
        type: bool
        default: false
  update_config:
    description: How updates roll out (C(--update-*)).
    type: dict
    suboptions:
      parallelism:
        description: Tasks updated at once; 0 updates all at once.
        type: int
      delay:
        description: Pause between batches, a duration such as C(10s).
        type: str
      failure_action:
        description: What to do when an updated task fails.
        type: str
        choices: [continue, pause, rollback]
      monitor:
        description: How long to watch each updated task for failure, a duration.
        type: str
      max_failure_ratio:
        description: Fraction of tasks that may fail during an update, from 0 to 1.
        type: float
      order:
        description: Stop the old task before starting the new one, or the other way round.
        type: str
        choices: [stop-first, start-first]
  rollback_config:
    description: How a rollback rolls out (C(--rollback-*)); same keys as O(update_config).
    type: dict
    suboptions:
      parallelism:
        description: Tasks rolled back at once; 0 is all at once.
        type: int
      delay:
        description: Pause between batches, a duration such as C(10s).
        type: str
      failure_action:
        description: What to do when a rolled-back task fails.
        type: str
        choices: [continue, pause]
      monitor:
        description: How long to watch each task for failure, a duration.
        type: str
      max_failure_ratio:
        description: Fraction of tasks that may fail during a rollback, from 0 to 1.
        type: float
      order:
        description: Stop the old task before starting the new one, or the other way round.
        type: str
        choices: [stop-first, start-first]
  restart_policy:
    description: When the swarm restarts a task's container (C(--restart-*)).
    type: dict
    suboptions:
      condition:
        description: Restart never, on failure, or always.
        type: str
        choices: [none, on-failure, any]
      delay:
        description: Wait between restarts, a duration such as C(5s).
        type: str
      max_attempts:
        description: Restarts before giving up; 0 is no limit.
        type: int
      window:
        description: Time window in which restarts are counted, a duration.
        type: str
  limits:
    description: Resource limits of each task (C(--limit-cpu), C(--limit-memory)).
    type: dict
    suboptions:
      cpus:
        description: CPUs, such as C(0.5).
        type: float
      memory:
        description: Memory such as C(256m) (binary units).
        type: str
  reservations:
    description: Resources reserved for each task when it is scheduled (C(--reserve-cpu), C(--reserve-memory)).
    type: dict
    suboptions:
      cpus:
        description: CPUs, such as C(0.25).
        type: float
      memory:
        description: Memory such as C(128m) (binary units).
        type: str
  configs:
    description:
      - Configs mounted as files (C(--config)); compared as a whole when given.
      - With C(data) the module creates the config; without it the config C(name) must exist.
    type: list
    elements: dict
    suboptions:
      name:
        description: Name of the config (the prefix of C(NAME-HASH) when C(data) is given).
        type: str
        required: true
      data:
        description: Content of the config.
        type: str
      filename:
        description: Path in the container; a relative one is under C(/); defaults to C(name).
        type: str
      uid:
        description: Owner of the file.
        type: str
        default: '0'
      gid:
        description: Group of the file.
        type: str
        default: '0'
      mode:
        description: Permissions of the file as a number, such as C(0o440); the default 292 is C(0o444).
        type: int
        default: 292
  secrets:
    description:
      - Secrets mounted as files under C(/run/secrets) (C(--secret)); compared as a whole when given.
      - With C(data) (never logged) the module creates the secret; without it the secret C(name) must exist.
    type: list
    elements: dict
    suboptions:
      name:
        description:
          - Name of the secret; with C(data), the base of its C(NAME_vN) versions, and each secret with data needs a
            name of its own.
        type: str
        required: true
      data:
        description: Content of the secret.
        type: str
      filename:
        description: File name under C(/run/secrets), or an absolute path; defaults to C(name).
        type: str
      uid:
        description: Owner of the file.
        type: str
        default: '0'
      gid:
        description: Group of the file.
        type: str
        default: '0'
      mode:
        description: Permissions of the file as a number, such as C(0o400); the default 292 is C(0o444).
        type: int
        default: 292
  force_update:
    description: Restart every task even when nothing changed (C(docker service update --force)); reports a change every time.
    type: bool
    default: false
  wait:
    description: Wait until the service converged (or is gone, for O(state=absent)).
    type: bool
    default: true
  wait_timeout:
    description: Seconds to wait with O(wait).
    type: int
    default: 120
seealso:
  - module: dockyard.docker.service_info
  - module: dockyard.docker.swarm
  - module: dockyard.docker.node
  - module: dockyard.docker.network
'''

EXAMPLES = r'''
- name: An overlay network other containers may join (docker network create -d overlay --attachable)
  dockyard.docker.network:
    name: backend
    driver: overlay
    attachable: true

- name: Three replicas spread one per node, reachable by name on the overlay (docker service create)
  dockyard.docker.service:
    name: web
    image: nginx:1.25
    replicas: 3
    endpoint_mode: dnsrr
    networks:
      - name: backend
        aliases: [www]
    placement:
      max_replicas: 1
      preferences: [spread=node.labels.zone]
      constraints: [node.platform.os==linux]
    env:
      APP_MODE: production
    labels:
      app: web
    restart_policy:
      condition: on-failure
      max_attempts: 3
    limits:
      cpus: 0.5
      memory: 256m
    reservations:
      memory: 64m
  register: web

- name: Scale it (docker service scale web=5)
  dockyard.docker.service:
    name: web
    replicas: 5

- name: Roll out a new image two tasks at a time, rolling back on failure (docker service update --image)
  dockyard.docker.service:
    name: web
    image: nginx:1.26
    update_config:
      parallelism: 2
      delay: 10s
      failure_action: rollback
      order: start-first
    rollback_config:
      parallelism: 0
    wait_timeout: 300

- name: One agent on every node, publishing on the node itself (docker service create --mode global -p mode=host)
  dockyard.docker.service:
    name: node-exporter
    image: prom/node-exporter
    mode: global
    published_ports:
      - target_port: 9100
        published_port: 9100
        mode: host

- name: Configuration and a secret as files; a new content rolls the tasks (--config, --secret)
  dockyard.docker.service:
    name: api
    image: myapp:1.0
    configs:
      - name: api-conf
        filename: /etc/api/api.conf
        data: "{{ lookup('template', 'api.conf.j2') }}"
    secrets:
      - name: db-password
        data: "{{ vault_db_password }}"
        mode: 256  # 0o400
    mounts:
      - source: api-data
        target: /var/lib/api

- name: A one-off job, three completions two at a time (docker service create --mode replicated-job)
  dockyard.docker.service:
    name: migrate
    image: myapp:1.0
    command: [myapp, migrate]
    mode: replicated-job
    max_concurrent: 2
    total_completions: 3
    restart_policy:
      condition: on-failure

- name: Roll out only healthy tasks; an unhealthy one rolls the update back and fails the task
  dockyard.docker.service:
    name: web
    image: nginx:1.27
    healthcheck:
      test: wget -q -O /dev/null http://127.0.0.1/ || exit 1
      interval: 5s
      retries: 3
    update_config:
      failure_action: rollback
      monitor: 15s

- name: Restart every task without a change (docker service update --force web)
  dockyard.docker.service:
    name: web
    force_update: true

- name: Remove the service (docker service rm web)
  dockyard.docker.service:
    name: web
    state: absent
'''

RETURN = r'''
service:
  description: The service's inspect data after the task (C(docker service inspect)); empty when absent.
  returned: always
  type: dict
  sample: {"ID": "rpvk5t9695b0", "Spec": {"Name": "web", "Mode": {"Replicated": {"Replicas": 3}}}}
tasks:
  description: The service's current tasks (desired state running), as C(docker service ps) shows them.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: Task ID.
      type: str
    name:
      description: Name of the task's container, C(SERVICE.SLOT.ID) (C(SERVICE.NODE_ID.ID) in global mode); other containers on its networks resolve it.
      type: str
    slot:
      description: Replica slot (none for global services).
      type: int
    node:
      description: Hostname of the node the task is on.
      type: str
    node_id:
      description: ID of that node.
      type: str
    state:
      description: Current state, such as C(running), C(pending), C(failed).
      type: str
    desired_state:
      description: State the swarm wants, such as C(running) or C(shutdown).
      type: str
    message:
      description: Status message.
      type: str
    error:
      description: Error of a failed task.
      type: str
    timestamp:
      description: Time of the last state change.
      type: str
    container_id:
      description: Container running the task.
      type: str
    image:
      description: Image of the task.
      type: str
    addresses:
      description: The task's addresses (without prefix length) per network name.
      type: dict
  sample: [{"id": "f3u9v68nmgci", "slot": 1, "node": "worker1", "state": "running", "addresses": {"backend": ["10.0.1.3"]}}]
actions:
  description: What was done, or would be done in check mode, in order.
  returned: always
  type: list
  elements: str
  sample: ["create service web", "wait until service web converged"]
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.dockyard.docker.plugins.module_utils.swarm.service import run_service
from ansible_collections.dockyard.docker.plugins.module_utils.swarm.service_spec import service_argument_spec
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import (
    connect,
    connection_argument_spec,
    run_task,
)


def main():
    module = AnsibleModule(argument_spec=connection_argument_spec(service_argument_spec()),
                           supports_check_mode=True)
    run_task(module, lambda: run_service(module, connect, module.check_mode))


if __name__ == '__main__':
    main()
