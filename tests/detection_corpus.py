"""Files a scanner should search: tokens placed where they really leak, and near misses.

The texts come from one module per secret type under tests/corpora/. Every value is made at test
time, so no token-like literal is ever committed: `{token}` in a text becomes a fresh token that a
scanner must report, `{id}` a fresh value that it must not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from types import ModuleType


@dataclass(frozen=True)
class Value:
    path: str  # relative to the repository root
    line: int  # 1-based
    text: str
    secret: bool  # a token a scanner must report, or a near miss it must not

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


_SLOT = re.compile(r"\{(token|id)\}")


@dataclass(frozen=True)
class Corpus:
    files: dict[str, str]
    values: list[Value]

    @property
    def tokens(self) -> list[Value]:
        return [v for v in self.values if v.secret]

    @property
    def near_misses(self) -> list[Value]:
        return [v for v in self.values if not v.secret]

    def write(self, root: Path) -> None:
        for path, text in self.files.items():
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")


def corpus_for(secret_id: str) -> ModuleType:
    """The fixtures module of a secret type, or an error that says where to add one."""
    name = f"tests.corpora.{secret_id.replace('-', '_')}"
    try:
        return import_module(name)
    except ModuleNotFoundError:
        message = f"catalog/{secret_id}.yaml has no detection fixtures: add {name}"
        raise LookupError(message) from None


def make(source: ModuleType, templates: dict[str, str] | None = None) -> Corpus:
    """Fill every slot with a fresh value and note where each one landed."""
    templates = {**source.LEAKS, **source.NEAR_MISSES} if templates is None else templates
    makers = {"token": source.new_token, "id": source.new_look_alike}
    files: dict[str, str] = {}
    values: list[Value] = []
    for path, template in templates.items():
        lines = []
        for number, line in enumerate(template.splitlines(keepends=True), start=1):
            filled = line
            for slot in _SLOT.findall(line):
                text = makers[slot]()
                filled = filled.replace("{" + slot + "}", text, 1)
                values.append(Value(path, number, text, slot == "token"))
            lines.append(filled)
        files[path] = "".join(lines)
    return Corpus(files, values)
