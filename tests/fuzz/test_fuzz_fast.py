"""The fast part of the fuzz suite: a few thousand examples, deterministic, in the normal run.

Three kinds of test, all checking the properties of harness.run_case:
- hypothesis tests draw from the campaign's grammar and mutations, and shrink what fails;
- a fixed sample of the campaign's own inputs (plain `random`, its distribution: rare
  combinations turn up far more often than under hypothesis's draws);
- the saved reproducers in tests/fuzz/corpus/<entry point>/, one test each.
NEVERAGAIN_FUZZ_SCALE=10 runs ten times the examples, still deterministically.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .campaign import main as campaign_main
from .checks import Failure
from .choices import DrawChooser, RandomChooser
from .harness import ENTRY_POINTS, run_case
from .inputs import make_input

SCALE = float(os.environ.get("NEVERAGAIN_FUZZ_SCALE", "1"))


def fuzz_settings(examples: int) -> settings:
    # derandomize: CI sees the same examples every run; database=None: nothing written to the repo;
    # deadline=None: run_case applies the 2-second bound itself, with the input's size.
    return settings(max_examples=max(1, int(examples * SCALE)), derandomize=True, database=None, deadline=None,
                    suppress_health_check=list(HealthCheck), print_blob=True)


def inputs(target: str, large: bool = False) -> st.SearchStrategy[bytes]:
    return st.composite(lambda draw: make_input(target, DrawChooser(draw), large))()


def describe(failures: list[Failure], data: bytes) -> str:
    lines = [f"{f.kind} [{f.target}] {f.signature}\n{f.detail[-2500:]}" for f in failures]
    return f"input {data[:400]!r}{'...' if len(data) > 400 else ''}\n" + "\n\n".join(lines)


def assert_clean(failures: list[Failure], data: bytes) -> None:
    if failures:
        raise AssertionError(describe(failures, data))


@fuzz_settings(400)
@given(inputs("python"))
def test_python_file_analysis(data: bytes) -> None:
    assert_clean(run_case("python", data), data)


@fuzz_settings(300)
@given(inputs("flake8-plugin"))
def test_flake8_plugin_agrees_with_cli(data: bytes) -> None:
    assert_clean(run_case("flake8-plugin", data), data)


@fuzz_settings(400)
@given(inputs("sql"))
def test_sql_file_analysis(data: bytes) -> None:
    assert_clean(run_case("sql", data), data)


@fuzz_settings(300)
@given(inputs("noqa"))
def test_noqa_lines_agree_with_flake8(data: bytes) -> None:
    assert_clean(run_case("noqa", data), data)


@fuzz_settings(250)
@given(inputs("config"))
def test_pyproject_loading(data: bytes) -> None:
    assert_clean(run_case("config", data), data)


@fuzz_settings(300)
@given(inputs("baseline"))
def test_baseline_loading(data: bytes) -> None:
    assert_clean(run_case("baseline", data), data)


@fuzz_settings(150)
@given(inputs("flake8-options"))
def test_flake8_plugin_options(data: bytes) -> None:
    assert_clean(run_case("flake8-options", data), data)


@fuzz_settings(60)
@given(inputs("cli"))
def test_cli_on_small_projects(data: bytes) -> None:
    assert_clean(run_case("cli", data, repeat=False), data)


@pytest.mark.parametrize("target", ["python", "sql"])
@fuzz_settings(6)
@given(data=st.data())
def test_large_inputs_stay_under_two_seconds(target: str, data: st.DataObject) -> None:
    """10-100 kB of the shapes whose cost grows with size (long names, elif chains, many operations)."""
    case = data.draw(inputs(target, large=True))
    assert_clean(run_case(target, case, repeat=False, variants=False), case)


# Inputs per entry point in the fixed sample: about 10 s in all on this machine.
SAMPLE = {"python": 600, "flake8-plugin": 300, "sql": 600, "noqa": 300, "config": 300, "baseline": 300,
          "flake8-options": 150, "cli": 60}


@pytest.mark.parametrize("target", list(SAMPLE))
def test_campaign_sample(target: str) -> None:
    """The campaign's first inputs of this entry point; each distinct failure once, smallest input shown."""
    distinct: dict[str, tuple[Failure, bytes]] = {}
    for index in range(max(1, int(SAMPLE[target] * SCALE))):
        data = make_input(target, RandomChooser(f"pytest:{target}:{index}"))
        for failure in run_case(target, data, repeat=index % 10 == 0 and target != "cli"):
            known = distinct.get(failure.signature)
            if known is None or len(data) < len(known[1]):
                distinct[failure.signature] = (failure, data)
    if distinct:
        raise AssertionError(f"{len(distinct)} distinct failures:\n\n"
                             + "\n\n".join(describe([failure], data) for failure, data in distinct.values()))


CORPUS = Path(__file__).parent / "corpus"


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*/*")), ids=lambda path: f"{path.parent.name}/{path.name}")
def test_saved_reproducer(path: Path) -> None:
    """Inputs the campaign found (minimised with tests.fuzz.minimize), replayed on the entry point named by their folder."""
    assert path.parent.name in ENTRY_POINTS
    data = path.read_bytes()
    assert_clean(run_case(path.parent.name, data), data)


def test_campaign_runs_and_prints_totals(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The long campaign's machinery (workers, watchdog, summary) on a handful of inputs."""
    campaign_main(["--inputs", "40", "--jobs", "2", "--seed", "3", "--out", str(tmp_path), "--report-every", "60"])
    total = [line for line in capsys.readouterr().out.splitlines() if line.startswith("TOTAL ")]
    assert total and "inputs=40 " in total[0]
