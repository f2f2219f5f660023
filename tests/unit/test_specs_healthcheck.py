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


@pytest.mark.parametrize('test, list_needs_kind, expected', [
    (['curl', '-f', 'x'], False, ['CMD', 'curl', '-f', 'x']),  # exec form, as docker run takes it
    (['curl', '-f', 'x'], True, None),  # the Engine would never run it ("Unknown healthcheck type")
    (['CMD', 'curl'], True, ['CMD', 'curl']),
    (['CMD-SHELL', 'curl -f x'], True, ['CMD-SHELL', 'curl -f x']),
    (['NONE'], True, ['NONE']),
    ('curl -f x', True, ['CMD-SHELL', 'curl -f x']),
])
def test_list_needs_kind(test, list_needs_kind, expected):
    if expected is None:
        with pytest.raises(SpecError, match='^healthcheck.test: .*list starting with CMD, CMD-SHELL or NONE$'):
            healthcheck('healthcheck', {'test': test}, list_needs_kind=list_needs_kind)
    else:
        assert healthcheck('healthcheck', {'test': test}, list_needs_kind=list_needs_kind) == {'Test': expected}


@pytest.mark.parametrize('blank_command', [True, False])
@pytest.mark.parametrize('test', ['', '  '])
def test_blank_command(test, blank_command):
    if blank_command:
        assert healthcheck('healthcheck', {'test': test}, blank_command=True) == {'Test': ['CMD-SHELL', test]}
    else:
        with pytest.raises(SpecError, match='^healthcheck.test: '):
            healthcheck('healthcheck', {'test': test}, blank_command=False)
