"""`neveragain inventory`: every sensitive field, reviewed or not, in markdown, json and html.

Run through the real CLI in a subprocess on a small project, and the HTML
page rendered in a real headless browser (Debian's chromium).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import pytest

from flake8_neveragain.reports.inventory import NOTES, PLEDGE_URL, fides_key
from flake8_neveragain.rules.registry import RULES

MODELS = textwrap.dedent(
    """\
    from django.db import models
    from fernet_fields import EncryptedCharField

    FAITHS = [("hindu", "Hindu"), ("muslim", "Muslim"), ("jewish", "Jewish")]


    class Person(models.Model):
        name = models.CharField(max_length=100)
        religion = EncryptedCharField(max_length=40)
        ethnicity = models.CharField(max_length=40)  # noqa: NEV101 -- reviewed: EEO-1 <report> & audit, LEGAL-12
        nationality = models.CharField(max_length=20)  # noqa: NEV103
        community = models.CharField(max_length=10, choices=FAITHS)
        party_affiliation = models.CharField(max_length=20)
        dna_sample = models.TextField()
        shipping_country = models.CharField(max_length=2)


    class Applicant(models.Model):
        citizenship = models.CharField(max_length=20)
        visa_status = models.CharField(max_length=20)


    class Ethnicity(models.Model):
        label = models.CharField(max_length=40)
    """
)

# Data, not schema: none of these values may ever reach the inventory.
SEED = textwrap.dedent(
    """\
    from app.models import Person

    PEOPLE = [{"religion": "ZZ-SECRET-45", "ethnicity": "ZZ-SECRET-46"}]


    def seed(cursor):
        Person.objects.create(religion="ZZ-SECRET-47", name="ZZ-SECRET-48")
        cursor.execute("INSERT INTO survey (id, ethnic_group) VALUES (2, 'ZZ-SECRET-43')")
    """
)

SCHEMA = textwrap.dedent(
    """\
    CREATE TABLE survey (
        id integer PRIMARY KEY,
        ethnic_group text,
        religion text -- noqa: NEV102 -- reviewed: aggregated before export
    );
    INSERT INTO survey (id, ethnic_group, religion) VALUES (1, 'ZZ-SECRET-42', 'ZZ-SECRET-41');
    """
)

FIXTURE = '[{"model": "app.person", "pk": 1, "fields": {"religion": "ZZ-SECRET-44", "ethnicity": "ZZ-SECRET-49"}}]\n'

BASELINE = {
    "version": 1,
    "entries": [{"path": "app/models.py", "code": "NEV103", "symbol": "Applicant.citizenship",
                 "source": "django-model"}],
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    files = {
        "app/__init__.py": "",
        "app/models.py": MODELS,
        "app/seed.py": SEED,
        "db/schema.sql": SCHEMA,
        "fixtures/people.json": FIXTURE,
        ".neveragain-baseline.json": json.dumps(BASELINE),
    }
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return root


@pytest.fixture
def inventory(run_cli, project):
    def run(*args: str) -> str:
        completed = run_cli("inventory", *args, cwd=project)
        assert completed.returncode == 0, completed.stderr
        assert "Traceback" not in completed.stderr
        return completed.stdout

    return run


def _entries(document: dict) -> dict[tuple[str, str], dict]:
    return {(group["name"], field["name"]): field for group in document["groups"] for field in group["fields"]}


def test_json_lists_every_sensitive_field_grouped_with_flags_and_fideslang_keys(inventory, project):
    document = json.loads(inventory("--format", "json"))
    assert document["inventory_version"] == 1
    assert isinstance(document["version"], str)
    assert [group["name"] for group in document["groups"]] == ["Applicant", "Ethnicity", "Person", "survey"]
    entries = _entries(document)
    assert set(entries) == {
        ("Applicant", "citizenship"), ("Applicant", "visa_status"), ("Ethnicity", "Ethnicity"),
        ("Person", "religion"), ("Person", "ethnicity"), ("Person", "nationality"), ("Person", "community"),
        ("Person", "party_affiliation"), ("Person", "dna_sample"),
        ("survey", "ethnic_group"), ("survey", "religion"),
    }
    # Near misses stay out, as in `check`.
    assert ("Person", "shipping_country") not in entries and ("Person", "name") not in entries

    religion = entries[("Person", "religion")]
    assert religion["encrypted"] is True
    assert (religion["code"], religion["category"], religion["fides_key"]) == (
        "NEV102", "religion", "user.demographic.religious_belief")
    assert (religion["status"], religion["reviewed"], religion["reason"]) == ("open", False, None)
    assert (religion["path"], religion["line"], religion["source"], religion["source_label"]) == (
        "app/models.py", 9, "django-model", "Django model")
    assert religion["checked"] is True

    ethnicity = entries[("Person", "ethnicity")]
    assert (ethnicity["status"], ethnicity["reviewed"], ethnicity["noqa"]) == ("noqa", True, "line")
    assert ethnicity["reason"] == "EEO-1 <report> & audit, LEGAL-12"
    assert ethnicity["fides_key"] == "user.demographic.race_ethnicity"
    assert ethnicity["encrypted"] is False

    nationality = entries[("Person", "nationality")]
    assert (nationality["status"], nationality["reason"]) == ("noqa", None)
    assert nationality["fides_key"] == "user.demographic"  # fideslang has no nationality key

    citizenship = entries[("Applicant", "citizenship")]
    assert (citizenship["status"], citizenship["reviewed"]) == ("baselined", True)
    assert citizenship["fides_key"] == "user.government_id.immigration"
    assert entries[("Applicant", "visa_status")]["fides_key"] == "user.government_id.immigration"

    # Opt-in categories are listed, marked as not checked by default.
    party = entries[("Person", "party_affiliation")]
    assert (party["code"], party["fides_key"], party["checked"]) == (
        "NEV104", "user.demographic.political_opinion", False)
    dna = entries[("Person", "dna_sample")]
    assert (dna["code"], dna["fides_key"], dna["checked"]) == ("NEV106", "user.health_and_medical.genetic", False)

    model = entries[("Ethnicity", "Ethnicity")]
    assert (model["kind"], model["code"], model["symbol"]) == ("model", "NEV101", "Ethnicity")

    sql = entries[("survey", "religion")]
    assert (sql["source"], sql["path"], sql["status"], sql["reason"]) == (
        "sql-ddl", "db/schema.sql", "noqa", "aggregated before export")
    assert entries[("survey", "ethnic_group")]["status"] == "open"

    summary = {row["code"]: row for row in document["summary"]}
    assert [row["code"] for row in document["summary"]] == [f"NEV10{n}" for n in range(1, 7)]
    assert (summary["NEV101"]["fields"], summary["NEV101"]["noqa"], summary["NEV101"]["open"]) == (3, 1, 2)
    assert (summary["NEV102"]["fields"], summary["NEV102"]["encrypted"]) == (3, 1)
    assert (summary["NEV103"]["fields"], summary["NEV103"]["baselined"]) == (3, 1)
    assert summary["NEV103"]["fides_keys"] == ["user.demographic", "user.government_id.immigration"]
    assert summary["NEV105"]["fields"] == 0 and summary["NEV105"]["checked"] is False
    assert document["errors"] == []
    assert document["baseline"] == ".neveragain-baseline.json"
    assert document["notes"]

    # No absolute paths anywhere.
    text = json.dumps(document)
    assert str(project) not in text and "/tmp" not in text


def test_select_only_changes_the_checked_flag(inventory):
    default = json.loads(inventory("--format", "json"))
    selected = json.loads(inventory("--format", "json", "--select", "NEV101", "--extend-select", "NEV106"))
    strip = [{**field, "checked": None} for group in default["groups"] for field in group["fields"]]
    assert strip == [{**field, "checked": None} for group in selected["groups"] for field in group["fields"]]
    checked = {row["code"]: row["checked"] for row in selected["summary"]}
    assert checked == {"NEV101": True, "NEV102": False, "NEV103": False, "NEV104": False,
                       "NEV105": False, "NEV106": True}


def test_no_baseline_reports_baselined_fields_as_open(inventory):
    entries = _entries(json.loads(inventory("--format", "json", "--no-baseline")))
    assert entries[("Applicant", "citizenship")]["status"] == "open"


def test_markdown_has_a_summary_and_a_section_per_model_or_table(inventory):
    report = inventory()  # markdown is the default
    assert report.startswith("# Sensitive data inventory\n")
    assert "## Summary" in report
    headings = re.findall(r"^## (.+)$", report, re.MULTILINE)
    assert headings == ["Summary", "Notes", "Applicant", "Ethnicity", "Person", "survey"]
    assert re.search(r"^\| \[NEV102\]\([^)]*NEV102\.md\) \| religion \| `user\.demographic\.religious_belief` "
                     r"\| yes \| 3 \| 1 \| 1 \| 0 \| 2 \|$", report, re.MULTILINE)
    assert re.search(r"^\| \*\*total\*\* \| \| \| \| 11 \| 1 \| 3 \| 1 \| 7 \|$", report, re.MULTILINE)
    person = report.split("## Person", 1)[1].split("\n## ", 1)[0]
    assert (
        "| `religion` | NEV102 | religion | `user.demographic.religious_belief` | Django model | "
        "`app/models.py:9` | yes | no (reported by check) |"
    ) in person
    # User-written text cannot inject markup.
    assert r"noqa: EEO-1 \<report\> &amp; audit, LEGAL-12" in person
    assert "noqa: no reason given" in person
    assert "| baselined |" in report.split("## Applicant", 1)[1]
    assert "user.government_id.immigration" in report and "nationality" in report


ALL_FORMATS = ("markdown", "json", "html")


@pytest.mark.parametrize("format", ALL_FORMATS)
def test_no_data_values_ever_appear(inventory, project, format):
    report = inventory("--format", format)
    assert "ZZ-SECRET" not in report
    # Schema-level choice labels are evidence, and may appear.
    assert "Hindu" in report


@pytest.mark.parametrize("format", ALL_FORMATS)
def test_two_runs_give_identical_bytes_and_output_matches_stdout(run_cli, inventory, project, format):
    first = inventory("--format", format)
    second = inventory("--format", format)
    assert first == second
    target = project.parent / f"inventory.{format}"
    completed = run_cli("inventory", "--format", format, "--output", str(target), cwd=project)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout == ""
    assert target.read_text(encoding="utf-8") == first
    assert "inventory of 11 sensitive fields in 4 models or tables" in completed.stderr


def test_html_is_self_contained_and_escaped(inventory):
    page = inventory("--format", "html")
    assert page.startswith("<!DOCTYPE html>")
    lowered = page.lower()
    for tag in ("<script", "<link", "<img", "<iframe", "<object", "<embed", "@import", "url("):
        assert tag not in lowered, tag
    assert "@media print" in page
    urls = set(re.findall(r"https?://[^\s\"'<>]+", page))
    allowed = {PLEDGE_URL}
    assert urls - allowed, "rule links expected"
    for url in urls - allowed:
        assert re.search(r"/NEV10[1-6]\.md$", url), url
    # Every URL is in a plain link.
    for url in urls:
        assert f'href="{url}"' in page
    assert "EEO-1 &lt;report&gt; &amp; audit, LEGAL-12" in page
    assert "<report>" not in page


def test_fideslang_mapping():
    assert fides_key("race_ethnicity", "ethnic_grp", "name token 'ethnic'") == "user.demographic.race_ethnicity"
    assert fides_key("religion", "faith", "") == "user.demographic.religious_belief"
    assert fides_key("political", "party", "") == "user.demographic.political_opinion"
    assert fides_key("sexual_orientation", "orientation", "") == "user.demographic.sexual_orientation"
    assert fides_key("sexual_orientation", "gender_identity", "") == "user.demographic.gender"
    assert fides_key("health", "diagnosis", "") == "user.health_and_medical"
    assert fides_key("health", "genome", "") == "user.health_and_medical.genetic"
    assert fides_key("health", "biometric_template", "") == "user.biometric"
    assert fides_key("health", "biometric_fingerprint", "") == "user.biometric.fingerprint"  # the child wins
    assert fides_key("national_origin", "immigrationStatus", "") == "user.government_id.immigration"
    assert fides_key("national_origin", "group", "choices list Citizen, Refugee") == "user.government_id.immigration"
    assert fides_key("national_origin", "countryOfBirth", "name tokens 'country of birth'") == "user.demographic"
    assert fides_key("national_origin", "nationality", "") == "user.demographic"


def test_notes_name_the_opt_in_codes_and_every_fideslang_key():
    notes = "\n".join(NOTES)
    opt_in = [rule.code for rule in RULES if rule.demographic and not rule.default_on]
    assert f"All six categories are included, also the opt-in {opt_in[0]}-{opt_in[-1]};" in notes

    def named(key: str) -> bool:
        return re.search(rf"(?<![\w.]){re.escape(key)}(?!\.?\w)", notes) is not None  # a whole key

    for rule in RULES:
        if rule.fides is None:
            continue
        assert named(rule.fides.key), rule.code
        for specific in rule.fides.specific:
            # A child key may be named as its parent's child: "user.biometric or its fingerprint/retinal child".
            parent = specific.key.rsplit(".", 1)[0]
            assert named(specific.key) or (f"{parent} or its " in notes and specific.label in notes), specific.key


# ---------------------------------------------------------------- a real browser

def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None


class _Cells(HTMLParser):
    """Rows of table cell texts, by table, as the browser's DOM has them."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.headings: list[str] = []
        self._cell: list[str] | None = None
        self._heading: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "h2":
            self._heading = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "h2" and self._heading is not None:
            self.headings.append(" ".join("".join(self._heading).split()))
            self._heading = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        if self._heading is not None:
            self._heading.append(data)


def test_html_renders_in_headless_chromium(run_cli, project, tmp_path):
    browser = _chromium()
    if browser is None:
        pytest.skip("chromium is not installed (Debian: apt-get install chromium); .ci/run installs it")
    page = tmp_path / "inventory.html"
    completed = run_cli("inventory", "--format", "html", "--output", str(page), cwd=project)
    assert completed.returncode == 0, completed.stderr
    common = [
        browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1280,1600",
    ]
    url = page.resolve().as_uri()
    dom = subprocess.run([*common, "--dump-dom", url], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    parser = _Cells()
    parser.feed(dom.stdout)
    assert "Summary" in parser.headings
    assert [h.split(" (")[0] for h in parser.headings if h not in ("Summary", "Notes")] == [
        "Applicant", "Ethnicity", "Person", "survey"]
    summary = {row[0]: row for row in parser.tables[0][1:]}
    assert summary["NEV101"][:3] == ["NEV101", "race_ethnicity", "user.demographic.race_ethnicity"]
    assert summary["NEV102"][3:] == ["yes", "3", "1", "1", "0", "2"]
    assert summary["NEV104"][3:] == ["no", "1", "0", "0", "0", "1"]
    assert summary["total"][1:] == ["11", "1", "3", "1", "7"]
    fields = {row[0] for table in parser.tables[1:] for row in table[1:]}
    assert {"religion", "ethnicity", "nationality", "citizenship", "visa_status", "dna_sample",
            "ethnic_group", "the model or table itself"} <= fields
    person = next(table for table, heading in zip(parser.tables[1:], parser.headings[2:])
                  if heading.startswith("Person"))
    religion = next(row for row in person if row[0] == "religion")
    assert religion[6] == "yes"  # encrypted
    assert "ZZ-SECRET" not in dom.stdout

    screenshot = tmp_path / "inventory.png"
    shot = subprocess.run([*common, f"--screenshot={screenshot}", url], capture_output=True, text=True, timeout=120)
    assert shot.returncode == 0, shot.stderr[-2000:]
    data = screenshot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 20_000, "the screenshot looks blank"

    pdf = tmp_path / "inventory.pdf"
    printed = subprocess.run([*common, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", url],
                             capture_output=True, text=True, timeout=120)
    assert printed.returncode == 0, printed.stderr[-2000:]
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000
