"""Make this checkout importable as ansible_collections.dockyard.docker (tests only)."""

import os

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COLLECTIONS_ROOT = os.path.join(REPO_ROOT, 'tests', 'output', 'collections')
COLLECTION_LINK = os.path.join(COLLECTIONS_ROOT, 'ansible_collections', 'dockyard', 'docker')


def ensure_collection_link():
    if not os.path.exists(COLLECTION_LINK):
        os.makedirs(os.path.dirname(COLLECTION_LINK), exist_ok=True)
        os.symlink(REPO_ROOT, COLLECTION_LINK)
    return COLLECTIONS_ROOT
