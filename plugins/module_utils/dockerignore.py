# -*- coding: utf-8 -*-
# Copyright: (c) 2026, dockyard.docker contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which files of a build context the daemon receives: .dockerignore matching and the context tar.

The rules are those of the Docker SDK's docker.utils.build (itself a port of
moby's fileutils), re-stated here so an unchanged build need not import the
SDK (about a quarter of a second). tests/unit/test_image_dockerignore.py
checks this against the SDK on generated trees and patterns.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import io
import os
import re
import tarfile
import tempfile


def read_patterns(context):
    """The .dockerignore lines of a context, comments and blank lines dropped."""
    try:
        with open(os.path.join(context, '.dockerignore')) as handle:
            lines = [line.strip() for line in handle.read().splitlines()]
    except OSError:
        return []
    return [line for line in lines if line and not line.startswith('#')]


def _split(path):
    return [part for part in path.split('/') if part and part != '.']


def _clean(pattern):
    """Drop '.', empty and '..' (with the part before it) components, as Go's filepath.Clean does."""
    parts = []
    for part in _split(pattern.strip()):
        if part == '..':
            if parts:
                parts.pop()
        else:
            parts.append(part)
    return parts


def translate(pattern):
    """A .dockerignore glob as a regular expression: '*' and '?' stop at '/', '**' crosses it."""
    i, n, regex = 0, len(pattern), '^'
    while i < n:
        char = pattern[i]
        i += 1
        if char == '*' and i < n and pattern[i] == '*':
            i += 1
            if i < n and pattern[i] == '/':
                i += 1
            regex += '.*' if i >= n else '(.*/)?'
        elif char == '*':
            regex += '[^/]*'
        elif char == '?':
            regex += '[^/]'
        elif char == '[':
            i, regex = _char_class(pattern, i, regex)
        else:
            regex += re.escape(char)
    return regex + '$'


def _char_class(pattern, i, regex):
    j, n = i, len(pattern)
    if j < n and pattern[j] == '!':
        j += 1
    if j < n and pattern[j] == ']':
        j += 1
    while j < n and pattern[j] != ']':
        j += 1
    if j >= n:
        return i, regex + '\\['
    inside = pattern[i:j].replace('\\', '\\\\')
    if inside[0] == '!':
        inside = '^' + inside[1:]
    elif inside[0] == '^':
        inside = '\\' + inside
    return j + 1, regex + '[%s]' % inside


class Pattern:

    def __init__(self, text):
        self.exclusion = text.startswith('!')
        self.dirs = _clean(text[1:] if self.exclusion else text)
        self.cleaned = '/'.join(self.dirs)
        self.regex = re.compile(translate(self.cleaned))

    def match(self, path):
        return bool(self.regex.match(path))


class PatternMatcher:
    """Last matching pattern wins; a pattern matching a parent directory matches what is inside."""

    def __init__(self, patterns):
        self.patterns = [p for p in (Pattern(text) for text in patterns) if p.dirs]
        self.patterns.append(Pattern('!.dockerignore'))

    def excluded(self, path):
        matched = False
        parent = os.path.dirname(path)
        parent_dirs = _split(parent)
        for pattern in self.patterns:
            match = pattern.match(path)
            if not match and parent and len(pattern.dirs) <= len(parent_dirs):
                match = pattern.match('/'.join(parent_dirs[:len(pattern.dirs)]))
            if match:
                matched = not pattern.exclusion
        return matched

    def may_include_below(self, directory):
        """An excluded directory is still entered when an exception pattern starts with it."""
        return any(p.exclusion and p.cleaned.startswith(directory) for p in self.patterns)

    def walk(self, root, current=''):
        for entry in os.listdir(os.path.join(root, current) if current else root):
            path = '%s/%s' % (current, entry) if current else entry
            excluded = self.excluded(path)
            if not excluded:
                yield path
            full = os.path.join(root, path)
            if os.path.isdir(full) and not os.path.islink(full) and \
                    (not excluded or self.may_include_below(path)):
                yield from self.walk(root, path)


def context_files(root, dockerfile=None):
    """Sorted relative paths (files and directories) sent as the context; the Dockerfile always is."""
    patterns = read_patterns(root) + ['!%s' % (dockerfile or 'Dockerfile')]
    return sorted(set(PatternMatcher(patterns).walk(root)))


def context_archive(root, files, extra_files=()):
    """The context as an uncompressed tar in a temporary file; extra (name, text) files override."""
    fileobj = tempfile.TemporaryFile()
    extra_names = set(name for name, _text in extra_files)
    with tarfile.open(mode='w', fileobj=fileobj) as archive:
        for path in files:
            if path in extra_names:
                continue
            full = os.path.join(root, path)
            info = archive.gettarinfo(full, arcname=path)
            if info is None:  # sockets cannot be archived; the SDK skips them too
                continue
            info.mtime = int(info.mtime)
            if info.isfile():
                with open(full, 'rb') as handle:
                    archive.addfile(info, handle)
            else:
                archive.addfile(info)
        for name, text in extra_files:
            data = text.encode('utf-8')
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    fileobj.seek(0)
    return fileobj
