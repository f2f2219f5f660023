"""Strategies and the one check of the parser fuzz tests (test_specs_fuzz*.py, test_compose_fuzz.py):
broad inputs (arbitrary text and unicode, huge numbers, nested structures) and real-world values
with damage done to them."""

from hypothesis import strategies as st

from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError

# Values users write (docs, issues, playbooks), per parser.
CORPUS = {
    'ports': ['80', '8080:80', '0.0.0.0::80', '0.0.0.0:8080:80', '127.0.0.1:53:53/udp', '8000-8005:80-85',
              '8000-8005:80', '[::1]:8080:80', '[::]:443:443/tcp', '9000/SCTP', '5000-5010', ' 80 ', '80/tcp',
              '192.168.1.10:8443:443', '[fe80::1%eth0]:80:80', '65535:65535', '0:80'],
    'volumes': ['data:/var/lib/data', '/srv/www:/usr/share/nginx/html:ro', '/cache', '~/conf:/conf:ro,z',
                'db-data:/var/lib/postgresql/data:rw', '/var/run/docker.sock:/var/run/docker.sock',
                './relative:/x', 'C:\\Users\\x:/data', '/a:/b:ro,rw', '/a:/b:rshared', 'vol:/x:nocopy'],
    'sizes': ['512m', '1g', '1.5G', '100', '64k', '2TB', '1GiB', '0', ' 10 m ', '1e3', '-1', '0.5k', '9' * 30 + 'p', '9' * 400, '9007199254740993'],
    'addresses': ['172.20.0.10', '::1', 'fe80::1%eth0', '10.0.0.0/8', '172.20.0.0/16', '2001:db8::/32',
                  '172.20.0.1/16', '192.168.0.1/24', '0.0.0.0/0', '::/0', '10.0.0.1/33', '1.2.3', '01.2.3.4'],
    'durations': ['30s', '1m30s', '500ms', '2h', '1.5h', '100us', '10ns', '24h', '1d', '-1s', '90', '', '9' * 400 + 'h'],
    'links': ['db', 'db:database', '/db:db', 'a:b:c', ':alias', ''],
    'keys': ['80', '80/tcp', '53/udp', '8000-8010/tcp', '9000/sctp', '80/icmp'],
    'booleans': ['true', 'yes', '1', 'no', 'False', 'maybe'],
    'macs': ['92:d0:c6:0a:29:33', '02:42:AC:11:00:02', '02-42-ac-11-00-02', '0242ac110002', ' 02:42:ac:11:00:02 '],
    'modes': ['0644', '644', '0o755', '1777', '07777', '8', 'u=rw', '0o10000', ' 0600 '],
    'commands': ['sleep 600', 'sh -c "echo hi; sleep 1"', "httpd -f -p '8080'", 'a\\ b', '"unclosed', "it's"],
    'env_files': ['A=1', 'A=1\n# comment\nB=', 'EMPTY', ' SPACED = x ', 'BAD KEY=1', '=novalue', 'A==b'],
    'cpus': ['0.5', '2', '1.5', '0', '-1', '1e3', 'inf', 'nan', '1e300', '0.000000001'],
    'devices': ['/dev/sda', '/dev/sda:/dev/xvda', '/dev/sda:/dev/xvda:rw', 'sda', '/dev/a:/b:c:d'],
    'tmpfs': ['/run', '/run:rw,size=64m', 'run:size=1m', '/tmp:'],
    'ulimits': ['nofile=1024:2048', 'nofile:1024:2048', 'nproc=512', 'core=-1', 'nofile=2048:1024', 'bogus=1'],
    'gpus': ['all', '2', 'device=0,1', 'device=GPU-abc driver=nvidia', 'count=all', 'count=2', 'gpu=1'],
    'times': ['1700000000', '1700000000.5', '10m', '1h30m', '2024-05-01T10:00:00Z', '2024-05-01',
              '2024-05-01T10:00:00.123456789+02:00', 'yesterday', '0001-01-01T00:00:00Z', '9999-12-31'],
}
ALL_CORPUS = sorted({value for values in CORPUS.values() for value in values})
HUGE = st.one_of(st.integers(min_value=10 ** 18, max_value=10 ** 400), st.integers(max_value=-(10 ** 18)),
                 st.text('0123456789', min_size=300, max_size=6000))
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(), st.binary(max_size=20), HUGE)
NESTED = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.tuples(inner, inner), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12)


def damaged(corpus):
    """A real value with text spliced in, a piece cut out, or a character doubled."""
    return st.builds(lambda value, at, insert, cut: value[:at] + insert + value[at + cut:],
                     st.sampled_from(corpus), st.integers(0, 40), st.text(max_size=4), st.integers(0, 3))


def texts(corpus):
    unicode_digits = st.text(st.sampled_from('0123456789\u0660\u0967\uff10\u00b2:/-.[]%, '), max_size=30)
    return st.one_of(st.sampled_from(corpus), damaged(corpus), damaged(ALL_CORPUS), st.text(), unicode_digits)


def anything(corpus):
    return st.one_of(texts(corpus), NESTED, st.lists(texts(corpus), max_size=4))


def outcome(parser, *args, **named):
    """The parser's result, or None when it refused with SpecError; any other exception fails the test.

    The error is one line naming the option (the first argument, or one of `options`).
    """
    options = named.pop('options', None) or (args[0],)
    try:
        return parser(*args, **named)
    except SpecError as error:
        message = str(error)
        assert any(message.startswith(option + ': ') or message.startswith(option + '.') for option in options), message
        assert '\n' not in message.replace(repr(error.value), ''), message
        return None
