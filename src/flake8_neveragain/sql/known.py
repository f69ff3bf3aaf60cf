"""The columns known so far of one table, in the order they became known."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import overload


class KnownColumns(Sequence[str]):
    """A list of column names that also knows where each name is.

    `ALTER TABLE ... RENAME COLUMN` renames every column of that name (in any
    case) and asks where the new name first is. Done on a plain list, each
    rename rescanned every column: thousands of renames of a wide table were
    quadratic. Here a rename touches only the columns it renames.
    """

    __slots__ = ("_by_lower", "_by_name", "_names")

    def __init__(self) -> None:
        self._names: list[str] = []
        self._by_lower: dict[str, list[int]] = {}  # lower-case name -> positions, ascending
        self._by_name: dict[str, list[int]] = {}  # name as written -> positions, ascending

    def __len__(self) -> int:
        return len(self._names)

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        return self._names[index]

    def extend(self, names: Iterable[str]) -> None:
        for name in names:
            position = len(self._names)
            self._names.append(name)
            self._by_lower.setdefault(name.lower(), []).append(position)
            self._by_name.setdefault(name, []).append(position)

    def rename(self, old: str, new: str) -> int:
        """Every column named `old` (in any case) becomes `new`, which is added at the
        end when there was none; the position of the first `new`."""
        moved = self._by_lower.pop(old.lower(), [])
        for position in moved:
            # Every position of a spelling of `old` is in `moved`: drop the spelling.
            self._by_name.pop(self._names[position], None)
            self._names[position] = new
        if moved:
            lowered = new.lower()
            self._by_lower[lowered] = sorted([*self._by_lower.get(lowered, ()), *moved])
            self._by_name[new] = sorted([*self._by_name.get(new, ()), *moved])
        if new not in self._by_name:
            self.extend((new,))
        return self._by_name[new][0]
