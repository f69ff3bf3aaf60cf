"""One source of choices for two drivers: hypothesis (shrinks) and `random` (fast).

Every generator and mutator in this package takes a `Chooser`, so the pytest
run (hypothesis, with shrinking) and the long campaign (plain `random.Random`,
about 100x cheaper per choice) build inputs from the same grammar.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

from hypothesis import strategies as st

T = TypeVar("T")


class Chooser(Protocol):
    def pick(self, options: Sequence[T]) -> T:
        """One of `options`; shrinks towards the first."""

    def number(self, low: int, high: int) -> int:
        """An integer in [low, high]; shrinks towards `low`."""

    def chance(self, percent: int) -> bool:
        """True with about this probability; shrinks towards False."""


class RandomChooser:
    """The campaign's chooser: one seeded `random.Random` per input, so an input is
    rebuilt exactly from (seed, index) when a worker dies on it."""

    def __init__(self, seed: str | int) -> None:
        self._random = random.Random(seed)

    def pick(self, options: Sequence[T]) -> T:
        return options[self._random.randrange(len(options))]

    def number(self, low: int, high: int) -> int:
        return self._random.randint(low, high)

    def chance(self, percent: int) -> bool:
        return self._random.randrange(100) < percent


class DrawChooser:
    """The pytest chooser: every choice is a hypothesis draw, so failures shrink."""

    def __init__(self, draw: Callable[[st.SearchStrategy[Any]], Any]) -> None:
        self._draw = draw

    def pick(self, options: Sequence[T]) -> T:
        return options[int(self._draw(st.integers(0, len(options) - 1)))]

    def number(self, low: int, high: int) -> int:
        return int(self._draw(st.integers(low, high)))

    def chance(self, percent: int) -> bool:
        # Shrinks to 0, i.e. False: the minimal example leaves optional parts out.
        return int(self._draw(st.integers(0, 99))) >= 100 - percent
