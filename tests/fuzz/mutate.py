"""Mutations of real files: the sample project under examples/ and tests/fixtures/.

Real files reach code paths a grammar forgets; mutating their bytes finds what
a broken editor, a bad merge or a binary file can do to them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

from .choices import Chooser
from .vocab import SENSITIVE

REPO = Path(__file__).resolve().parents[2]
SEED_FOLDERS = (REPO / "examples", REPO / "tests" / "fixtures")

INVALID_UTF8 = (b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xc0\xaf", b"\xf4\x90\x80\x80", b"\xe2\x80")
ODD_LINE_ENDS = (b"\r", b"\r\n", b"\x0c", b"\xc2\x85", b"\xe2\x80\xa8", b"\x0b", b"\x1c", b"\n\r")
INSERTS = (b"'", b'"', b'"""', b"(", b")", b"[", b"\\", b"#", b"--", b"/*", b"*/", b";", b"$$", b"\t",
           b"  # noqa: NEV101", b" -- noqa", b"# flake8: noqa\n", b"\x00", b"\xef\xbb\xbf", b"\n    ",
           b"\nCREATE TABLE t (", b"\nclass P(models.Model):\n    race = models.CharField()\n")


@cache
def seeds() -> tuple[tuple[str, bytes], ...]:
    """(suffix, bytes) of every seed file, read once per process."""
    found = []
    for folder in SEED_FOLDERS:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in (".py", ".sql", ".md"):
                found.append((path.suffix, path.read_bytes()))
    return tuple(found)


def seed(c: Chooser, suffix: str) -> bytes:
    """A seed file of this kind (any kind now and then: splicing Python into SQL is fair)."""
    pool = [data for kind, data in seeds() if kind == suffix or c.chance(10)]
    return c.pick(pool or [data for _, data in seeds()])


def _position(c: Chooser, data: bytes) -> int:
    return c.number(0, len(data))


def flip_byte(c: Chooser, data: bytes, _other: bytes) -> bytes:
    if not data:
        return bytes([c.number(0, 255)])
    at = c.number(0, len(data) - 1)
    return data[:at] + bytes([c.number(0, 255)]) + data[at + 1:]


def flip_bit(c: Chooser, data: bytes, _other: bytes) -> bytes:
    if not data:
        return data
    at = c.number(0, len(data) - 1)
    return data[:at] + bytes([data[at] ^ (1 << c.number(0, 7))]) + data[at + 1:]


def truncate(c: Chooser, data: bytes, _other: bytes) -> bytes:
    return data[:_position(c, data)]


def delete_range(c: Chooser, data: bytes, _other: bytes) -> bytes:
    start = _position(c, data)
    return data[:start] + data[start + c.number(1, 64):]


def duplicate_region(c: Chooser, data: bytes, _other: bytes) -> bytes:
    start = _position(c, data)
    region = data[start:start + c.number(1, 200)]
    at = _position(c, data)
    return data[:at] + region * c.number(1, 4) + data[at:]


def splice(c: Chooser, data: bytes, other: bytes) -> bytes:
    return data[:_position(c, data)] + other[c.number(0, len(other)):]


def insert_nesting(c: Chooser, data: bytes, _other: bytes) -> bytes:
    """Deep nesting at a random point: brackets, or indented blocks."""
    depth = c.number(1, 60) if c.chance(80) else c.number(60, 400)
    at = _position(c, data)
    if c.chance(50):
        opener, closer = c.pick(((b"(", b")"), (b"[", b"]"), (b"{", b"}"), (b"f(", b")")))
        return data[:at] + opener * depth + b"x" + closer * depth + data[at:]
    block = b"".join(b"    " * level + b"if x:\n" for level in range(min(depth, 120)))
    return data[:at] + b"\n" + block + b"    " * min(depth, 120) + b"race = 1\n" + data[at:]


def line_ends(c: Chooser, data: bytes, _other: bytes) -> bytes:
    new = c.pick(ODD_LINE_ENDS)
    if c.chance(50):
        return data.replace(b"\n", new)
    at = data.find(b"\n", _position(c, data))
    return data if at < 0 else data[:at] + new + data[at + 1:]


def insert_bytes(c: Chooser, data: bytes, _other: bytes) -> bytes:
    piece = c.pick((*INSERTS, *INVALID_UTF8, c.pick(SENSITIVE).encode()))
    at = _position(c, data)
    return data[:at] + piece + data[at:]


def prefix_bom(c: Chooser, data: bytes, _other: bytes) -> bytes:
    return c.pick((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf\xef\xbb\xbf")) + data


def repeat_line(c: Chooser, data: bytes, _other: bytes) -> bytes:
    lines = data.split(b"\n")
    at = c.number(0, len(lines) - 1)
    lines[at:at + 1] = [lines[at]] * c.number(2, 50)
    return b"\n".join(lines)


def swap_lines(c: Chooser, data: bytes, _other: bytes) -> bytes:
    lines = data.split(b"\n")
    a, b = c.number(0, len(lines) - 1), c.number(0, len(lines) - 1)
    lines[a], lines[b] = lines[b], lines[a]
    return b"\n".join(lines)


MUTATORS: tuple[Callable[[Chooser, bytes, bytes], bytes], ...] = (
    flip_byte, flip_bit, truncate, delete_range, duplicate_region, splice, insert_nesting,
    line_ends, insert_bytes, insert_bytes, prefix_bom, repeat_line, swap_lines,
)


def mutate(c: Chooser, data: bytes, suffix: str) -> bytes:
    """One to four mutations of `data`; the other file for splices is another seed."""
    for _ in range(c.number(1, 4)):
        data = c.pick(MUTATORS)(c, data, seed(c, suffix))
    return data


def grow(c: Chooser, data: bytes, limit: int) -> bytes:
    """Repeat one line of a seed until the file is near `limit` bytes: cost that grows with size."""
    lines = data.split(b"\n") or [b""]
    line = c.pick(lines) + b"\n"
    return data + line * max(1, (limit - len(data)) // max(1, len(line)))
