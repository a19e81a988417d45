"""The home page's catalog finder: a filter form and one table row per secret type.

The table is HTML so each row can carry its category and hosting for the filter script
(docs/javascripts/site.js); its link cells stay Markdown, so MkDocs checks them.
Without JavaScript the form stays hidden and the whole table shows.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from generator.catalog import SecretType

HOSTING = {"self-hosted": "Self-hosted", "cloud": "Cloud", "both": "Self-hosted or cloud"}


def _options(values: Iterable[str]) -> str:
    return "".join(f'<option value="{escape(v)}">{escape(v)}</option>' for v in values)


def _form(secrets: list[SecretType]) -> str:
    categories = sorted({s.category for s in secrets})
    hosting = "".join(
        f'<option value="{key}">{label}</option>' for key, label in HOSTING.items() if key != "both"
    )
    return (
        '<form class="catalog-filter" data-catalog-filter hidden role="search"'
        ' aria-label="Filter secret types">\n'
        '<label>Name or provider <input type="search" name="q" autocomplete="off"'
        ' spellcheck="false"></label>\n'
        '<label>Category <select name="category"><option value="">All</option>'
        f"{_options(categories)}</select></label>\n"
        '<label>Hosting <select name="hosting"><option value="">All</option>'
        f"{hosting}</select></label>\n"
        '<p class="catalog-filter__count" role="status" data-catalog-count></p>\n'
        "</form>"
    )


def _row(secret: SecretType) -> str:
    return (
        f'<tr data-category="{escape(secret.category)}" data-hosting="{secret.hosting}"'
        ' markdown="1">'
        f'<td markdown="span">[{secret.name}](secrets/{secret.id}.md)</td>'
        f"<td>{escape(secret.provider)}</td>"
        f"<td>{escape(secret.category)}</td>"
        f"<td>{HOSTING[secret.hosting]}</td></tr>"
    )


def catalog_finder(secrets: Iterable[SecretType]) -> str:
    """Markdown (with HTML blocks) for the filter form and the catalog table."""
    ordered = sorted(secrets, key=lambda s: (s.provider.lower(), s.name.lower()))
    head = "<tr><th>Secret type</th><th>Provider</th><th>Category</th><th>Hosting</th></tr>"
    rows = "\n".join(_row(s) for s in ordered)
    return "\n\n".join(
        [
            _form(ordered),
            # No class: Material styles only tables without one.
            f'<table data-catalog markdown="1">\n<thead>{head}</thead>\n'
            f'<tbody markdown="1">\n{rows}\n</tbody>\n</table>',
            '<p class="catalog-filter__empty" data-catalog-empty hidden>No secret type matches.'
            " Clear the filters, or use the site search at the top of the page.</p>",
        ]
    )
