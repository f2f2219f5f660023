"""The Compose parser (compose_file.load_project) under the broad inputs of fuzzing.py: arbitrary
YAML text, and files whose keys are Compose's with real, damaged or arbitrary values. The only
exception that may escape is SpecError, naming a key path; a project that parses, written back as
a Compose file, reads as the same project (round trip).

HYPOTHESIS_PROFILE=fuzz runs the long search (tests/unit/conftest.py)."""

from hypothesis import example, given, strategies as st

from ansible_collections.dockyard.docker.plugins.module_utils.compose.loader import (
    DEPLOY_KEYS, RESOURCE_KEYS, SECTIONS, SERVICE_KEYS, load_project)
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError

from fuzzing import CORPUS, NESTED, anything

COMPOSE_CORPUS = CORPUS['ports'] + CORPUS['volumes'] + CORPUS['durations'] + CORPUS['sizes'] + [
    'busybox', 'sleep 600', 'web', 'db', 'front', '${TAG:-latest}', '$$HOME', '${UNSET?need it}', 'always',
    'on-failure:3', 'service:db', 'host', 'bridge', 'CMD-SHELL', 'A=1', 'nofile=1024', '0.5', 'true', 'no']
NAMES = st.sampled_from(['web', 'db', 'front', 'data', 'x_1'])


def keyed(keys):
    """A mapping whose keys are mostly the given Compose keys, with values of every kind."""
    key = st.one_of(st.sampled_from(sorted(keys)), st.text(max_size=6))
    return st.dictionaries(key, anything(COMPOSE_CORPUS), max_size=4)


SERVICE = st.one_of(keyed(SERVICE_KEYS), keyed(SERVICE_KEYS).map(lambda service: dict(service, image='busybox')),
                    st.builds(lambda service, deploy: dict(service, deploy=deploy), keyed(SERVICE_KEYS), keyed(DEPLOY_KEYS)))
FILES = st.fixed_dictionaries(
    {'services': st.dictionaries(NAMES, SERVICE, max_size=2)},
    optional=dict({kind: st.dictionaries(NAMES, st.one_of(keyed(RESOURCE_KEYS[kind]), st.none()), max_size=2)
                   for kind in SECTIONS}, name=anything(['demo', 'My Project', ''])))


def project_of(definition, tmp_path_factory):
    """The project, or None when the parser refused it with SpecError naming a key path."""
    folder = str(tmp_path_factory.mktemp('compose'))
    try:
        return load_project(definition=definition, project_dir=folder, project_name=None, environ={'TAG': '1'})
    except SpecError as error:
        message = str(error)
        assert message.split(':', 1)[0] and '\n' not in message.replace(repr(error.value), ''), message
        return None


@given(definition=st.one_of(st.text(), FILES.map(repr), NESTED))
@example(definition='services: {web: {image: busybox, ports: ["8080:80"]}}')
@example(definition='services: &a {web: *a}')  # a YAML alias loop
@example(definition={':': None})  # an unknown top-level key made the option ':'
@example(definition='08')  # PyYAML's octal constructor
@example(definition='services:\n  web:\n    image: busybox\n    <<: {command: x}')
def test_any_definition_reads_or_raises_a_spec_error(definition, tmp_path_factory):
    project_of(definition, tmp_path_factory)


@given(definition=FILES)
@example(definition={'services': {'web': {'image': 'busybox', 'command': 'echo $$HOME', 'ports': ['8080:80']}}})
def test_a_project_written_back_reads_the_same(definition, tmp_path_factory):
    project = project_of(definition, tmp_path_factory)
    if project is not None:
        written = dict((kind, project[kind]) for kind in ('services',) + SECTIONS)
        written['name'] = project['name']
        again = load_project(definition=escape_dollars(written), project_dir=project['working_dir'], environ={})
        assert again == project


def escape_dollars(value):
    """Interpolation ran once: $ in the values it gave is literal the second time."""
    if isinstance(value, str):
        return value.replace('$', '$$')
    if isinstance(value, dict):
        return dict((key, escape_dollars(item)) for key, item in value.items())
    if isinstance(value, list):
        return [escape_dollars(item) for item in value]
    return value


INCLUDE_CORPUS = COMPOSE_CORPUS + ['compose.yaml', '../compose.yaml', 'oci://registry.example/app:1', 'git@github.com:a/b.git',
                                   'https://github.com/a/b.git', '/dev/null', '.', '~']
INCLUDE_ENTRY = st.one_of(anything(INCLUDE_CORPUS), st.dictionaries(
    st.sampled_from(['path', 'project_directory', 'env_file', 'pth']), anything(INCLUDE_CORPUS), max_size=3))


@given(include=st.one_of(anything(INCLUDE_CORPUS), st.lists(INCLUDE_ENTRY, max_size=3)))
@example(include=[{'path': []}])
@example(include=[{'path': '.'}])
@example(include=['\x00'])  # open() raised ValueError (embedded null byte), not SpecError
def test_any_include_reads_or_raises_a_spec_error(include, tmp_path_factory):
    project_of({'services': {'web': {'image': 'busybox'}}, 'include': include}, tmp_path_factory)
