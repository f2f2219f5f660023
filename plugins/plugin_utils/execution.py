# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which tasks may run on the controller against a host reached over SSH (controller execution): those
that only talk to the Engine API. A task that reads or writes the managed host's files, runs its
commands, or reaches a daemon other than through a unix socket stays a module process on the host.

Pure and unit-tested (tests/unit/test_execution.py); plugin_utils/in_process.py asks it per task.
"""

# Modules whose every task works on the managed host itself, and why.
HOST_MODULES = {
    'bridge_uplink': 'it changes the host\'s network interfaces',
    'container_facts': 'it reads the host\'s own files',
    'context_info': 'it reads the host\'s docker CLI contexts',
    'daemon_config': 'it writes the host\'s daemon.json',
    'registry_mirror': 'it writes the host\'s daemon.json',
    'login': 'it writes the host\'s docker CLI config',
    'volume_backup': 'it writes and reads archives on the host',
    # Compose files are interpolated from the host's environment and name files on it (env_file,
    # configs, secrets, include), also in a definition given inline.
    'compose': 'Compose projects are read with the host\'s environment and files',
    'compose_exec': 'Compose projects are read with the host\'s environment and files',
    'compose_pull': 'Compose projects are read with the host\'s environment and files',
    'compose_run': 'Compose projects are read with the host\'s environment and files',
    'stack': 'Compose files are read with the host\'s environment and files',
}
HOST_MODULE_PREFIXES = {'ovs_': 'it runs ovs-vsctl on the host'}

# Options that name a file on the managed host, per module: given (not empty), the task stays there.
FILE_OPTIONS = {
    'container_copy_into': ('path', 'src_dir'),
    'config': ('data_src',),
    'secret': ('data_src',),
    'image': ('build', 'load_path', 'import_path', 'archive_path'),
}
# The connection options that reach a daemon some other way than a unix socket, or read files for it.
CONNECTION_FILE_OPTIONS = ('docker_context', 'ca_path', 'ca_cert', 'tls_ca_cert', 'client_cert', 'tls_client_cert',
                           'cert_path', 'client_key', 'tls_client_key', 'key_path')


def host_side_reason(module, args, environment):
    """Why a task of module with these arguments (and the task's environment) must run on the managed host,
    or None when it only talks to the Engine API there."""
    if module in HOST_MODULES:
        return '%s: %s' % (module, HOST_MODULES[module])
    for prefix, reason in HOST_MODULE_PREFIXES.items():
        if module.startswith(prefix):
            return '%s: %s' % (module, reason)
    args = args or {}
    for option in FILE_OPTIONS.get(module, ()):
        if args.get(option):
            return '%s: %s names a file on the host' % (module, option)
    if module == 'image' and args.get('source') in ('build', 'load', 'import'):
        return 'image: source %s reads files on the host' % args['source']
    containers = {'container': [args], 'containers': args.get('definitions') or []}.get(module, [])
    for entry in containers:
        reason = _container_files(entry) if isinstance(entry, dict) else None
        if reason:
            return '%s: %s' % (module, reason)
    return connection_reason(args, environment or {})


def _container_files(entry):
    """What in a container's options depends on the host's files or home folder, or None."""
    if entry.get('env_file'):
        return 'env_file names a file on the host'
    for volume in entry.get('volumes') or []:
        if str(volume).startswith('~'):
            return 'the volume %s is in a home folder of the host' % volume
    return None


def connection_reason(args, environment):
    """Why the task's connection options need the host, or None for a unix socket (or the default)."""
    for option in CONNECTION_FILE_OPTIONS:
        if args.get(option):
            return '%s is set' % option
    if args.get('tls') or args.get('validate_certs') or args.get('tls_verify'):
        return 'tls is set'
    host = args.get('docker_host') or args.get('docker_url')
    if host and not _unix(host):
        return 'docker_host %s is not a unix socket' % host
    if not host and environment.get('DOCKER_HOST') and not _unix(environment['DOCKER_HOST']):
        return 'the task\'s DOCKER_HOST %s is not a unix socket' % environment['DOCKER_HOST']
    return None


def _unix(host):
    host = str(host)
    return host.startswith('unix://') or host.startswith('/')
