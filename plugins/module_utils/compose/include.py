# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A Compose file's top-level `include:` (pure: files and environment, no daemon).

    include:
      - ../common/compose.yaml                 # short form: a path
      - path: [db/compose.yaml, db/prod.yaml]  # long form: the first file, then files merged over it
        project_directory: db                  # where the included files' relative paths start
        env_file: [db/defaults.env]            # defaults for their interpolation

Relative paths of an include (path, project_directory, env_file) start where the including file's own
relative paths start: its project directory. An included file's relative paths start at project_directory,
by default the folder of its first path. Its interpolation sees the including file's environment over the
env files (default: the .env of project_directory): a variable set by the including side wins.

Every service, network, volume, config and secret of an included project joins the including file's.
One name defined twice (by the file and one of its includes, or by two includes) must be the same
definition; a different one fails naming both files, as Compose refuses the conflict. A remote include
(an OCI artifact or a git repository) is refused: nothing here fetches from the network.
"""

import os
import re

from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError
from ansible_collections.dockyard.docker.plugins.module_utils.compose.interpolate import read_env_file
from ansible_collections.dockyard.docker.plugins.module_utils.compose.values import keyed, string_list, text

KINDS = ('services', 'networks', 'volumes', 'configs', 'secrets')
# oci://..., https://github.com/..., git@github.com:org/repo.git, ssh://...
_REMOTE = re.compile(r'^(?:[A-Za-z][A-Za-z0-9+.-]*://|[A-Za-z0-9_.-]+@[A-Za-z0-9_.-]+:)')


class Include:
    """One entry of `include:`, its paths resolved: files (absolute), project_dir, env_files."""

    def __init__(self, files, project_dir, env_files, option):
        self.files = files
        self.project_dir = project_dir
        self.env_files = env_files
        self.option = option


def _non_empty_list(value, path):
    found = string_list(value, path)
    if not found:
        raise SpecError(path, value, 'give a path or a list of paths')
    return found


def _local(value, path, base_dir, consumer):
    if _REMOTE.match(value):
        raise SpecError(path, value, 'a remote include (OCI artifact, git repository) is not supported by %s; '
                        'give the path of a local file' % consumer)
    return os.path.normpath(os.path.join(base_dir, os.path.expanduser(value)))


def read_includes(value, option, base_dir, consumer):
    """The `include:` list of one file -> [Include]; option names it ('include', with the file)."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise SpecError(option, value, 'give a list of paths, or of mappings with path, project_directory and env_file')
    found = []
    for index, entry in enumerate(value):
        where = '%s[%d]' % (option, index)
        if isinstance(entry, dict):
            entry = keyed(entry, where, {'path': _non_empty_list, 'project_directory': text, 'env_file': string_list},
                          required=('path',))
        else:
            entry = {'path': [text(entry, where)]}
        files = [_local(path, where + '.path', base_dir, consumer) for path in entry['path']]
        if 'project_directory' in entry:
            project_dir = _local(entry['project_directory'], where + '.project_directory', base_dir, consumer)
        else:
            project_dir = os.path.dirname(files[0])
        if 'env_file' in entry:
            env_files = [_local(path, where + '.env_file', base_dir, consumer) for path in entry['env_file']]
        else:
            default = os.path.join(project_dir, '.env')
            env_files = [default] if os.path.isfile(default) else []
        found.append(Include(files, project_dir, env_files, where))
    return found


def included_environment(include, environ):
    """The environment an included file is interpolated with: its env files under the including one's."""
    values = {}
    for index, path in enumerate(include.env_files):
        option = '%s.env_file[%d]' % (include.option, index)
        if not os.path.isfile(path):
            raise SpecError(option, path, 'the env file does not exist')
        values.update((key, value) for key, value in read_env_file(path, environ, option).items() if value is not None)
    values.update(environ)
    return values


def refuse_cycle(include, chain):
    """chain: the files being read, outermost first; an include of one of them never ends."""
    for path in include.files:
        if path in chain:
            raise SpecError(include.option, path, 'include makes a cycle: %s' % ' -> '.join(chain + (path,)))


def import_resources(model, origins, included, included_origins):
    """Add an included project's resources to a file's; the same name with another definition fails.

    model / included: {kind: {name: canonical definition}}; origins: {(kind, name): file}."""
    for kind in KINDS:
        for name, definition in included[kind].items():
            if name in model[kind]:
                if model[kind][name] != definition:
                    raise SpecError('%s.%s' % (kind, name), name, 'defined differently in %s and in %s; Compose refuses '
                                    'a conflict with an include: define it once, or the same way in both'
                                    % (origins[(kind, name)], included_origins[(kind, name)]))
                continue
            model[kind][name] = definition
            origins[(kind, name)] = included_origins[(kind, name)]
