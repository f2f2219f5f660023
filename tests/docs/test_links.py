"""Every internal link resolves: in the Markdown sources as GitHub shows them (README.md, docs/*.md),
and in the built site (every page, every href to another page of the site or to an anchor).

Sphinx already fails the build (-W) on a reference it cannot resolve; this reads what it wrote, so
a link that slipped through as a plain URL fails too.
"""

import functools
import os
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import pytest

from collection_path import REPO_ROOT
from markdown_pages import DOCS, README, broken_links, guide_names

SITE = os.path.join(REPO_ROOT, 'tests', 'output', 'docs', 'build', 'html')


class PageLinks(HTMLParser):
    """The ids a page defines and the hrefs / srcs it points at."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.links = set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ('id', 'name'):
            if attrs.get(key):
                self.ids.add(attrs[key])
        for key in ('href', 'src'):
            if attrs.get(key) and (tag, key) in (('a', 'href'), ('img', 'src'), ('link', 'href'), ('script', 'src')):
                self.links.append(attrs[key])


@functools.lru_cache(maxsize=None)
def read_page(path):
    parser = PageLinks()
    with open(path, encoding='utf-8') as handle:
        parser.feed(handle.read())
    return parser


def site_pages():
    pages = []
    for folder, dirs, names in os.walk(SITE):
        dirs[:] = [name for name in dirs if not name.startswith('_')]
        pages.extend(os.path.join(folder, name) for name in names if name.endswith('.html'))
    return sorted(pages)


@pytest.mark.parametrize('path', [README] + [os.path.join(DOCS, '%s.md' % name) for name in guide_names()],
                         ids=lambda path: os.path.relpath(path, REPO_ROOT))
def test_markdown_links_resolve(path):
    assert broken_links(path) == []


def test_site_internal_links_resolve():
    assert os.path.isfile(os.path.join(SITE, 'index.html')), 'no site: run tests/harness/docs.sh build'
    problems = []
    pages = site_pages()
    for page in pages:
        for link in read_page(page).links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith('mailto:'):
                continue
            target = os.path.normpath(os.path.join(os.path.dirname(page), unquote(parts.path))) if parts.path else page
            where = '%s: %s' % (os.path.relpath(page, SITE), link)
            if not os.path.exists(target):
                problems.append('%s (no such file)' % where)
            elif parts.fragment and target.endswith('.html') and unquote(parts.fragment) not in read_page(target).ids:
                problems.append('%s (no such anchor)' % where)
    assert len(pages) > len(guide_names()), pages
    assert problems == []
