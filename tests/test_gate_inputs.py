"""Issue 11, what the gate reads besides source code: config, baseline, lexicon cache, selection, git revisions.

Each case runs the real CLI (and the real flake8 where the plugin reads the config) in a
subprocess and asserts what a CI gate relies on: one line naming the bad file or option, the
documented exit status (2: usage or configuration error), no traceback, and no hang.
Reproducers: ../shared/reliability/d09-d12, d14, d17-d19, and the select / diff+baseline
contract changes.
"""

from __future__ import annotations

import json
import marshal
import os
import random
import shutil
import subprocess
import sys
import textwrap
from binascii import crc32
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, unprivileged

RACE = textwrap.dedent(
    """\
    from django.db import models


    class Person(models.Model):
        race = models.CharField(max_length=20)
    """
)
RELIGION = RACE.replace("race", "religion")
DEEP = 2000  # deeper than Python's default recursion limit
ENTRY = '{"version": 1, "entries": [{"path": "a.py", "code": "NEV101", "symbol": "A.b", "source": "x", '


def _env(**changes: str | None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONWARNINGS"}
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def cli(*args: str, cwd: Path, env: dict[str, str] | None = None, command: list[str] | None = None
        ) -> subprocess.CompletedProcess[str]:
    base = command or [sys.executable, "-m", "flake8_neveragain"]
    completed = subprocess.run([*base, *args], cwd=cwd, capture_output=True, text=True, env=env or _env(),
                               timeout=120, check=False)
    assert "Traceback" not in completed.stderr, completed.stderr
    return completed


def flake8(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    completed = subprocess.run([sys.executable, "-m", "flake8", *args], cwd=cwd, capture_output=True, text=True,
                               env=_env(), timeout=120, check=False)
    assert "Traceback" not in completed.stdout + completed.stderr, completed.stdout + completed.stderr
    return completed


def usage_error(completed: subprocess.CompletedProcess[str], *fragments: str) -> str:
    """Exit 2, nothing on stdout, and exactly one stderr line holding every fragment."""
    assert completed.returncode == 2, (completed.returncode, completed.stderr)
    assert completed.stdout == ""
    assert completed.stderr.count("\n") == 1 and completed.stderr.startswith("neveragain: error: "), completed.stderr
    for fragment in fragments:
        assert fragment in completed.stderr, (fragment, completed.stderr)
    return completed.stderr


def flake8_error(completed: subprocess.CompletedProcess[str], *fragments: str) -> None:
    """flake8's own fatal error (its status 1), with our one line naming the file."""
    assert completed.returncode == 1
    ours = [line for line in completed.stdout.splitlines() if line.startswith("flake8-neveragain: ")]
    assert len(ours) == 1, completed.stdout
    for fragment in fragments:
        assert fragment in ours[0], (fragment, ours[0])


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "ok.py").write_text(RACE, encoding="utf-8")
    return tmp_path


# --- d09, d18: the baseline ---------------------------------------------------------------------


def test_d09_deeply_nested_baseline_is_one_line(tree: Path) -> None:
    (tree / "b.json").write_text('{"version": 1, "entries": ' + "[" * DEEP + "]" * DEEP + "}")
    usage_error(cli("check", "--baseline", "b.json", "ok.py", cwd=tree), "baseline b.json", "nested")
    deep_object = '{"version": 1, "entries": [' + '{"a":' * DEEP + "1" + "}" * DEEP + "]}"
    (tree / ".neveragain-baseline.json").write_text(deep_object)  # the default baseline, found by itself
    usage_error(cli("check", "ok.py", cwd=tree), "baseline .neveragain-baseline.json", "nested")
    usage_error(cli("baseline", "--check", cwd=tree), "baseline .neveragain-baseline.json")


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ('{"version": [[[[1]]]], "entries": []}', "unsupported version of type list"),
        ('{"version": 1, "entries": {}}', '"entries" must be a list'),
        ('{"version": 1, "entries": [["path", "a.py"]]}', "entry 1: expected an object"),
        ('{"version": 1, "entries": [{"path": 1, "code": "NEV101", "symbol": "A.b", "source": "x"}]}',
         "'path' must be a non-empty string"),
        (ENTRY + '"count": 1' + "0" * 5000 + "}]}", "baseline b.json"),  # more digits than int() takes
        (ENTRY + '"count": 10000000000}]}', '"count" must be a whole number'),
        (ENTRY + '"count": 2.5}]}', '"count" must be a whole number'),
        ('{"version": 1, "entries": [], "' + "k" * 5000 + '": 1}', "unknown key 'kkk"),
    ],
)
def test_d09_hostile_baseline_shapes_are_one_line(tree: Path, content: str, fragment: str) -> None:
    (tree / "b.json").write_text(content)
    line = usage_error(cli("check", "--baseline", "b.json", "ok.py", cwd=tree), "baseline b.json", fragment)
    assert len(line) < 300  # a huge key or number is not echoed back


@pytest.mark.parametrize("option", ["--baseline", "--config"])
def test_d18_device_fifo_and_folder_are_refused_without_reading(tree: Path, option: str) -> None:
    os.mkfifo(tree / "fifo")  # with no writer: reading it would wait forever
    (tree / "folder").mkdir()
    for special, fragment in (("/dev/zero", "not a regular file"), ("fifo", "not a regular file"),
                              ("folder", "is a directory")):
        usage_error(cli("check", option, special, "ok.py", cwd=tree), special, fragment)


def test_d18_dev_zero_under_an_address_space_limit(tree: Path) -> None:
    prlimit = shutil.which("prlimit")
    if prlimit is None:
        pytest.fail("prlimit (util-linux) is needed to reproduce d18 as reported")
    base = [prlimit, "--as=1500000000", sys.executable, "-m", "flake8_neveragain"]
    for option in ("--baseline", "--config"):
        usage_error(cli("check", option, "/dev/zero", "ok.py", cwd=tree, command=base), "/dev/zero")


def test_d18_oversized_inputs_are_refused(tree: Path) -> None:
    with open(tree / "big.json", "wb") as file:
        file.truncate(32 * 1024 * 1024 + 1)  # sparse: costs no disk
    usage_error(cli("check", "--baseline", "big.json", "ok.py", cwd=tree), "baseline big.json", "larger than 32 MiB")
    with open(tree / "big.toml", "wb") as file:
        file.truncate(4 * 1024 * 1024 + 1)
    usage_error(cli("check", "--config", "big.toml", "ok.py", cwd=tree), "big.toml", "larger than 4 MiB")


def test_unreadable_and_non_utf8_inputs(tree: Path) -> None:
    (tree / "latin1.toml").write_bytes(b"[tool.neveragain]\nallow-names = ['caf\xe9']\n")
    usage_error(cli("check", "--config", "latin1.toml", "ok.py", cwd=tree), "latin1.toml", "not UTF-8")
    (tree / "latin1.json").write_bytes(b'{"version": 1, "entries": [], "\xe9": 1}')
    usage_error(cli("check", "--baseline", "latin1.json", "ok.py", cwd=tree), "latin1.json", "not UTF-8")
    for name in ("sealed.toml", "sealed.json"):
        (tree / name).write_text("[tool.neveragain]\n" if name.endswith("toml") else '{"version": 1, "entries": []}')
        (tree / name).chmod(0)
    command = unprivileged([sys.executable, "-m", "flake8_neveragain"])
    usage_error(cli("check", "--config", "sealed.toml", "ok.py", cwd=tree, command=command),
                "sealed.toml", "Permission denied")
    usage_error(cli("check", "--baseline", "sealed.json", "ok.py", cwd=tree, command=command),
                "sealed.json", "Permission denied")
    usage_error(cli("check", "--config", "nosuch.toml", "ok.py", cwd=tree), "nosuch.toml", "no such file")


def test_a_current_directory_deleted_under_the_shell(tree: Path) -> None:
    gone = tree / "gone"
    gone.mkdir()
    script = 'cd "$1" && rmdir "$1" && shift && exec "$0" -m flake8_neveragain check "$@"'
    for isolated in ((), ("--isolated",)):
        completed = cli(str(gone), str(tree / "ok.py"), *isolated, cwd=tree, command=["sh", "-c", script, sys.executable])
        usage_error(completed, "current directory")
        gone.mkdir()


# --- d10, d11, d14, d19: pyproject.toml ---------------------------------------------------------


@pytest.mark.parametrize(
    ("document", "fragment"),
    [
        ("tool = 1\n# [tool.neveragain]\n", "tool must be a table"),
        ("tool = 'x'\n# [tool.neveragain]\n", "tool must be a table ([tool]), not a string"),
        ("[tool]\nneveragain = [1, 2]\n", "tool.neveragain must be a table"),
        ("[tool]\nneveragain = 1979-05-27\n", "tool.neveragain must be a table"),
    ],
)
def test_d10_levels_that_are_not_tables(tree: Path, document: str, fragment: str) -> None:
    (tree / "other.toml").write_text(document)
    usage_error(cli("check", "--config", "other.toml", "ok.py", cwd=tree), "other.toml", fragment)
    (tree / "pyproject.toml").write_text(document)  # found by itself: the CLI and flake8
    usage_error(cli("check", "ok.py", cwd=tree), "pyproject.toml", fragment)
    flake8_error(flake8("--select", "NEV", "ok.py", cwd=tree), "pyproject.toml", fragment)


@pytest.mark.parametrize(
    ("setting", "fragment"),
    [
        ("select = 1", "select: expected a list of strings, got int"),
        ("extend-select = [1]", "extend-select: expected a list of strings, got a list holding int"),
        ("ignore = {a = 1}", "ignore: expected a list of strings, got dict"),
        ("extra-terms = 'x'", "extra-terms: expected a table"),
        ("extra-terms = {religon = ['x']}", "extra-terms: unknown category 'religon'"),
        ("extra-terms = {religion = [[1]]}", "extra-terms.religion: expected a list of strings"),
        ("allow-names = true", "allow-names: expected a list of strings, got bool"),
        ("docs-url = 3", "docs-url: expected a URL string"),
        ("exclude = 2.5", "exclude: expected a list of strings, got float"),
        ("sql-extensions = [[]]", "sql-extensions: expected a list of strings"),
        ("require-reason = 'yes'", "require-reason: expected true or false, got str"),
        ("baseline = []", "baseline: expected a file path string"),
        ("encrypted-types = ['a b']", "encrypted-types: 'a b' is not a type name"),
    ],
)
def test_d10_each_setting_of_the_wrong_type_names_the_file_and_key(tree: Path, setting: str, fragment: str) -> None:
    (tree / "pyproject.toml").write_text(f"[tool.neveragain]\n{setting}\n")
    usage_error(cli("check", "ok.py", cwd=tree), "pyproject.toml: [tool.neveragain] ", fragment)


def test_d11_deeply_nested_arrays(tree: Path) -> None:
    (tree / "pyproject.toml").write_text("[tool.neveragain]\nselect = " + "[" * 1000 + "]" * 1000 + "\n")
    usage_error(cli("check", "ok.py", cwd=tree), "pyproject.toml", "nested too deeply")
    flake8_error(flake8("--select", "NEV", "ok.py", cwd=tree), "pyproject.toml", "nested too deeply")
    (tree / "pyproject.toml").write_text("[tool.neveragain]\nextra-terms = " + "{a = " * 600 + "1" + "}" * 600 + "\n")
    usage_error(cli("check", "ok.py", cwd=tree), "pyproject.toml")


def _at_depth(depth: int, call):  # the same call with `depth` more frames under it
    return call() if depth == 0 else _at_depth(depth - 1, call)


def test_deep_nesting_is_judged_the_same_at_any_stack_depth(tree: Path) -> None:
    """Found by the fuzz campaign: deep nesting and a 5000-digit number in one file failed as
    "nested too deeply" or "a number too long" depending on how deep the caller's stack was."""
    from flake8_neveragain.config.settings import ConfigError, load_config
    from flake8_neveragain.review.baseline import load

    (tree / "pyproject.toml").write_text("[tool.neveragain]\nx = 1" + "0" * 5000 + "\nselect = "
                                         + "[" * 300 + "]" * 300 + "\n")
    (tree / "b.json").write_text('{"version": 1, "n": 1' + "0" * 5000 + ', "entries": ' + "[" * 300 + "]" * 300 + "}")
    for read in (lambda: load_config(tree / "pyproject.toml"), lambda: load(tree / "b.json")):
        messages = set()
        for depth in (0, 200, 600):
            with pytest.raises(ConfigError) as raised:
                _at_depth(depth, read)
            messages.add(str(raised.value))
        assert len(messages) == 1 and "nested" in messages.pop()


def test_brackets_inside_strings_and_comments_are_not_nesting(tree: Path) -> None:
    brackets = "[" * 200
    (tree / "pyproject.toml").write_text(
        f'# {brackets}\n[tool.neveragain]\nallow-names = ["{brackets}", \'{brackets}\', """{brackets}"""]\n')
    completed = cli("check", "ok.py", cwd=tree)
    assert completed.returncode == 1 and "Person.race" in completed.stdout, completed.stderr


def test_d14_baseline_under_an_unknown_user(tree: Path) -> None:
    (tree / "pyproject.toml").write_text("[tool.neveragain]\nbaseline = '~nosuchuserxyz/b.json'\n")
    usage_error(cli("check", "ok.py", cwd=tree), "pyproject.toml", "baseline", "~nosuchuserxyz/b.json")


def test_d14_tilde_when_no_home_directory_can_be_found(tree: Path) -> None:
    # No HOME and no password entry for the user: Path.expanduser raises RuntimeError.
    (tree / "pyproject.toml").write_text("[tool.neveragain]\nbaseline = '~/b.json'\n")
    no_passwd = ("import pwd, sys\n"
                 "def missing(uid): raise KeyError(uid)\n"
                 "pwd.getpwuid = missing\n"
                 "from flake8_neveragain.cli.main import main\n"
                 "sys.exit(main())\n")
    completed = cli("check", "ok.py", cwd=tree, env=_env(HOME=None, XDG_CACHE_HOME=None),
                    command=[sys.executable, "-c", no_passwd])
    usage_error(completed, "pyproject.toml", "baseline", "'~/b.json'", "home directory")


@pytest.mark.parametrize("url", ["javascript:alert(document.domain)//", "data:text/html,x", "file:///etc/passwd",
                                 "https://", "ftp://example.org/", "https://exa mple.org/", 'https://x.org/"><b>'])
def test_d19_docs_url_must_be_http_or_https(tree: Path, url: str) -> None:
    (tree / "t.sql").write_text("CREATE TABLE t (race text);\n")
    (tree / "pyproject.toml").write_text(f"[tool.neveragain]\ndocs-url = {json.dumps(url)}\n")
    usage_error(cli("inventory", "--format", "html", "t.sql", cwd=tree), "pyproject.toml", "docs-url")
    flake8_error(flake8("--select", "NEV", "ok.py", cwd=tree), "pyproject.toml", "docs-url")
    usage_error(cli("check", "--isolated", "--docs-url", url, "ok.py", cwd=tree), "--docs-url")
    (tree / "pyproject.toml").unlink()
    flake8_error(flake8("--select", "NEV", "--neveragain-docs-url", url, "ok.py", cwd=tree),
                 "--neveragain-docs-url")


def test_d19_http_and_https_docs_urls_work(tree: Path) -> None:
    completed = cli("check", "--isolated", "--format", "json", "--docs-url", "HTTP://docs.example.org/r", "ok.py",
                    cwd=tree)
    assert completed.returncode == 1
    assert json.loads(completed.stdout)["findings"][0]["url"] == "HTTP://docs.example.org/r/NEV101.md"
    completed = flake8("--select", "NEV", "--neveragain-docs-url", "https://docs.example.org/r/", "ok.py", cwd=tree)
    assert "https://docs.example.org/r/NEV101.md" in completed.stdout


# --- selection ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--select", "NEV999"], "--select: 'NEV999' matches no neveragain rule"),
        (["--select", "E501"], "--select: 'E501' matches no neveragain rule"),
        (["--select", "NEV101,E501"], "'E501' matches no neveragain rule"),
        (["--extend-select", "NEV3"], "--extend-select: 'NEV3' matches no neveragain rule"),
        (["--ignore", "W"], "--ignore: 'W' matches no neveragain rule"),
        (["--select", ""], "no rule selected"),
        (["--select", "NEV1", "--ignore", "NEV1"], "no rule selected"),
        (["--ignore", "NEV"], "no rule selected"),
    ],
)
def test_a_selection_naming_no_rule_is_a_usage_error(tree: Path, args: list[str], fragment: str) -> None:
    usage_error(cli("check", "--isolated", *args, "ok.py", cwd=tree), fragment)
    usage_error(cli("baseline", "--isolated", *args, "ok.py", cwd=tree), fragment)
    assert not (tree / ".neveragain-baseline.json").exists()


def test_select_in_the_config_naming_no_rule(tree: Path) -> None:
    (tree / "pyproject.toml").write_text("[tool.neveragain]\nselect = ['NEV999']\n")
    usage_error(cli("check", "ok.py", cwd=tree), "pyproject.toml: [tool.neveragain] select: 'NEV999' matches no")


@pytest.mark.parametrize("selector", ["NEV", "NEV1", "nev101", "N", "NEV20"])
def test_a_selector_matching_some_rule_is_fine(tree: Path, selector: str) -> None:
    completed = cli("check", "--isolated", "--select", selector, "ok.py", cwd=tree)
    assert completed.returncode in (0, 1), completed.stderr


def test_flake8_selecting_other_plugins_codes_is_flake8s_business(tree: Path) -> None:
    completed = flake8("--select", "E501,NEV", "ok.py", cwd=tree)
    assert completed.returncode == 1 and "NEV101" in completed.stdout
    assert flake8("--select", "E501", "ok.py", cwd=tree).returncode == 0


# --- d12 and the diff with a baseline -------------------------------------------------------------


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


@pytest.fixture
def repo(tree: Path) -> Path:
    if shutil.which("git") is None:
        pytest.fail("git is needed for --diff")
    _git(tree, "init", "-q", "-b", "main")
    _git(tree, "config", "user.email", "dev@example.org")
    _git(tree, "config", "user.name", "Dev")
    _git(tree, "config", "commit.gpgsign", "false")
    (tree / "other.py").write_text(RELIGION, encoding="utf-8")
    _git(tree, "add", "-A")
    _git(tree, "commit", "-q", "-m", "start")
    return tree


@pytest.mark.parametrize(
    ("revision", "fragment"),
    [
        ("x" + "..." * 800, "is not one (at most 1000)"),
        ("x" + "..." * 300, "is not a revision"),
        ("HEAD......", "is not a revision"),
        ("main..HEAD", "not a range"),
        ("...", "is not a revision"),
        ("HEAD\tx", "space or control character"),
        ("-p", "is not a revision"),
    ],
)
def test_d12_revisions_that_cannot_be_one(repo: Path, revision: str, fragment: str) -> None:
    usage_error(cli("check", f"--diff={revision}", "ok.py", cwd=repo), "--diff", fragment)


def test_d12_one_trailing_dots_still_means_the_merge_base(repo: Path) -> None:
    completed = cli("check", "--diff", "main...", cwd=repo)
    assert completed.returncode == 0, completed.stderr


def _stale(repo: Path) -> tuple[int, list[str]]:
    completed = cli("check", "--format", "json", "--diff", "HEAD", cwd=repo)
    assert completed.returncode in (0, 1), completed.stderr
    report = json.loads(completed.stdout)
    return report["baseline"]["stale"], [finding["symbol"] for finding in report["findings"]]


def test_diff_with_a_baseline_judges_only_the_files_it_read(repo: Path) -> None:
    assert cli("baseline", cwd=repo).returncode == 0
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "baseline")
    assert _stale(repo) == (0, [])  # nothing changed
    # A changed file whose old finding is still there: neither new nor stale; the
    # untouched other.py is not judged at all.
    (repo / "ok.py").write_text(RACE + "    name = models.CharField(max_length=20)\n")
    assert _stale(repo) == (0, [])
    # The finding removed from a changed file: that entry, and only it, is stale.
    (repo / "ok.py").write_text(RACE.replace("race", "name"))
    assert _stale(repo) == (1, [])
    # A file deleted since REV holds nothing now: its entry is stale too.
    (repo / "other.py").unlink()
    assert _stale(repo) == (2, [])
    # A full run agrees.
    completed = cli("baseline", "--check", cwd=repo)
    assert completed.returncode == 1 and completed.stdout.count("\n") == 2


# --- d17: the lexicon cache -----------------------------------------------------------------------


def _cache_file(home: Path) -> Path:
    (path,) = (home / "neveragain").glob("lexicon-*.marshal")
    return path


def _examples(home: Path) -> str:
    completed = cli("check", "--isolated", "--format", "json", ".", cwd=EXAMPLES, env=_env(XDG_CACHE_HOME=str(home)))
    assert completed.returncode == 1, completed.stderr
    assert "internal error" not in completed.stdout + completed.stderr
    return completed.stdout


def _stored(path: Path) -> Any:
    """The value a well-formed cache file holds (frozenset order, and so the bytes, vary by process)."""
    data = path.read_bytes()
    assert crc32(data[9:]).to_bytes(4, "big") == data[5:9]
    return marshal.loads(data[9:])


def _stored_value(data: bytes) -> Any:
    return marshal.loads(data[9:])


def _rewrite(path: Path, value: Any) -> None:
    """Store `value` as a well-formed cache file: right header, right checksum."""
    header = path.read_bytes()[:5]
    payload = marshal.dumps(value)
    path.write_bytes(header + crc32(payload).to_bytes(4, "big") + payload)


def test_d17_a_cache_of_the_wrong_shape_is_a_miss_and_rebuilt(tmp_path: Path) -> None:
    reference = _examples(tmp_path)
    path = _cache_file(tmp_path)
    good = _stored(path)
    key, (tables, abbreviations) = good
    broken = list(tables)
    broken[8] = None  # compound_parts, as in the reproducer
    wrong_term = list(tables)
    wrong_term[0] = {word: tuple((*term[:2], None, *term[3:]) for term in terms) for word, terms in tables[0].items()}
    for value in ((key, (tuple(broken), abbreviations)), (key, (tuple(wrong_term), abbreviations)),
                  (key, (tables, {"eth": 1})), (key, (tables,)), (key, None)):
        _rewrite(path, value)
        assert _examples(tmp_path) == reference
        assert _stored(path) == good  # rebuilt and stored again


def test_d17_flipped_bits_and_truncation_are_misses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from flake8_neveragain.classify.lexicon_source import cache_key as _cache_key
    from flake8_neveragain.files import usercache

    reference = _examples(tmp_path)
    path = _cache_file(tmp_path)
    good = path.read_bytes()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    key = _cache_key()
    assert usercache.load("lexicon", key) is not None
    rng = random.Random(11)
    for bit in rng.sample(range(len(good) * 8), 300):
        flipped = bytearray(good)
        flipped[bit // 8] ^= 1 << (bit % 8)
        path.write_bytes(bytes(flipped))
        assert usercache.load("lexicon", key) is None, bit
    for size in (0, 4, 9, len(good) // 2, len(good) - 1):
        path.write_bytes(good[:size])
        assert usercache.load("lexicon", key) is None, size
    path.write_bytes(good[9:])  # a file from before checksums: plain marshal
    assert usercache.load("lexicon", key) is None
    flipped = bytearray(good)
    flipped[len(good) // 2] ^= 0x20  # a changed letter in a term, end to end
    path.write_bytes(bytes(flipped))
    assert _examples(tmp_path) == reference
    assert _stored(path) == _stored_value(good)


def test_d17_a_cache_that_is_not_a_regular_file_is_a_miss(tmp_path: Path) -> None:
    reference = _examples(tmp_path)
    path = _cache_file(tmp_path)
    path.unlink()
    os.mkfifo(path)  # reading it would block; the cache is skipped, the run goes on
    assert _examples(tmp_path) == reference
