"""The built docs site (tests/harness/docs.sh build) as a browser shows it: headless Chromium.

Run by `make docs` after the build. Chromium renders each page and prints the DOM after its
scripts ran (--dump-dom); the module page must carry its options table with the real options,
the index must link the modules, the connection plugin, the roles and every guide, and each guide
(every docs/*.md) must show its title. The module page's screenshot becomes docs/docs-site.png
(docs.sh check copies it once the tests passed).
"""

import html
import os
import re
import subprocess

import pytest

from collection_path import REPO_ROOT
from markdown_pages import DOCS, guide_names, title

SITE = os.path.join(REPO_ROOT, 'tests', 'output', 'docs', 'build', 'html')
SCREENSHOTS = os.path.join(REPO_ROOT, 'tests', 'output', 'docs', 'screenshots')
CHROMIUM = ['chromium', '--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars']


def chromium(*args):
    proc = subprocess.run(CHROMIUM + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=180,
                          check=False)
    assert proc.returncode == 0, proc.stderr.decode('utf-8', 'replace')[-2000:]
    return proc.stdout.decode('utf-8', 'replace')


def page(name):
    path = os.path.join(SITE, name)
    assert os.path.isfile(path), '%s is not built: run tests/harness/docs.sh build' % path
    return 'file://' + path


def heading_text(fragment):
    """A heading's text without its tags and Sphinx's permalink (whose sign the theme draws)."""
    fragment = re.sub(r'<a [^>]*class="headerlink"[^>]*>.*?</a>', '', fragment, flags=re.S)
    return ' '.join(html.unescape(re.sub(r'<[^>]+>', '', fragment)).split())


@pytest.fixture(scope='module')
def module_dom():
    return chromium('--dump-dom', page('container_module.html'))


@pytest.fixture(scope='module')
def index_dom():
    return chromium('--dump-dom', page('index.html'))


def test_index_links_modules_connection_and_roles(index_dom):
    links = set(re.findall(r'href="([a-z_]+_(?:module|connection|role)\.html)"', index_dom))
    for expected in ('container_module.html', 'image_module.html', 'network_module.html', 'volume_module.html',
                     'docker_exec_connection.html', 'engine_role.html', 'nginx_site_role.html'):
        assert expected in links, sorted(links)


def test_index_links_every_guide(index_dom):
    links = set(re.findall(r'href="guides/([a-z_-]+)\.html"', index_dom))
    assert set(guide_names()) <= links, sorted(set(guide_names()) - links)


@pytest.mark.parametrize('name', guide_names())
def test_guide_page_shows_its_title(name):
    dom = chromium('--dump-dom', page('guides/%s.html' % name))
    headings = [heading_text(h1) for h1 in re.findall(r'<h1[^>]*>(.*?)</h1>', dom, re.S)]
    expected = title(os.path.join(DOCS, '%s.md' % name))
    assert expected in headings, (expected, headings)
    # Rendered as a page of the site (the theme's navigation around it), not as bare text.
    assert 'wy-nav-content' in dom or 'rst-content' in dom, dom[:2000]


def test_module_page_has_its_options_table(module_dom):
    tables = re.findall(r'<table [^>]*class="[^"]*ansible-option-table[^"]*"', module_dom)
    assert tables, module_dom[:2000]
    options = set(re.findall(r'id="parameter-([a-z_]+)"', module_dom))
    # Options of the module itself and of the shared connection fragment.
    assert {'name', 'image', 'published_ports', 'networks', 'state', 'docker_host', 'tls'} <= options, sorted(options)
    assert 'dockyard.docker.container module' in module_dom


def test_module_page_screenshot():
    os.makedirs(SCREENSHOTS, exist_ok=True)
    target = os.path.join(SCREENSHOTS, 'container_module.png')
    if os.path.exists(target):
        os.remove(target)
    # Tall enough to show the top of the options table (docs/docs-site.png is this picture).
    chromium('--window-size=1280,1900', '--screenshot=%s' % target, page('container_module.html'))
    with open(target, 'rb') as png:
        data = png.read()
    assert data.startswith(b'\x89PNG\r\n\x1a\n'), data[:16]
    width, height = int.from_bytes(data[16:20], 'big'), int.from_bytes(data[20:24], 'big')
    assert (width, height) == (1280, 1900)
    # A rendered page compresses worse than a blank one (a few kB).
    assert len(data) > 30000, len(data)
