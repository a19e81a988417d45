from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from generator.catalog import SecretType, load_catalog
from tests import servers as local
from tests.scenario import Servers
from tests.standins.conjur import ConjurStandIn
from tests.standins.providers import standin_for
from tests.standins.serve import serve

# Prints the recall and false-positive counts the detection tests record.
pytest_plugins = ["tests.detection_report"]

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def catalog() -> dict[str, SecretType]:
    return {s.id: s for s in load_catalog(ROOT / "catalog")}


@pytest.fixture(scope="session")
def backend_servers(
    tmp_path_factory: pytest.TempPathFactory, catalog: dict[str, SecretType]
) -> Iterator[Servers]:
    logs = tmp_path_factory.mktemp("server-logs")
    conjur = ConjurStandIn()
    with ExitStack() as stack:
        aws = stack.enter_context(local.moto(logs))
        vault = stack.enter_context(local.openbao(logs))
        conjur_server = stack.enter_context(serve(conjur))
        providers = {}
        for secret_id in catalog:
            standin = standin_for(secret_id)
            # A stand-in whose secrets are URLs makes them with the address it is served at.
            standin.url = stack.enter_context(serve(standin)).url
            providers[secret_id] = (standin.url, standin)
        yield Servers(
            aws=aws.url,
            vault=vault.url,
            vault_token=vault.extra["token"],
            conjur=conjur_server.url,
            conjur_standin=conjur,
            providers=providers,
        )


@pytest.fixture
def servers(backend_servers: Servers) -> Iterator[Servers]:
    """The shared servers; after each test, every stand-in must have seen only valid traffic."""
    yield backend_servers
    for _, standin in backend_servers.providers.values():
        standin.assert_clean()
    backend_servers.conjur_standin.assert_clean()
