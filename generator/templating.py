"""The one way this project loads Jinja templates: strict, and byte-faithful to the template."""

from __future__ import annotations

from pathlib import Path

import jinja2


def environment(folder: Path) -> jinja2.Environment:
    """Templates under `folder`; an undefined name fails, and whitespace stays as written."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # the output is Markdown and source code, never HTML
    )
