"""Building blocks shared by every part of the catalog model."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, HttpUrl

SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ENV_NAME = r"^[A-Z][A-Z0-9_]*$"


class CatalogError(Exception):
    """A catalog file is unreadable or invalid; the message names the file, field and reason."""


class Model(BaseModel):
    # A typo in a key must fail the build, not silently drop a fact.
    model_config = ConfigDict(extra="forbid", frozen=True)


def _https_only(url: HttpUrl) -> HttpUrl:
    if url.scheme != "https":
        raise ValueError("sources must be https pages")
    return url


# The official page a fact came from.
Url = Annotated[HttpUrl, AfterValidator(_https_only)]


class Fact(Model):
    """One sentence or step of Markdown, with the official page it came from."""

    text: str = Field(min_length=3)
    source: Url
