# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The `image` module: get an image onto the host (pull, build, load, import, commit), tag,
push and save it, or remove it.

Every step is planned from what is on the host and in the registry, so check
mode predicts it and an identical rerun plans nothing. Steps whose effect can
only be known afterwards (a forced pull, a push of content the registry may
already hold) re-check when they run and report a change only if one happened.
"""

import os

from ansible_collections.dockyard.docker.plugins.module_utils.image import archive
from ansible_collections.dockyard.docker.plugins.module_utils.image import build
from ansible_collections.dockyard.docker.plugins.module_utils.image.reference import (
    _TAG,
    familiar_name,
    is_image_id,
    normalize_reference,
    pull_image,
    split_reference,
)
from ansible_collections.dockyard.docker.plugins.module_utils.image.registry import (
    holds_digest,
    push_image,
    registry_digest,
)
from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.core.state import Plan, TaskFailed, run_driver, wrap

SOURCES = ['pull', 'build', 'load', 'import', 'commit']
# Options that only mean something for one source, to reject them elsewhere.
SOURCE_OPTIONS = {'build': 'build', 'container': 'commit', 'author': 'commit', 'load_path': ('load', 'import')}


def image_argument_spec():
    return dict(
        name=dict(type='raw', required=True),
        state=dict(type='str', default='present', choices=['present', 'absent']),
        source=dict(type='str', choices=SOURCES),
        force=dict(type='bool', default=False),
        no_prune=dict(type='bool', default=False),
        platform=dict(type='str'),
        build=dict(type='dict', options=build.build_options_spec()),
        load_path=dict(type='path', aliases=['import_path']),
        container=dict(type='str'),
        author=dict(type='str'),
        message=dict(type='str'),
        pause=dict(type='bool', default=True),
        changes=dict(type='list', elements='str'),
        tags=dict(type='list', elements='str'),
        push=dict(type='bool', default=False),
        repository=dict(type='str'),
        archive_path=dict(type='path'),
    )


class ImageSpec:
    """The validated task (no daemon calls)."""

    def __init__(self, params):
        self.state = params['state']
        self.force = params['force']
        self.no_prune = params['no_prune']
        self.platform = params['platform']
        if self.state == 'absent':
            self.name = params['name'] if is_image_id(params['name']) else normalize_reference('name', params['name'])
            self._reject_present_options(params)
            return
        self.name = _tag_reference('name', params['name'])
        self.source = params['source'] or infer_source(params)
        self._check_source_options(params)
        self.build = build.BuildSpec(params['build'], self.platform) if self.source == 'build' else None
        self.load_path = params['load_path']
        self.container = params['container']
        self.author = params['author']
        self.message = params['message']
        self.pause = params['pause']
        self.changes = archive.check_changes(params['changes'])
        self.tags = [tag_target(self.name, tag) for tag in params['tags'] or []]
        self.push = params['push']
        self.repository = _tag_reference('repository', _with_tag(params['repository'], self.name)) \
            if params['repository'] else None
        if self.repository and not self.push:
            raise SpecError('repository', params['repository'], 'it is the push target; set push: true with it')
        self.archive_path = params['archive_path']

    def _reject_present_options(self, params):
        for option in ('source', 'build', 'load_path', 'container', 'changes', 'tags', 'repository', 'archive_path'):
            if params.get(option):
                raise SpecError(option, params[option], 'only used with state=present')
        if params['push']:
            raise SpecError('push', True, 'only used with state=present')

    def _check_source_options(self, params):
        for option, sources in SOURCE_OPTIONS.items():
            sources = sources if isinstance(sources, tuple) else (sources,)
            if params.get(option) and self.source not in sources:
                raise SpecError(option, params[option], 'only used with source=%s' % ' or '.join(sources))
        if params.get('changes') and self.source not in ('import', 'commit'):
            raise SpecError('changes', params['changes'], 'only used with source=import or source=commit')
        if params.get('message') and self.source not in ('import', 'commit'):
            raise SpecError('message', params['message'], 'only used with source=import or source=commit')
        needed = {'build': 'build', 'commit': 'container', 'load': 'load_path', 'import': 'load_path'}.get(self.source)
        if needed and not params.get(needed):
            raise SpecError(needed, None, 'required with source=%s' % self.source)
        if self.source in ('load', 'import') and not os.path.isfile(params['load_path']):
            raise SpecError('load_path', params['load_path'], 'no such file on the managed host')


def infer_source(params):
    """pull unless an option of another source says otherwise (import must be asked for)."""
    if params.get('build'):
        return 'build'
    if params.get('container'):
        return 'commit'
    if params.get('load_path'):
        return 'load'
    return 'pull'


def _tag_reference(option, reference):
    if is_image_id(reference):
        raise SpecError(option, reference, 'give a name such as myapp:1.0, not an image ID (IDs only work with state=absent)')
    return normalize_reference(option, reference)


def _with_tag(repository, name):
    """A push repository without a tag takes the tag of name."""
    _repo, tag, _digest = split_reference('repository', repository)
    if tag:
        return repository
    return '%s:%s' % (repository, split_reference('name', name)[1] or 'latest')


def tag_target(name, tag):
    """tags entries: a bare tag (v2) stays in name's repository; anything else is a full reference."""
    text = str(tag).strip()
    if '/' not in text and ':' not in text and _TAG.match(text):
        return '%s:%s' % (split_reference('name', name)[0], text)
    return _tag_reference('tags', text)


class ImageDriver:
    """Reads the image, plans the steps of the task, carries them out and tracks real changes."""

    def __init__(self, client, spec):
        self.client = client
        self.spec = spec
        self.check_mode = False
        self.actual = None
        self.replaced = False      # a step planned to give the name a new image
        self.build_log = None
        self.built_files = None
        self.content_hash = None
        self.loaded = []           # the archive's images, when a load is planned (source=load)

    def read(self):
        self.actual = wrap('inspect image %s' % self.spec.name, self.client.inspect, 'images', self.spec.name)

    def plan(self, check_mode=False):
        self.check_mode = check_mode
        plan = Plan(before=_summary(self.actual))
        if self.spec.state == 'absent':
            self._plan_remove(plan)
            plan.after = self._after_remove()
            return plan
        getattr(self, '_plan_' + self.spec.source)(plan)
        self._plan_tags(plan)
        self._plan_push(plan)
        self._plan_archive(plan)
        plan.after = self._predicted_after()
        return plan

    def _predicted_after(self):
        after = _summary(self.actual)
        after['exists'] = True
        if self.replaced:
            after['id'] = '(new image)'
        after['tags'] = sorted(set(after.get('tags') or []) | set([self.spec.name] + self.spec.tags))
        return after

    def _step(self, plan, name, description, run, replaces=False, undo=None):
        """Add an action; run() returns False when it found nothing to change after all."""
        plan.add(name, description, self._recording_the_new_id(plan, run) if replaces else run, undo)
        self.replaced = self.replaced or replaces

    def _recording_the_new_id(self, plan, run):
        """run, then the diff's after names the image the name now has instead of '(new image)'."""
        def replace():
            outcome = run()
            image = self.client.inspect('images', self.spec.name)
            if image and plan.after is not None:
                plan.after['id'] = image['Id']
            return outcome
        return replace

    # -- sources -----------------------------------------------------------------------------------

    def _plan_pull(self, plan):
        spec = self.spec
        if self.actual is not None and not spec.force:
            return
        if self.actual is not None:
            digest = wrap('ask the registry about %s' % spec.name, registry_digest, self.client, spec.name)
            if holds_digest(self.actual, digest):
                return
        verb = 'pull image %s' if self.actual is None else 'pull image %s again'
        self._step(plan, 'pull', verb % spec.name, self._pull, replaces=True)

    def _pull(self):
        before = (self.actual or {}).get('Id')
        image = pull_image(self.client, self.spec.name, self.spec.platform)
        return image['Id'] != before

    def _plan_build(self, plan):
        spec = self.spec
        if spec.build.pull and not self.check_mode:
            for base in spec.build.base_images():
                wrap('pull base image %s' % base, pull_image, self.client, base, spec.platform)
        self.built_files = build.context_files(spec.build)
        base_ids = [self._image_id(base) for base in spec.build.base_images()]
        self.content_hash = build.build_hash(spec.build, self.built_files, base_ids)
        if self.actual is not None and not spec.force and archive.label_of(self.actual, build.HASH_LABEL) == self.content_hash:
            return
        reason = 'forced' if self.actual is not None and spec.force else \
            'new' if self.actual is None else 'inputs changed'
        self._step(plan, 'build', 'build image %s from %s (%s)' % (spec.name, spec.build.path, reason),
                   self._build, replaces=True)

    def _image_id(self, reference):
        image = wrap('inspect image %s' % reference, self.client.inspect, 'images', reference)
        return image.get('Id') if image else None

    def _build(self):
        """Build; like a forced pull, a (forced) build that makes the image there was is no change."""
        before = (self.actual or {}).get('Id')
        _image_id, self.build_log = build.run_build(self.client, self.spec.build, self.spec.name,
                                                    self.built_files, self.content_hash)
        # The ID the build stream names may be short; the name's inspect gives the full one.
        return self._image_id(self.spec.name) != before

    def _plan_load(self, plan):
        spec = self.spec
        manifest = archive.archive_manifest('load_path', spec.load_path)
        archive.check_load_target(manifest, spec.name)
        reason = 'forced' if spec.force else None
        reason = reason or wrap('compare %s with the host' % spec.load_path,
                                archive.load_plan_reason, self.client, manifest, spec.name)
        if reason:
            self.loaded = [{'id': image_ids[0], 'tags': tags} for image_ids, tags in manifest]
            self._step(plan, 'load', 'load %s from %s (%s)' % (spec.name, spec.load_path, reason),
                       lambda: archive.load_archive(self.client, spec.load_path, manifest, spec.name), replaces=True)

    def _plan_import(self, plan):
        spec = self.spec
        content_hash = archive.import_hash(spec.load_path, spec.changes, spec.message, spec.platform)
        if spec.force or self.actual is None or archive.import_needed(self.actual, content_hash):
            self._step(plan, 'import', 'import %s from %s' % (spec.name, spec.load_path),
                       lambda: archive.import_tarball(self.client, spec.load_path, spec.name, spec.changes,
                                                      spec.message, spec.platform, content_hash), replaces=True)

    def _plan_commit(self, plan):
        spec = self.spec
        container = wrap('inspect container %s' % spec.container, archive.read_container, self.client, spec.container)
        content_hash = wrap('list the changes of container %s' % spec.container, archive.commit_hash, self.client,
                            container, spec.changes, spec.author, spec.message)
        if spec.force or self.actual is None or archive.commit_needed(self.actual, content_hash):
            self._step(plan, 'commit', 'commit container %s as %s' % (spec.container, spec.name),
                       lambda: archive.commit_container(self.client, container, spec.name, spec.changes, spec.author,
                                                        spec.message, spec.pause, content_hash), replaces=True)

    # -- tags, push, archive ---------------------------------------------------------------------------

    def _plan_tags(self, plan):
        for target in self.spec.tags + ([self.spec.repository] if self.spec.repository else []):
            if self.replaced or not self._points_here(target):
                undo = self._untag_call(target) if self._image_id(target) is None else None
                self._step(plan, 'tag', 'tag %s as %s' % (self.spec.name, target), self._tag_call(target), undo=undo)

    def _points_here(self, reference):
        current = self._image_id(reference)
        return current is not None and self.actual is not None and current == self.actual.get('Id')

    def _tag_call(self, target):
        def tag():
            if self._points_here_now(target):
                return False
            archive.tag_image(self.client, self.spec.name, target)
        return tag

    def _untag_call(self, target):
        """A tag this task adds goes again when a later step fails (say, the push it was made for)."""
        return lambda: self.client.delete('/images/{}', target, query={'noprune': True})

    def _points_here_now(self, reference):
        here = self._image_id(self.spec.name)
        return here is not None and self._image_id(reference) == here

    def _plan_push(self, plan):
        spec = self.spec
        if not spec.push:
            return
        target = spec.repository or spec.name
        registry_now = wrap('ask the registry about %s' % target, registry_digest, self.client, target)
        if not self.replaced and holds_digest(self.actual, registry_now):
            return
        self._step(plan, 'push', 'push %s' % target, lambda: push_image(self.client, target) != registry_now)

    def _plan_archive(self, plan):
        spec = self.spec
        if not spec.archive_path:
            return
        manifest = archive.archive_manifest('archive_path', spec.archive_path)
        if not self.replaced and archive.archive_holds(manifest, (self.actual or {}).get('Id'), spec.name):
            return
        self._step(plan, 'save', 'save %s to %s' % (spec.name, spec.archive_path), self._save)

    def _save(self):
        spec = self.spec
        manifest = archive.archive_manifest('archive_path', spec.archive_path)
        if archive.archive_holds(manifest, self._image_id(spec.name), spec.name):
            return False
        archive.save_archive(self.client, spec.name, spec.archive_path)

    # -- absent -----------------------------------------------------------------------------------------

    def _plan_remove(self, plan):
        spec = self.spec
        image = self.actual
        if image is None:
            return
        if self._removal_deletes_image() and not spec.force:
            users = self._containers_using(image['Id'])
            if users:
                raise TaskFailed('image %s is used by container(s) %s; remove them first or set force: true'
                                 % (spec.name, ', '.join(users)))
        self._step(plan, 'remove', 'remove image %s' % spec.name, self._remove)

    def _removal_deletes_image(self):
        """Removing by ID, or the last tag, deletes the image; another tag only goes."""
        return is_image_id(self.spec.name) or len(self.actual.get('RepoTags') or []) <= 1

    def _after_remove(self):
        if self.actual is None or self._removal_deletes_image():
            return {'exists': False}
        after = _summary(self.actual)
        after['tags'] = [tag for tag in after['tags'] if tag != self.spec.name]
        return after

    def _containers_using(self, image_id):
        containers = wrap('list containers', self.client.get, '/containers/json', query={'all': True})
        return sorted(c['Names'][0].lstrip('/') for c in containers or [] if c.get('ImageID') == image_id)

    def _remove(self):
        spec = self.spec
        self.client.delete('/images/{}', spec.name, query={'force': spec.force, 'noprune': spec.no_prune})

    # -- result -----------------------------------------------------------------------------------------

    def result(self, check_mode):
        result = {}
        if self.spec.state == 'absent':
            result['image'] = {} if not check_mode else (self.actual or {})
        elif check_mode:
            result['image'] = self.actual or {}
        else:
            result['image'] = self.client.inspect('images', self.spec.name) or {}
        if self.build_log is not None:
            result['build_log'] = self.build_log
        if self.spec.state == 'present' and self.spec.source == 'load':
            result['loaded_images'] = self.loaded
        return result


def _summary(image):
    if image is None:
        return {'exists': False}
    return {'exists': True, 'id': image.get('Id'), 'tags': sorted(familiar_name(tag) for tag in image.get('RepoTags') or [])}


def plan_each(drivers, check_mode, wrap=None):
    """One plan of several ImageDrivers' plans, in order, the diff keyed by image name; wrap(driver, run)
    may wrap each action's run."""
    plan = Plan(before={}, after={})
    for driver in drivers:
        planned = driver.plan(check_mode)
        plan.before[driver.spec.name] = planned.before
        plan.after[driver.spec.name] = planned.after
        for action in planned.actions:
            plan.add(action.name, action.description, wrap(driver, action.run) if wrap else action.run, action.undo)
    return plan


# -- several images in one archive (name given as a list) ---------------------------------------------------

SEVERAL_ALLOWED = ('name', 'state', 'source', 'force', 'platform', 'archive_path', 'no_prune', 'pause', 'push')


class SeveralImagesSpec:
    """docker save A B -o FILE: each name pulled when missing (or with force, when the registry has a newer one),
    then all saved into one archive."""

    def __init__(self, params):
        names = params['name']
        if not names or not all(isinstance(name, str) for name in names):
            raise SpecError('name', names, 'give a name or a non-empty list of names')
        self.names = [_tag_reference('name', name) for name in names]
        if len(set(self.names)) != len(self.names):
            raise SpecError('name', names, 'each name once')
        for option, value in sorted(params.items()):
            if option not in SEVERAL_ALLOWED and value and option in image_argument_spec():
                raise SpecError(option, value, 'not used with several names (name as a list saves them to archive_path)')
        if params['state'] != 'present' or params['push'] or (params['source'] or 'pull') != 'pull':
            raise SpecError('name', names, 'several names are saved to archive_path: state present, source pull, '
                                           'no push')
        if not params['archive_path']:
            raise SpecError('archive_path', None, 'required when name is a list (the archive the images go into)')
        self.archive_path = params['archive_path']
        self.pulls = [ImageSpec(dict(params, name=name, archive_path=None)) for name in self.names]


class SeveralImagesDriver:
    """One ImageDriver per name for its pull, then one save of them all when the archive does not hold each
    name with the image the host has (or will have) under it."""

    def __init__(self, client, spec):
        self.client = client
        self.spec = spec
        self.drivers = [ImageDriver(client, pull) for pull in spec.pulls]

    def read(self):
        for driver in self.drivers:
            driver.read()

    def plan(self, check_mode=False):
        plan = plan_each(self.drivers, check_mode)
        manifest = archive.archive_manifest('archive_path', self.spec.archive_path)
        if any(driver.replaced for driver in self.drivers) or not self._archive_holds_all(manifest):
            plan.add('save', 'save %s to %s' % (', '.join(self.spec.names), self.spec.archive_path), self._save)
        return plan

    def _archive_holds_all(self, manifest):
        return all(archive.archive_holds(manifest, (driver.actual or {}).get('Id'), driver.spec.name)
                   for driver in self.drivers)

    def _save(self):
        archive.save_archive(self.client, self.spec.names, self.spec.archive_path)

    def result(self, check_mode):
        images = [(name, self.client.inspect('images', name) if not check_mode else driver.actual)
                  for name, driver in zip(self.spec.names, self.drivers)]
        return {'images': [{'name': name, 'id': (image or {}).get('Id')} for name, image in images]}


def run_image(module, client_factory, check_mode):
    """The `image` module's task: validate, read, plan, apply, report."""
    if isinstance(module.params['name'], list):
        spec = SeveralImagesSpec(module.params)
        run_driver(module, SeveralImagesDriver(client_factory(module.params), spec), check_mode)
        return
    module.params['name'] = _one_name(module.params['name'])
    spec = ImageSpec(module.params)
    run_driver(module, ImageDriver(client_factory(module.params), spec), check_mode)


def _one_name(value):
    if isinstance(value, dict) or value is None or isinstance(value, bool):
        raise SpecError('name', value, 'give an image name, or a list of names to save them to one archive_path')
    return str(value)
