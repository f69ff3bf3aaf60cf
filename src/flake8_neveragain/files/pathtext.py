"""Turn file-system paths (and any text that may hold one) into report text.

On POSIX a file name is bytes. Python hands bytes that are not UTF-8 over as
lone surrogates (U+DC80-U+DCFF), which no UTF-8 writer accepts: one such
name used to kill the run in every format. So:

- `path_text`, applied once where a path becomes text (discovery, the
  command line): `\\` becomes `\\\\`, an undecodable byte `\\xNN`, any other
  lone surrogate `\\uNNNN`. Readable, deterministic, and lossless: two files
  never share a report path, fingerprint or baseline entry, and `fs_path`
  turns the text back into the name, for code that must open the file.
- `valid_text`, at every output boundary: text made valid UTF-8. It leaves
  path_text's output alone, so it is safe to apply again.
- `one_line`, for line-oriented output (text, GitHub annotations, stderr):
  control characters and Unicode line separators escaped, so a newline in a
  file name or a quoted SQL identifier cannot split a finding over two
  lines, nor an escape sequence drive the terminal. JSON and SARIF escape
  by themselves and keep such characters as they are.
"""

from __future__ import annotations

import os
import re

_SURROGATE = re.compile("[\ud800-\udfff]")
_TO_ESCAPE = re.compile("[\\\\\ud800-\udfff]")
_ESCAPED = re.compile(r"\\(\\|x[89a-f][0-9a-f]|u[0-9a-f]{4})")
# C0 and C1 controls, DEL, and the separators that str.splitlines() and editors break at.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def path_text(path: str | os.PathLike[str]) -> str:
    """The report text of a path: valid UTF-8, `\\` doubled, undecodable bytes as `\\xNN`."""
    raw = os.fspath(path)
    if not _TO_ESCAPE.search(raw):  # the common case: no copy
        return raw
    return _TO_ESCAPE.sub(_escape_path_char, raw)


def fs_path(text: str) -> str:
    """The file name `path_text` made `text` from (what `open` needs)."""
    if "\\" not in text:
        return text
    return _ESCAPED.sub(_unescape, text)


def valid_text(text: str) -> str:
    """`text` that any UTF-8 writer accepts: a lone surrogate becomes `\\xNN` or `\\uNNNN`."""
    if not _SURROGATE.search(text):
        return text
    return _SURROGATE.sub(_escape_path_char, text)


def one_line(text: str) -> str:
    """`text` on one line, printable: control characters become `\\n`, `\\x1b`, `\\u2028`..."""
    text = valid_text(text)
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(_escape_control, text)


def error_reason(error: OSError | ValueError) -> str:
    """An OS error as a short phrase ("Permission denied"), else its message; valid UTF-8.

    `str(error)` names the file too, and a file name may not be UTF-8.
    """
    return valid_text(getattr(error, "strerror", None) or str(error))


def _escape_path_char(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char == "\\":
        return "\\\\"
    if 0xDC80 <= code <= 0xDCFF:  # surrogateescape's stand-in for the byte code - 0xDC00
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"


def _unescape(match: re.Match[str]) -> str:
    escape = match.group(1)
    if escape == "\\":
        return "\\"
    if escape[0] == "x":
        return chr(0xDC00 + int(escape[1:], 16))
    return chr(int(escape[1:], 16))


def _escape_control(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
