"""linkchecker, with its anchor check reading each page's anchors once.

linkchecker 10.6 downloads and parses a page again for every link that names one of its
anchors (https://github.com/linkchecker/linkchecker/issues/781): over the playbooks that took
eleven minutes, against forty seconds for the links alone. Each linked URL is still requested,
but this reads and parses each page's body once, keeps its anchors, and checks every linked
anchor against them with AnchorCheck's own check_anchor. Remove this file, and run linkchecker
itself, once that issue is fixed.
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
    # One lock for all pages, held while the first thread to reach a page reads and parses it,
    # so that the others wait for its anchors rather than parse it too. The reads are from
    # 127.0.0.1 and the parsing holds the GIL, so a lock per page would gain little.
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
