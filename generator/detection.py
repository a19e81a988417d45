"""Catalog model for detection: what must stand near a value for a scanner to report it."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from generator.base import Model, Url


def _lowercase(word: str) -> str:
    if not word.strip() or word != word.lower():
        raise ValueError("must be lowercase text: scanners compare it case-insensitively")
    return word


# A word matched case-insensitively; written in lowercase so the catalog shows that.
Word = Annotated[str, AfterValidator(_lowercase)]
# A host only the provider serves; `*.` stands for one label, as in `*.cloud.mattermost.com`.
Host = Annotated[str, Field(pattern=r"^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+$")]
# A gitleaks rule id, such as mattermost-access-token.
RuleId = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
# The start of the provider's API paths, as literal text.
ApiPath = Annotated[str, Field(pattern=r"^/\S+$")]


class Detection(Model):
    # How much a value matching format.pattern says on its own. Unless it is high, a scanner
    # reports a value only with a keyword, host or path within `within_lines` of it.
    confidence: Literal["low", "medium", "high"]
    keywords: list[Word] = Field(min_length=1)
    hosts: list[Host] = []
    paths: list[ApiPath] = []
    # How many lines above or below the value a keyword, host or path may stand; 0 = same line.
    within_lines: int = Field(default=3, ge=0, le=10)
    # A value assigned to a name ending in one of these (token_id, channelId, USER_ID) is a
    # public handle in the same format as the secret, never the secret itself.
    public_suffixes: list[Word] = []
    # The ids of gitleaks' own rules for this secret type, which the generated config replaces.
    gitleaks_rules: list[RuleId] = []
    sources: list[Url] = Field(min_length=1)
