"""The Markdown pages (README.md, docs/*.md) as GitHub and the docs site read them: titles, heading
anchors and relative links. Used by the tests of tests/docs."""

import glob
import os
import re

from collection_path import REPO_ROOT

DOCS = os.path.join(REPO_ROOT, 'docs')
README = os.path.join(REPO_ROOT, 'README.md')

LINK = re.compile(r'!?\[(?:[^\]\[]|\[[^\]]*\])*\]\(([^)\s]+)\)')
HEADING = re.compile(r'^(#{1,6}) +(.*?) *#*$')


def guide_names():
    """Every page under docs/, by name without .md (the docs site publishes each as guides/<name>.html)."""
    return sorted(os.path.basename(path)[:-3] for path in glob.glob(os.path.join(DOCS, '*.md')))


def prose_lines(path):
    """(line number, line) outside fenced code blocks."""
    fence = None
    with open(path, encoding='utf-8') as handle:
        for number, line in enumerate(handle, 1):
            marker = re.match(r'^ {0,3}(```+|~~~+)', line)
            if marker:
                if fence is None:
                    fence = marker.group(1)
                elif marker.group(1).startswith(fence):
                    fence = None
                continue
            if fence is None:
                yield number, line.rstrip('\n')


def plain_text(markdown):
    """A heading's text as rendered: code spans, bold and links reduced to their text (the pages
    use no _emphasis_ in headings, so underscores stay)."""
    text = re.sub(r'\[([^\]]*)\]\([^)]*\)', r'\1', markdown)
    return re.sub(r'[`*]', '', text)


def slug(heading):
    """The anchor GitHub (and MyST's myst_heading_anchors) gives a heading."""
    return re.sub(r'[^\w\- ]', '', plain_text(heading).strip().lower()).replace(' ', '-')


def headings(path):
    """[(level, text)] of the page's headings."""
    found = []
    for _number, line in prose_lines(path):
        match = HEADING.match(line)
        if match:
            found.append((len(match.group(1)), match.group(2)))
    return found


def title(path):
    levels = [text for level, text in headings(path) if level == 1]
    return plain_text(levels[0]) if levels else None


def anchors(path):
    """The heading anchors of a page; a repeated heading gets -1, -2, ... as on GitHub."""
    seen = {}
    result = set()
    for _level, text in headings(path):
        base = slug(text)
        count = seen.get(base, 0)
        seen[base] = count + 1
        result.add(base if count == 0 else '%s-%d' % (base, count))
    return result


def relative_links(path):
    """[(line number, target)] of the links and images that point inside the repository."""
    found = []
    for number, line in prose_lines(path):
        line = re.sub(r'`[^`]*`', '', line)
        for target in LINK.findall(line):
            if not re.match(r'^[a-z][a-z0-9+.-]*:', target, re.I):
                found.append((number, target))
    return found


def broken_links(path):
    """'PAGE:LINE: TARGET (why)' for each relative link whose file or heading anchor does not exist."""
    problems = []
    for number, target in relative_links(path):
        file_part, _hash, fragment = target.partition('#')
        target_path = os.path.normpath(os.path.join(os.path.dirname(path), file_part)) if file_part else path
        where = '%s:%d: %s' % (os.path.relpath(path, REPO_ROOT), number, target)
        if not os.path.exists(target_path):
            problems.append('%s (no such file)' % where)
        elif not os.path.realpath(target_path).startswith(REPO_ROOT + os.sep):
            problems.append('%s (outside the repository)' % where)
        elif fragment and target_path.endswith('.md') and fragment not in anchors(target_path):
            problems.append('%s (no such heading)' % where)
    return problems
