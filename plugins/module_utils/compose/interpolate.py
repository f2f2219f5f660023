# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Variable interpolation and env files, as Docker Compose does them.

Interpolation (values only, never keys):

    $$                 a literal $
    $VAR  ${VAR}       the value, or '' when unset
    ${VAR:-default}    default when VAR is unset or empty      ${VAR-default}  only when unset
    ${VAR:?message}    an error when VAR is unset or empty     ${VAR?message}  only when unset
    ${VAR:+other}      other when VAR is set and not empty     ${VAR+other}    when set
A default, message or replacement may hold further ${...} expressions.

Env files (`.env`, `env_files`, a service's `env_file`): `KEY=VALUE` lines, `export KEY=VALUE`,
`#` comments (a ` #` after an unquoted value starts one too), 'single quoted' values taken as
they are, "double quoted" values with \\n \\t \\\\ \\" escapes and interpolation, quoted values may
span lines; a bare `KEY` takes its value from the environment (None when it is not set there).
"""

import re

from ansible_collections.dockyard.docker.plugins.module_utils.specs.errors import SpecError

_NAME = re.compile(r'[A-Za-z_][A-Za-z0-9_]*')
_ENV_KEY = re.compile(r'^[A-Za-z_][A-Za-z0-9_.-]*$')
_OPERATORS = (':-', ':?', ':+', '-', '?', '+')
_ESCAPES = {'n': '\n', 't': '\t', 'r': '\r', '\\': '\\', '"': '"'}
ACCEPTED = "a $ starts $VAR, ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error} or $$ (a literal $)"


def _closing_brace(text, start, option):
    depth = 1
    index = start
    while index < len(text):
        if text.startswith('$$', index):
            index += 2
            continue
        if text.startswith('${', index):
            depth += 1
            index += 2
            continue
        if text[index] == '}':
            depth -= 1
            if depth == 0:
                return index
        index += 1
    raise SpecError(option, text, 'a ${ is never closed; ' + ACCEPTED)


def _braced(expression, env, option, text):
    match = _NAME.match(expression)
    if not match:
        raise SpecError(option, text, ACCEPTED)
    name = match.group(0)
    rest = expression[match.end():]
    value = env.get(name)
    if not rest:
        return '' if value is None else value
    operator = next((op for op in _OPERATORS if rest.startswith(op)), None)
    if operator is None:
        raise SpecError(option, text, ACCEPTED)
    argument = rest[len(operator):]
    missing = value is None or (operator.startswith(':') and value == '')
    if operator.endswith('-'):
        return substitute(argument, env, option) if missing else value
    if operator.endswith('+'):
        return '' if missing else substitute(argument, env, option)
    if missing:
        message = substitute(argument, env, option) or 'it must be set' + (' and not empty' if operator == ':?' else '')
        raise SpecError(option, text, 'required variable %s: %s' % (name, message))
    return value


def substitute(text, env, option):
    """Interpolate one string. env maps names to strings; option names it in errors."""
    if '$' not in text:
        return text
    out = []
    index = 0
    while index < len(text):
        char = text[index]
        if char != '$':
            out.append(char)
            index += 1
            continue
        following = text[index + 1:index + 2]
        if following == '$':
            out.append('$')
            index += 2
        elif following == '{':
            end = _closing_brace(text, index + 2, option)
            out.append(_braced(text[index + 2:end], env, option, text))
            index = end + 1
        else:
            match = _NAME.match(text, index + 1)
            if not match:
                raise SpecError(option, text, ACCEPTED)
            out.append(env.get(match.group(0)) or '')
            index = match.end()
    return ''.join(out)


def interpolate(value, env, path=''):
    """Interpolate every string value of a YAML tree (keys stay as written)."""
    if isinstance(value, str):
        return substitute(value, env, path)
    if isinstance(value, dict):
        return dict((key, interpolate(item, env, _child(path, key))) for key, item in value.items())
    if isinstance(value, list):
        return [interpolate(item, env, '%s[%d]' % (path, index)) for index, item in enumerate(value)]
    return value


def _child(path, key):
    return '%s.%s' % (path, key) if path else str(key)


def _quoted(lines, start, quote, option):
    """The text between quotes starting on lines[start]; returns (text, next line index)."""
    collected = lines[start]
    index = start
    while True:
        end = _closing_quote(collected, quote)
        if end >= 0:
            return collected[:end], index + 1
        index += 1
        if index >= len(lines):
            raise SpecError(option, lines[start], 'the quoted value is never closed')
        collected += '\n' + lines[index]


def _closing_quote(text, quote):
    index = 0
    while index < len(text):
        if quote == '"' and text[index] == '\\':
            index += 2
            continue
        if text[index] == quote:
            return index
        index += 1
    return -1


def _unescape(text):
    out = []
    index = 0
    while index < len(text):
        if text[index] == '\\' and index + 1 < len(text) and text[index + 1] in _ESCAPES:
            out.append(_ESCAPES[text[index + 1]])
            index += 2
            continue
        out.append(text[index])
        index += 1
    return ''.join(out)


def _entry_value(raw, lines, index, lookup, option):
    """Parse the value after KEY=; returns (value, next line index)."""
    raw = raw.lstrip()
    if raw[:1] == "'":
        lines[index] = raw[1:]
        text, following = _quoted(lines, index, "'", option)
        return text, following
    if raw[:1] == '"':
        lines[index] = raw[1:]
        text, following = _quoted(lines, index, '"', option)
        return substitute(_unescape(text), lookup, option), following
    comment = re.search(r'\s#', raw)
    if comment:
        raw = raw[:comment.start()]
    return substitute(raw.strip(), lookup, option), index + 1


def parse_env_text(text, environ=None, option='env_file'):
    """Parse env-file text into an ordered dict of name -> value (None: not set anywhere)."""
    environ = environ or {}
    result = {}
    lookup = _Lookup(result, environ)
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index].strip()
        if not line or line.startswith('#'):
            index += 1
            continue
        if line.startswith('export '):
            line = line[len('export '):].lstrip()
        key, sep, raw = line.partition('=')
        key = key.strip()
        where = '%s line %d' % (option, index + 1)
        if not _ENV_KEY.match(key):
            raise SpecError(where, lines[index], 'env file lines are KEY=VALUE, export KEY=VALUE, KEY or # comments')
        if not sep:
            result[key] = environ.get(key)
            index += 1
            continue
        lines[index] = raw
        result[key], index = _entry_value(raw, lines, index, lookup, where)
    return result


def read_env_file(path, environ=None, option='env_file'):
    try:
        with open(path, encoding='utf-8') as handle:
            text = handle.read()
    except (IOError, OSError) as error:
        raise SpecError(option, path, 'the env file cannot be read: %s' % (error.strerror or error))
    return parse_env_text(text, environ, '%s (%s)' % (option, path))


class _Lookup:
    """Names defined earlier in the env file first, then the environment."""

    def __init__(self, defined, environ):
        self.defined = defined
        self.environ = environ

    def get(self, name, default=None):
        if self.defined.get(name) is not None:
            return self.defined[name]
        return self.environ.get(name, default)
