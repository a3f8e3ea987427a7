"""MkDocs hooks: the generated reference pages (tools/reference.py), built with the site.

The pages are made when MkDocs collects the files, so the site always shows the code it was
built from, and no generated Markdown is kept in the repository to drift from it.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import reference
from mkdocs.structure.files import File, Files


def on_files(files: Files, config: Any) -> Files:
    for path, make in reference.PAGES.items():
        files.append(File.generated(config, path, content=make()))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    for marker, make in reference.PARTS.items():
        if marker in markdown:
            markdown = markdown.replace(marker, make())
    return markdown
