"""The driver contract of state.py: converge reports what the actions did, check mode what they would do."""

import pytest

from ansible_collections.dockyard.docker.plugins.module_utils.api.client import DockerError
from ansible_collections.dockyard.docker.plugins.module_utils.container.driver import ContainerDriver, ContainerSpec
from ansible_collections.dockyard.docker.plugins.module_utils.container.bulk import ProjectConverger
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import (
    NameTaken, Plan, TaskFailed, converge, lost_race, run_driver)


class Exited(Exception):
    pass


class FakeModule:

    def __init__(self, check_mode=False, diff=False):
        self.check_mode = check_mode
        self._diff = diff
        self.result = None

    def exit_json(self, **result):
        self.result = result
        raise Exited()


def _converge(plan, check_mode=False, diff=False, result_fn=None):
    module = FakeModule(check_mode, diff)
    with pytest.raises(Exited):
        converge(module, plan, result_fn)
    return module.result


def test_an_action_returning_false_changed_nothing():
    ran = []

    def pull_same_image():
        ran.append('pull')
        return False
    plan = Plan().add('pull', 'pull image a', pull_same_image)
    plan.add('tag', 'tag a as b', lambda: ran.append('tag'))
    assert _converge(plan) == {'changed': True, 'actions': ['tag a as b']}
    assert ran == ['pull', 'tag']
    only_false = Plan().add('pull', 'pull image a', lambda: False)
    assert _converge(only_false) == {'changed': False, 'actions': []}


def test_check_mode_reports_the_plan_and_runs_nothing():
    plan = Plan({'state': 'absent'}, {'state': 'present'}).add('create', 'create x', lambda: pytest.fail('ran'))
    assert _converge(plan, check_mode=True, diff=True) == {
        'changed': True, 'actions': ['create x'], 'diff': {'before': {'state': 'absent'}, 'after': {'state': 'present'}}}


def test_the_diff_is_read_after_the_actions_ran():
    before = {'volumes': []}
    plan = Plan(before, {'volumes': []}).add('prune', 'prune volumes', lambda: before.update(volumes=['v1']))
    assert _converge(plan, diff=True)['diff'] == {'before': {'volumes': ['v1']}, 'after': {'volumes': []}}


def test_a_failed_action_undoes_what_was_done_and_names_itself():
    undone = []
    plan = Plan().add('create', 'create x', lambda: None, lambda: undone.append('x'))

    def fail():
        raise DockerError(500, 'no space left')
    plan.add('start', 'start x', fail)
    with pytest.raises(TaskFailed) as failure:
        _converge(plan)
    assert failure.value.msg == 'Failed to start x: no space left' and failure.value.result == {'actions': ['create x']}
    assert undone == ['x']


def test_run_driver_reads_plans_and_reports_in_that_order():
    calls = []

    class Driver:
        def read(self):
            calls.append('read')

        def plan(self, check_mode=False):
            calls.append(('plan', check_mode))
            return Plan().add('update', 'update x', lambda: calls.append('run'))

        def result(self, check_mode):
            calls.append(('result', check_mode))
            return {'x': {}}

    module = FakeModule()
    with pytest.raises(Exited):
        run_driver(module, Driver(), False)
    assert calls == ['read', ('plan', False), 'run', ('result', False)]
    assert module.result == {'changed': True, 'actions': ['update x'], 'x': {}}


class RacingDriver:
    """A driver whose create loses to another writer `losses` times (the daemon's 409 on the name)."""

    def __init__(self, losses):
        self.losses = losses
        self.calls = []

    def read(self):
        self.calls.append('read')

    def plan(self, check_mode=False):
        self.calls.append('plan')
        return Plan().add('create', 'create container x', self._create)

    def _create(self):
        if self.losses:
            self.losses -= 1
            raise NameTaken('Failed to create container x: the name was taken meanwhile by another writer')
        self.calls.append('created')

    def result(self, check_mode):
        return {}


def test_a_create_that_lost_the_name_is_read_and_planned_again(monkeypatch):
    monkeypatch.setattr('time.sleep', lambda seconds: None)
    driver = RacingDriver(losses=2)
    module = FakeModule()
    with pytest.raises(Exited):
        run_driver(module, driver, False, attempts=3)
    assert driver.calls == ['read', 'plan'] * 3 + ['created'] and module.result['changed']


def test_a_bulk_container_that_lost_the_name_is_read_and_planned_again(monkeypatch):
    monkeypatch.setattr('time.sleep', lambda seconds: None)
    converger = ProjectConverger({'parallel': 2}, lambda params: FakeClient(), False)
    driver = RacingDriver(losses=1)
    assert converger.apply_all([('x', driver, driver.plan())]) == {}
    assert driver.calls == ['plan', 'read', 'plan', 'created']


def test_a_bulk_container_that_keeps_losing_fails_naming_the_other_writer(monkeypatch):
    monkeypatch.setattr('time.sleep', lambda seconds: None)
    converger = ProjectConverger({'parallel': 2}, lambda params: FakeClient(), False)
    driver = RacingDriver(losses=99)
    errors = converger.apply_all([('x', driver, driver.plan())])
    assert list(errors) == ['x'] and 'another writer' in errors['x']


class FakeClient:

    def close(self):
        pass


class RenameClient:
    """Answers a rename back with 409: another writer has created a container under that name."""

    def __init__(self):
        self.calls = []

    def post(self, template, *args, **kwargs):
        self.calls.append(('post', template, args, kwargs.get('query')))
        raise DockerError(409, 'Conflict. The container name "/c0" is already in use by container "other"')

    def delete(self, template, *args, **kwargs):
        self.calls.append(('delete', template, args, kwargs.get('query')))


def test_a_recreate_undone_after_another_writer_took_the_name_removes_the_old_container():
    # Left as it was, the old container would stay parked (and, started again, running) beside the
    # other writer's: a duplicate on the same network and volume.
    client = RenameClient()
    driver = ContainerDriver(client, ContainerSpec({'name': 'c0', 'image': 'busybox'}))
    driver.put_back('old-id')
    assert client.calls[-1] == ('delete', '/containers/{}', ('old-id',), {'force': True, 'v': False})


@pytest.mark.parametrize('status, reason, lost', [
    (409, 'Conflict. The container name "/x" is already in use', True),
    (404, 'No such container: x', True),
    # a racing writer's duplicate network, while it removes it again (network._drop_if_duplicated)
    (400, '2 matches found based on name: network net is ambiguous', True),
    (400, 'invalid reference format', False),
    (500, 'driver failed programming external connectivity', False),
])
def test_which_daemon_errors_are_a_lost_race(status, reason, lost):
    assert lost_race(DockerError(status, reason)) is lost
