"""The engine under test, picked by DOCKYARD_TEST_ENGINE (host, docker26, docker28,
docker28-containerd, podman5: see tests/harness/engines.sh, which starts them).

Importing this module points DOCKER_HOST at the engine, so the modules run by `run_module`
and the docker CLI used by the tests both talk to it. What an engine cannot do is written
down once, in LACKS, with the reason; a test asks for a feature with
`@pytest.mark.needs('swarm')` (or `engine.require('swarm')`) and is skipped with that
reason on the engines that lack it. The README's compatibility table lists the same reasons.
"""

import json
import os
import subprocess
import time
import urllib.request

import pytest

from collection_path import REPO_ROOT

ENGINES_SCRIPT = os.path.join(REPO_ROOT, 'tests', 'harness', 'engines.sh')
NAMES = ('host', 'docker26', 'docker28', 'docker28-containerd', 'podman5')

_CONTROLLER_DOCKERD = ("starts and restarts a dockerd on the test machine itself (the engine role's process "
                       "method), which is the host's 20.10 whatever engine is under test; run with the host engine")
_MANAGED_HOST_IS_NOT_DAEMON_HOST = ("the role runs on the test machine and expects the daemon there (it builds from "
                                    "the machine's docker-registry binary and checks the registry over its 127.0.0.1)")
_NO_STATS = ("the engine's dockerd runs in a host container and reads no cgroup statistics there: "
             "GET /containers/{id}/stats (and docker stats) report 0 CPU, 0B memory, 0 PIDs")
_NO_DOCKERD = 'Podman has no dockerd to run a second instance of (these tests stop, restart or reconfigure one)'

# Ours, not understood yet (listed in the README until fixed).
_STACK_OVERLAY_GAP = ('known dockyard gap on the Docker engines in host containers: on their single-node scratch swarm '
                      "the stack's overlay networks give its tasks \"overlay: cannot determine address family of "
                      'transport: the local data-plane address is not currently known\" (the service tests\' overlays '
                      'work there; stacks are proven on the host engine and on three hosts; not yet handled)')
_NO_BLKIO_WEIGHT = ("this machine's kernel has no blkio.weight (CFQ is gone, BFQ offers only blkio.bfq.weight), "
                    "so the engine discards BlkioWeight with a warning")

# feature -> reason, per engine that lacks the feature.
LACKS = {
    'host': {'blkio-weight': _NO_BLKIO_WEIGHT},
    'docker26': {'controller-dockerd': _CONTROLLER_DOCKERD, 'daemon-on-managed-host': _MANAGED_HOST_IS_NOT_DAEMON_HOST,
                 'blkio-weight': _NO_BLKIO_WEIGHT, 'container-stats': _NO_STATS,
                 'gap-stack-overlay': _STACK_OVERLAY_GAP},
    'docker28': {'controller-dockerd': _CONTROLLER_DOCKERD, 'daemon-on-managed-host': _MANAGED_HOST_IS_NOT_DAEMON_HOST,
                 'blkio-weight': _NO_BLKIO_WEIGHT, 'container-stats': _NO_STATS,
                 'gap-stack-overlay': _STACK_OVERLAY_GAP},
    'docker28-containerd': {'controller-dockerd': _CONTROLLER_DOCKERD,
                            'daemon-on-managed-host': _MANAGED_HOST_IS_NOT_DAEMON_HOST, 'blkio-weight': _NO_BLKIO_WEIGHT,
                            'container-stats': _NO_STATS, 'gap-stack-overlay': _STACK_OVERLAY_GAP},
    'podman5': {
        'blkio-weight': _NO_BLKIO_WEIGHT,
        'blkio-devices': 'Podman checks at create that a throttled block device exists, and its host container has none',
        'healthcheck-runs': 'Podman runs health checks from systemd timers, which its host container has none of: '
                            'a health status stays "starting"',
        'device-cgroup-rules-read-back': 'Podman reports no DeviceCgroupRules, so a changed device_cgroup_rules '
                                         'cannot be seen there (the rules are sent at create)',
        'device-requests': 'Podman discards DeviceRequests (it reports none back), so the module refuses '
                           'device_requests and gpus there (test_device_requests_on_a_created_container)',
        'controller-dockerd': _CONTROLLER_DOCKERD,
        'daemon-on-managed-host': _MANAGED_HOST_IS_NOT_DAEMON_HOST,
        'scratch-dockerd': _NO_DOCKERD,
        'swarm': 'Podman has no swarm mode (no swarm, node or service endpoints)',
        'plugins': 'Podman has no managed plugins (no /plugins endpoints); the plugin module fails naming it',
        'links': 'Podman refuses legacy links ("bad parameter: link is not supported")',
        'masked-paths-report': 'Podman does not report HostConfig.MaskedPaths, so systempaths=unconfined cannot '
                               'be read back (the module does not compare it there)',
        'config-only-networks': 'Podman has no config-only networks (ConfigOnly / ConfigFrom)',
        'static-address-report': 'Podman never reports which addresses were asked for (IPAMConfig is null), so a '
                                 'recreated network reconnects its containers with new addresses',
        'build-run': "Podman's builder raises RLIMIT_NOFILE to 1048576 for every RUN step, which needs "
                     "CAP_SYS_RESOURCE; no process on this machine has it (hard limit 20000)",
        'attachable-report': 'Podman does not keep Attachable on a local (non-swarm) network',
        'url-character-names': 'Podman refuses network names outside [a-zA-Z0-9][a-zA-Z0-9_.-]*',
        'history-ids': "Podman's image history gives a step that made no layer (LABEL) the ID of the image below it",
        # Ours, not Podman's: known gaps of this collection on Podman, listed in the README until fixed.
        'gap-podman-push-digest': 'known dockyard gap on Podman: its push recompresses layers, so the digest the '
                                  'registry holds is not in RepoDigests and push/pull checks do not see it '
                                  '(not yet handled)',

        'plain-http-login': "Podman's /auth forces TLS for every registry but localhost:PORT, and the test "
                            "registries are plain HTTP on 127.0.0.1",
        'archive-owner-report': "Podman's archive API (GET /containers/{id}/archive, docker cp out of a container) "
                                "reports every file as owned by the container's user, so a file's owner cannot be "
                                "read back (container_copy_into writes owner_id / group_id there, not compared)",
        'health-checks-run': "Podman runs health checks from systemd timers; its API service here has no systemd, "
                             "so a container's health stays 'starting' and never becomes healthy",
    },
}

# Tests of what happens on the managed host (this machine) whatever the engine: a filling disk,
# a stopped daemon process, two playbooks racing. Run once, with the host engine.
_MANAGED_HOST_ONLY = ("what is tried happens on the managed host (this machine's file system, processes and our code), "
                      "the same whatever the engine: it runs once, with the host engine")
for _engine in ('docker26', 'docker28', 'docker28-containerd', 'podman5'):
    LACKS[_engine]['managed-host-only'] = _MANAGED_HOST_ONLY

# Two networks of one name (issue 32): Docker 25 and later refuse a second network of a taken name
# whatever CheckDuplicate says (the API dropped the field in 1.44), and Podman always did, so the state
# that `network` merges and the other modules resolve (the oldest) can only be made on the host's 20.10.
_ONE_NETWORK_PER_NAME = ('the engine refuses a second network of a taken name (Docker 25 and later ignore '
                         'CheckDuplicate: false, Podman never allowed it), so two networks of one name cannot be '
                         'made there; merging them and resolving a shared name are proven on host (Docker 20.10)')
for _engine in ('docker26', 'docker28', 'docker28-containerd', 'podman5'):
    LACKS[_engine]['duplicate-network-names'] = _ONE_NETWORK_PER_NAME

# The compatibility subset, to keep `make test` under 50 minutes on two cores (the rule the engine-matrix
# issue set: the full suite on 20.10 and on 28.x with the containerd store). docker26 and docker28 run
# every test of the modules whose requests and answers change with the API version or the image
# store; a file marked needs('full-suite') holds no such test of its own (swarm mode, the docker_exec
# connection, the inventory plugins, ssh://, daemon restarts, managed plugins) and runs on the other three engines.
_COMPATIBILITY_SUBSET = ('compatibility subset: swarm mode, the docker_exec connection, the inventory plugins, ssh://, '
                         'daemon restarts and managed plugins are proven on host (API 1.41), docker28-containerd (28.x, API 1.51) '
                         'and podman5; this engine runs the resource modules\' tests')
for _engine in ('docker26', 'docker28'):
    LACKS[_engine]['full-suite'] = _COMPATIBILITY_SUBSET


class Engine:

    def __init__(self, name):
        if name not in NAMES:
            raise pytest.UsageError('DOCKYARD_TEST_ENGINE=%s: use one of %s' % (name, ', '.join(NAMES)))
        self.name = name
        self._info = None

    @property
    def is_host(self):
        return self.name == 'host'

    @property
    def is_podman(self):
        return self.name.startswith('podman')

    @property
    def info(self):
        """`docker info` of the engine, read once."""
        if self._info is None:
            out = subprocess.run(['docker', 'info', '--format', '{{json .}}'], stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, check=False, timeout=60).stdout.decode()
            self._info = json.loads(out) if out.strip().startswith('{') else {}
        return self._info

    @property
    def containerd_image_store(self):
        """True when images live in containerd's store (Docker 29's default), not in graphdriver."""
        return any(value == 'io.containerd.snapshotter.v1' for _key, value in self.info.get('DriverStatus') or [])

    def lacks(self, feature):
        return LACKS.get(self.name, {}).get(feature)

    def require(self, feature):
        reason = self.lacks(feature)
        if reason:
            pytest.skip('%s: %s' % (self.name, reason))

    def exec_argv(self, *argv):
        """argv that runs in the engine's network namespace (its host container), or here for host."""
        if self.is_host:
            return list(argv)
        return ['bash', ENGINES_SCRIPT, 'exec', self.name] + list(argv)

    def run(self, *argv, timeout=120):
        return subprocess.run(self.exec_argv(*argv), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              timeout=timeout, check=False)

    def http_get(self, url, attempts=20):
        """The body of url as the engine's host sees it (published ports answer there), retried briefly."""
        last = None
        for _attempt in range(attempts):
            if self.is_host:
                try:
                    with urllib.request.urlopen(url, timeout=2) as response:
                        return response.read().decode()
                except OSError as exc:
                    last = exc
            else:
                proc = self.run('curl', '-sS', '--fail', '-m', '2', url, timeout=30)
                if proc.returncode == 0:
                    return proc.stdout.decode()
                last = proc.stderr.decode().strip()
            time.sleep(0.5)
        raise AssertionError('%s did not answer on %s: %s' % (url, self.name, last))


def _point_docker_host_at(engine):
    if engine.is_host:
        return
    out = subprocess.run(['bash', ENGINES_SCRIPT, 'env', engine.name], stdout=subprocess.PIPE,
                         check=True).stdout.decode()
    for word in out.split()[1:]:
        key, _sep, value = word.partition('=')
        os.environ[key] = value
    probe = subprocess.run(['docker', 'version', '--format', '{{.Server.Version}}'], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, check=False, timeout=30)
    if probe.returncode != 0:
        raise pytest.UsageError('engine %s does not answer at %s; start it with `make engines ENGINES=%s`'
                                % (engine.name, os.environ.get('DOCKER_HOST'), engine.name))


ENGINE = Engine(os.environ.get('DOCKYARD_TEST_ENGINE', 'host'))
_point_docker_host_at(ENGINE)
