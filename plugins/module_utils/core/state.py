# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The state engine every module runs through.

    arguments -> validated spec -> read actual -> plan actions + diff -> apply -> result

The engine owns check mode, diff mode, error wrapping and undoing what a failed task
created, so no module re-implements them. The driver contract:

- A spec class validates the module's arguments without touching the daemon (SpecError
  names the option, the value and what is accepted). It is built before the client.
- A driver is made as Driver(client, spec) and has three methods, called in this order by
  run_driver(module, driver, check_mode):
    read()                 read the actual state; no changes. TaskFailed for what stops the task.
    plan(check_mode=False) a Plan: the Actions a real run would take, in order, each with an
                           undo when it creates something, and before / after for diff mode.
                           Planning changes nothing; check_mode says whether it may look
                           further by acting (pulling a base image, say) or must predict.
    result(check_mode)     the module's own result keys, read after the plan was applied
                           (check mode: what the task saw).
- An action's run() returns False when it found nothing to change after all (a forced pull
  that brought the same image): it is left out of `actions`, and a run in which every action
  did so reports changed: false. Any other return value counts as a change.
- converge() reports changed and actions (in check mode: the plan's; in a real run: the
  actions that changed something) and the diff; the driver never sets them itself.
"""

import time
import traceback

from ansible_collections.dockyard.docker.plugins.module_utils.api.client import DockerConnectionError, DockerError
from ansible_collections.dockyard.docker.plugins.module_utils.api.connection_options import DOCKER_COMMON_ARGS, client_from_params
from ansible_collections.dockyard.docker.plugins.module_utils.core.files import NoSpaceLeft
from ansible_collections.dockyard.docker.plugins.module_utils.api.sdk import SdkMissing
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError


class Action:
    """One step of a plan. description reads as 'create container web'."""

    def __init__(self, name, description, run, undo=None):
        self.name = name
        self.description = description
        self.run = run
        self.undo = undo

    def __repr__(self):
        return 'Action(%r)' % self.description


class Plan:

    def __init__(self, before=None, after=None):
        self.actions = []
        self.before = before
        self.after = after

    def add(self, name, description, run, undo=None):
        self.actions.append(Action(name, description, run, undo))
        return self

    @property
    def changed(self):
        return bool(self.actions)

    def describe(self):
        return [action.description for action in self.actions]


class TaskFailed(Exception):
    """A failure already worded for the user (one line), with extra result keys."""

    def __init__(self, msg, **result):
        super().__init__(msg)
        self.msg = msg
        self.result = result


class NameTaken(TaskFailed):
    """Another client created a resource with the wanted name between our read and our create."""


class LostRace(NameTaken):
    """Another writer changed the resource between our read and our write: the daemon said 409
    Conflict, 404 No such ..., refused a rename to the name the other writer gave it first, or found
    a network name twice while the other writer removes its duplicate.
    Callers read and plan again (run_driver once, the container module like a taken name)."""


def lost_race(exc):
    # 400 'ambiguous': a network name held twice for the moment another writer's create of it is undone.
    return exc.status in (404, 409) or exc.conflict or (exc.status == 400 and any(
        words in (exc.reason or '') for words in ('same name as its current name', 'is ambiguous')))


def connection_argument_spec(spec):
    """The module's own options plus the shared connection options."""
    merged = dict(DOCKER_COMMON_ARGS)
    merged.update(spec)
    return merged


def connect(params):
    """A client for the task (no daemon traffic yet)."""
    return client_from_params(params)


def apply_plan(plan):
    """Run the plan's actions in order and return the descriptions of those that changed
    something (see the module docstring); on failure undo what this task created, then re-raise."""
    done, changed = [], []
    for action in plan.actions:
        try:
            outcome = action.run()
        except DockerError as exc:
            _undo(done)
            if exc.status is not None and lost_race(exc):
                raise LostRace('Failed to %s: %s; another writer changed it at the same time, rerun the task to '
                               'converge it' % (action.description, exc.reason), actions=[a.description for a in done])
            raise daemon_failed(action.description, exc, actions=[a.description for a in done])
        except TaskFailed as exc:
            _undo(done)
            exc.result.setdefault('actions', [a.description for a in done])
            raise
        except NoSpaceLeft as exc:
            _undo(done)
            raise TaskFailed('Failed to %s: %s; nothing was replaced' % (action.description, exc),
                             actions=[a.description for a in done])
        except DockerConnectionError:
            _undo(done)
            raise
        done.append(action)
        if outcome is not False:
            changed.append(action.description)
    return changed


def _undo(done):
    for action in reversed(done):
        if action.undo is None:
            continue
        try:
            action.undo()
        except Exception:  # pylint: disable=broad-except
            # Best effort: the original error is what the user must see.
            pass


def converge(module, plan, result_fn=None):
    """Report (check mode) or apply (normal run) a plan and exit the module."""
    result = {'changed': plan.changed, 'actions': plan.describe()}
    if plan.changed and not module.check_mode:
        done = apply_plan(plan)
        result.update(changed=bool(done), actions=done)
    # Read after applying: a driver may only learn then what its actions did (prune).
    if module._diff and (plan.before is not None or plan.after is not None):
        result['diff'] = {'before': plan.before or {}, 'after': plan.after or {}}
    if result_fn is not None:
        result.update(result_fn())
    module.exit_json(**result)


RACE_ATTEMPTS = 5


def retry_on_race(attempt, attempts=RACE_ATTEMPTS):
    """Call attempt(attempt_number) until it stops losing races to another writer (NameTaken,
    LostRace); a pause first, since the daemon reserves a name before the other container can be
    inspected. The last loss is raised: its message names the other writer."""
    for number in range(1, attempts + 1):
        try:
            return attempt(number)
        except NameTaken:
            if number == attempts:
                raise
            time.sleep(0.2 * number)


def run_driver(module, driver, check_mode, attempts=2):
    """read, plan, then converge with the driver's result: the steps of the contract above. A plan
    that lost a race to another writer is read and planned again (retry_on_race)."""
    def attempt(_number):
        driver.read()
        converge(module, driver.plan(check_mode), lambda: driver.result(check_mode))
    retry_on_race(attempt, attempts)


def run_task(module, task):
    """Call task() and turn every expected failure into one clear fail_json line."""
    try:
        task()
    except SpecError as exc:
        module.fail_json(msg=str(exc))
    except TaskFailed as exc:
        module.fail_json(msg=exc.msg, **exc.result)
    except (DockerConnectionError, NoSpaceLeft, SdkMissing) as exc:
        module.fail_json(msg=str(exc))
    except DockerError as exc:
        # A StreamError has no HTTP status: the daemon said 200, then failed inside the stream.
        status = {} if exc.status is None else {'status': exc.status}
        module.fail_json(msg='Docker daemon error: %s' % exc.reason, **status)
    except Exception as exc:  # pylint: disable=broad-except
        module.fail_json(msg='Unexpected error (%s: %s); please report it with the task that caused it'
                             % (type(exc).__name__, exc), exception=traceback.format_exc())


def daemon_failed(description, exc, **result):
    """The task's failure for a daemon error `exc`, naming what was being done."""
    return TaskFailed('Failed to %s: %s' % (description, exc.reason), **result)


def wrap(description, call, *args, **kwargs):
    """Run one read-side daemon call, naming what was being done if it fails."""
    try:
        return call(*args, **kwargs)
    except DockerError as exc:
        raise daemon_failed(description, exc)
