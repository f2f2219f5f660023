"""specs/healthcheck.py: the one health check parser of the container and service modules and Compose files."""

import pytest

from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.specs.healthcheck import healthcheck


@pytest.mark.parametrize('list_needs_kind', [False, True])
@pytest.mark.parametrize('test', [[], ['CMD'], ['CMD-SHELL']])
def test_a_test_with_nothing_to_run_is_refused(test, list_needs_kind):
    # Test ['CMD'] made dockerd 20.10 panic at the first probe (slice bounds out of range in
    # getEntrypointAndArgs), taking down every container; a container's [] became ['CMD'].
    with pytest.raises(SpecError) as caught:
        healthcheck('healthcheck', {'test': test, 'interval': '1s'}, list_needs_kind=list_needs_kind)
    assert str(caught.value).startswith('healthcheck.test: invalid value %r; ' % (test,))
