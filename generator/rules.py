"""Scanner rules, a pre-commit setup and clean-up commands for one secret type.

Everything is rendered from the catalog entry by `render_rules`, which the playbook page and the
detection tests both call, so the page shows byte for byte what the tests ran.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import jinja2

from generator import templating
from generator.catalog import CatalogError, SecretType

# The gitleaks release the page names and the tests build; the Python tools are pinned by uv.lock.
GITLEAKS_MODULE = "github.com/zricethezav/gitleaks/v8"
GITLEAKS_VERSION = "v8.30.1"
PYTHON_TOOLS = ("detect-secrets", "pre-commit", "git-filter-repo")

# A value is never part of a longer word, path, host or file name. Dots may follow it, as at
# the end of a sentence, but not precede it. Each class ends in `-`, so it stays literal.
NOT_BEFORE = "0-9A-Za-z_./"
NOT_AFTER = "0-9A-Za-z_/"
# The quotes that may wrap a name or a value: ", ' and `, also escaped as in JSON inside a
# string. Written as escapes that Go's RE2, Python's re, TOML and YAML all read the same way.
QUOTE = r"(?:\\?[\x22\x27\x60])?"
ASSIGN = QUOTE + r"\s*(?::=|=>|[:=])\s*" + QUOTE
# ruff's default line width, which the plugin file is laid out for.
PY_WIDTH = 88


@dataclass(frozen=True)
class Block:
    """One copyable block: a file the reader saves, or commands the reader runs."""

    name: str  # the file name to save it as, or what the commands do
    fence: str  # the code fence's language
    text: str


@dataclass(frozen=True)
class Patterns:
    """The regular expressions every scanner's rule is built from."""

    value_go: str  # RE2, for gitleaks: the value is group 1
    value_py: str  # Python re, for detect-secrets: the value is group 1
    context: str  # a keyword, host or API path; both engines read it the same way
    public_name: str  # the end of a name whose value is a public ID, up to the value
    keywords: tuple[str, ...]  # literal text a scanner can look for before any regex runs
    needs_context: bool


def patterns(secret: SecretType) -> Patterns:
    det = secret.detection
    value = secret.format.pattern
    hosts = [
        r"[0-9a-z-]+\." + re.escape(host[2:]) if host.startswith("*.") else re.escape(host)
        for host in det.hosts
    ]
    cues = [*map(re.escape, det.keywords), *hosts, *map(re.escape, det.paths)]
    literals = [*det.keywords, *(h.removeprefix("*.") for h in det.hosts), *det.paths]
    suffixes = det.public_suffixes
    names = [f"[_-](?i:{'|'.join(suffixes)})"] if suffixes else []
    names += [variant for s in suffixes for variant in (s.capitalize(), s.upper())]
    return Patterns(
        value_go=rf"(?m)(?:^|[^{NOT_BEFORE}\r\n-])({value})(?:[^{NOT_AFTER}\r\n-]|$)",
        value_py=rf"(?<![{NOT_BEFORE}-])({value})(?![{NOT_AFTER}-])",
        context="(?i)" + "|".join(cues),
        public_name=f"(?:{'|'.join(names)}){ASSIGN}" if names else "",
        keywords=tuple(dict.fromkeys(word.lower() for word in literals)),
        needs_context=det.confidence != "high",
    )


@dataclass(frozen=True)
class Rules:
    """What the Detect section shows for one secret type."""

    install: Block
    gitleaks_config: Block
    gitleaks_files: Block
    gitleaks_history: Block
    plugin: Block
    detect_secrets_files: Block
    detect_secrets_history: Block
    pre_commit: Block
    purge: Block
    purge_check: Block
    push: Block

    @property
    def blocks(self) -> list[Block]:
        return [getattr(self, name) for name in self.__dataclass_fields__]


def tool_pins(root: Path) -> dict[str, str]:
    """The versions uv.lock pins for the Python tools, which the tests run."""
    try:
        lock = tomllib.loads((root / "uv.lock").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CatalogError(f"uv.lock: cannot read pinned versions: {exc}") from None
    pins = {p["name"]: p["version"] for p in lock.get("package", []) if "version" in p}
    missing = [name for name in PYTHON_TOOLS if name not in pins]
    if missing:
        raise CatalogError(f"uv.lock: pins none of {missing}, which the Detect section names")
    return {name: pins[name] for name in PYTHON_TOOLS}


def py_assign(name: str, literal: str, indent: int = 0, comment: str = "") -> str:
    """`name = literal` laid out as ruff format would, so the plugin passes a format check.

    `indent` spaces start each line; a trailing `comment` stays beside the literal, and ruff
    counts it in the width.
    """
    pad, tail = " " * indent, f"  {comment}" if comment else ""
    line = f"{pad}{name} = {literal}{tail}"
    if len(line) <= PY_WIDTH or indent + 4 + len(literal) + len(tail) > PY_WIDTH:
        return line
    return f"{pad}{name} = (\n{pad}    {literal}{tail}\n{pad})"


def plugin_module(secret: SecretType) -> str:
    return secret.id.replace("-", "_")


def class_name(secret: SecretType) -> str:
    """The detect-secrets plugin's class, e.g. MattermostPersonalTokenDetector."""
    return "".join(part.capitalize() for part in secret.id.split("-")) + "Detector"


# (field, file or purpose, fence, template under templates/detection/)
_BLOCKS = (
    ("install", "install the tools", "sh", "install.sh.j2"),
    ("gitleaks_config", ".gitleaks.toml", "toml", "gitleaks.toml.j2"),
    ("gitleaks_files", "scan files with gitleaks", "sh", "gitleaks-files.sh.j2"),
    ("gitleaks_history", "scan history with gitleaks", "sh", "gitleaks-history.sh.j2"),
    ("plugin", "{module}.py", "python", "plugin.py.j2"),
    ("detect_secrets_files", "scan files with detect-secrets", "sh", "ds-files.sh.j2"),
    ("detect_secrets_history", "scan history with detect-secrets", "sh", "ds-history.sh.j2"),
    ("pre_commit", ".pre-commit-config.yaml", "yaml", "pre-commit-config.yaml.j2"),
    ("purge", "rewrite history", "sh", "purge.sh.j2"),
    ("purge_check", "check the rewrite", "sh", "purge-check.sh.j2"),
    ("push", "replace the shared history", "sh", "push.sh.j2"),
)


class RuleRenderer:
    """Renders the Detect section's blocks; one per build, so templates and pins load once."""

    def __init__(self, root: Path):
        self.root = root
        self.env = templating.environment(root / "templates" / "detection")
        self.env.globals["py_assign"] = py_assign
        self._pins: dict[str, str] | None = None

    @property
    def pins(self) -> dict[str, str]:
        if self._pins is None:
            self._pins = tool_pins(self.root)
        return self._pins

    def render(self, secret: SecretType) -> Rules:
        module = plugin_module(secret)
        context = {
            "secret": secret,
            "det": secret.detection,
            "re": patterns(secret),
            "module": module,
            "class_name": class_name(secret),
            "gitleaks": f"{GITLEAKS_MODULE}@{GITLEAKS_VERSION}",
            "pins": self.pins,
        }
        blocks = {}
        for field, name, fence, template in _BLOCKS:
            try:
                text = self.env.get_template(template).render(context)
            except jinja2.TemplateError as exc:
                line = getattr(exc, "lineno", None)
                at = f"templates/detection/{template}" + (f":{line}" if line else "")
                raise CatalogError(f"{at}: {secret.id}: {exc}") from None
            blocks[field] = Block(name.format(module=module), fence, text)
        return Rules(**blocks)


def render_rules(root: Path, secret: SecretType) -> Rules:
    return RuleRenderer(root).render(secret)
