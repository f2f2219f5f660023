# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)


class ModuleDocFragment(object):

    # Options the config and secret modules share (plugins/module_utils/swarm/configs_secrets.py).
    DOCUMENTATION = r'''
options:
  name:
    description:
      - Name of the object; with O(rolling_versions) the base of the C(NAME_vN) names.
      - Letters, digits, C(_), C(.) and C(-), starting and ending with a letter or digit, at most 64 characters
        (the C(_vN) suffix included).
    type: str
    required: true
  state:
    description:
      - V(present) makes sure the object exists with this data and these labels.
      - V(absent) removes it (with O(rolling_versions), every C(NAME_vN) version). The task fails, removing nothing,
        while a service uses one of them.
    type: str
    default: present
    choices: [present, absent]
  data_is_b64:
    description: O(data) is base64 text; the object holds the decoded bytes (for binary data).
    type: bool
    default: false
  data_src:
    description:
      - A file on the managed node whose bytes are the data. Mutually exclusive with O(data).
      - One of O(data) and O(data_src) is required with O(state=present).
    type: path
  labels:
    description:
      - Labels of the object (C(--label)). Compared exactly when given, and updated in place when they differ
        (Swarm can change the labels of an object, not its data).
      - When not given, the labels are not compared, and an object made again keeps the labels of the one it replaces.
    type: dict
  force:
    description:
      - Make the object again even when its data is the same (without O(rolling_versions), remove and create it;
        with it, create the next version).
    type: bool
    default: false
  rolling_versions:
    description:
      - Keep versions named C(NAME_vN) instead of one object named O(name). A change of data creates
        C(NAME_v(N+1)) after the highest existing N (C(NAME_v1) first), and the oldest versions beyond
        O(versions_to_keep) are removed. A version a service still uses is kept, with a warning.
      - This is the way to change the data of an object that services use; point the services at the new name
        (the task returns it as C(name) of its result).
    type: bool
    default: false
  versions_to_keep:
    description:
      - With O(rolling_versions), how many versions to keep (the newest, the one the task leaves current included).
    type: int
    default: 5
notes:
  - B(Swarm cannot update the data of a config or secret, nor remove one a service uses.) Without O(rolling_versions)
    a change of data removes the object and creates it again, which works only while no service uses it; the task
    fails, changing nothing, when one does. B(Use O(rolling_versions=true)) for objects services use; each change
    creates C(NAME_vN), and the services move to it with M(dockyard.docker.service).
seealso:
  - module: dockyard.docker.service
'''
