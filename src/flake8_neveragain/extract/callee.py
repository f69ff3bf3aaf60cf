"""How reports name a callee or receiver: identifiers only, never values.

Messages, symbols (so baselines and fingerprints) and evidence are printed in
every report format and in the baseline file, which lands in CI logs and in
the repository. `ast.unparse(call.func)` would print the receiver with its
arguments: `boto3.session.Session(aws_secret_access_key="...").client` puts
the key in the report. Here a call with arguments is shown as `f(...)`, a
subscript as `x[...]` and any other expression as `(...)`, so only names
reach a report. A dotted name, or a call without arguments, reads exactly as
`ast.unparse` writes it, so symbols without values keep their fingerprints.
"""

from __future__ import annotations

import ast

# Longer chains than this are not written by hand; the rest is elided.
_MAX_PARTS = 32


def callee_name(node: ast.expr) -> str:
    """`boto3.session.Session(...).client`, `SESSIONS[...].client`, `boto3.client`."""
    parts: list[str] = []
    while len(parts) < _MAX_PARTS:  # a loop, not recursion: chains may be deep
        if isinstance(node, ast.Attribute):
            parts.append("." + node.attr)
            node = node.value
        elif isinstance(node, ast.Call):
            parts.append("()" if not node.args and not node.keywords else "(...)")
            node = node.func
        elif isinstance(node, ast.Subscript):
            parts.append("[...]")
            node = node.value
        elif isinstance(node, ast.Name):
            parts.append(node.id)
            break
        else:  # a literal, an f-string, an operator, a lambda...: no name to show
            parts.append("(...)")
            break
    else:
        parts.append("(...)")  # the head of an over-long chain
    parts.reverse()
    return "".join(parts)
