"""Serve a WSGI app on a free loopback port from a daemon thread."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

from werkzeug.serving import make_server

# How often the serving loop looks for a stop request; small so that stop() returns quickly.
_POLL_SECONDS = 0.02


class Server:
    """A running server; `url` is its base address. Stop it, or use it as a context manager."""

    def __init__(self, app):
        self._server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        # The socket already listens, so requests made before the loop starts wait in its queue.
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": _POLL_SECONDS},
            name=f"stand-in {self.url}",
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()


def serve(app) -> Server:
    return Server(app)


@contextlib.contextmanager
def served(standin) -> Iterator:
    """The stand-in served, with its address as `.url`; it must end with no contract violations."""
    with serve(standin) as server:
        standin.url = server.url
        yield standin
    standin.assert_clean()
