"""Two ansible-playbook processes converging the same 10 containers, their network and their
volume at the same moment, 5 rounds that each change every container (issue 21).

The races are between processes on the managed host, whatever the engine: run once, with the
host engine ('managed-host-only'). Each race has a file of its own so the workers run them side
by side (helpers: playbook_race.py).
"""

import pytest

from playbook_race import cleanup, race, tasks_one_by_one

pytestmark = pytest.mark.needs('managed-host-only')


def test_two_playbooks_converge_the_same_containers_at_once(tmp_path, name, busybox):
    try:
        race(tmp_path, name, busybox, tasks_one_by_one)
    finally:
        cleanup(name)
