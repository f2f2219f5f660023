# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)


class ModuleDocFragment(object):

    # Connection options shared by every module of the collection.
    DOCUMENTATION = r'''
options:
  docker_host:
    description:
      - How to reach the Docker daemon, as C(unix:///path/to/docker.sock), C(tcp://HOST:PORT) or
        C(ssh://[USER@]HOST[:PORT]).
      - C(ssh://) runs C(ssh [USER@]HOST docker system dial-stdio) through the Docker SDK's ssh transport, as the
        docker CLI does (your C(~/.ssh/config), keys and agent apply); it needs C(pip install "docker[ssh]") on the
        managed node and the docker CLI on the remote host. Reads over ssh are not bound by O(timeout).
      - When not given, the E(DOCKER_HOST) environment variable is used, else the docker CLI's context (see
        O(docker_context)), else C(unix:///var/run/docker.sock).
      - Set it once for a play with C(module_defaults) and the action group C(group/dockyard.docker.docker).
    type: str
    aliases: [docker_url]
  docker_context:
    description:
      - A context of the docker CLI (C(docker context create)) to reach the daemon through, as C(docker --context)
        does, that is its daemon address and the TLS files it keeps, read from the CLI's context store on the managed node
        (E(DOCKER_CONFIG), default C(~/.docker)). TLS options the task gives win over the context's.
      - When neither this nor a daemon address (O(docker_host), E(DOCKER_HOST)) is given, the context in
        E(DOCKER_CONTEXT) is used, else the one C(docker context use) chose (C(currentContext) in C(config.json)), as
        the docker CLI does. The context C(default) is O(docker_host)'s own default.
      - Giving O(docker_host) as well fails, as the docker CLI refuses C(--host) with C(--context); a O(docker_host)
        that only repeats E(DOCKER_HOST) gives way to the context.
    type: str
  tls:
    description:
      - Connect with TLS without verifying the daemon's certificate.
      - Falls back to the E(DOCKER_TLS) environment variable.
    type: bool
  validate_certs:
    description:
      - Connect with TLS and verify the daemon's certificate against O(ca_path).
      - Falls back to the E(DOCKER_TLS_VERIFY) environment variable, like the docker CLI.
    type: bool
    aliases: [tls_verify]
  ca_path:
    description:
      - CA certificate to verify the daemon with.
      - Defaults to C(ca.pem) in the E(DOCKER_CERT_PATH) folder when that is set.
    type: path
    aliases: [ca_cert, tls_ca_cert]
  client_cert:
    description:
      - Client certificate for TLS client authentication.
      - Defaults to C(cert.pem) in the E(DOCKER_CERT_PATH) folder when that is set.
    type: path
    aliases: [tls_client_cert, cert_path]
  client_key:
    description:
      - Private key of O(client_cert).
      - Defaults to C(key.pem) in the E(DOCKER_CERT_PATH) folder when that is set.
    type: path
    aliases: [tls_client_key, key_path]
  timeout:
    description:
      - Seconds to wait for an answer from the daemon. Falls back to E(DOCKER_TIMEOUT).
      - Pulls, builds and waiting for a one-shot container allow longer.
    type: int
    default: 60
  api_version:
    description:
      - Engine API version to speak, such as C(1.41). C(auto) uses the daemon's own version.
      - Falls back to E(DOCKER_API_VERSION).
    type: str
    default: auto
    aliases: [docker_api_version]
notes:
  - Talks to the Engine API directly over the socket with Python's standard library; the Docker SDK
    for Python is imported only by the tasks that need it (see the requirements). A task that needs
    it where it is missing fails with one line naming what to install, before anything is changed.
requirements:
  - Docker Engine API 1.41 or newer
  - docker[ssh] >= 7.0 (the Docker SDK for Python) on the managed node, only for O(docker_host) C(ssh://...)
'''

    # The Docker SDK where a module reads a credential helper (a registry login the docker CLI's
    # config.json keeps in credsStore / credHelpers). tests/unit/test_sdk_requirements.py holds
    # that exactly the modules that can reach api/credentials.py extend it.
    SDK_CREDENTIALS = r'''
options: {}  # ansible-core takes no fragment without options or attributes
requirements:
  - docker >= 7.0 (the Docker SDK for Python) on the managed node, only when the docker CLI's config
    names a credential helper (C(credsStore) or C(credHelpers)) for the registry
'''

    # The Docker SDK where a module builds an image (the build context and its .dockerignore rules).
    SDK_BUILD = r'''
options: {}  # ansible-core takes no fragment without options or attributes
requirements:
  - docker >= 7.0 (the Docker SDK for Python) on the managed node, only to build an image
'''

    ATTRIBUTES = r'''
attributes:
  check_mode:
    description: Can run in check mode and return changed status prediction without modifying target.
    support: full
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: full
  idempotent:
    description: When run twice in a row outside check mode with the same arguments, the second invocation reports no change.
    support: full
'''

    ATTRIBUTES_INFO = r'''
attributes:
  check_mode:
    description: Can run in check mode and return changed status prediction without modifying target.
    support: full
    details: Only reads; nothing is changed in either mode.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: none
  idempotent:
    description: When run twice in a row outside check mode with the same arguments, the second invocation reports no change.
    support: full
'''

    # Connection options of the inventory plugins (containers, swarm_nodes): the same options as
    # the modules', read from the inventory file or the environment, once or per daemon.
    INVENTORY = r'''
options:
  docker_host:
    description:
      - How to reach the Docker daemon, as C(unix:///path/to/docker.sock) or C(tcp://HOST:PORT).
      - When not given, the E(DOCKER_HOST) environment variable is used, else the docker CLI's context (see
        O(docker_context)), else C(unix:///var/run/docker.sock).
      - The default for every entry of O(daemons) that does not set its own.
    type: str
    aliases: [docker_url]
    env:
      - name: DOCKER_HOST
  docker_context:
    description:
      - A context of the docker CLI to reach the daemon through (its address and TLS files, from the CLI's context
        store on the controller), as C(docker --context). Without it and without a daemon address, E(DOCKER_CONTEXT),
        else the context C(docker context use) chose, as the docker CLI does.
      - The default for every entry of O(daemons) that does not set its own.
    type: str
  tls:
    description: Connect with TLS without verifying the daemon's certificate. Falls back to E(DOCKER_TLS).
    type: bool
    env:
      - name: DOCKER_TLS
  validate_certs:
    description: Connect with TLS and verify the daemon's certificate against O(ca_path). Falls back to E(DOCKER_TLS_VERIFY).
    type: bool
    aliases: [tls_verify]
    env:
      - name: DOCKER_TLS_VERIFY
  ca_path:
    description: CA certificate to verify the daemon with; C(ca.pem) in E(DOCKER_CERT_PATH) when that is set.
    type: path
    aliases: [ca_cert, tls_ca_cert]
  client_cert:
    description: Client certificate for TLS client authentication; C(cert.pem) in E(DOCKER_CERT_PATH) when that is set.
    type: path
    aliases: [tls_client_cert, cert_path]
  client_key:
    description: Private key of O(client_cert); C(key.pem) in E(DOCKER_CERT_PATH) when that is set.
    type: path
    aliases: [tls_client_key, key_path]
  timeout:
    description: Seconds to wait for an answer from the daemon. Falls back to E(DOCKER_TIMEOUT).
    type: int
    default: 60
    env:
      - name: DOCKER_TIMEOUT
  api_version:
    description: Engine API version to speak, such as C(1.41). V(auto) uses the daemon's own version. Falls back to E(DOCKER_API_VERSION).
    type: str
    default: auto
    aliases: [docker_api_version]
    env:
      - name: DOCKER_API_VERSION
  daemons:
    description:
      - Several daemons to read, each a dict of the connection options above (O(docker_host),
        O(docker_context), O(tls), O(validate_certs), O(ca_path), O(client_cert), O(client_key), O(timeout),
        O(api_version)) plus C(host_prefix), a text put in front of the names of its hosts so
        that equal names on two daemons stay two hosts.
      - Options an entry leaves out come from the top-level options. Without O(daemons), the
        top-level options name the one daemon.
    type: list
    elements: dict
notes:
  - Talks to the Engine API with the collection's own client; the controller needs no Docker SDK
    and no C(docker) CLI.
'''
