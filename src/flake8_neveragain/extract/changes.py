"""What the schema-change readers (migrations, SQL in strings) share.

A schema change is reported with an action naming where it happens, e.g.
"0007_resident_race adds" or "revision 1a2b3c renames person.notes to"; the
rules put the source label in front and the field after it.
"""

from __future__ import annotations

import heapq

from flake8_neveragain.extract.limits import SIBLING_LIMIT

# Names flake8 and the CLI give input that is not a file.
_NOT_FILES = frozenset({"", "-", "stdin"})


def migration_name(path: str) -> str:
    """The file stem ("0007_resident_race"), or "" when there is no file name."""
    name = path.replace("\\", "/").rpartition("/")[2]
    if name in _NOT_FILES:
        return ""
    stem, dot, _ = name.rpartition(".")
    return stem if dot and stem else name


def action(prefix: str, verb: str) -> str:
    """"0007_resident_race adds", or just "adds" without a migration name."""
    return f"{prefix} {verb}" if prefix else verb


class KnownFields:
    """Fields seen so far per model or table (case-insensitive), in one migration.

    A field added by a later operation gets the fields created or added before it
    as siblings, which the classifier uses to read homographs in context.

    Every operation asks, so each question costs at most a bounded number of steps
    (a migration with thousands of operations on one model was quadratic: d20).
    """

    __slots__ = ("_owners",)

    def __init__(self) -> None:
        self._owners: dict[str, _Fields] = {}

    def add(self, owner: str, names: list[str]) -> None:
        fields = self._owners.get(owner.lower())
        if fields is None:
            fields = self._owners[owner.lower()] = _Fields()
        for name in names:
            fields.append(name)

    def siblings(self, owner: str, name: str) -> tuple[str, ...]:
        """The owner's other known fields (the nearest SIBLING_LIMIT of them)."""
        fields = self._owners.get(owner.lower())
        if fields is None:
            return ()
        return fields.last_others(name)

    def rename(self, owner: str, old: str, new: str) -> None:
        fields = self._owners.get(owner.lower())
        if fields is None:
            fields = self._owners[owner.lower()] = _Fields()
        fields.rename(old, new)


# How far back `siblings` looks past copies of the field's own name (added,
# removed and added again). Real migrations never get near it; without it, a
# migration adding one name thousands of times would be quadratic again.
_SCAN_LIMIT = 4 * SIBLING_LIMIT


class _Fields:
    """One owner's field names in the order they became known, with where each is."""

    __slots__ = ("_where", "names")

    def __init__(self) -> None:
        self.names: list[str] = []
        # name -> its positions in `names`, as a heap: a rename takes the first.
        self._where: dict[str, list[int]] = {}

    def append(self, name: str) -> None:
        self._where.setdefault(name, []).append(len(self.names))  # the largest yet: still a heap
        self.names.append(name)

    def last_others(self, name: str) -> tuple[str, ...]:
        """The last SIBLING_LIMIT names that are not `name`, in order."""
        names = self.names
        # Usually `name` is in the last SIBLING_LIMIT + 1 at most once; look
        # further back (up to _SCAN_LIMIT) only when its copies crowd them.
        window = SIBLING_LIMIT + 1
        while True:
            others = [other for other in names[-window:] if other != name]
            if len(others) >= SIBLING_LIMIT or window >= len(names) or window >= _SCAN_LIMIT:
                return tuple(others[-SIBLING_LIMIT:])
            window = min(2 * window, _SCAN_LIMIT)

    def rename(self, old: str, new: str) -> None:
        """The first `old` becomes `new`; with no `old` known, `new` is added."""
        positions = self._where.get(old)
        if not positions:
            self.append(new)
            return
        position = heapq.heappop(positions)
        self.names[position] = new
        heapq.heappush(self._where.setdefault(new, []), position)
