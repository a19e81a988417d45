"""What of a rendered page goes into the site's search index.

Code blocks stay out: a page holds dozens of programs, which would multiply the index that
every reader downloads and match every query. Cutting them before the search plugin reads the
page also spares it parsing most of the page's HTML, the largest cost of a build.
"""

from __future__ import annotations

import re

# Pygments and plain fences both render code as <pre>…</pre>; a <pre> never nests another.
CODE = re.compile(r"<pre\b[^>]*>.*?</pre>", re.DOTALL)


def searchable(html: str) -> str:
    """The page as the search index should see it: everything but its code blocks."""
    return CODE.sub("", html)
