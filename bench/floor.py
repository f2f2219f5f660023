#!/usr/bin/env python
"""The daemon's own limit: the benchmark's containers created, read and removed with plain HTTP
on the Engine API socket (no Ansible, no SDK, nothing of this collection), serially and with the
parallelism of the `containers` module.

    python bench/floor.py -n 20 --parallel 4      # prints {"create": s, "no-op": s, "remove": s} per mode

run.py imports it; each call creates the network and volume first and leaves nothing behind.
"""

import argparse
import http.client
import json
import os
import socket
import sys
import time
from concurrent.futures import ThreadPoolExecutor

SOCKET = os.environ.get('DOCKER_HOST', 'unix:///var/run/docker.sock').replace('unix://', '')
PREFIX = 'floor-'


class UnixConnection(http.client.HTTPConnection):

    def __init__(self, path):
        super().__init__('localhost', timeout=120)
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(self.path)


class Api:
    """One keep-alive connection; every answer is read whole, errors raise."""

    def __init__(self):
        self.connection = UnixConnection(SOCKET)

    def call(self, method, path, body=None, ok=(200, 201, 204, 304)):
        headers = {'Content-Type': 'application/json'} if body is not None else {}
        self.connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        if response.status not in ok:
            raise SystemExit('%s %s: %d %s' % (method, path, response.status, data[:300]))
        return json.loads(data) if data else None

    def close(self):
        self.connection.close()


def create_body(image, item, network, volume):
    """The container every benchmark case converges: sleep, a network, a named volume, a port, an env var."""
    return {
        'Image': image, 'Cmd': ['sleep', '3600'], 'StopTimeout': 1, 'Env': ['BENCH=1'],
        'ExposedPorts': {'80/tcp': {}},
        'HostConfig': {'Binds': ['%s:/data' % volume], 'PortBindings': {'80/tcp': [{'HostPort': str(22000 + item)}]}},
        'NetworkingConfig': {'EndpointsConfig': {network: {}}},
    }


def _run(work, items, parallel):
    """Call work(api, item) for each item, on `parallel` connections at once; seconds taken."""
    started = time.monotonic()
    if parallel == 1:
        api = Api()
        for item in items:
            work(api, item)
        api.close()
    else:
        chunks = [items[index::parallel] for index in range(parallel)]

        def run_chunk(chunk):
            api = Api()
            for item in chunk:
                work(api, item)
            api.close()
        with ThreadPoolExecutor(max_workers=parallel) as pool:
            list(pool.map(run_chunk, chunks))
    return time.monotonic() - started


def measure(n, parallel, image):
    """{'create': s, 'no-op': s, 'remove': s} for n containers with `parallel` connections."""
    network, volume = PREFIX + 'net', PREFIX + 'vol'
    api = Api()
    api.call('POST', '/networks/create', {'Name': network}, ok=(201, 409))
    api.call('POST', '/volumes/create', {'Name': volume})

    def create(conn, item):
        name = '%s%d' % (PREFIX, item)
        conn.call('POST', '/containers/create?name=' + name, create_body(image, item, network, volume))
        conn.call('POST', '/containers/%s/start' % name)

    def read(conn, item):
        conn.call('GET', '/containers/%s%d/json' % (PREFIX, item))

    def remove(conn, item):
        conn.call('DELETE', '/containers/%s%d?force=1' % (PREFIX, item))
    items = list(range(n))
    times = {'create': _run(create, items, parallel)}
    started = time.monotonic()
    api.call('GET', '/containers/json?all=1')  # what a no-op reads: the list, then each container
    times['no-op'] = time.monotonic() - started + _run(read, items, parallel)
    times['remove'] = _run(remove, items, parallel)
    api.call('DELETE', '/networks/' + network)
    api.call('DELETE', '/volumes/' + volume)
    api.close()
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('-n', type=int, default=20)
    parser.add_argument('--parallel', type=int, default=4)
    parser.add_argument('--image', default=os.environ.get('DOCKYARD_TEST_BUSYBOX', 'dockyard-test/busybox:latest'))
    args = parser.parse_args()
    result = {'serial': measure(args.n, 1, args.image), 'parallel': measure(args.n, args.parallel, args.image)}
    json.dump(result, sys.stdout, indent=1)
    print()


if __name__ == '__main__':
    main()
