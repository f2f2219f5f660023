"""README.md is the front page: short, its module and role tables current, every guide linked.

The rest of what the README once held lives in docs/*.md (the docs site's guides); test_links.py
checks that the README's links and anchors resolve.
"""

import os
import re

from collection_path import REPO_ROOT
from markdown_pages import README, guide_names, prose_lines

MAX_LINES = 300


def table_names(heading):
    """The first column's `name` of each row of the first table under the README's heading."""
    names, inside = [], False
    for _number, line in prose_lines(README):
        if line.startswith('#'):
            if inside and names:
                break
            inside = line.strip() == heading
            continue
        if inside:
            match = re.match(r'^\| `([a-z_]+)` \|', line)
            if match:
                names.append(match.group(1))
            elif names and not line.startswith('|'):
                break
    return names


def test_readme_is_short():
    with open(README, encoding='utf-8') as handle:
        count = len(handle.read().splitlines())
    assert count <= MAX_LINES, '%d lines: move the details to a page under docs/' % count


def test_module_table_lists_every_module_once():
    modules = sorted(name[:-3] for name in os.listdir(os.path.join(REPO_ROOT, 'plugins', 'modules'))
                     if name.endswith('.py') and not name.startswith('_'))
    listed = table_names('## Modules')
    assert sorted(listed) == modules
    assert len(listed) == len(set(listed)), listed


def test_role_table_lists_every_role_once():
    roles = sorted(name for name in os.listdir(os.path.join(REPO_ROOT, 'roles'))
                   if os.path.isdir(os.path.join(REPO_ROOT, 'roles', name)))
    listed = table_names('## Roles')
    assert sorted(listed) == roles
    assert len(listed) == len(set(listed)), listed


def test_every_guide_is_linked():
    with open(README, encoding='utf-8') as handle:
        text = handle.read()
    linked = set(re.findall(r'\]\(docs/([a-z_-]+)\.md[#)]', text))
    assert set(guide_names()) <= linked, sorted(set(guide_names()) - linked)
