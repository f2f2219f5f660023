# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a container plan does to the daemon: start, stop, kill, restart, remove, pause, run to
completion, wait until healthy. Mixed into container.ContainerDriver (self.client, self.spec)."""

import time

from ansible.module_utils.common.warnings import warn

from ansible_collections.dockyard.docker.plugins.module_utils.api.client import CONTAINER_WAIT_TIMEOUT, DockerError, NoAnswerYet
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import TaskFailed
from ansible_collections.dockyard.docker.plugins.module_utils.api.streams import output_lines

HEALTH_POLL = 0.5
# Seconds a one-shot run's next-exit wait may take to answer once the output has ended (Docker
# answers within milliseconds) before the exit code is asked for again; see _exit_status.
EXIT_REPORT_GRACE = 3
CPU_PERIOD = 100000  # microseconds, the kernel's and the CLI's default


def running_state(actual):
    if actual is None:
        return 'absent'
    status = (actual.get('State') or {})
    return 'started' if status.get('Running') else 'stopped'


def health_status(actual):
    return (((actual or {}).get('State') or {}).get('Health') or {}).get('Status')


def pass_on_warnings(name, answer):
    """The daemon's Warnings of a create or update answer (a discarded block IO weight, say), as task warnings.
    Returns whether there were any."""
    warnings = [text for text in (answer or {}).get('Warnings') or [] if text]
    for text in warnings:
        warn('container %s: the daemon warned: %s' % (name, text))
    return bool(warnings)


class ContainerActions:

    def _start(self, ident):
        self.client.post('/containers/{}/start', ident, ok_statuses=(304,))

    def _stop(self, ident):
        spec = self.spec
        if spec.force_kill:
            try:
                self.client.post('/containers/{}/kill', ident, query={'signal': spec.kill_signal or 'KILL'})
            except DockerError as exc:
                if not exc.conflict:  # already stopped
                    raise
                return
            self._wait_until_stopped(ident)
            return
        timeout = spec.values.get('stop_timeout')
        wait = (timeout if timeout is not None else 10) + self.client.timeout
        self.client.post('/containers/{}/stop', ident, query={'t': timeout}, ok_statuses=(304,), timeout=wait)

    def _wait_until_stopped(self, ident):
        """docker kill only delivers the signal; state: stopped promises a stopped container."""
        timeout = self.spec.values.get('stop_timeout')
        deadline = time.monotonic() + (timeout if timeout is not None else 10)
        while running_state(self.client.inspect('containers', ident)) == 'started':
            if time.monotonic() > deadline:
                raise TaskFailed('container %s still runs after signal %s; give a kill_signal that ends it, '
                                 'or leave kill_signal out for KILL' % (self.spec.name, self.spec.kill_signal))
            time.sleep(0.1)

    def _restart(self, ident):
        timeout = self.spec.values.get('stop_timeout')
        wait = (timeout if timeout is not None else 10) + self.client.timeout
        self.client.post('/containers/{}/restart', ident, query={'t': timeout}, timeout=wait)

    def _remove(self, ident, force=False, volumes=False):
        try:
            self.client.delete('/containers/{}', ident, query={'force': force, 'v': volumes})
        except DockerError as exc:
            if not exc.not_found:
                raise

    def _engine_update(self, body):
        """Podman's update takes the CPU limit as quota and period only (it ignores NanoCpus)."""
        if 'NanoCpus' not in body or not self.client.is_podman():
            return body
        body = dict(body)
        nano_cpus = body.pop('NanoCpus')
        body.update(CpuPeriod=CPU_PERIOD, CpuQuota=nano_cpus * CPU_PERIOD // 10 ** 9)
        return body

    def _pause(self, ident, paused):
        if paused:
            self.client.post('/containers/{}/pause', ident)
        else:
            self.client.post('/containers/{}/unpause', ident)

    def _wait_healthy(self):
        """state: healthy: wait until the health check reports healthy; waiting changes nothing."""
        spec = self.spec
        timeout = spec.healthy_wait_timeout
        deadline = time.monotonic() + timeout if timeout and timeout > 0 else None
        while True:
            actual = self.client.inspect('containers', spec.name) or {}
            health = ((actual.get('State') or {}).get('Health')) or {}
            status = health.get('Status')
            if status == 'healthy':
                return False
            last = (health.get('Log') or [{}])[-1]
            output = (last.get('Output') or '').strip()
            if status is None:
                raise TaskFailed('state: healthy needs a health check; container %s has none (set healthcheck, '
                                 'or use an image with HEALTHCHECK)' % spec.name)
            if status == 'unhealthy' or running_state(actual) != 'started':
                raise TaskFailed('container %s is %s; last health check output: %s'
                                 % (spec.name, status if running_state(actual) == 'started' else 'not running',
                                    output or '(none)'), health=health, container=actual)
            if deadline is not None and time.monotonic() > deadline:
                raise TaskFailed('container %s was not healthy after healthy_wait_timeout %ss (status %s); last '
                                 'health check output: %s' % (spec.name, timeout, status, output or '(none)'),
                                 health=health, container=actual)
            time.sleep(HEALTH_POLL)

    def _run_to_completion(self):
        """Attach to the output and wait for the exit before the start, as docker run does.

        A container with auto_remove is gone when it exits: it leaves no logs to read and no
        state to wait for, and the log driver may keep none anyway.
        """
        spec = self.spec
        sock, received = self.client.hijack('POST', '/containers/{}/attach', spec.name,
                                            query={'stream': True, 'stdout': True, 'stderr': True},
                                            timeout=CONTAINER_WAIT_TIMEOUT)
        try:
            condition = 'removed' if spec.values.get('auto_remove') else 'next-exit'
            exit_status = self.client.send_request('POST', '/containers/{}/wait', spec.name,
                                                   query={'condition': condition},
                                                   timeout=CONTAINER_WAIT_TIMEOUT)
        except Exception:
            sock.close()
            raise
        try:
            self._start(spec.name)
        except Exception:
            sock.close()
            exit_status.close()
            raise
        raw = self.run_raw = self.client.read_hijacked(sock, received)
        status = self._exit_status(exit_status)
        self.run_output = {'rc': (status or {}).get('StatusCode'),
                           'output': output_lines(raw, multiplexed=not spec.values.get('tty'))}
        if spec.cleanup:
            self._remove(spec.name, force=True)

    def _exit_status(self, pending):
        """The answer of the wait registered before the start, read once the output has ended.

        Podman answers the head of a next-exit wait before it subscribes to the exit event, so an exit
        in between is never reported (the run would wait forever): after a grace the exit code is asked
        for again with not-running, which reads it from the container's state. A removed wait (for
        auto_remove) has no such gap: Podman polls for it.
        """
        if self.spec.values.get('auto_remove'):
            return pending.read()
        try:
            return pending.read(within=EXIT_REPORT_GRACE)
        except NoAnswerYet:
            return self.client.post('/containers/{}/wait', self.spec.name, query={'condition': 'not-running'},
                                    timeout=CONTAINER_WAIT_TIMEOUT)
