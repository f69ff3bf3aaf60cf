"""Request bodies of the public intake API (Pydantic)."""

from typing import Literal

from pydantic import BaseModel, Field


class ResidentIn(BaseModel):
    given_name: str
    family_name: str
    # The attribute's name is neutral, but the JSON key is "ethnicGroup".
    background: str | None = Field(default=None, alias="ethnicGroup")  # expect: NEV101
    shipping_country: str  # near-miss: where to post the welcome pack
    faith: Literal["christian", "muslim", "hindu", "buddhist", "other"] | None = None  # expect: NEV102


class CorsSettings(BaseModel):
    allowed_origins: list[str] = []  # near-miss: a CORS origin
