"""Generated parts of the backend and language set-up pages: what to install, with pinned versions.

The pins come from the same lock files as the playbooks' Install lines, so the two never differ.
"""

from __future__ import annotations

from generator.base import CatalogError
from generator.languages import LANGUAGES, Language
from generator.snippets import BACKENDS, Backend, Renderer, Snippet


def _backend(backend_id: str) -> Backend:
    for backend in BACKENDS:
        if backend.id == backend_id:
            return backend
    raise CatalogError(f"no backend '{backend_id}'; known: {[b.id for b in BACKENDS]}")


def _language(language_id: str) -> Language:
    for language in LANGUAGES:
        if language.id == language_id:
            return language
    raise CatalogError(f"no language '{language_id}'; known: {[lang.id for lang in LANGUAGES]}")


def _install(renderer: Renderer, backend: Backend, language: Language) -> str:
    packages = renderer.packages(backend.id, language)
    if not packages:
        return "No packages; the program's opening comment names any tool it needs."
    # A snippet formats the line, so it reads exactly as a playbook tab's Install line.
    line = Snippet(secret="", language=language, code="", packages=packages, backend=backend)
    return f"`{line.install}`"


def backend_install(renderer: Renderer, backend_id: str) -> str:
    """Language tabs with what each language installs for this backend."""
    backend = _backend(backend_id)
    tabs = []
    for language in renderer.languages:
        tabs.append(
            f'=== "{language.label}"\n\n'
            f"    Install: {_install(renderer, backend, language)}\n\n"
            f"    Setup: [{language.label} programs](../languages/{language.id}.md)\n"
        )
    if not tabs:
        return "No programs are published for this backend yet."
    return "\n".join(tabs)


def language_packages(renderer: Renderer, language_id: str) -> str:
    """A table of what this language installs for each backend."""
    language = _language(language_id)
    if language not in renderer.languages:
        return f"No {language.label} programs are published yet."
    rows = [
        f"| [{b.label}](../backends/{b.id}.md) | {_install(renderer, b, language)} |"
        for b in BACKENDS
    ]
    return "\n".join(["| Backend | Install |", "|---|---|", *rows])
