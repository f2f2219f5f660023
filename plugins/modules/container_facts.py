#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r'''
module: container_facts
short_description: Tell whether the task runs in a container, which one and under which runtime
author:
  - Dockyard maintainers (@dockyard)
version_added: 0.9.0
description:
  - Sets three facts about the managed node itself, with the names community.docker's C(current_container_facts)
    uses, so plays that read them keep working.
  - Reads C(/proc/self/cgroup), C(/proc/self/mountinfo), C(/.dockerenv) and C(/run/.containerenv) on the managed
    node; it talks to no daemon and needs no Docker access.
  - The cgroup path names the container on cgroup v1 and on cgroup v2 without a cgroup namespace. With one (Docker's
    default on cgroup v2), the files the runtime bind-mounts from its own state folder (C(/etc/hostname),
    C(/etc/hosts), C(/etc/resolv.conf)) name it. In a container inside a container, the innermost one is reported.
  - A container found only by a marker file (C(/.dockerenv), or C(/run/.containerenv) without an C(id) line) is
    reported with an empty ID. A marker file counts only when the root file system is a container's (an overlay, or
    a folder of a file system), because machines whose root file system was made from a container image keep
    C(/.dockerenv).
options: {}
extends_documentation_fragment:
  - dockyard.docker.docker.attributes_info
attributes:
  facts:
    description: Action returns an C(ansible_facts) dictionary that will update existing host facts.
    support: full
notes:
  - Runs on Linux managed nodes; elsewhere it reports no container.
seealso:
  - module: dockyard.docker.container_info
'''

EXAMPLES = r'''
- name: Find out whether the play runs in a container
  dockyard.docker.container_facts:

- name: Skip what only makes sense on a real host
  ansible.builtin.debug:
    msg: "In {{ ansible_module_container_type }} container {{ ansible_module_container_id[:12] }}"
  when: ansible_module_running_in_container

- name: Use the container's own ID, for example to read its labels
  dockyard.docker.container_info:
    name: "{{ ansible_module_container_id }}"
  delegate_to: "{{ docker_host_of_this_container }}"
  when: ansible_module_container_id | length > 0
'''

RETURN = r'''
ansible_facts:
  description: The facts this module sets.
  returned: always
  type: dict
  contains:
    ansible_module_running_in_container:
      description: Whether the task runs in a container.
      returned: always
      type: bool
      sample: true
    ansible_module_container_id:
      description: The full ID of the container, or an empty string when the task runs in no container or the
        container gives no ID away.
      returned: always
      type: str
      sample: 197d673873dd2fd6ec22008f6bd464b7b127c6d1c28b721b3c9dfb6fe68a4b24
    ansible_module_container_type:
      description: The runtime that runs the container, C(docker), C(podman), C(containerd) (without Kubernetes) or
        C(kubernetes); an empty string when the task runs in no container.
      returned: always
      type: str
      sample: docker
'''

import os

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.dockyard.docker.plugins.module_utils.host.container_facts import detect_container, read_text


def main():
    module = AnsibleModule(argument_spec={}, supports_check_mode=True)
    running, ident, runtime = detect_container(
        read_text('/proc/self/cgroup'), read_text('/proc/self/mountinfo'),
        dockerenv=os.path.exists('/.dockerenv'), containerenv=read_text('/run/.containerenv'))
    module.exit_json(changed=False, ansible_facts={
        'ansible_module_running_in_container': running,
        'ansible_module_container_id': ident,
        'ansible_module_container_type': runtime,
    })


if __name__ == '__main__':
    main()
