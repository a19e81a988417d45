"""The snippet languages: tab label, file layout, and where each pins its packages."""

from __future__ import annotations

import json
import re
import tomllib
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


def _uv_lock(path: Path) -> dict[str, str]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {p["name"]: p["version"] for p in data.get("package", []) if "version" in p}


def _npm_lock(path: Path) -> dict[str, str]:
    packages = json.loads(path.read_text(encoding="utf-8")).get("packages", {})
    prefix = "node_modules/"
    return {
        key.removeprefix(prefix): value["version"]
        for key, value in packages.items()
        if key.startswith(prefix) and "version" in value
    }


def _go_mod(path: Path) -> dict[str, str]:
    text = path.read_text(encoding="utf-8")
    found = re.findall(r"^\s*(?:require\s+)?([\w.\-/]+\.[\w.\-/]+)\s+(v[\w.\-+]+)", text, re.M)
    return dict(found)


def _cargo_lock(path: Path) -> dict[str, str]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {p["name"]: p["version"] for p in data.get("package", [])}


def _pom(path: Path) -> dict[str, str]:
    """groupId:artifactId -> version; artifacts a BOM manages get the BOM's version."""
    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    root = ET.parse(path).getroot()
    props = {el.tag.split("}")[1]: el.text or "" for el in root.findall("m:properties/*", ns)}

    def value(text: str | None) -> str:
        return re.sub(r"\$\{([^}]+)\}", lambda m: props.get(m.group(1), m.group(0)), text or "")

    pins: dict[str, str] = {}
    bom_version = ""
    for dep in root.iterfind(".//m:dependency", ns):
        coords = (
            f"{value(dep.findtext('m:groupId', '', ns))}:{dep.findtext('m:artifactId', '', ns)}"
        )
        version = value(dep.findtext("m:version", None, ns))
        if dep.findtext("m:scope", "", ns) == "import":
            bom_version = version
        pins[coords] = version
    return {coords: version or bom_version for coords, version in pins.items()}


@dataclass(frozen=True)
class Language:
    id: str
    label: str
    fence: str
    lock: str  # the file, relative to the project root, that pins this language's packages
    read_pins: Callable[[Path], dict[str, str]]
    install: str  # how a reader installs the pins; {pins} is "name<sep>version ..."
    pin_separator: str
    path: str  # where a snippet goes in the language's runner project

    def program_path(self, secret: str, name: str, class_name: str) -> str:
        """Where a program sits in the runner project; name is a backend or an action."""
        return self.path.format(
            secret=secret,
            backend=name,
            secret_=secret.replace("-", "_"),
            backend_=name.replace("-", "_"),
            Class=class_name,
        )


def camel(slug: str) -> str:
    return "".join(part.capitalize() for part in slug.split("-"))


# Tab order on the page. Material links tabs across the site by these exact labels.
LANGUAGES = (
    Language(
        "python",
        "Python",
        "python",
        "uv.lock",
        _uv_lock,
        "pip install {pins}",
        "==",
        "{secret_}_{backend_}.py",
    ),
    Language(
        "javascript",
        "JavaScript",
        "javascript",
        "snippets/javascript/package-lock.json",
        _npm_lock,
        "npm install {pins}",
        "@",
        "{secret}-{backend}.mjs",
    ),
    Language(
        "go",
        "Go",
        "go",
        "snippets/go/go.mod",
        _go_mod,
        "go get {pins}",
        "@",
        "cmd/{secret}-{backend}/main.go",
    ),
    Language(
        "java",
        "Java",
        "java",
        "snippets/java/pom.xml",
        _pom,
        "Maven: {pins}",
        ":",
        "src/main/java/{Class}.java",
    ),
    Language(
        "rust",
        "Rust",
        "rust",
        "snippets/rust/Cargo.lock",
        _cargo_lock,
        "cargo add {pins} && cargo add tokio --features macros,rt-multi-thread",
        "@=",
        "src/bin/{secret_}_{backend_}.rs",
    ),
    Language(
        "shell",
        "Shell",
        "bash",
        "uv.lock",
        _uv_lock,
        "pip install {pins}",
        "==",
        "{secret}-{backend}.sh",
    ),
)
