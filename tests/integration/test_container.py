"""The `container` module against the real daemon: every row of issue 3's mapping table.

Each state is converged three times: check mode (the daemon must not change), a real run
(changed) and a rerun (not changed).
"""

import random
import socket
import time

import pytest

from conftest import docker_cli, docker_inspect, run_module
from engines import ENGINE

# Ends at once on SIGTERM, so graceful stops take no time; `sleep` as PID 1 would ignore it.
GRACEFUL = ['sh', '-c', 'trap "exit 0" TERM; sleep 600 & wait']


def snapshot(name):
    """What a check-mode run must leave exactly as it was."""
    data = docker_inspect('container', name)
    if data is None:
        return None
    state = data['State']
    return {'Id': data['Id'], 'Status': state['Status'], 'StartedAt': state['StartedAt'],
            'FinishedAt': state['FinishedAt'], 'Config': data['Config'], 'HostConfig': data['HostConfig'],
            'Networks': sorted(data['NetworkSettings']['Networks'])}


def converge(name, **args):
    """Check mode changes nothing on the daemon, the real run changes, the rerun does not."""
    before = snapshot(name)
    args = dict(args, name=name)
    checked = run_module('container', check=True, diff=True, options=args)
    assert checked['changed'], checked
    assert snapshot(name) == before, 'check mode changed the daemon'
    applied = run_module('container', diff=True, options=args)
    assert applied['changed'], applied
    assert applied['actions'] == checked['actions']
    assert applied['diff'] == predicted(checked['diff'], applied['diff'])
    again = run_module('container', options=args)
    assert not again['changed'], again['actions']
    assert snapshot(name) == snapshot_of(again)
    return applied


def predicted(checked, applied):
    """The check-mode diff with the image ID a pull brought in place of its placeholder: check mode cannot know
    the ID of an image it does not pull."""
    if (checked.get('after') or {}).get('image_id') == '(new image)':
        return dict(checked, after=dict(checked['after'], image_id=applied['after'].get('image_id')))
    return checked


def snapshot_of(result):
    return snapshot(result['container']['Name'].lstrip('/')) if result['container'] else None


def inspect(name):
    return docker_inspect('container', name)


def free_ports(count):
    """count consecutive host ports free for TCP and UDP right now (engineers share this host)."""
    for _attempt in range(100):
        base = random.randint(20000, 45000)
        if all(_port_free(base + offset) for offset in range(count)):
            return [base + offset for offset in range(count)]
    raise AssertionError('no free host ports found')


def _port_free(port):
    for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
        with socket.socket(socket.AF_INET, kind) as sock:
            try:
                sock.bind(('0.0.0.0', port))
            except OSError:
                return False
    return True


def commit_image(source_container, repository, *changes):
    """An image made locally (no registry here): docker commit with Dockerfile-style changes."""
    args = ['commit']
    for change in changes:
        args += ['-c', change]
    docker_cli(*(args + [source_container, repository]))
    return docker_inspect('image', repository)['Id']


# -- one-shot runs: docker run IMAGE CMD ----------------------------------------------------------

@pytest.mark.managed_python
def test_one_shot_echo_hello_world(name, busybox):
    args = dict(name=name, image=busybox, command='echo "hello world"', detach=False, cleanup=True)
    checked = run_module('container', check=True, **args)
    assert checked['changed'] and inspect(name) is None
    result = run_module('container', **args)
    assert result['rc'] == 0
    assert result['output'] == ['hello world']
    assert inspect(name) is None, 'cleanup: true is --rm'


def test_one_shot_without_cleanup_keeps_the_exited_container(name, busybox):
    result = run_module('container', name=name, image=busybox, command=['sh', '-c', 'echo a; echo b; echo c'],
                        detach=False)
    assert result['output'] == ['a', 'b', 'c']
    assert inspect(name)['State']['Status'] == 'exited'
    # A one-shot always runs again, from a fresh container.
    again = run_module('container', name=name, image=busybox, command='echo again', detach=False)
    assert again['changed'] and again['output'] == ['again']


def test_one_shot_failing_command_fails_with_its_output(name, busybox):
    command = ['sh', '-c', 'echo to-stdout; echo to-stderr >&2; exit 3']
    failed = run_module('container', expect_fail=True, name=name, image=busybox, command=command, detach=False,
                        cleanup=True)
    assert failed['rc'] == 3
    assert 'rc 3' in failed['msg']
    # Interleaving across the two pipes follows the daemon's receive times: compare as a set.
    assert sorted(failed['output']) == ['to-stderr', 'to-stdout']
    allowed = run_module('container', name=name, image=busybox, command=command, detach=False, cleanup=True,
                         expected_rc=[0, 3])
    assert allowed['rc'] == 3


# -- states ---------------------------------------------------------------------------------------

@pytest.mark.managed_python
def test_state_started_creates_and_runs(name, busybox):
    result = converge(name, image=busybox, command=GRACEFUL)
    assert result['actions'] == ['create container %s from %s' % (name, busybox),
                                 'start container %s' % name]
    assert inspect(name)['State']['Running']


def test_state_present_creates_without_starting(name, busybox):
    converge(name, image=busybox, command=GRACEFUL, state='present')
    assert inspect(name)['State']['Status'] == 'created'
    docker_cli('start', name)
    kept = run_module('container', name=name, image=busybox, command=GRACEFUL, state='present')
    assert not kept['changed'] and inspect(name)['State']['Running'], 'present keeps the running state'


def test_state_started_starts_a_stopped_container(name, busybox):
    docker_cli('create', '--name', name, busybox, *GRACEFUL)
    result = converge(name, state='started')
    assert result['actions'] == ['start container %s' % name]
    assert inspect(name)['State']['Running']


def test_state_stopped_stops_gracefully(name, busybox):
    docker_cli('run', '-d', '--name', name, busybox, *GRACEFUL)
    result = converge(name, state='stopped')
    assert result['actions'] == ['stop container %s' % name]
    assert inspect(name)['State']['ExitCode'] == 0, 'SIGTERM reached the trap'


def test_stop_timeout_bounds_the_wait_without_recreating(name, busybox):
    docker_cli('run', '-d', '--name', name, busybox, 'sleep', '600')
    container_id = inspect(name)['Id']
    started = time.monotonic()
    result = converge(name, state='stopped', stop_timeout=1)
    assert time.monotonic() - started < 8
    assert result['actions'] == ['stop container %s' % name]
    assert inspect(name)['Id'] == container_id
    assert inspect(name)['State']['ExitCode'] == 137, 'sleep ignores SIGTERM; the daemon killed it after 1s'


def test_force_kill_stops_with_sigkill(name, busybox):
    docker_cli('run', '-d', '--name', name, busybox, *GRACEFUL)
    result = converge(name, state='stopped', force_kill=True)
    assert result['actions'] == ['kill container %s' % name]
    assert inspect(name)['State']['ExitCode'] == 137


def test_kill_signal_is_delivered_and_waited_for(name, busybox):
    docker_cli('run', '-d', '--name', name, busybox, 'sh', '-c', 'trap "sleep 1; exit 42" USR1; sleep 600 & wait')
    time.sleep(0.5)
    result = converge(name, state='stopped', force_kill=True, kill_signal='USR1')
    assert result['container']['State']['Running'] is False
    assert inspect(name)['State']['ExitCode'] == 42


def test_state_restarted_restarts_every_time(name, busybox):
    docker_cli('run', '-d', '--name', name, busybox, *GRACEFUL)
    first_start = inspect(name)['State']['StartedAt']
    checked = run_module('container', check=True, name=name, state='restarted')
    assert checked['actions'] == ['restart container %s' % name]
    assert inspect(name)['State']['StartedAt'] == first_start
    restarted = run_module('container', name=name, state='restarted')
    assert restarted['changed'] and inspect(name)['State']['StartedAt'] != first_start
    assert inspect(name)['State']['Running']


def test_state_absent_stops_first_and_keeps_named_volumes(name, busybox):
    volume = '%s-data' % name
    run_module('container', name=name, image=busybox, command=GRACEFUL, volumes=['%s:/data' % volume])
    result = converge(name, state='absent')
    assert result['actions'] == ['stop container %s' % name, 'remove container %s' % name]
    assert inspect(name) is None
    assert docker_inspect('volume', volume) is not None


def test_state_absent_of_a_stopped_container(name, busybox):
    docker_cli('create', '--name', name, busybox)
    assert converge(name, state='absent')['actions'] == ['remove container %s' % name]


# -- docker run -i -t --name -d -------------------------------------------------------------------

def test_interactive_tty_shell_stays_in_the_background(name, busybox):
    converge(name, image=busybox, command='sh', interactive=True, tty=True, detach=True)
    time.sleep(0.5)
    data = inspect(name)
    assert data['State']['Running'], 'sh with -it keeps running like docker run -itd'
    assert data['Config']['OpenStdin'] and data['Config']['Tty']


# -- -p / -P / --expose ----------------------------------------------------------------------------

PORT_FORMS = [
    # (spec, PortBindings, {port: (HostIp, HostPort or None for random)})
    ('80', {'80/tcp': [{'HostIp': '', 'HostPort': ''}]}, {'80/tcp': ('0.0.0.0', None)}),
    ('{0}:80', {'80/tcp': [{'HostIp': '', 'HostPort': '{0}'}]}, {'80/tcp': ('0.0.0.0', '{0}')}),
    ('0.0.0.0::80', {'80/tcp': [{'HostIp': '0.0.0.0', 'HostPort': ''}]}, {'80/tcp': ('0.0.0.0', None)}),
    ('0.0.0.0:{0}:80', {'80/tcp': [{'HostIp': '0.0.0.0', 'HostPort': '{0}'}]}, {'80/tcp': ('0.0.0.0', '{0}')}),
    ('0.0.0.0:80', {'80/tcp': [{'HostIp': '0.0.0.0', 'HostPort': ''}]}, {'80/tcp': ('0.0.0.0', None)}),
    ('127.0.0.1:{0}:80', {'80/tcp': [{'HostIp': '127.0.0.1', 'HostPort': '{0}'}]},
     {'80/tcp': ('127.0.0.1', '{0}')}),
    ('{0}-{2}:80-82', {'80/tcp': [{'HostIp': '', 'HostPort': '{0}'}], '81/tcp': [{'HostIp': '', 'HostPort': '{1}'}],
                       '82/tcp': [{'HostIp': '', 'HostPort': '{2}'}]},
     {'80/tcp': ('0.0.0.0', '{0}'), '81/tcp': ('0.0.0.0', '{1}'), '82/tcp': ('0.0.0.0', '{2}')}),
    ('{0}:53/udp', {'53/udp': [{'HostIp': '', 'HostPort': '{0}'}]}, {'53/udp': ('0.0.0.0', '{0}')}),
    ('53/udp', {'53/udp': [{'HostIp': '', 'HostPort': ''}]}, {'53/udp': ('0.0.0.0', None)}),
    ('[::1]:{0}:80', {'80/tcp': [{'HostIp': '::1', 'HostPort': '{0}'}]}, {'80/tcp': ('::1', '{0}')}),
]


def _fill(value, ports):
    if isinstance(value, str):
        return value.format(*ports)
    if isinstance(value, (list, tuple)):
        return type(value)(_fill(item, ports) for item in value)
    if isinstance(value, dict):
        return dict((key, _fill(item, ports)) for key, item in value.items())
    return value


def _as_reported(bindings, ports):
    """The PortBindings the engine reports for the ones asked: Podman reports what it resolved,
    HostIp 0.0.0.0 for an empty one and the host port it picked (from `docker port`) for none."""
    if not ENGINE.is_podman:
        return bindings
    resolved = {}
    for port, entries in bindings.items():
        picked = iter(entry['HostPort'] for entry in ports.get(port, []))
        resolved[port] = [{'HostIp': entry['HostIp'] or '0.0.0.0', 'HostPort': entry['HostPort'] or next(picked)}
                          for entry in entries]
    return resolved


@pytest.mark.parametrize('spec,bindings,reported', PORT_FORMS, ids=[form[0] for form in PORT_FORMS])
def test_published_port_forms(name, busybox, spec, bindings, reported):
    ports = [str(port) for port in free_ports(3)]
    spec, bindings, reported = _fill(spec, ports), _fill(bindings, ports), _fill(reported, ports)
    run_module('container', name=name, image=busybox, command=GRACEFUL, published_ports=[spec])
    info = run_module('container_info', name=name)
    assert inspect(name)['HostConfig']['PortBindings'] == _as_reported(bindings, info['ports'])
    assert sorted(info['ports']) == sorted(reported)
    for port, (host_ip, host_port) in reported.items():
        entries = [entry for entry in info['ports'][port] if entry['HostIp'] == host_ip]
        assert entries, info['ports']
        assert entries[0]['HostPort'] == host_port if host_port else entries[0]['HostPort'].isdigit()
    again = run_module('container', name=name, image=busybox, command=GRACEFUL, published_ports=[spec])
    assert not again['changed'], again['actions']


def test_publish_all_ports_and_exposed_ports(name, busybox):
    converge(name, image=busybox, command=GRACEFUL, exposed_ports=['7000', '7001/udp'], publish_all_ports=True)
    data = inspect(name)
    assert data['HostConfig']['PublishAllPorts'] is True
    assert sorted(data['Config']['ExposedPorts']) == ['7000/tcp', '7001/udp']
    ports = run_module('container_info', name=name)['ports']
    assert sorted(ports) == ['7000/tcp', '7001/udp'] and ports['7000/tcp'][0]['HostPort'].isdigit()


def test_exposed_only_ports_are_not_reported_as_published(name, busybox):
    converge(name, image=busybox, command=GRACEFUL, exposed_ports=['9000'])
    assert run_module('container_info', name=name)['ports'] == {}


def test_seed_static_website(name, busybox):
    """docker run -p 80 -it --name web ...; write index.html; start the web server; fetch it."""
    run_module('container', name=name, image=busybox, command='sh', interactive=True, tty=True,
               published_ports=['80'])
    run_module('container_exec', container=name, argv=['sh', '-c', 'mkdir -p /www && cat > /www/index.html'],
               stdin='<h1>hello from the container</h1>')
    run_module('container_exec', container=name, command='httpd -p 80 -h /www', detach=True)
    host_port = run_module('container_info', name=name)['ports']['80/tcp'][0]['HostPort']
    body = ENGINE.http_get('http://127.0.0.1:%s/' % host_port)
    assert '<h1>hello from the container</h1>' in body


# -- idempotency rules ------------------------------------------------------------------------------

@pytest.mark.managed_python
def test_in_place_updates_of_memory_cpus_and_restart_policy(name, busybox):
    base = dict(image=busybox, command=GRACEFUL)
    run_module('container', name=name, memory='64m', restart_policy='no', **base)
    container_id = inspect(name)['Id']
    result = converge(name, memory='128m', cpus=0.5, restart_policy='on-failure', restart_retries=3, **base)
    assert len(result['actions']) == 1 and result['actions'][0].startswith('update ')
    assert result['diff']['before']['restart_policy'] == {'Name': 'no', 'MaximumRetryCount': 0}
    assert result['diff']['after']['restart_policy'] == {'Name': 'on-failure', 'MaximumRetryCount': 3}
    data = inspect(name)
    assert data['Id'] == container_id and data['State']['Running']
    assert data['HostConfig']['Memory'] == 128 * 1024 ** 2
    assert data['HostConfig']['NanoCpus'] == 500000000
    assert data['HostConfig']['RestartPolicy'] == {'Name': 'on-failure', 'MaximumRetryCount': 3}


@pytest.mark.managed_python
def test_recreate_on_env_change_keeps_anonymous_volume_data(name, busybox):
    base = dict(image=busybox, command=GRACEFUL, volumes=['/data'])
    run_module('container', name=name, options={'env': {'VERSION': '1'}}, **base)
    old_id = inspect(name)['Id']
    docker_cli('exec', name, 'sh', '-c', 'echo kept > /data/file')
    result = converge(name, env={'VERSION': '2'}, **base)
    assert result['diff']['before']['env']['VERSION'] == '1' and result['diff']['after']['env']['VERSION'] == '2'
    assert 'recreated' in result['diff']['after']
    data = inspect(name)
    assert data['Id'] != old_id and 'VERSION=2' in data['Config']['Env']
    assert docker_cli('exec', name, 'cat', '/data/file') == 'kept'
    assert docker_inspect('container', '%s_dockyard_old_%s' % (name, old_id[:12])) is None


@pytest.mark.managed_python
def test_networks_connect_and_disconnect_in_place(name, busybox):
    first, second = '%s-n1' % name, '%s-n2' % name
    for network in (first, second):
        docker_cli('network', 'create', network)
    base = dict(image=busybox, command=GRACEFUL)
    run_module('container', name=name, networks=[{'name': first}], **base)
    container_id = inspect(name)['Id']
    joined = converge(name, networks=[{'name': first}, {'name': second, 'aliases': ['api']}], **base)
    assert joined['actions'] == ['connect container %s to network %s' % (name, second)]
    data = inspect(name)
    assert data['Id'] == container_id
    assert 'api' in data['NetworkSettings']['Networks'][second]['Aliases']
    purged = converge(name, networks=[{'name': second, 'aliases': ['api']}], purge_networks=True, **base)
    assert purged['actions'] == ['disconnect container %s from network %s' % (name, first)]
    data = inspect(name)
    assert data['Id'] == container_id and sorted(data['NetworkSettings']['Networks']) == [second]


@pytest.mark.needs('links')
def test_network_with_fixed_address_and_link(name, busybox):
    network = '%s-net' % name
    docker_cli('network', 'create', '--subnet', '10.99.250.0/24', network)
    docker_cli('run', '-d', '--name', '%s-db' % name, '--network', network, busybox, *GRACEFUL)
    converge(name, image=busybox, command=GRACEFUL,
             networks=[{'name': network, 'ipv4_address': '10.99.250.10', 'links': ['%s-db:db' % name]}])
    endpoint = inspect(name)['NetworkSettings']['Networks'][network]
    assert endpoint['IPAddress'] == '10.99.250.10'


def test_image_defaults_never_cause_a_change(name, prefix, busybox):
    docker_cli('create', '--name', '%s-src' % name, busybox)
    image = '%s-defaults:latest' % name.lower()
    commit_image('%s-src' % name, image, 'ENV MODE=image', 'EXPOSE 7000', 'VOLUME /imgdata', 'WORKDIR /srv',
                 'USER 1000:1000', 'LABEL from.image=yes', 'ENTRYPOINT ["sh", "-c"]',
                 'CMD ["trap \\"exit 0\\" TERM; sleep 600 & wait"]')
    converge(name, image=image, env={'EXTRA': 'x'}, labels={'mine': 'y'}, exposed_ports=['7001'],
             volumes=['/other'])
    data = inspect(name)
    assert data['State']['Running'] and data['Config']['WorkingDir'] == '/srv'
    assert {'MODE=image', 'EXTRA=x'} <= set(data['Config']['Env'])
    # Restating the image's own values is no change either.
    same = run_module('container', name=name, image=image, options={'env': {'EXTRA': 'x', 'MODE': 'image'}},
                      labels={'mine': 'y', 'from.image': 'yes'}, exposed_ports=['7000', '7001'],
                      volumes=['/other', '/imgdata'], workdir='/srv', user='1000:1000',
                      entrypoint=['sh', '-c'], command=['trap "exit 0" TERM; sleep 600 & wait'])
    assert not same['changed'], same['actions']


def test_new_image_id_behind_the_same_name_recreates(name, busybox):
    docker_cli('create', '--name', '%s-src' % name, busybox)
    image = '%s-app:latest' % name.lower()
    first_id = commit_image('%s-src' % name, image, 'LABEL build=1')
    run_module('container', name=name, image=image, command=GRACEFUL)
    assert inspect(name)['Image'] == first_id
    second_id = commit_image('%s-src' % name, image, 'LABEL build=2')
    result = converge(name, image=image, command=GRACEFUL)
    assert any('new ID' in action for action in result['actions']), result['actions']
    assert inspect(name)['Image'] == second_id and inspect(name)['State']['Running']
    docker_cli('rmi', first_id, check=False)  # untagged now, so the session cleanup would not find it


@pytest.mark.needs('gap-podman-push-digest')
def test_pull_missing_and_pull_always_through_the_local_registry(name, busybox, registry):
    reference = '%s/%s/app:latest' % (registry, name.lower())
    docker_cli('tag', busybox, reference)
    docker_cli('push', reference)
    docker_cli('rmi', reference)
    base = dict(image=reference, command=GRACEFUL)
    converge(name, **base)  # pull: missing (the default) pulls the absent image; check mode does not
    first_id = inspect(name)['Image']
    # The registry gets a new image behind the same tag; the host keeps the old one.
    docker_cli('create', '--name', '%s-src' % name, busybox)
    commit_image('%s-src' % name, reference, 'LABEL build=2')
    docker_cli('push', reference)
    docker_cli('tag', first_id, reference)
    assert not run_module('container', name=name, **base)['changed'], 'pull: missing asks no registry'
    result = converge(name, pull='always', **base)
    assert any('new ID' in action for action in result['actions']), result['actions']
    assert inspect(name)['Image'] != first_id
    docker_cli('rmi', first_id, check=False)


@pytest.mark.needs('gap-podman-push-digest')
def test_a_pull_that_brings_back_a_removed_tag_is_a_change(name, busybox, registry):
    """Issue 32: pull: true on a container whose image was untagged pulled it back and reported changed: false."""
    reference = '%s/%s/app:latest' % (registry, name.lower())
    kept = '%s/%s/kept:latest' % (registry, name.lower())  # the host keeps the registry's digest under this name
    for tagged in (reference, kept):
        docker_cli('tag', busybox, tagged)
        docker_cli('push', tagged)
    args = dict(name=name, image=reference, command=GRACEFUL, pull=True)
    run_module('container', **args)
    container_id, image_id = inspect(name)['Id'], inspect(name)['Image']
    docker_cli('rmi', reference)  # untagged; the image stays (busybox's)
    checked = run_module('container', check=True, diff=True, **args)
    assert checked['changed'] and checked['actions'] == ['pull image %s' % reference], checked['actions']
    assert docker_inspect('image', reference) is None, 'check mode pulled'
    applied = run_module('container', diff=True, **args)
    assert applied['changed'] and applied['actions'] == checked['actions'], applied['actions']
    assert applied['diff']['before']['image_id'] is None and applied['diff']['after']['image_id'] == image_id
    assert checked['diff'] == applied['diff']
    assert docker_inspect('image', reference)['Id'] == image_id and inspect(name)['Id'] == container_id
    again = run_module('container', diff=True, **args)
    assert not again['changed'] and 'image_id' not in again['diff']['after'], again


def test_recreate_true_recreates_every_time(name, busybox):
    run_module('container', name=name, image=busybox, command=GRACEFUL)
    old_id = inspect(name)['Id']
    result = run_module('container', name=name, image=busybox, command=GRACEFUL, recreate=True)
    assert result['changed'] and inspect(name)['Id'] != old_id


# -- the other options of the issue ------------------------------------------------------------------

def test_process_and_security_options_round_trip(name, busybox, tmp_path):
    (tmp_path / 'hostfile').write_text('from host')
    args = dict(
        image=busybox, entrypoint=['sh', '-c'], command=['trap "exit 0" TERM; sleep 600 & wait'],
        env={'A': '1', 'B': 'two'}, workdir='/tmp', user='1000', hostname='boxhost', labels={'tier': 'test'},
        volumes=['%s-named:/named:ro' % name, '%s:/hostdir' % tmp_path, '/anon'], tmpfs=['/scratch:size=1m'],
        read_only=True, capabilities=['NET_ADMIN'], cap_drop=['MKNOD'], stop_signal='SIGTERM', init=True,
        log_driver='json-file', log_options={'max-size': '1m'}, memory='32m', cpus=0.25,
        healthcheck={'test': ['CMD', 'true'], 'interval': '30s', 'retries': 2},
    )
    converge(name, **args)
    data = inspect(name)
    config, host = data['Config'], data['HostConfig']
    assert data['State']['Running']
    assert config['Entrypoint'] == ['sh', '-c'] and config['WorkingDir'] == '/tmp' and config['User'] == '1000'
    assert config['Hostname'] == 'boxhost' and config['Labels']['tier'] == 'test'
    assert {'A=1', 'B=two'} <= set(config['Env'])
    assert config['Healthcheck']['Test'] == ['CMD', 'true'] and config['Healthcheck']['Retries'] == 2
    assert host['ReadonlyRootfs'] is True and host['Init'] is True
    if ENGINE.is_podman:
        assert host['CapAdd'] == ['NET_ADMIN']
        # Podman reports the signal by number, its own tmpfs and bind options, and neither the
        # dropped capabilities nor the log options (README, compatibility notes).
        assert config['StopSignal'] == '15' and host['Tmpfs']['/scratch'].startswith('size=1m,')
        binds = [bind.split(':') for bind in host['Binds'] if not bind.endswith(':/anon') and ':/anon:' not in bind]
        assert sorted((source, target, 'ro' in options.split(',')) for source, target, options in binds) \
            == sorted([('%s-named' % name, '/named', True), (str(tmp_path), '/hostdir', False)])
        return
    assert config['StopSignal'] == 'SIGTERM'
    assert host['CapAdd'] == ['CAP_NET_ADMIN'] and host['CapDrop'] == ['CAP_MKNOD']
    assert host['LogConfig'] == {'Type': 'json-file', 'Config': {'max-size': '1m'}}
    assert host['Tmpfs'] == {'/scratch': 'size=1m'}
    assert sorted(host['Binds']) == sorted(['%s-named:/named:ro' % name, '%s:/hostdir' % tmp_path])
    assert '/anon' in config['Volumes']
    assert docker_cli('exec', '-u', '0', name, 'cat', '/hostdir/hostfile') == 'from host'


@pytest.mark.needs('links')
def test_links_and_volumes_from(name, busybox):
    db, store = '%s-db' % name, '%s-store' % name
    docker_cli('run', '-d', '--name', db, busybox, *GRACEFUL)
    docker_cli('create', '--name', store, '-v', '/shared', busybox)
    converge(name, image=busybox, command=GRACEFUL, links=['%s:database' % db], volumes_from=[store])
    host = inspect(name)['HostConfig']
    assert host['Links'] == ['/%s:/%s/database' % (db, name)]
    assert host['VolumesFrom'] == [store]
    assert docker_cli('exec', name, 'grep', '-c', 'database', '/etc/hosts') != '0'


def test_network_mode_none_and_privileged_flag(name, busybox):
    # --privileged cannot start on this kind of host (see ENVIRONMENT.md): check the created config.
    converge(name, image=busybox, command=GRACEFUL, network_mode='none', privileged=True, state='present')
    host = inspect(name)['HostConfig']
    assert host['NetworkMode'] == 'none' and host['Privileged'] is True


def test_pull_never_fails_for_a_missing_image(name, prefix):
    result = run_module('container', expect_fail=True, name=name, image='%s-missing/none:1' % prefix, pull='never')
    assert result['msg'].startswith('image: ') and 'pull is never' in result['msg']
    assert inspect(name) is None


def test_stopping_a_missing_container_needs_no_image_and_a_recreate_does(name, busybox):
    stopped = run_module('container', expect_fail=True, name=name, state='stopped')
    assert stopped['msg'].startswith('image: ')
    docker_cli('run', '-d', '--name', name, busybox, *GRACEFUL)
    container_id = inspect(name)['Id']
    refused = run_module('container', expect_fail=True, name=name, options={'env': {'NEW': '1'}})
    assert refused['msg'].startswith('image: required to recreate')
    assert inspect(name)['Id'] == container_id and inspect(name)['State']['Running']


INVALID_ARGUMENTS = [
    ({'published_ports': ['80:abc']}, 'published_ports'),
    ({'published_ports': ['300.1.1.1:80:80']}, 'published_ports'),
    ({'memory': '12q'}, 'memory'),
    ({'restart_policy': 'always', 'restart_retries': 3}, 'restart_retries'),
    ({'env': {'FLAG': True}}, 'env'),
    ({'volumes': ['relative:path:xx']}, 'volumes'),
    ({'networks': [{'name': 'n', 'bogus': 1}]}, 'networks'),
    ({'detach': False, 'state': 'stopped'}, 'detach'),
    ({'cpus': -1}, 'cpus'),
    ({'command': 'echo "unterminated'}, 'command'),
    ({'healthcheck': {'test': []}}, 'healthcheck.test'),  # was ['CMD'], which made dockerd 20.10 panic
]


@pytest.mark.parametrize('args,option', INVALID_ARGUMENTS, ids=[case[1] for case in INVALID_ARGUMENTS])
def test_invalid_arguments_fail_before_touching_the_daemon(name, busybox, args, option):
    result = run_module('container', expect_fail=True, name=name, image=busybox, options=args)
    assert result['msg'].startswith(option + ':'), result['msg']
    assert '\n' not in result['msg']
    assert inspect(name) is None


# -- issue 22 ----------------------------------------------------------------------------------------

def test_namespaces_joined_by_container_name_are_idempotent(name, busybox):
    """Issue 22, case 3: the daemon stores pid_mode/ipc_mode/network_mode container:NAME as container:ID."""
    owner = '%s-owner' % name
    docker_cli('run', '-d', '--name', owner, '--ipc', 'shareable', busybox, *GRACEFUL)
    owner_id = inspect(owner)['Id']
    converge(name, image=busybox, command=GRACEFUL, pid_mode='container:%s' % owner,
             ipc_mode='container:%s' % owner)
    host = inspect(name)['HostConfig']
    assert host['PidMode'] == host['IpcMode'] == 'container:%s' % owner_id
    joined = '%s-net' % name
    converge(joined, image=busybox, command=GRACEFUL, network_mode='container:%s' % owner)
    assert inspect(joined)['HostConfig']['NetworkMode'] == 'container:%s' % owner_id


def test_network_mode_change_to_another_containers_network_recreates(name, busybox):
    """Issue 22, case 4: container: values were left out of the comparison."""
    owner = '%s-owner' % name
    docker_cli('run', '-d', '--name', owner, busybox, *GRACEFUL)
    owner_id = inspect(owner)['Id']
    run_module('container', name=name, image=busybox, command=GRACEFUL, network_mode='none')
    result = converge(name, image=busybox, command=GRACEFUL, network_mode='container:%s' % owner_id)
    assert result['diff']['before']['network_mode'] == 'none'
    assert inspect(name)['HostConfig']['NetworkMode'] == 'container:%s' % owner_id
    missing = run_module('container', expect_fail=True, name=name, image=busybox, command=GRACEFUL,
                         network_mode='container:%s-missing' % name)
    assert missing['msg'].startswith('network_mode: ') and '\n' not in missing['msg']
    assert inspect(name)['HostConfig']['NetworkMode'] == 'container:%s' % owner_id


def test_devices_compare_as_a_set(name, busybox):
    """Issue 22, case 5: the same devices in another order recreated the container."""
    devices = ['/dev/null:/dev/xnull', '/dev/zero:/dev/xzero:rw']
    converge(name, image=busybox, command=GRACEFUL, devices=devices)
    reordered = run_module('container', name=name, image=busybox, command=GRACEFUL, devices=devices[::-1])
    assert not reordered['changed'], reordered['actions']
    fewer = run_module('container', check=True, name=name, image=busybox, command=GRACEFUL, devices=devices[:1])
    assert fewer['changed'], 'the comparison is exact: a device less is a change'


def test_empty_command_means_the_images_cmd(name, busybox):
    """Issue 22, case 6: the daemon fills in the image's CMD, which never equalled []."""
    shell = dict(image=busybox, interactive=True, tty=True)
    run_module('container', name=name, command=GRACEFUL, **shell)
    converge(name, command=[], **shell)
    assert inspect(name)['Config']['Cmd'] == docker_inspect('image', busybox)['Config']['Cmd']
    assert inspect(name)['State']['Running']


def test_one_shot_with_auto_remove_returns_rc_and_output(name, busybox):
    """Issue 22, case 7: the daemon removes the container at exit, before its logs could be read."""
    args = dict(name=name, image=busybox, detach=False, auto_remove=True,
                command=['sh', '-c', 'seq 1 2000; echo to-stderr >&2; sleep 1; echo last'])
    checked = run_module('container', check=True, diff=True, **args)
    assert checked['changed'] and inspect(name) is None
    result = run_module('container', diff=True, **args)
    assert result['rc'] == 0 and not result['failed']
    assert [line for line in result['output'] if line != 'to-stderr'] == [str(n) for n in range(1, 2001)] + ['last']
    assert 'to-stderr' in result['output']
    assert result['actions'] == checked['actions'] and result['diff'] == checked['diff']
    assert result['diff']['after']['state'] == 'absent' and result['container'] == {}
    assert inspect(name) is None
    failed = run_module('container', expect_fail=True, **dict(args, command=['sh', '-c', 'echo bye; exit 4']))
    assert failed['rc'] == 4 and failed['output'] == ['bye'] and 'rc 4' in failed['msg']
    assert inspect(name) is None


def test_check_mode_with_pull_always_predicts_a_pull_of_the_same_image(name, busybox, registry):
    """Issue 22, case 10: check mode predicted a recreate where the real run's pull brought the same image."""
    docker_cli('create', '--name', '%s-src' % name, busybox)
    repository = '%s/app' % name.lower()
    # The host knows the registry's digest under another name of the same registry (localhost for 127.0.0.1).
    pushed_as = 'localhost:%s/%s:latest' % (registry.rsplit(':', 1)[1], repository)
    commit_image('%s-src' % name, pushed_as, 'LABEL build=1')
    docker_cli('push', pushed_as)
    reference = '%s/%s:latest' % (registry, repository)
    docker_cli('tag', pushed_as, reference)
    run_module('container', name=name, image=reference, command=GRACEFUL)
    args = dict(name=name, image=reference, command=GRACEFUL, pull='always')
    checked = run_module('container', check=True, diff=True, **args)
    applied = run_module('container', diff=True, **args)
    assert not applied['changed'], applied['actions']
    assert not checked['changed'], checked['actions']
