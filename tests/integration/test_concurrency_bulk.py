"""The same race for the `containers` bulk module: two playbooks converging one project at once.

The races are between processes on the managed host, whatever the engine: run once, with the
host engine ('managed-host-only'). Each race has a file of its own so the workers run them side
by side (helpers: playbook_race.py).
"""

import pytest

from playbook_race import cleanup, race, tasks_bulk

pytestmark = pytest.mark.needs('managed-host-only')


def test_two_playbooks_converge_the_same_project_at_once(tmp_path, name, busybox):
    try:
        race(tmp_path, name, busybox, tasks_bulk)
    finally:
        cleanup(name)
