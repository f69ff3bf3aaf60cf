"""The sensitive-data inventory: every sensitive field, reviewed or not.

`neveragain check` shows the open questions; the inventory shows the whole
picture a privacy team needs to scale back what is held: every field the
checker recognises, including those a `# noqa` comment silences (with the
reason written there) and those a baseline holds, grouped by the model or
table that owns it, with its category, code, fideslang data category key,
framework, location and whether the field is encrypted at field level.

All six categories are listed, including the opt-in NEV104-NEV106: a code
being off in `check` does not make the data less sensitive. Each entry says
whether `check` reports its code with the current configuration
(`checked`). Encryption rules (NEV2xx) describe changes, not stored fields,
and are not part of the inventory.

The inventory describes where sensitive data is stored, never the data:
entries carry names, locations and the evidence the classifier matched
(identifier words and the choice labels a schema declares). INSERT data and
fixture files are never read by the extractors, so no value can reach it.

Formats: `markdown` (default), `json` (documented, sorted keys, a format
version) and `html` (one self-contained page, no scripts, no external
assets, printable). Like every renderer, each is a pure function of the run:
no clock, no absolute paths, so two runs over the same tree give the same
bytes.
"""

from __future__ import annotations

import html
import json
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from flake8_neveragain import __version__
from flake8_neveragain.classify.words import split_identifier
from flake8_neveragain.extract.frameworks import SOURCE_LABELS
from flake8_neveragain.files.pathtext import one_line, valid_text
from flake8_neveragain.findings import FileError, Finding, SuppressedFinding
from flake8_neveragain.review.noqa import is_placeholder
from flake8_neveragain.rules.emit import rule_url
from flake8_neveragain.rules.registry import (
    CODE_FOR_CATEGORY,
    CODE_PREFIX,
    RULES,
    RULES_BY_CODE,
    SpecificKey,
)

INVENTORY_FORMATS: tuple[str, ...] = ("markdown", "html", "json")
# Bumped when a key of the JSON inventory changes meaning or goes away.
INVENTORY_VERSION = 1
PLEDGE_URL = "https://neveragain.tech/"

# fideslang data category key (the fideslang taxonomy, CC-BY-4.0) per category.
FIDES_KEYS: dict[str, str] = {rule.category: rule.fides.key for rule in RULES if rule.fides is not None}


def _count_word(count: int) -> str:
    words = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
    return words[count] if count < len(words) else str(count)


def _codes_text(codes: list[str]) -> str:
    """NEV104-NEV106 for a run of consecutive codes, else the codes listed."""
    numbers = [int(code[len(CODE_PREFIX):]) for code in codes]
    if len(codes) > 2 and numbers == list(range(numbers[0], numbers[0] + len(numbers))):
        return f"{codes[0]}-{codes[-1]}"
    return ", ".join(codes)


def _categories_note() -> str:
    opt_in = [code for code in CODE_FOR_CATEGORY.values() if not RULES_BY_CODE[code].default_on]
    also = f", also the opt-in {_codes_text(opt_in)}" if opt_in else ""
    return (
        f"All {_count_word(len(CODE_FOR_CATEGORY))} categories are included{also}; \"checked\" says whether "
        "`neveragain check` reports the code with the current configuration. Names in allow-names "
        "are declared not sensitive and are left out."
    )


def _specific_keys_text(specific: tuple[SpecificKey, ...]) -> str:
    """' (genetic -> k, biometric -> k or its fingerprint/retinal child)': children fold into their parent."""
    shown: list[str] = []
    for entry in specific:
        if any(entry.key.startswith(other.key + ".") for other in specific):
            continue
        children = [child.label for child in specific if child.key.startswith(entry.key + ".")]
        text = f"{entry.label} -> {entry.key}"
        shown.append(f"{text} or its {'/'.join(children)} child" if children else text)
    return f" ({', '.join(shown)})" if shown else ""


def _fides_notes() -> list[str]:
    """The key map, then a note for each category fideslang has no key of its own for."""
    keyed = [(rule.category, rule.fides) for rule in RULES if rule.fides is not None]
    key_map = ", ".join(
        f"{category} -> {fides.key}{_specific_keys_text(fides.specific)}"
        for category, fides in keyed if not fides.missing_key_note
    )
    return [f"fideslang keys: {key_map}.", *(fides.missing_key_note for _, fides in keyed if fides.missing_key_note)]


NOTES: tuple[str, ...] = (
    (
        "Every field the checker recognises as sensitive is listed: fields `neveragain check` reports, "
        "fields a noqa comment silences (with the reason written there) and fields in the baseline."
    ),
    _categories_note(),
    (
        "No data values are read or printed: INSERT statements and fixture files are never read. "
        "Evidence quotes identifier words and the choice labels a schema declares."
    ),
    (
        "Encrypted means the field's type or a wrapper encrypts it at field level, as read from the "
        "source (e.g. EncryptedCharField); database or disk encryption is not visible here."
    ),
    *_fides_notes(),
)

# Review status of an entry.
OPEN, NOQA, BASELINED = "open", "noqa", "baselined"
NO_OWNER = "(no model or table)"


@dataclass(frozen=True, slots=True)
class Entry:
    group: str
    name: str
    kind: str  # "field" or "model"
    symbol: str
    code: str
    category: str
    fides_key: str
    source: str
    path: str
    line: int
    column: int
    encrypted: bool
    status: str  # open / noqa / baselined
    noqa: str | None  # "line" or "file" for a noqa suppression
    reason: str | None
    evidence: str
    url: str
    checked: bool

    @property
    def reviewed(self) -> bool:
        return self.status != OPEN

    @property
    def source_label(self) -> str:
        return SOURCE_LABELS.get(self.source, self.source)

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.column, self.code, self.symbol)


@dataclass(frozen=True, slots=True)
class CodeCount:
    code: str
    category: str
    fides_keys: tuple[str, ...]
    checked: bool
    url: str
    fields: int
    encrypted: int
    noqa: int
    baselined: int
    open: int


@dataclass(frozen=True, slots=True)
class Inventory:
    groups: tuple[tuple[str, tuple[Entry, ...]], ...]
    counts: tuple[CodeCount, ...]
    errors: tuple[FileError, ...]
    files_checked: int
    baseline: str | None

    @property
    def entries(self) -> list[Entry]:
        return [entry for _, entries in self.groups for entry in entries]


def fides_key(category: str, name: str, evidence: str) -> str:
    """The fideslang data category key for a finding of `category`."""
    fides = RULES_BY_CODE[CODE_FOR_CATEGORY[category]].fides
    assert fides is not None  # every demographic code has its keys
    words = {*split_identifier(name), *split_identifier(evidence)}
    for specific in fides.specific:
        if words & specific.words:
            return specific.key
    return fides.key


def relative_path(path: str) -> str:
    """A display path that is never absolute (paths outside the current directory become ../...)."""
    path = valid_text(path)  # valid UTF-8 in every format, whatever the file system holds
    if not (PurePosixPath(path).is_absolute() or Path(path).is_absolute()):
        return path
    try:
        return Path(os.path.relpath(path)).as_posix()
    except ValueError:  # another drive on Windows
        return Path(path).name


def _field_name(finding: Finding) -> str:
    prefix = finding.owner + "."
    if finding.owner and finding.symbol.startswith(prefix):
        return finding.symbol[len(prefix):]
    return finding.symbol


def _entry(finding: Finding, status: str, checked: Callable[[str], bool],
           noqa: str | None = None, reason: str | None = None) -> Entry:
    name = _field_name(finding)
    if finding.kind == "model":
        group = finding.symbol
    else:
        group = finding.owner or NO_OWNER
    return Entry(
        group=group, name=name, kind=finding.kind, symbol=finding.symbol,
        code=finding.code, category=finding.category,
        fides_key=fides_key(finding.category, name, finding.evidence),
        source=finding.source, path=relative_path(finding.path), line=finding.line, column=finding.column,
        encrypted=finding.encrypted, status=status, noqa=noqa, reason=reason,
        evidence=finding.evidence, url=finding.url, checked=checked(finding.code),
    )


def build_inventory(
    open_findings: Iterable[Finding],
    baselined: Iterable[Finding],
    suppressed: Iterable[SuppressedFinding],
    errors: Sequence[FileError],
    files_checked: int,
    checked: Callable[[str], bool],
    docs_url: str,
    baseline: str | None = None,
) -> Inventory:
    """Collect every demographic finding, whatever its review status, into groups."""
    entries = [_entry(f, OPEN, checked) for f in open_findings]
    entries += [_entry(f, BASELINED, checked) for f in baselined]
    entries += [_entry(s.finding, NOQA, checked, s.kind, s.reason) for s in suppressed]
    entries = [entry for entry in entries if entry.category in CODE_FOR_CATEGORY]
    grouped: dict[str, list[Entry]] = {}
    for entry in entries:
        grouped.setdefault(entry.group, []).append(entry)
    groups = tuple(
        (name, tuple(sorted(grouped[name], key=Entry.sort_key)))
        for name in sorted(grouped, key=lambda name: (name.casefold(), name))
    )
    counts = []
    for category, code in CODE_FOR_CATEGORY.items():
        mine = [entry for entry in entries if entry.code == code]
        keys = sorted({entry.fides_key for entry in mine}) or [FIDES_KEYS[category]]
        counts.append(CodeCount(
            code=code, category=category, fides_keys=tuple(keys), checked=checked(code),
            url=rule_url(docs_url, code),
            fields=len(mine),
            encrypted=sum(entry.encrypted for entry in mine),
            noqa=sum(entry.status == NOQA for entry in mine),
            baselined=sum(entry.status == BASELINED for entry in mine),
            open=sum(entry.status == OPEN for entry in mine),
        ))
    errors_out = tuple(sorted(
        (FileError(relative_path(error.path), error.message) for error in errors),
        key=lambda error: (error.path, error.message),
    ))
    return Inventory(groups, tuple(counts), errors_out, files_checked,
                     None if baseline is None else relative_path(baseline))


def render_inventory(inventory: Inventory, format: str) -> str:
    if format == "markdown":
        return render_markdown(inventory)
    if format == "json":
        return render_json(inventory)
    if format == "html":
        return render_html(inventory)
    raise ValueError(f"unknown inventory format {format!r}; choose one of {', '.join(INVENTORY_FORMATS)}")


def summary_line(inventory: Inventory) -> str:
    fields = len(inventory.entries)
    groups = len(inventory.groups)
    line = (f"neveragain: inventory of {fields} sensitive {'field' if fields == 1 else 'fields'} in "
            f"{groups} {'model or table' if groups == 1 else 'models or tables'} "
            f"({inventory.files_checked} {'file' if inventory.files_checked == 1 else 'files'} checked)")
    if inventory.errors:
        line += f", {len({error.path for error in inventory.errors})} could not be read"  # files, not errors
    return line


def _review_text(entry: Entry) -> str:
    if entry.status == OPEN:
        return "no (reported by check)" if entry.checked else "no"
    if entry.status == BASELINED:
        return "baselined"
    where = "noqa" if entry.noqa == "line" else "file-level noqa"
    if entry.reason is None:
        return f"{where}: no reason given"
    if is_placeholder(entry.reason):
        return f"{where}: placeholder reason only ({entry.reason})"
    return f"{where}: {entry.reason}"


# ---------------------------------------------------------------- JSON

def _entry_dict(entry: Entry) -> dict[str, Any]:
    return {
        "name": entry.name,
        "kind": entry.kind,
        "symbol": entry.symbol,
        "code": entry.code,
        "category": entry.category,
        "fides_key": entry.fides_key,
        "source": entry.source,
        "source_label": entry.source_label,
        "path": entry.path,
        "line": entry.line,
        "column": entry.column,
        "encrypted": entry.encrypted,
        "status": entry.status,
        "reviewed": entry.reviewed,
        "noqa": entry.noqa,
        "reason": entry.reason,
        "evidence": entry.evidence,
        "url": entry.url,
        "checked": entry.checked,
    }


def render_json(inventory: Inventory) -> str:
    document = {
        "inventory_version": INVENTORY_VERSION,
        "version": __version__,
        "files_checked": inventory.files_checked,
        "baseline": inventory.baseline,
        "notes": list(NOTES),
        "summary": [
            {
                "code": count.code, "category": count.category, "fides_keys": list(count.fides_keys),
                "checked": count.checked, "url": count.url, "fields": count.fields, "encrypted": count.encrypted,
                "noqa": count.noqa, "baselined": count.baselined, "open": count.open,
            }
            for count in inventory.counts
        ],
        "groups": [
            {"name": name, "fields": [_entry_dict(entry) for entry in entries]}
            for name, entries in inventory.groups
        ],
        "errors": [{"path": error.path, "message": error.message} for error in inventory.errors],
    }
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


# ---------------------------------------------------------------- Markdown

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#!~])")


def _md(text: str) -> str:
    """Free text for a Markdown table cell: no markup, no raw HTML, one line."""
    text = " ".join(one_line(text).split())  # control characters shown escaped, not raw
    return _MD_SPECIAL.sub(r"\\\1", text.replace("&", "&amp;"))


def _md_code(text: str) -> str:
    """An identifier or path as a code span that cannot break the table."""
    text = " ".join(one_line(text).split()).replace("|", "\\|")
    fence = "``" if "`" in text else "`"
    pad = " " if "`" in text else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def render_markdown(inventory: Inventory) -> str:
    out = [
        "# Sensitive data inventory",
        "",
        (f"Generated by neveragain {__version__} from {inventory.files_checked} files. "
         "It describes where sensitive data about people is stored, never the data itself. "
         f"See the Never Again pledge: {PLEDGE_URL}"),
        "",
        "## Summary",
        "",
        "| code | category | fideslang key | checked | fields | encrypted | noqa | baselined | open |",
        "|---|---|---|---|---:|---:|---:|---:|---:|",
    ]
    for count in inventory.counts:
        keys = ", ".join(_md_code(key) for key in count.fides_keys)
        out.append(f"| [{count.code}]({count.url}) | {count.category} | {keys} | "
                   f"{_yes(count.checked)} | {count.fields} | {count.encrypted} | {count.noqa} | "
                   f"{count.baselined} | {count.open} |")
    total = inventory.counts
    out.append(f"| **total** | | | | {sum(c.fields for c in total)} | {sum(c.encrypted for c in total)} | "
               f"{sum(c.noqa for c in total)} | {sum(c.baselined for c in total)} | {sum(c.open for c in total)} |")
    out += ["", "## Notes", ""]
    out += [f"- {note}" for note in NOTES]  # our own text, written as Markdown
    if not inventory.groups:
        out += ["", "No sensitive fields found."]
    for name, entries in inventory.groups:
        noun = "entry" if len(entries) == 1 else "entries"
        out += [
            "",
            f"## {_md(name)}",
            "",
            f"{len(entries)} {noun}.",
            "",
            "| field | code | category | fideslang key | framework | file | encrypted | reviewed | evidence |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for entry in entries:
            field = "(the model or table itself)" if entry.kind == "model" else _md_code(entry.name)
            out.append(
                f"| {field} | {entry.code} | {entry.category} | {_md_code(entry.fides_key)} | "
                f"{_md(entry.source_label)} | {_md_code(f'{entry.path}:{entry.line}')} | "
                f"{_yes(entry.encrypted)} | {_md(_review_text(entry))} | {_md(entry.evidence)} |"
            )
    if inventory.errors:
        out += ["", "## Files that could not be read", ""]
        out += [f"- {_md_code(error.path)}: {_md(error.message)}" for error in inventory.errors]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- HTML

_CSS = """
:root { color-scheme: light; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1b1b;
       background: #fff; margin: 2rem auto; max-width: 80rem; padding: 0 1.5rem; }
h1 { font-size: 1.6rem; margin-bottom: .25rem; }
h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ccc; padding-bottom: .2rem; }
p.lead { color: #444; margin-top: 0; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .9rem; }
th, td { border: 1px solid #ccc; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f1f1f1; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: bold; background: #fafafa; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .85em;
       overflow-wrap: break-word; }
.yes { color: #0a5d2a; font-weight: 600; }
.no { color: #8a1c1c; }
td.status-open { color: #8a1c1c; }
td.status-noqa, td.status-baselined { color: #333; }
.notes { color: #333; font-size: .9rem; }
.count { color: #555; font-weight: normal; font-size: .9rem; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 10pt; color: #000; }
  h2 { break-after: avoid; page-break-after: avoid; }
  table { font-size: 8.5pt; }
  tr, td, th { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
  section { break-inside: auto; }
}
"""


def _h(text: object) -> str:
    return html.escape(str(text), quote=True)


def _note_html(note: str) -> str:
    """A note (our own Markdown-ish text) as HTML: escaped, with `code` spans."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", _h(note))


def _yes_html(value: bool) -> str:
    return f'<span class="{"yes" if value else "no"}">{"yes" if value else "no"}</span>'


def _code_link(code: str, url: str | None) -> str:
    if not url:
        return _h(code)
    return f'<a href="{_h(url)}">{_h(code)}</a>'


def render_html(inventory: Inventory) -> str:
    entries = inventory.entries
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        # Nothing on this page may load anything: no scripts, no images, no fonts.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Sensitive data inventory</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        "<h1>Sensitive data inventory</h1>",
        (f'<p class="lead">Generated by neveragain {_h(__version__)} from {inventory.files_checked} files: '
         f"{len(entries)} sensitive {'field' if len(entries) == 1 else 'fields'} in "
         f"{len(inventory.groups)} {'model or table' if len(inventory.groups) == 1 else 'models or tables'}. "
         "It describes where sensitive data about people is stored, never the data itself. "
         f'See the <a href="{_h(PLEDGE_URL)}">Never Again pledge</a>.</p>'),
        '<section id="summary">',
        "<h2>Summary</h2>",
        '<table class="summary">',
        ("<thead><tr><th>code</th><th>category</th><th>fideslang key</th><th>checked</th>"
         '<th class="num">fields</th><th class="num">encrypted</th><th class="num">noqa</th>'
         '<th class="num">baselined</th><th class="num">open</th></tr></thead>'),
        "<tbody>",
    ]
    for count in inventory.counts:
        keys = ", ".join(f"<code>{_h(key)}</code>" for key in count.fides_keys)
        out.append(
            f'<tr data-code="{_h(count.code)}"><td>{_code_link(count.code, count.url)}</td>'
            f"<td>{_h(count.category)}</td><td>{keys}</td><td>{_yes_html(count.checked)}</td>"
            f'<td class="num">{count.fields}</td><td class="num">{count.encrypted}</td>'
            f'<td class="num">{count.noqa}</td><td class="num">{count.baselined}</td>'
            f'<td class="num">{count.open}</td></tr>'
        )
    total = inventory.counts
    out += [
        (f'<tr class="total"><td colspan="4">total</td><td class="num">{sum(c.fields for c in total)}</td>'
         f'<td class="num">{sum(c.encrypted for c in total)}</td><td class="num">{sum(c.noqa for c in total)}</td>'
         f'<td class="num">{sum(c.baselined for c in total)}</td><td class="num">{sum(c.open for c in total)}</td>'
         "</tr>"),
        "</tbody>",
        "</table>",
        "</section>",
        '<section id="notes" class="notes">',
        "<h2>Notes</h2>",
        "<ul>",
        *(f"<li>{_note_html(note)}</li>" for note in NOTES),
        "</ul>",
        "</section>",
    ]
    if not inventory.groups:
        out.append("<p>No sensitive fields found.</p>")
    for name, group_entries in inventory.groups:
        noun = "entry" if len(group_entries) == 1 else "entries"
        out += [
            "<section class=\"group\">",
            f'<h2>{_h(name)} <span class="count">({len(group_entries)} {noun})</span></h2>',
            "<table>",
            ("<thead><tr><th>field</th><th>code</th><th>category</th><th>fideslang key</th><th>framework</th>"
             "<th>file</th><th>encrypted</th><th>reviewed</th><th>evidence</th></tr></thead>"),
            "<tbody>",
        ]
        for entry in group_entries:
            field = "<em>the model or table itself</em>" if entry.kind == "model" else f"<code>{_h(entry.name)}</code>"
            out.append(
                f'<tr class="entry status-{_h(entry.status)}"><td class="field">{field}</td>'
                f"<td>{_code_link(entry.code, entry.url)}</td><td>{_h(entry.category)}</td>"
                f"<td><code>{_h(entry.fides_key)}</code></td><td>{_h(entry.source_label)}</td>"
                f"<td><code>{_h(entry.path)}:{entry.line}</code></td><td>{_yes_html(entry.encrypted)}</td>"
                f'<td class="status-{_h(entry.status)}">{_h(_review_text(entry))}</td><td>{_h(entry.evidence)}</td></tr>'
            )
        out += ["</tbody>", "</table>", "</section>"]
    if inventory.errors:
        out += ['<section id="errors">', "<h2>Files that could not be read</h2>", "<ul>"]
        out += [f"<li><code>{_h(error.path)}</code>: {_h(error.message)}</li>" for error in inventory.errors]
        out += ["</ul>", "</section>"]
    out += ["</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"
