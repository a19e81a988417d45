from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.catalog import SecretType, load_catalog
from tests import servers as local
from tests.scenario import Servers
from tests.standins.conjur import ConjurStandIn
from tests.standins.mattermost import MattermostStandIn
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
def backend_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    logs = tmp_path_factory.mktemp("server-logs")
    mattermost = MattermostStandIn()
    conjur = ConjurStandIn()
    with (
        local.moto(logs) as aws,
        local.openbao(logs) as vault,
        serve(mattermost) as mattermost_server,
        serve(conjur) as conjur_server,
    ):
        yield Servers(
            aws=aws.url,
            vault=vault.url,
            vault_token=vault.extra["token"],
            conjur=conjur_server.url,
            conjur_standin=conjur,
            providers={"mattermost-personal-token": (mattermost_server.url, mattermost)},
        )


@pytest.fixture
def servers(backend_servers: Servers) -> Iterator[Servers]:
    """The shared servers; after each test, every stand-in must have seen only valid traffic."""
    yield backend_servers
    for _, standin in backend_servers.providers.values():
        standin.assert_clean()
    backend_servers.conjur_standin.assert_clean()
