# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)


class ModuleDocFragment(object):

    # The file options of the daemon_config and registry_mirror modules (module_utils/host/daemon_config.py's
    # file_argument_spec): both read, merge and write the daemon's configuration file the same way.
    DOCUMENTATION = r'''
options:
  path:
    description:
      - The file to manage.
      - Defaults to C(/etc/docker/daemon.json), or C(/etc/default/docker) with O(format=docker_opts).
    type: path
  format:
    description:
      - V(daemon_json) manages the JSON file dockerd reads at start (C(--config-file)).
      - V(docker_opts) manages the C(DOCKER_OPTS="...") line of a shell environment file, as
        C(--flag=value) words (lists repeat the flag, C(log_opts) become C(--log-opt=KEY=VALUE)).
    type: str
    default: daemon_json
    choices: [daemon_json, docker_opts]
  backup:
    description: Copy the file aside before changing it; the copy's name is returned in RV(backup_file).
    type: bool
    default: false
  force:
    description:
      - Overwrite a file that is not valid JSON (or whose C(DOCKER_OPTS) line cannot be read as dockerd
        flags); its content is then treated as empty. Without it such a file makes the task fail unchanged.
    type: bool
    default: false
notes:
  - Writes atomically (a temporary file in the same folder, fsync, rename), so dockerd never reads a half-written
    file, and only when the configuration differs; its formatting alone never causes a change.
  - Does not restart dockerd; RV(restart_required) says whether the change needs a restart.
  - Only edits a file; it never contacts the daemon. The connection options are accepted so that
    C(module_defaults) for the group C(group/dockyard.docker.docker) apply to it, and are ignored.
'''
