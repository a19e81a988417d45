"""Render snippet templates into complete programs, one per (secret type, backend, language)."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

import jinja2
import yaml

from generator.catalog import CatalogError, SecretType


@dataclass(frozen=True)
class Backend:
    id: str
    label: str
    where: str  # "from <where>" reads as a sentence


@dataclass(frozen=True)
class Language:
    id: str
    label: str
    extension: str
    fence: str


# One fixed set of tab labels across the site: Material links tabs by their exact text.
BACKENDS = (
    Backend("env", "Environment variable", "an environment variable"),
    Backend("aws-secrets-manager", "AWS Secrets Manager", "AWS Secrets Manager"),
    Backend("vault", "HashiCorp Vault", "HashiCorp Vault"),
    Backend("conjur", "CyberArk Conjur", "CyberArk Conjur"),
)
LANGUAGES = (Language("python", "Python", "py", "python"),)


@dataclass(frozen=True)
class Snippet:
    secret: str
    backend: Backend
    language: Language
    code: str
    packages: tuple[tuple[str, str], ...]

    @property
    def filename(self) -> str:
        return f"{self.backend.id.replace('-', '_')}.{self.language.extension}"


class Renderer:
    """Renders snippets from the templates folder; the page and the tests both use it."""

    def __init__(self, root: Path):
        self.root = root
        self.templates = root / "snippets"
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(self.templates),
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            autoescape=False,
        )

    def snippet(self, secret: SecretType, backend: Backend, language: Language) -> Snippet:
        name = f"{language.id}/{backend.id}.{language.extension}.j2"
        try:
            code = self.env.get_template(name).render(
                secret=secret, storage=secret.storage, api=secret.api, backend=backend
            )
        except jinja2.TemplateError as exc:
            where = getattr(exc, "filename", None) or name
            line = getattr(exc, "lineno", None)
            at = f"{where}:{line}" if line else where
            raise CatalogError(f"snippets/{at}: {secret.id}: {exc.message}") from None
        return Snippet(secret.id, backend, language, code, self.packages(backend, language))

    def all(self, secret: SecretType) -> list[Snippet]:
        return [self.snippet(secret, b, lang) for b in BACKENDS for lang in LANGUAGES]

    def packages(self, backend: Backend, language: Language) -> tuple[tuple[str, str], ...]:
        """(package, pinned version) pairs a reader installs to run the snippet."""
        wanted = self._package_lists(language.id).get(backend.id)
        if wanted is None:
            raise CatalogError(f"snippets/{language.id}/packages.yaml: no entry '{backend.id}'")
        pins = _locked_versions(self.root / _LOCKS[language.id])
        missing = [name for name in wanted if name not in pins]
        if missing:
            raise CatalogError(
                f"snippets/{language.id}/packages.yaml: '{backend.id}' names {missing}, "
                f"which {_LOCKS[language.id]} does not pin"
            )
        return tuple((name, pins[name]) for name in wanted)

    def _package_lists(self, language: str) -> dict[str, list[str]]:
        path = self.templates / language / "packages.yaml"
        try:
            return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise CatalogError(f"{path}: {exc}") from None


# The lock file that pins the packages each language's snippets use.
_LOCKS = {"python": "uv.lock"}


@functools.cache
def _locked_versions(lock: Path) -> dict[str, str]:
    data = tomllib.loads(lock.read_text(encoding="utf-8"))
    return {pkg["name"]: pkg["version"] for pkg in data.get("package", []) if "version" in pkg}
