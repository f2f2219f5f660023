# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The image a container is made from: inspect it, pull it (pull: missing / always / never), and
report a pull as a step of the plan.

Mixed into container.ContainerDriver (it uses self.client, self.spec, self.image). A real run pulls
while reading, since the comparison needs the pulled image's configuration and ID; a pull that
brought a tag back or moved it to another image is then a change of its own, reported as the plan's
`pull` step with the image ID before and after in the diff, even when the container stays as it is.
Check mode never pulls: it predicts that step, and asks the registry for the tag's digest to tell
whether the pull would bring an image the host already has.
"""

from ansible_collections.dockyard.docker.plugins.module_utils.core.state import TaskFailed, wrap
from ansible_collections.dockyard.docker.plugins.module_utils.image.reference import pull_image
from ansible_collections.dockyard.docker.plugins.module_utils.image.registry import holds_digest, registry_digest

# What check mode's diff gives as the ID of an image a pull would bring (it does not pull to find out).
NEW_IMAGE = '(new image)'


class ImageSteps:
    """Sets self.image, self.newer_in_registry, self.pulled and self.registry_digest (see ContainerDriver)."""

    def read_image(self, check_mode):
        spec = self.spec
        if not spec.image:
            return None
        image = wrap('inspect image %s' % spec.image, self.client.inspect, 'images', spec.image)
        if image is None and spec.pull == 'never':
            raise TaskFailed('image: %s is not present on the host and pull is never; pull or build it first'
                             % spec.image)
        if (image is None or spec.pull == 'always') and not check_mode:
            before = image
            image = wrap('pull image %s' % spec.image, pull_image, self.client, spec.image, spec.platform)
            if before is None or before.get('Id') != image.get('Id'):
                # A tag brought back or moved to another image: a change even when no container is recreated.
                self.pulled = ((before or {}).get('Id'), image.get('Id'))
        elif image is None:
            # Check mode must not pull: the pull is a change; the registry's digest may name an image the host has.
            self.pulled = (None, NEW_IMAGE)
            self.registry_digest = registry_digest(self.client, spec.image)
        elif spec.pull == 'always':
            # Check mode must not pull: ask the registry whether a pull would bring another image.
            digest = registry_digest(self.client, spec.image)
            self.newer_in_registry = digest is not None and not holds_digest(image, digest)
            if self.newer_in_registry:
                self.pulled = (image.get('Id'), NEW_IMAGE)
        self.image = image
        return image

    def _plan_pull(self, plan, actual):
        """The pull step first in the plan; in check mode, when the host knows the container's own image by the
        digest the registry holds for the missing name, the pull brings that image back (no new container)."""
        if self.image is None and self.registry_digest and actual is not None:
            current = wrap('inspect image %s' % actual['Image'], self.client.inspect, 'images', actual['Image'])
            if holds_digest(current, self.registry_digest):
                self.image, self.pulled = current, (None, current['Id'])
        if self.pulled:
            # A real run pulled while reading; this step reports it, as check mode predicts it.
            plan.add('pull', 'pull image %s' % self.spec.image, lambda: True)
