"""Request bodies of the public intake API (Pydantic)."""

from typing import Literal

from pydantic import BaseModel, Field


class ResidentIn(BaseModel):
    given_name: str
    family_name: str
    # reported: NEV101, the JSON key is "ethnicGroup" although the attribute is neutral
    background: str | None = Field(default=None, alias="ethnicGroup")
    shipping_country: str  # near-miss: where to post the welcome pack
    faith: Literal["christian", "muslim", "hindu", "buddhist", "other"] | None = None  # reported: NEV102


class CorsSettings(BaseModel):
    allowed_origins: list[str] = []  # near-miss: a CORS origin
