"""runc, minus CAP_SYS_RESOURCE: the default runtime of the weave_network scenario's hosts
(prepare.yml installs it with a /bin/sh launcher as /usr/local/sbin/runc-nosysres).

Weave runs its router and its script's container --privileged. Inside these host containers,
Docker gives a privileged container every capability the kernel knows, and runc fails with
"unable to apply caps: operation not permitted": this machine's bounding set lacks
CAP_SYS_RESOURCE. This takes that capability out of the OCI spec runc is handed (the bundle's
config.json on create and run, the --process file on exec), then runs the real runc.
"""
import json
import os
import sys

DROPPED = 'CAP_SYS_RESOURCE'
RUNC = '/usr/sbin/runc'


def option(args, names):
    for index, arg in enumerate(args):
        for name in names:
            if arg == name and index + 1 < len(args):
                return args[index + 1]
            if arg.startswith(name + '='):
                return arg.split('=', 1)[1]
    return None


def drop_capability(path, inside_process):
    with open(path, encoding='utf-8') as stream:
        spec = json.load(stream)
    process = spec.get('process', {}) if inside_process else spec
    sets = process.get('capabilities') or {}
    if not any(DROPPED in (values or []) for values in sets.values()):
        return
    for name, values in sets.items():
        sets[name] = [value for value in (values or []) if value != DROPPED]
    with open(path + '.nosysres', 'w', encoding='utf-8') as stream:
        json.dump(spec, stream)
    os.replace(path + '.nosysres', path)


def main():
    args = sys.argv[1:]
    if 'create' in args or 'run' in args:
        bundle = option(args, ('--bundle', '-b')) or '.'
        drop_capability(os.path.join(bundle, 'config.json'), inside_process=True)
    elif 'exec' in args:
        process = option(args, ('--process', '-p'))
        if process:
            drop_capability(process, inside_process=False)
    os.execv(RUNC, [RUNC] + args)


if __name__ == '__main__':
    main()
