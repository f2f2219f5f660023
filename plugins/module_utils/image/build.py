# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""docker build, made idempotent by a content hash stored as an image label.

The hash covers everything that goes into the image: the context files the
daemon would receive (after .dockerignore), the Dockerfile, build args, target,
labels, platform and the IDs of the base images. An image already carrying the
same hash is not rebuilt, so an unchanged build costs one walk of the context.
Which files the daemon receives and the context tar come from the Docker SDK's
docker.utils.build, the maintained implementation of the .dockerignore rules.
"""

import hashlib
import json
import os
import re

from ansible_collections.dockyard.docker.plugins.module_utils.api.client import IMAGE_TRANSFER_TIMEOUT, Repeated
from ansible_collections.dockyard.docker.plugins.module_utils.core.files import file_sha256
from ansible_collections.dockyard.docker.plugins.module_utils.api.sdk import import_sdk_leaf
from ansible_collections.dockyard.docker.plugins.module_utils.specs import policies, resources
from ansible_collections.dockyard.docker.plugins.module_utils.specs.sizes import parse_size
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import TaskFailed

HASH_LABEL = 'dockyard.build.hash'
_ANSI = re.compile(r'\x1b\[[0-9;]*[A-Za-z]')
_BUILT = re.compile(r'Successfully built ([0-9a-f]+)\s*$')
_VARIABLE = re.compile(r'\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::([-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))')


def build_options_spec():
    return dict(
        path=dict(type='path', required=True),
        dockerfile=dict(type='str', default='Dockerfile'),
        args=dict(type='dict'),
        target=dict(type='str'),
        nocache=dict(type='bool', default=False),
        pull=dict(type='bool', default=False),
        rm=dict(type='bool', default=True),
        force_rm=dict(type='bool', default=False),
        labels=dict(type='dict'),
        network=dict(type='str'),
        etc_hosts=dict(type='dict'),
        shm_size=dict(type='str'),
        cache_from=dict(type='list', elements='str'),
        container_limits=dict(type='dict', options=dict(
            memory=dict(type='str'),
            memswap=dict(type='str'),
            cpushares=dict(type='int'),
            cpusetcpus=dict(type='str'),
        )),
        # What only BuildKit (docker buildx) takes: accepted as names, so a task written for
        # community.docker's docker_image_build fails saying so rather than 'unsupported parameter'.
        secrets=dict(type='raw', no_log=True),
        ssh=dict(type='raw'),
        outputs=dict(type='raw'),
        platforms=dict(type='raw'),
    )


BUILDKIT_ONLY = ('secrets', 'ssh', 'outputs', 'platforms')


class BuildSpec:
    """The validated build options (no daemon call, no SDK import)."""

    def __init__(self, options, platform=None):
        self.path = os.path.abspath(options['path'])
        if not os.path.isdir(self.path):
            raise SpecError('build.path', options['path'], 'give an existing directory (the build context)')
        dockerfile = options['dockerfile']
        self.dockerfile_path = dockerfile if os.path.isabs(dockerfile) else os.path.join(self.path, dockerfile)
        if not os.path.isfile(self.dockerfile_path):
            raise SpecError('build.dockerfile', dockerfile, 'no such file; give a path relative to build.path or absolute')
        with open(self.dockerfile_path, 'rb') as handle:
            self.dockerfile_text = handle.read().decode('utf-8', 'replace')
        self.args = _string_dict('build.args', options.get('args'))
        self.labels = policies.labels('build.labels', options.get('labels')) or {}
        if HASH_LABEL in self.labels:
            raise SpecError('build.labels', HASH_LABEL, 'this label is set by the module itself')
        self.target = options.get('target')
        self.nocache = options['nocache']
        self.pull = options['pull']
        self.rm = options['rm']
        self.force_rm = options['force_rm']
        self.platform = platform
        for option in BUILDKIT_ONLY:
            if options.get(option) not in (None, [], {}, ''):
                shown = '(not shown)' if option == 'secrets' else options[option]
                raise SpecError('build.' + option, shown,
                                'only BuildKit builds take it (docker buildx); this module uses the Engine\'s '
                                'build API (POST /build), which has no such setting')
        # The build's environment, not the image's inputs: left out of the content hash, as the
        # daemon's build cache leaves them out.
        self.network = options.get('network') or None
        self.extra_hosts = resources.extra_hosts('build.etc_hosts', options['etc_hosts']) \
            if options.get('etc_hosts') else None
        self.shm_size = parse_size('build.shm_size', options.get('shm_size'))
        self.cache_from = [str(image) for image in options.get('cache_from') or []] or None
        self.limits = _container_limits(options.get('container_limits') or {})

    def inside_context(self):
        return not os.path.relpath(self.dockerfile_path, self.path).startswith('..')

    def base_images(self):
        return base_images(self.dockerfile_text, self.args)


def _container_limits(limits):
    """build.container_limits -> the /build query's memory, memswap, cpushares and cpusetcpus."""
    return {
        'memory': parse_size('build.container_limits.memory', limits.get('memory')),
        'memswap': resources.swap_size('build.container_limits.memswap', limits['memswap'])
        if limits.get('memswap') is not None else None,
        'cpushares': limits.get('cpushares'),
        'cpusetcpus': limits.get('cpusetcpus') or None,
    }


def _string_dict(option, value):
    if not value:
        return {}
    result = {}
    for key, item in value.items():
        if isinstance(item, (dict, list)):
            raise SpecError(option, {key: item}, 'values must be strings or numbers')
        result[str(key)] = '' if item is None else (str(item).lower() if isinstance(item, bool) else str(item))
    return result


# -- Dockerfile reading ----------------------------------------------------------------------------

def instructions(text):
    """(INSTRUCTION, rest) pairs, continuation lines joined and comments dropped."""
    pending = ''
    for raw in text.splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith('#')):
            continue
        if line.startswith('#'):
            continue
        if line.endswith('\\'):
            pending += line[:-1] + ' '
            continue
        line = pending + line
        pending = ''
        word, _sep, rest = line.partition(' ')
        yield word.upper(), rest.strip()
    if pending.strip():
        word, _sep, rest = pending.strip().partition(' ')
        yield word.upper(), rest.strip()


def substitute(text, variables):
    """Expand $VAR, ${VAR}, ${VAR:-default} and ${VAR:+alt} like the builder does for FROM."""
    def expand(match):
        name = match.group(1) or match.group(4)
        value = variables.get(name, '')
        if match.group(2) == '-':
            return value or match.group(3)
        if match.group(2) == '+':
            return match.group(3) if value else ''
        return value
    return _VARIABLE.sub(expand, text)


def base_images(dockerfile_text, build_args):
    """References of the images a Dockerfile starts FROM or copies --from (stages and scratch left out)."""
    variables, stages, bases = {}, set(), []
    seen_from = False
    for instruction, rest in instructions(dockerfile_text):
        words = rest.split()
        if instruction == 'ARG' and not seen_from and words:
            name, has_default, default = words[0].partition('=')
            variables[name] = build_args.get(name, default.strip('"\'') if has_default else '')
        elif instruction == 'FROM' and words:
            seen_from = True
            plain = [word for word in words if not word.startswith('--')]
            image = substitute(plain[0], variables) if plain else ''
            _add_base(bases, stages, image)
            if len(plain) >= 3 and plain[1].lower() == 'as':
                stages.add(plain[2].lower())
        elif instruction == 'COPY':
            for word in words:
                if word.startswith('--from='):
                    _add_base(bases, stages, word[len('--from='):])
    return bases


def _add_base(bases, stages, image):
    if image and image.lower() != 'scratch' and image.lower() not in stages and not image.isdigit() \
            and image not in bases:
        bases.append(image)


# -- the content hash --------------------------------------------------------------------------------

def _sdk_build():
    return import_sdk_leaf('utils.build', 'building an image (its context and .dockerignore rules)')


def read_dockerignore(context):
    """The .dockerignore lines of a context, comments and blank lines dropped."""
    try:
        with open(os.path.join(context, '.dockerignore')) as handle:
            lines = [line.strip() for line in handle.read().splitlines()]
    except OSError:
        return []
    return [line for line in lines if line and not line.startswith('#')]


def context_files(spec):
    """Sorted relative paths (files and folders) the daemon would receive; the Dockerfile always is."""
    dockerfile = os.path.relpath(spec.dockerfile_path, spec.path) if spec.inside_context() else None
    return sorted(_sdk_build().exclude_paths(spec.path, read_dockerignore(spec.path), dockerfile=dockerfile))


def context_digest(root, files):
    digest = hashlib.sha256()
    for relative in files:
        full = os.path.join(root, relative)
        info = os.lstat(full)
        if os.path.islink(full):
            entry = 'l %s %s' % (relative, os.readlink(full))
        elif os.path.isdir(full):
            entry = 'd %s %o' % (relative, info.st_mode & 0o7777)
        else:
            entry = 'f %s %o %s' % (relative, info.st_mode & 0o7777, file_sha256(full))
        digest.update(entry.encode('utf-8', 'surrogateescape') + b'\0')
    return digest.hexdigest()


def build_hash(spec, files, base_ids):
    material = {
        'context': context_digest(spec.path, files),
        'dockerfile': spec.dockerfile_text,
        'args': spec.args,
        'target': spec.target,
        'labels': spec.labels,
        'platform': spec.platform,
        'bases': base_ids,
    }
    return inputs_digest(material)


def inputs_digest(material):
    """'sha256:...' of JSON-able inputs: the label that tells an image was made from exactly these."""
    return 'sha256:' + hashlib.sha256(json.dumps(material, sort_keys=True).encode('utf-8')).hexdigest()


# -- running the build ---------------------------------------------------------------------------

def run_build(client, spec, reference, files, content_hash):
    """POST /build with the context tar; returns (image ID, build log lines)."""
    dockerfile, extra_files = _dockerfile_in_archive(spec, files)
    labels = dict(spec.labels)
    labels[HASH_LABEL] = content_hash
    query = {
        't': reference, 'dockerfile': dockerfile, 'buildargs': spec.args or None, 'target': spec.target,
        'nocache': spec.nocache, 'pull': spec.pull, 'rm': spec.rm, 'forcerm': spec.force_rm,
        'labels': labels, 'platform': spec.platform, 'networkmode': spec.network, 'shmsize': spec.shm_size,
        'extrahosts': Repeated(spec.extra_hosts) if spec.extra_hosts else None, 'cachefrom': spec.cache_from,
    }
    query.update(spec.limits)
    archive = _sdk_build().create_archive(spec.path, files=files, extra_files=extra_files)
    archive.seek(0, os.SEEK_END)
    size = archive.tell()
    archive.seek(0)
    try:
        messages = client.stream_json('POST', '/build', query=query, body=archive, headers={'Content-Length': str(size)},
                                      timeout=IMAGE_TRANSFER_TIMEOUT)
        return read_build_stream(messages, reference, client.describe())
    finally:
        archive.close()


def read_build_stream(messages, reference, daemon):
    """(image ID, log lines) of a build's JSON messages; fails on an error or when no image ID came."""
    log, image_id, built = [], None, None
    for message in messages:
        log.extend(_log_lines(message))
        image_id = (message.get('aux') or {}).get('ID') or image_id
        built = _built_id(message) or built
        if message.get('error'):
            reason = message['error'].strip()
            raise TaskFailed('build of %s failed: %s (Docker daemon at %s)' % (reference, reason, daemon), build_log=log)
    image_id = image_id or built
    if not image_id:
        # A stream closed early without an error message (say, by a daemon going away): no image was made.
        raise TaskFailed('build of %s was interrupted: the output of the Docker daemon at %s ended without an '
                         'image ID (was the daemon stopped or restarted?); run the task again' % (reference, daemon),
                         build_log=log)
    return image_id, log


def _built_id(message):
    """The ID in a 'Successfully built ID' line: like the Docker SDK, for a daemon that sends no aux ID."""
    match = _BUILT.match(message.get('stream') or '')
    return match.group(1) if match else None


def _dockerfile_in_archive(spec, files):
    """The Dockerfile's name in the context tar; one from outside the context is added under a fixed name."""
    if spec.inside_context():
        return os.path.relpath(spec.dockerfile_path, spec.path), []
    name = '.dockerfile.dockyard'
    while name in files:
        name += '_'
    # Like the SDK: a .dockerignore entry keeps the added Dockerfile out of COPY . and ADD .
    ignore = '\n'.join((read_dockerignore(spec.path) or ['.dockerignore']) + [name])
    return name, [('.dockerignore', ignore), (name, spec.dockerfile_text)]


def _log_lines(message):
    text = message.get('stream') or message.get('status') or ''
    if message.get('error'):
        text += message['error']
    # RUN output on stderr comes wrapped in terminal colour codes.
    return [line for line in _ANSI.sub('', text).splitlines() if line.strip()]
