"""The real flake8, run in a subprocess with the installed plugin."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from conftest import EXAMPLES

MODELS = textwrap.dedent(
    """\
    from django.db import models


    class Person(models.Model):
        religion = models.CharField(max_length=20)
        political_party = models.CharField(max_length=20)
        trace_id = models.CharField(max_length=32)
    """
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "models.py").write_text(MODELS, encoding="utf-8")
    return tmp_path


def codes(output: str) -> list[str]:
    return [line.split(": ", 1)[1].split(" ", 1)[0] for line in output.splitlines() if line]


def test_select_nev_reports_default_codes(run_flake8, project):
    completed = run_flake8("--select", "NEV", "models.py", cwd=project)
    assert completed.returncode == 1
    assert completed.stdout.startswith("models.py:5:5: NEV102 Django model field Person.religion")
    # NEV104 is in the extended default ignore; --select NEV is explicit, so it shows.
    assert codes(completed.stdout) == ["NEV102", "NEV104"]


def test_default_run_leaves_opt_in_codes_off(run_flake8, project):
    completed = run_flake8("--isolated", "models.py", cwd=project)
    assert "NEV102" in completed.stdout
    assert "NEV104" not in completed.stdout
    extended = run_flake8("--isolated", "--extend-select", "NEV104", "models.py", cwd=project)
    assert "NEV104" in extended.stdout


def readme_flake8_arguments() -> list[str]:
    """The arguments of the README's flake8 line that runs only this plugin with the CLI's defaults."""
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    line = next(line for line in readme.splitlines() if line.startswith("flake8 --select NEV"))
    command = line.split("#", 1)[0].split()
    assert command[0] == "flake8" and command[-1] == "."
    return command[1:-1]


def test_the_readme_flake8_line_reports_what_the_cli_reports(run_flake8, run_cli, project):
    # `--select NEV` alone would turn the opt-in NEV104-106 on (an explicit selection
    # wins over flake8's extended default ignore); the README's line must not.
    flake8 = run_flake8("--isolated", *readme_flake8_arguments(), "models.py", cwd=project)
    cli = run_cli("check", "--isolated", "models.py", cwd=project)
    assert codes(flake8.stdout) == codes(cli.stdout) == ["NEV102"]
    assert "E999" in readme_flake8_arguments()[1]


def test_noqa_works(run_flake8, project):
    source = MODELS.replace("max_length=20)\n    political", "max_length=20)  # noqa: NEV102\n    political", 1)
    (project / "models.py").write_text(source, encoding="utf-8")
    completed = run_flake8("--select", "NEV102", "models.py", cwd=project)
    assert (completed.returncode, completed.stdout) == (0, "")


def test_options_from_flake8_config(run_flake8, project):
    (project / "models.py").write_text(MODELS + "    konfession = models.CharField(max_length=9)\n")
    (project / "setup.cfg").write_text(textwrap.dedent(
        """\
        [flake8]
        select = NEV
        neveragain-extra-terms = religion=konfession
        neveragain-allow-names = Person.political_party
        neveragain-docs-url = https://docs.example.org/rules/
        """
    ))
    completed = run_flake8("models.py", cwd=project)
    assert codes(completed.stdout) == ["NEV102", "NEV102"]
    assert "Person.konfession" in completed.stdout
    assert "https://docs.example.org/rules/NEV102.md" in completed.stdout


def test_bad_option_is_a_clear_error(run_flake8, project):
    completed = run_flake8("--neveragain-extra-terms", "religon=x", "models.py", cwd=project)
    assert completed.returncode != 0
    assert "religon" in completed.stdout + completed.stderr
    assert "Traceback" not in completed.stdout + completed.stderr


def test_plugin_and_cli_agree_on_every_example_file(run_flake8, run_cli):
    files = sorted(path.relative_to(EXAMPLES).as_posix() for path in EXAMPLES.rglob("*.py"))
    flake8 = run_flake8("--isolated", "--select", "NEV", "--format", "%(path)s:%(row)d:%(col)d: %(code)s %(text)s",
                        *files, cwd=EXAMPLES)
    cli = run_cli("check", "--format", "json", "--isolated", "--extend-select", "NEV", *files, cwd=EXAMPLES)
    from_cli = {
        f"{f['path']}:{f['line']}:{f['column']}: {f['code']} {f['message']}" for f in json.loads(cli.stdout)["findings"]
    }
    assert set(flake8.stdout.splitlines()) == from_cli
    assert len(from_cli) >= 10
