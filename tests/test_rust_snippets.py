"""Build every Rust program once, run each snippet against its backend, prove the checks bite.

The action programs run in tests/test_actions.py; here they are format-checked and linted.
"""

from __future__ import annotations

import re
import secrets
import tomllib
from collections import Counter
from pathlib import Path

import pytest
import yaml

from generator.catalog import load_catalog
from generator.snippets import ActionSnippet, Program
from tests import lang_rust
from tests.pages import ROOT, all_actions, all_snippets
from tests.runner import run, snippet_id
from tests.scenario import Servers, check_run, isolated_env, prepare

SNIPPETS = all_snippets("rust")
ACTIONS = all_actions("rust")
# The breakage tests break an HTTP call: HTTP types only (an SDK type's has no auth scheme).
SECRET_IDS = sorted(
    {s.secret for s in SNIPPETS} & {s.id for s in load_catalog(ROOT / "catalog") if s.api}
)


def program_id(program: Program) -> str:
    return f"{program.secret}/{program.name}"


@pytest.fixture(scope="session")
def rust_project() -> tuple[Path, dict[str, lang_rust.Broken]]:
    try:
        project = lang_rust.build()
    except lang_rust.BuildError as exc:
        pytest.fail(str(exc), pytrace=False)
    return project, lang_rust.broken_programs()


def test_every_backend_has_a_rust_snippet() -> None:
    assert {s.backend.id for s in SNIPPETS} == {"env", "aws-secrets-manager", "vault", "conjur"}


def test_every_action_has_a_rust_program() -> None:
    assert {a.action for a in ACTIONS} == {"check", "revoke", "disable", "enable", "find", "audit"}


@pytest.mark.parametrize("program", [*SNIPPETS, *ACTIONS], ids=program_id)
def test_rust_program_is_rustfmt_clean(program: Program, tmp_path: Path) -> None:
    # rustfmt --check reports success on stdin whatever it finds, so check a file.
    source = tmp_path / "main.rs"
    source.write_text(program.code, encoding="utf-8")
    done = run(["rustfmt", "--check", "--edition", lang_rust.edition(), str(source)], tmp_path)
    assert done.returncode == 0, f"rustfmt would change {program.path}:\n{done.stdout}{done.stderr}"


@pytest.mark.parametrize("program", [*SNIPPETS, *ACTIONS], ids=program_id)
def test_rust_program_names_exactly_the_crates_it_uses(program: Program) -> None:
    manifest = tomllib.loads((lang_rust.SOURCE / "Cargo.toml").read_text(encoding="utf-8"))
    crates = {name.replace("-", "_"): name for name in manifest["dependencies"]}
    used = {crates[m] for m in re.findall(r"\b(\w+)::", program.code) if m in crates}
    listed = yaml.safe_load((lang_rust.SOURCE / "packages.yaml").read_text(encoding="utf-8"))
    # A type called through its provider's SDKs lists its crates under sdk-<name> keys.
    sdk = [set(names) for key, names in listed.items() if key.startswith("sdk-")]
    if isinstance(program, ActionSnippet):
        assert used in ({*listed["actions"]}, {*listed["actions-without-json"]}, *sdk)
        assert dict(program.packages).keys() == used, "the install line names other crates"
    else:
        backend = program.backend.id
        wanted = ({*listed[backend]}, {*listed.get(f"{backend}-without-json", [])})
        assert used in (*wanted, {*listed.get(f"sdk-{backend}", [])})
        assert dict(program.packages).keys() == used, "the install line names other crates"


def test_cargo_lock_pins_one_version_of_each_named_crate() -> None:
    lock = tomllib.loads((lang_rust.SOURCE / "Cargo.lock").read_text(encoding="utf-8"))
    listed = yaml.safe_load((lang_rust.SOURCE / "packages.yaml").read_text(encoding="utf-8"))
    named = {name for names in listed.values() for name in names}
    counts = Counter(package["name"] for package in lock["package"])
    assert {name: counts[name] for name in named} == dict.fromkeys(named, 1)


@pytest.mark.parametrize("snippet", SNIPPETS, ids=snippet_id)
def test_rust_snippet_runs_against_backend(
    snippet, rust_project, servers: Servers, catalog, tmp_path: Path
) -> None:
    project, _ = rust_project
    case = prepare(servers, catalog[snippet.secret], snippet.backend.id, tmp_path)
    done = run([str(lang_rust.program(project, snippet.path))], tmp_path, env=case.env)
    check_run(case, done.returncode, done.stdout, done.stderr)


@pytest.mark.parametrize("secret_id", SECRET_IDS)
def test_rust_snippet_with_wrong_auth_scheme_fails(
    secret_id: str, rust_project, servers: Servers, catalog, tmp_path: Path
) -> None:
    project, broken = rust_project
    wrong = broken[f"{secret_id}/auth_scheme"]
    case = prepare(servers, catalog[secret_id], "env", tmp_path)
    done = run([str(lang_rust.program(project, wrong.path))], tmp_path, env=case.env)

    with pytest.raises(AssertionError, match="exit 1"):
        check_run(case, done.returncode, done.stdout, done.stderr)
    # Where the status is 200 either way, the answer's error names the rejection instead.
    check = catalog[secret_id].actions.check
    if check.probe:
        # The live answer, which the broken program takes for a dead one, is named by status.
        assert f"HTTP {check.live.status}" in done.stderr, done.stderr
    else:
        rejected = ["401", *check.dead_errors]
        assert any(f"answered {word}" in done.stderr for word in rejected), done.stderr
    assert case.token not in done.stdout + done.stderr


@pytest.mark.parametrize("secret_id", SECRET_IDS)
def test_rust_snippet_with_wrong_whoami_field_fails(
    secret_id: str, rust_project, servers: Servers, catalog, tmp_path: Path
) -> None:
    project, broken = rust_project
    wrong = broken[f"{secret_id}/whoami_field"]
    case = prepare(servers, catalog[secret_id], "env", tmp_path)
    done = run([str(lang_rust.program(project, wrong.path))], tmp_path, env=case.env)

    # Another field's value is printed instead, or the program stops on a field of another type.
    with pytest.raises(AssertionError, match="username is not in the output|exit 1"):
        check_run(case, done.returncode, done.stdout, done.stderr)


@pytest.mark.parametrize("snippet", [s for s in SNIPPETS if s.backend.id == "env"], ids=snippet_id)
def test_rust_env_snippet_names_the_unset_variable(
    snippet, rust_project, catalog, tmp_path: Path
) -> None:
    project, _ = rust_project
    secret = catalog[snippet.secret]
    env = isolated_env(tmp_path)
    if secret.api and secret.api.base_url_env:
        env[secret.api.base_url_env] = "http://127.0.0.1:9"
    if (
        secret.api and secret.api.auth.second_header
    ):  # a setting beside the token, set so the token is missed
        env[secret.api.auth.second_header.env] = "owner-id"
    # An SDK type's secret half, which isolated_env sets for the backend's SDK.
    env.pop(secret.storage.env_var, None)

    done = run([str(lang_rust.program(project, snippet.path))], tmp_path, env=env)
    assert done.returncode != 0
    assert f"{secret.storage.env_var} is not set" in done.stderr


def test_rust_programs_pass_clippy(rust_project) -> None:
    project, _ = rust_project
    done = lang_rust.clippy(project, [*SNIPPETS, *ACTIONS])
    assert done.returncode == 0, f"clippy found problems in {project}:\n{done.stderr[-6000:]}"


@pytest.mark.parametrize("secret_id", SECRET_IDS)
def test_rust_check_with_wrong_auth_scheme_calls_a_live_token_dead(
    secret_id: str, rust_project, servers: Servers, catalog, tmp_path: Path
) -> None:
    project, broken = rust_project
    secret = catalog[secret_id]
    url, standin = servers.providers[secret_id]
    owner = standin.add_user(f"bot-{secrets.token_hex(3)}")
    _, token = standin.create_token(owner["id"], "ci notifier")
    env = isolated_env(tmp_path) | {secret.storage.env_var: token}
    if secret.api.base_url_env:
        env[secret.api.base_url_env] = url
    if secret.api.auth.second_header:
        env[secret.api.auth.second_header.env] = standin.second_header_value(owner)

    # The same live token, checked by the tested program and by the broken one.
    check = next(a for a in ACTIONS if a.secret == secret_id and a.action == "check")
    right = run([str(lang_rust.program(project, check.path))], tmp_path, env=env)
    wrong_check = broken[f"{secret_id}/check_auth_scheme"]
    wrong = run([str(lang_rust.program(project, wrong_check.path))], tmp_path, env=env)

    assert right.stdout.startswith("LIVE"), right.stdout + right.stderr
    assert wrong.returncode == 0 and wrong.stdout.startswith("DEAD"), wrong.stdout + wrong.stderr
    assert token not in right.stdout + right.stderr + wrong.stdout + wrong.stderr
