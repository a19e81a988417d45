"""Catalog model for detection: how a scanner recognises a leaked value of a secret type."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from generator.base import Model, Url


class Detection(Model):
    # Words that must stand near the value for a match to count (case-insensitive).
    keywords: list[str] = Field(min_length=1)
    # How many characters may separate a keyword from the value.
    window: int = Field(default=40, ge=0, le=200)
    # Host patterns (regular expressions) that also identify the provider, when it has any.
    hosts: list[str] = []
    # How much a bare pattern match, with no keyword or host near it, says on its own.
    confidence: Literal["low", "medium", "high"]
    source: Url
