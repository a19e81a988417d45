"""linkchecker, with its anchor check reading each page's anchors once.

linkchecker 10.6 parses a page again for every link that names one of its anchors
(https://github.com/linkchecker/linkchecker/issues/781): over the playbooks that took eleven
minutes, against forty seconds for the links alone. This keeps the anchors found per page and
checks each linked anchor against them, as AnchorCheck does. Remove this file, and run
linkchecker itself, once that issue is fixed.
"""

from __future__ import annotations

import sys
import threading

from linkcheck.command.linkchecker import linkchecker
from linkcheck.htmlutil import linkparse
from linkcheck.plugins import anchorcheck

_anchors: dict[str, list] = {}
_lock = threading.Lock()


def _check(self, url_data) -> None:
    page = url_data.url.partition("#")[0]
    # One lock for all pages: the checking threads share the GIL, so parsing two pages at once
    # gains nothing, and waiting here keeps a page from being parsed by each of them.
    with _lock:
        if page not in _anchors:
            collector = anchorcheck.UrlAnchorCheck()
            linkparse.find_links(url_data.get_soup(), collector.add_anchor, linkparse.AnchorTags)
            _anchors[page] = collector.anchors
        found = _anchors[page]
    checker = anchorcheck.UrlAnchorCheck()
    checker.anchors = found
    checker.check_anchor(url_data)


anchorcheck.AnchorCheck.check = _check

if __name__ == "__main__":
    sys.exit(linkchecker())
