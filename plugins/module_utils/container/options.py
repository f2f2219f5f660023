# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every container option, declared once: one `fields.Field` each in OPTIONS.

An entry gives the option's argument spec, where it lives in inspect and in the create body,
its parser (specs/), how desired and actual compare (kind and default comparison mode), what
the image contributes to the expected value (hooks in container/hooks.py), and whether a
change applies in place (`update`: the /containers/{id}/update key) or needs a new container.
`ContainerSpec` and the create body are loops over this table; adding an option is one entry
here plus its test (tests/integration/test_container_options.py).

Entries without a path (restart_retries, purge_networks, gpus, env_file, default_host_ip,
paused) feed another entry (`take`) or the run-state plan; they are declared here all the same.
"""

from ansible_collections.dockyard.docker.plugins.module_utils.container import hooks
from ansible_collections.dockyard.docker.plugins.module_utils.core.fields import Field
from ansible_collections.dockyard.docker.plugins.module_utils.specs import healthcheck, policies, process, resources
from ansible_collections.dockyard.docker.plugins.module_utils.specs.endpoints import attachments, mac_address
from ansible_collections.dockyard.docker.plugins.module_utils.specs.mounts import mounts
from ansible_collections.dockyard.docker.plugins.module_utils.specs.ports import normalize_port_key
from ansible_collections.dockyard.docker.plugins.module_utils.specs.sizes import parse_size
from ansible_collections.dockyard.docker.plugins.module_utils.specs.volumes import parse_volume_specs

STR, BOOL, INT = dict(type='str'), dict(type='bool'), dict(type='int')
STRS, DICT, RAW = dict(type='list', elements='str'), dict(type='dict'), dict(type='raw')
DICTS = dict(type='list', elements='dict')


def config(name, argspec, key, cli, **kw):
    """An option in Config (inspect) and at the top of the create body."""
    return Field(name, argspec, 'Config.' + key, key, cli=cli, **kw)


def host(name, argspec, key, cli, **kw):
    """An option in HostConfig, in inspect and in the create body."""
    return Field(name, argspec, 'HostConfig.' + key, cli=cli, **kw)


def part(name, argspec, cli):
    """A task option that feeds another entry (its `take`) or the plan, with no path of its own."""
    return Field(name, argspec, cli=cli)


def _exposed(option, value):
    return sorted(set(key for item in value for key in normalize_port_key(option, item)))


OPTIONS = [
    config('command', RAW, 'Cmd', '[COMMAND] [ARG...]', parse=process.argv, kind='list',
           expect=hooks.command_expected, write=hooks.command_write),
    config('entrypoint', RAW, 'Entrypoint', '--entrypoint', parse=process.argv, kind='list'),
    config('workdir', dict(type='str', aliases=['working_dir']), 'WorkingDir', '--workdir'),
    config('user', STR, 'User', '--user'),
    config('hostname', STR, 'Hostname', '--hostname'),
    config('domainname', STR, 'Domainname', '--domainname'),
    config('tty', BOOL, 'Tty', '--tty'),
    config('interactive', BOOL, 'OpenStdin', '--interactive'),
    config('stop_signal', STR, 'StopSignal', '--stop-signal', podman=hooks.podman_signal),
    # Also the per-call `docker stop -t`; like community.docker, a different value does not recreate.
    config('stop_timeout', INT, 'StopTimeout', '--stop-timeout', compare='ignore'),
    config('healthcheck', DICT, 'Healthcheck', '--health-cmd, --health-interval, ..., --no-healthcheck',
           parse=healthcheck.healthcheck, kind='dict', compare='allow_more_present'),
    config('env', DICT, 'Env', '--env', parse=process.env, kind='dict', take=hooks.env_take,
           expect=hooks.env_expected, read=hooks.env_read, write=hooks.env_write, podman=hooks.podman_env),
    part('env_file', dict(type='path'), '--env-file'),
    config('labels', DICT, 'Labels', '--label', parse=policies.labels, kind='dict', expect=hooks.labels_expected),
    config('exposed_ports', dict(type='list', elements='str', aliases=['expose', 'exposed']), 'ExposedPorts', '--expose',
           parse=_exposed, kind='set', expect=hooks.exposed_expected, read=hooks.exposed_read,
           write=hooks.exposed_write),
    host('published_ports', dict(type='list', elements='str', aliases=['ports']), 'PortBindings', '--publish',
         parse=hooks.published_parse, kind=hooks.published_equal, take=hooks.published_take,
         write=hooks.published_write),
    part('default_host_ip', STR, 'the daemon\'s --ip (per container)'),
    host('publish_all_ports', BOOL, 'PublishAllPorts', '--publish-all'),
    host('volumes', STRS, 'Binds', '--volume', parse=parse_volume_specs, kind=hooks.volumes_equal,
         expect=hooks.volumes_expected, read=hooks.volumes_read, write=hooks.volumes_write),
    host('volume_driver', STR, 'VolumeDriver', '--volume-driver'),
    host('mounts', DICTS, 'Mounts', '--mount', parse=mounts, kind='set(dict)', podman=hooks.podman_mounts),
    host('volumes_from', STRS, 'VolumesFrom', '--volumes-from', parse=resources.strings, kind='set'),
    host('tmpfs', STRS, 'Tmpfs', '--tmpfs', parse=resources.tmpfs, kind='dict', podman=hooks.podman_tmpfs),
    host('privileged', BOOL, 'Privileged', '--privileged'),
    host('read_only', BOOL, 'ReadonlyRootfs', '--read-only'),
    host('init', BOOL, 'Init', '--init'),
    host('memory', STR, 'Memory', '--memory', parse=parse_size, update='Memory'),
    host('memory_reservation', STR, 'MemoryReservation', '--memory-reservation', parse=parse_size,
         update='MemoryReservation'),
    host('memory_swap', STR, 'MemorySwap', '--memory-swap', parse=resources.swap_size, update='MemorySwap', info='SwapLimit',
         podman=hooks.podman_unlimited_swap),
    host('memory_swappiness', INT, 'MemorySwappiness', '--memory-swappiness', parse=resources.int_range(0, 100)),
    host('kernel_memory', STR, 'KernelMemory', '--kernel-memory', parse=parse_size, max_api='1.41', info='KernelMemory'),
    host('oom_killer', BOOL, 'OomKillDisable', '--oom-kill-disable', info='OomKillDisable'),
    host('oom_score_adj', INT, 'OomScoreAdj', '--oom-score-adj', parse=resources.int_range(-1000, 1000)),
    host('pids_limit', INT, 'PidsLimit', '--pids-limit', update='PidsLimit', info='PidsLimit'),
    host('cpus', dict(type='float'), 'NanoCpus', '--cpus', parse=resources.cpus, update='NanoCpus'),
    host('cpu_shares', INT, 'CpuShares', '--cpu-shares', update='CpuShares'),
    host('cpu_period', INT, 'CpuPeriod', '--cpu-period', update='CpuPeriod', info='CpuCfsPeriod'),
    host('cpu_quota', INT, 'CpuQuota', '--cpu-quota', update='CpuQuota', info='CpuCfsQuota'),
    host('cpuset_cpus', STR, 'CpusetCpus', '--cpuset-cpus', update='CpusetCpus', info='CPUSet'),
    host('cpuset_mems', STR, 'CpusetMems', '--cpuset-mems', update='CpusetMems', info='CPUSet'),
    host('blkio_weight', INT, 'BlkioWeight', '--blkio-weight', parse=resources.int_range(10, 1000),
         kind=hooks.blkio_weight_equal, update='BlkioWeight'),
    host('device_read_bps', DICTS, 'BlkioDeviceReadBps', '--device-read-bps', parse=resources.throttle(parse_size),
         kind='set(dict)'),
    host('device_write_bps', DICTS, 'BlkioDeviceWriteBps', '--device-write-bps',
         parse=resources.throttle(parse_size), kind='set(dict)'),
    host('device_read_iops', DICTS, 'BlkioDeviceReadIOps', '--device-read-iops',
         parse=resources.throttle(resources.iops), kind='set(dict)'),
    host('device_write_iops', DICTS, 'BlkioDeviceWriteIOps', '--device-write-iops',
         parse=resources.throttle(resources.iops), kind='set(dict)'),
    host('ulimits', STRS, 'Ulimits', '--ulimit', parse=resources.ulimits, kind='set(dict)', podman=hooks.podman_ulimits),
    host('device_requests', DICTS, 'DeviceRequests', '--gpus (the general form)', parse=hooks.device_requests_parse,
         kind='set(dict)', take=hooks.device_requests_take,
         not_on_podman='Podman discards DeviceRequests (it reports none back); give GPUs there as CDI devices'),
    part('gpus', STR, '--gpus'),
    host('devices', STRS, 'Devices', '--device', parse=resources.devices, kind='set(dict)',
         podman=hooks.podman_devices),
    host('device_cgroup_rules', STRS, 'DeviceCgroupRules', '--device-cgroup-rule', parse=resources.strings,
         kind='set', podman=hooks.podman_reports_none),
    host('capabilities', dict(type='list', elements='str', aliases=['cap_add']), 'CapAdd', '--cap-add',
         parse=resources.capabilities, kind='set', read=hooks.capabilities_reader('HostConfig.CapAdd')),
    host('cap_drop', STRS, 'CapDrop', '--cap-drop', parse=resources.capabilities, kind='set',
         read=hooks.capabilities_reader('HostConfig.CapDrop'), podman=hooks.podman_reports_none),
    host('security_opts', STRS, 'SecurityOpt', '--security-opt', parse=resources.strings, kind='set',
         read=hooks.security_opts_read, write=hooks.security_opts_write, podman=hooks.podman_security_opts),
    host('groups', STRS, 'GroupAdd', '--group-add', parse=resources.strings, kind='set'),
    host('cgroupns_mode', dict(type='str', choices=['host', 'private']), 'CgroupnsMode', '--cgroupns'),
    host('cgroup_parent', STR, 'CgroupParent', '--cgroup-parent'),
    host('runtime', STR, 'Runtime', '--runtime'),
    host('storage_opts', DICT, 'StorageOpt', '--storage-opt', parse=policies.option_names, kind='dict'),
    host('dns_servers', STRS, 'Dns', '--dns', parse=resources.strings, kind='list'),
    host('dns_opts', STRS, 'DnsOptions', '--dns-option', parse=resources.strings, kind='set'),
    host('dns_search_domains', STRS, 'DnsSearch', '--dns-search', parse=resources.strings, kind='list'),
    host('extra_hosts', dict(type='dict', aliases=['etc_hosts']), 'ExtraHosts', '--add-host', parse=resources.extra_hosts, kind='set'),
    host('sysctls', DICT, 'Sysctls', '--sysctl', parse=policies.option_names, kind='dict'),
    host('pid_mode', STR, 'PidMode', '--pid', expect=hooks.mode_expected, read=hooks.mode_reader('HostConfig.PidMode')),
    host('ipc_mode', STR, 'IpcMode', '--ipc', expect=hooks.mode_expected, read=hooks.mode_reader('HostConfig.IpcMode')),
    host('uts', STR, 'UTSMode', '--uts', podman=hooks.podman_default('private')),
    host('userns_mode', STR, 'UsernsMode', '--userns', podman=hooks.podman_reports_none),
    host('shm_size', STR, 'ShmSize', '--shm-size', parse=parse_size),
    host('auto_remove', BOOL, 'AutoRemove', '--rm (detached)'),
    host('links', STRS, 'Links', '--link', parse=hooks.links_parse, kind='set', read=hooks.links_read,
         write=hooks.links_write),
    host('network_mode', STR, 'NetworkMode', '--network (the first)', expect=hooks.network_mode_expected,
         read=hooks.network_mode_read),
    # Compared endpoint by endpoint in the plan (container/networks.py), not here.
    Field('networks', dict(type='list', elements='raw'), cli='--network, --network-alias, --ip, --ip6, --link',
          parse=attachments, kind='set', compare='allow_more_present', write=hooks.networks_write),
    part('purge_networks', dict(type='bool', default=False), 'docker network disconnect'),
    config('mac_address', STR, 'MacAddress', '--mac-address', parse=mac_address, read=hooks.mac_read,
           write=hooks.mac_write),
    host('restart_policy', dict(type='str', choices=list(policies.RESTART_POLICIES)),
         'RestartPolicy', '--restart', take=hooks.restart_take, parse=hooks.restart_parse, kind='dict',
         expect=hooks.restart_expected, read=hooks.restart_read, update='RestartPolicy'),
    part('restart_retries', INT, '--restart on-failure:N'),
    host('log_driver', STR, 'LogConfig.Type', '--log-driver'),
    host('log_options', dict(type='dict', aliases=['log_opt']), 'LogConfig.Config', '--log-opt',
         parse=policies.option_names, kind='dict', podman=hooks.podman_reports_none),
    part('paused', BOOL, 'docker pause / docker unpause'),
]
OPTIONS_BY_NAME = dict((option.name, option) for option in OPTIONS)
# Compared by the table (have a place in inspect and are not compared elsewhere).
COMPARED = [option for option in OPTIONS if option.path or option.read]


def options_argument_spec():
    return dict((option.name, option.argspec) for option in OPTIONS)


def parse_options(params):
    """Validated Engine values for the options the task sets (unset ones stay out)."""
    values = {}
    for option in OPTIONS:
        value = option.value(params)
        if value is not None:
            values[option.name] = value
    return values
