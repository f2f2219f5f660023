# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)


class ModuleDocFragment(object):

    # How a task names its Compose project: compose, compose_exec, compose_run and compose_pull.
    DOCUMENTATION = r'''
options:
  project_src:
    description:
      - Folder of the project on the managed node. Compose files are looked up there when
        O(files) and O(definition) are not given (C(compose.yaml), C(compose.yml),
        C(docker-compose.yaml), C(docker-compose.yml), with its C(.override) file); relative paths
        and the C(.env) file are read from it.
    type: path
  files:
    description:
      - Compose files merged in order, like C(docker compose -f a.yml -f b.yml); relative to
        O(project_src) when given. Merge rules are Compose's (mappings merge; C(ports),
        C(volumes), C(configs), C(secrets) merge by their key; C(command), C(entrypoint),
        C(healthcheck.test) replace; other lists append).
    type: list
    elements: path
  definition:
    description:
      - The Compose file inline, as YAML text or as a mapping; instead of O(files).
    type: raw
  project_name:
    description:
      - The project name. Default as Compose derives it; C(COMPOSE_PROJECT_NAME), then the
        file's C(name), then the folder's name (lowercase, letters, digits, C(_) and C(-)).
    type: str
  profiles:
    description:
      - Profiles to enable; services of other profiles are left out. Default C(COMPOSE_PROFILES).
        A service the task names (its services, or the service of compose_exec and compose_run) enables its own profiles.
    type: list
    elements: str
  env_files:
    description:
      - Env files for interpolation, read in order, instead of the project's C(.env).
    type: list
    elements: path
'''
