"""Sphinx configuration for the flake8-neveragain documentation.

Build with: python -m sphinx -W --keep-going -b html docs docs/_build/html
(tests/test_docs_build.py runs exactly this, warnings as errors).

The rule pages themselves live in src/flake8_neveragain/rules_docs/ so that
the installed package ships them for `neveragain explain`; docs/rules/ holds
one include stub per page.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _version() -> str:
    # Read, not imported: the docs build must not depend on how (or whether)
    # the package is installed.
    text = (ROOT / "src" / "flake8_neveragain" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    return match.group(1) if match else "unknown"


project = "flake8-neveragain"
author = "the flake8-neveragain contributors"
copyright = "the flake8-neveragain contributors"
release = version = _version()

extensions = ["myst_parser"]
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]

# Anchors for "## What it does" and friends, so pages can link to sections.
myst_heading_anchors = 2

html_theme = "furo"
html_title = f"flake8-neveragain {release}"
html_show_sourcelink = False
html_copy_source = False
# No network at build time, and pages work offline.
html_theme_options = {"navigation_with_keys": True}
