"""A docker credential helper (the protocol of docker-credential-pass / -secretservice) that keeps its
logins in the JSON file $DYKTEST_CREDS, so the tests can see what `login` stored through it."""
import json
import os
import sys

PATH = os.environ['DYKTEST_CREDS']


def load():
    try:
        with open(PATH) as handle:
            return json.load(handle)
    except OSError:
        return {}


def save(entries):
    with open(PATH, 'w') as handle:
        json.dump(entries, handle)


def main(action):
    entries = load()
    data = sys.stdin.read()
    if action == 'store':
        entry = json.loads(data)
        entries[entry['ServerURL']] = {'Username': entry['Username'], 'Secret': entry['Secret']}
        save(entries)
    elif action == 'get':
        server = data.strip()
        if server not in entries:
            sys.stdout.write('credentials not found in native keychain\n')
            return 1
        sys.stdout.write(json.dumps(dict(entries[server], ServerURL=server)))
    elif action == 'erase':
        if entries.pop(data.strip(), None) is None:
            sys.stdout.write('credentials not found in native keychain\n')
            return 1
        save(entries)
    elif action == 'list':
        sys.stdout.write(json.dumps(dict((server, entry['Username']) for server, entry in entries.items())))
    else:
        sys.stdout.write('unknown action %s\n' % action)
        return 1
    return 0


sys.exit(main(sys.argv[1]))
