#!/usr/bin/env python
"""docker_exec connection benchmark: N small tasks against one container, per transport.

One Debian container (the test image, with python3) on the local engine; a playbook of N
separate tasks, run once per transport (api: the Engine API through the collection's client;
cli: the docker CLI) and per kind of task:
  - raw: `ansible.builtin.raw: "true"` (one exec per task, no Python in the container)
  - command: `ansible.builtin.command: "true"` with pipelining (one exec per task, a module run)
Prints a Markdown table of wall-clock seconds (one run each: the machine is shared).

    python bench/connection.py [--tasks 100] [--image dockyard-test/debian:bookworm]
"""

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), 'tests'))
from collection_path import ensure_collection_link  # noqa: E402

TASKS = {
    'raw': '    - name: Raw {index}\n      ansible.builtin.raw: "true"\n      changed_when: false\n',
    'command': '    - name: Command {index}\n      ansible.builtin.command: "true"\n      changed_when: false\n',
}


def playbook(kind, count):
    return '- hosts: all\n  gather_facts: false\n  tasks:\n' + ''.join(
        TASKS[kind].format(index=index) for index in range(count))


def timed_run(folder, container, transport, kind, count):
    inventory = os.path.join(folder, 'inventory.yml')
    with open(inventory, 'w') as handle:
        handle.write('all:\n  hosts:\n    %s:\n      ansible_connection: dockyard.docker.docker_exec\n'
                     '      ansible_docker_exec_transport: %s\n      ansible_python_interpreter: /usr/bin/python3\n'
                     '      ansible_pipelining: true\n' % (container, transport))
    play = os.path.join(folder, '%s.yml' % kind)
    with open(play, 'w') as handle:
        handle.write(playbook(kind, count))
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=ensure_collection_link(), ANSIBLE_NOCOLOR='1')
    start = time.monotonic()
    proc = subprocess.run([os.path.join(os.path.dirname(sys.executable), 'ansible-playbook'), '-i', inventory, play],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, check=False)
    elapsed = time.monotonic() - start
    if proc.returncode != 0 or ('ok=%d ' % count) not in proc.stdout.decode():
        raise SystemExit('%s/%s failed:\n%s' % (transport, kind, proc.stdout.decode()[-3000:]))
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--tasks', type=int, default=100)
    parser.add_argument('--image', default='dockyard-test/debian:bookworm')
    args = parser.parse_args()
    container = 'bench-connection-%d' % os.getpid()
    subprocess.run(['docker', 'run', '-d', '--name', container, args.image, 'sleep', '3600'],
                   stdout=subprocess.DEVNULL, check=True)
    rows = []
    try:
        with tempfile.TemporaryDirectory() as folder:
            for kind in ('raw', 'command'):
                seconds = {transport: timed_run(folder, container, transport, kind, args.tasks)
                           for transport in ('api', 'cli')}
                rows.append((kind, seconds['api'], seconds['cli']))
    finally:
        subprocess.run(['docker', 'rm', '-f', container], stdout=subprocess.DEVNULL, check=False)
    print('%d tasks against one container, one run each, %s, %s, %d CPUs, Python %s.\n'
          % (args.tasks, time.strftime('%Y-%m-%d'), platform.platform(), os.cpu_count(), platform.python_version()))
    print('| tasks | transport api (s) | transport cli (s) | api per task (ms) | cli per task (ms) |')
    print('|---|---|---|---|---|')
    for kind, api, cli in rows:
        task = TASKS[kind].split('\n')[1].strip()
        print('| %d x `%s` | %.1f | %.1f | %.0f | %.0f |'
              % (args.tasks, task, api, cli, api * 1000 / args.tasks, cli * 1000 / args.tasks))


if __name__ == '__main__':
    main()
