"""MkDocs hooks: the search plugin gets each page without its code; `serve --dirty` stays strict.

Only the hand-over lives here; what is indexed is decided in generator/search.py.
"""

from __future__ import annotations

import logging

from mkdocs.plugins import CombinedEvent, event_priority

from generator.search import searchable

_full: dict[int, str] = {}


@event_priority(100)  # before the search plugin (priority 0) indexes the page
def _hide_code(context, page, config, nav):
    _full[id(page)] = page.content
    page.content = searchable(page.content)
    return context


@event_priority(-100)  # after every plugin, before the theme renders the page
def _show_code(context, page, config, nav):
    full = _full.pop(id(page), None)
    if full is not None:
        page.content = full
    return context


on_page_context = CombinedEvent(_hide_code, _show_code)


class _DirtyServeNotice(logging.Filter):
    """Drops the one warning `mkdocs serve --dirty` always gives, which strict mode would fail.

    Remove when MkDocs lets a strict serve rebuild only changed pages without warning.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


def on_startup(command, dirty):
    if command == "serve" and dirty:
        logging.getLogger("mkdocs.commands.build").addFilter(_DirtyServeNotice())
