"""files/gitignore.py: whether git would ignore a path (issue 13's `respect-gitignore`).

Each test builds a real layout on disk (a `.git` folder or file marks the
repository) and asks `GitIgnore` what the directory walk asks: one path at a
time, folders before their contents, never inside an ignored folder. The
oracle test puts the same questions to the real `git check-ignore`. Hostile
ignore files (a folder, a FIFO, no permission, too big, not UTF-8, patterns
pathspec rejects) must never raise: each counts as empty and the walk goes on.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import textwrap
import warnings
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import unprivileged
from flake8_neveragain.files.gitignore import GITIGNORE_LIMIT, MAX_PATTERNS, GitIgnore


def repository(tmp_path: Path, gitignore: str | bytes | None = None) -> Path:
    """A repository root (an empty `.git` folder is enough), with a root .gitignore if given."""
    root = tmp_path / "repo"
    (root / ".git" / "info").mkdir(parents=True)
    if gitignore is not None:
        write(root / ".gitignore", gitignore)
    return root


def write(path: Path, content: str | bytes = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = textwrap.dedent(content).encode()
    path.write_bytes(content)
    return path


def ignored_files(root: Path, *names: str) -> set[str]:
    """Which of the files `names` (relative to root) one GitIgnore says git ignores."""
    rules = GitIgnore()
    return {name for name in names if rules.is_ignored(root / name, is_dir=False)}


def test_root_gitignore_file_patterns(tmp_path: Path) -> None:
    root = repository(tmp_path, "*.log\nsecrets.py\n")
    assert ignored_files(root, "debug.log", "app/deep/run.log", "secrets.py", "app/secrets.py",
                         "app.py", "log.py", "debug.log.py") == {
        "debug.log", "app/deep/run.log", "secrets.py", "app/secrets.py"}


def test_a_trailing_slash_matches_folders_only(tmp_path: Path) -> None:
    root = repository(tmp_path, "cache/\n")
    rules = GitIgnore()
    assert rules.is_ignored(root / "cache", is_dir=True)
    assert rules.is_ignored(root / "app" / "cache", is_dir=True)
    assert not rules.is_ignored(root / "cache", is_dir=False)
    assert not rules.is_ignored(root / "app" / "cache", is_dir=False)


def test_a_deeper_gitignore_re_includes_what_a_parent_ignores(tmp_path: Path) -> None:
    root = repository(tmp_path, "generated_*.py\n")
    write(root / "api" / ".gitignore", "!generated_schema.py\n")
    assert ignored_files(root, "generated_schema.py", "generated_other.py", "api/generated_schema.py",
                         "api/generated_other.py", "api/v2/generated_schema.py", "api/schema.py") == {
        "generated_schema.py", "generated_other.py", "api/generated_other.py"}


def test_a_deeper_gitignore_ignores_what_a_parent_re_includes(tmp_path: Path) -> None:
    root = repository(tmp_path, "*.sql\n!schema.sql\n")
    write(root / "legacy" / ".gitignore", "schema.sql\n")
    assert ignored_files(root, "schema.sql", "dump.sql", "legacy/schema.sql", "other/schema.sql") == {
        "dump.sql", "legacy/schema.sql"}


def test_within_one_file_the_last_matching_pattern_wins(tmp_path: Path) -> None:
    root = repository(tmp_path, "!keep.py\n*.py\n!main.py\n")
    assert ignored_files(root, "keep.py", "main.py", "other.py") == {"keep.py", "other.py"}


def test_anchored_patterns_match_at_their_own_folder_only(tmp_path: Path) -> None:
    root = repository(tmp_path, "/build\nout\ndocs/tmp\n")
    write(root / "pkg" / ".gitignore", "/generated\n")
    rules = GitIgnore()
    folders = {
        "build": True, "src/build": False,  # `/build`: the root's only
        "out": True, "src/out": True,  # `out`: at any depth
        "docs/tmp": True, "src/docs/tmp": False,  # a slash inside anchors it too
        "pkg/generated": True, "generated": False, "pkg/sub/generated": False,  # relative to pkg/
    }
    assert {name: rules.is_ignored(root / name, is_dir=True) for name in folders} == folders


def test_double_star(tmp_path: Path) -> None:
    root = repository(tmp_path, "**/fixtures/*.sql\nreports/**/draft*\nlogs/**\n")
    assert ignored_files(root, "fixtures/a.sql", "app/tests/fixtures/b.sql", "fixtures/a.py",
                         "fixtures/deeper/a.sql", "reports/draft1.md", "reports/2024/q1/draft2.md",
                         "reports/final.md", "logs/today/run.py", "app/logs/run.py") == {
        "fixtures/a.sql", "app/tests/fixtures/b.sql", "reports/draft1.md", "reports/2024/q1/draft2.md",
        "logs/today/run.py"}


def test_info_exclude_applies_and_ranks_below_every_gitignore(tmp_path: Path) -> None:
    root = repository(tmp_path, "!scratch_kept.py\n")
    write(root / ".git" / "info" / "exclude", "# git init's comments\nscratch*.py\n")
    assert ignored_files(root, "scratch.py", "app/scratch2.py", "scratch_kept.py", "app.py") == {
        "scratch.py", "app/scratch2.py"}


def test_outside_a_repository_nothing_is_ignored(tmp_path: Path) -> None:
    write(tmp_path / "project" / ".gitignore", "*.py\n")
    assert ignored_files(tmp_path / "project", "app.py") == set()


def test_a_nested_repository_does_not_inherit_the_outer_rules(tmp_path: Path) -> None:
    root = repository(tmp_path, "*.log\n")
    (root / "vendor" / "lib" / ".git").mkdir(parents=True)
    write(root / "vendor" / "lib" / ".gitignore", "*.tmp\n")
    assert ignored_files(root, "run.log", "vendor/run.log", "vendor/lib/run.log", "vendor/lib/x.tmp",
                         "x.tmp") == {"run.log", "vendor/run.log", "vendor/lib/x.tmp"}


def test_git_as_a_file_marks_a_worktree(tmp_path: Path) -> None:
    worktree = tmp_path / "worktree"
    write(worktree / ".git", "gitdir: /elsewhere/.git/worktrees/worktree\n")
    write(worktree / ".gitignore", "*.log\n")
    assert ignored_files(worktree, "run.log", "app/run.log", "app.py") == {"run.log", "app/run.log"}


def test_relative_and_absolute_paths_agree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = repository(tmp_path, "/top.log\n")
    monkeypatch.chdir(root / ".git")  # any folder: relative paths are taken from the CWD
    rules = GitIgnore()
    assert rules.is_ignored(Path("../top.log"), is_dir=False)
    assert rules.is_ignored(root / "top.log", is_dir=False)
    assert not rules.is_ignored(Path("../sub/top.log"), is_dir=False)
    monkeypatch.chdir(root / "..")
    assert rules.is_ignored(Path("repo/top.log"), is_dir=False)
    assert not rules.is_ignored(Path("top.log"), is_dir=False)  # not in the repository at all


def test_a_symlinked_folder_is_judged_where_it_appears(tmp_path: Path) -> None:
    root = repository(tmp_path, "/real/\n")
    (root / "real").mkdir()
    (root / "alias").symlink_to(root / "real")
    rules = GitIgnore()
    assert rules.is_ignored(root / "real", is_dir=True)
    assert not rules.is_ignored(root / "alias", is_dir=True)


def test_comments_escapes_and_trailing_spaces(tmp_path: Path) -> None:
    root = repository(tmp_path, b"# a comment\n\\#hash.py\n\\!bang.py\ntrail.py   \nspace.py\\ \n\n   \n")
    assert ignored_files(root, "# a comment", "#hash.py", "!bang.py", "bang.py", "trail.py", "trail.py   ",
                         "space.py ", "space.py") == {"#hash.py", "!bang.py", "trail.py", "space.py "}


def test_crlf_line_ends_and_a_byte_order_mark(tmp_path: Path) -> None:
    root = repository(tmp_path, b"\xef\xbb\xbf*.log\r\n!keep.log\r\n")
    assert ignored_files(root, "run.log", "keep.log", "app.py") == {"run.log"}


def test_lines_end_at_newlines_only(tmp_path: Path) -> None:
    # str.splitlines would also break at \x1c, \x0b or \x85, all legal in a file name.
    root = repository(tmp_path, "old\x1cmodels.py\nv\x0bx.py\n")
    assert ignored_files(root, "old\x1cmodels.py", "models.py", "old", "v\x0bx.py", "x.py") == {
        "old\x1cmodels.py", "v\x0bx.py"}


def test_each_gitignore_is_read_once_per_run(tmp_path: Path) -> None:
    root = repository(tmp_path, "*.log\n")
    rules = GitIgnore()
    assert rules.is_ignored(root / "a.log", is_dir=False)
    write(root / ".gitignore", "*.py\n")  # a later change is not seen by the same run
    assert rules.is_ignored(root / "b.log", is_dir=False)
    assert not rules.is_ignored(root / "b.py", is_dir=False)
    assert GitIgnore().is_ignored(root / "b.py", is_dir=False)  # a new run reads it again


# Hostile ignore files: never an exception; the file counts as empty, everything else still applies.


def test_a_gitignore_that_is_a_folder_counts_as_empty(tmp_path: Path) -> None:
    root = repository(tmp_path, "*.log\n")
    (root / "app" / ".gitignore").mkdir(parents=True)
    rules = GitIgnore()
    assert rules.is_ignored(root / "app" / "run.log", is_dir=False)  # the root's rule still holds
    assert not rules.is_ignored(root / "app" / "app.py", is_dir=False)
    assert [(path.name, reason) for path, reason in rules.unread] == [(".gitignore", "is a directory, not a file")]


def test_a_gitignore_that_is_a_fifo_is_not_waited_on(tmp_path: Path) -> None:
    root = repository(tmp_path, "*.log\n")
    (root / "app").mkdir()
    os.mkfifo(root / "app" / ".gitignore")  # no writer: reading it would block forever
    script = f"""
from pathlib import Path
from flake8_neveragain.files.gitignore import GitIgnore
rules = GitIgnore()
print(rules.is_ignored(Path({str(root / "app" / "run.log")!r}), is_dir=False),
      rules.is_ignored(Path({str(root / "app" / "app.py")!r}), is_dir=False), len(rules.unread))
"""
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert (completed.stdout, completed.stderr) == ("True False 1\n", "")


def test_an_unreadable_gitignore_counts_as_empty(tmp_path: Path) -> None:
    root = repository(tmp_path, "*.log\n")
    locked = write(root / "app" / ".gitignore", "*.py\n")
    locked.chmod(0)
    tmp_path.chmod(0o755)  # the unprivileged process must reach the tree
    script = f"""
import json
from pathlib import Path
from flake8_neveragain.files.gitignore import GitIgnore
rules = GitIgnore()
app = Path({str(root / "app")!r})
print(json.dumps([rules.is_ignored(app / "run.log", is_dir=False), rules.is_ignored(app / "app.py", is_dir=False),
                  [[path.name, reason] for path, reason in rules.unread]]))
"""
    completed = subprocess.run(unprivileged([sys.executable, "-c", script]), capture_output=True, text=True,
                               timeout=60)
    assert completed.stderr == ""
    assert json.loads(completed.stdout) == [True, False, [[".gitignore", "cannot read: Permission denied"]]]


def test_a_gitignore_over_the_limit_counts_as_empty(tmp_path: Path) -> None:
    padding = b"#" * 1000 + b"\n"
    fits = b"*.log\n" + padding * ((GITIGNORE_LIMIT - 6) // len(padding))
    root = repository(tmp_path, fits)
    assert ignored_files(root, "run.log") == {"run.log"}
    write(root / ".gitignore", fits + padding)
    rules = GitIgnore()
    assert not rules.is_ignored(root / "run.log", is_dir=False)
    assert [reason for _, reason in rules.unread] == [
        "is larger than 262144 bytes, the most neveragain reads from such a file"]


def test_a_gitignore_with_too_many_patterns_counts_as_empty(tmp_path: Path) -> None:
    fits = "".join(f"generated_{number}.py\n" for number in range(MAX_PATTERNS - 1)) + "*.log\n"
    root = repository(tmp_path, fits)
    assert ignored_files(root, "run.log", "generated_7.py", "app.py") == {"run.log", "generated_7.py"}
    write(root / ".gitignore", fits + "one_more.py\n")
    rules = GitIgnore()
    assert not rules.is_ignored(root / "run.log", is_dir=False)
    assert [reason for _, reason in rules.unread] == [
        "holds more than 5000 patterns, the most neveragain reads from an ignore file"]


def test_a_symlinked_gitignore_is_not_followed_as_git_does(tmp_path: Path) -> None:
    root = repository(tmp_path)
    write(root / "rules.txt", "*.log\n")
    (root / ".gitignore").symlink_to("rules.txt")
    rules = GitIgnore()
    assert not rules.is_ignored(root / "run.log", is_dir=False)
    assert len(rules.unread) == 1


def test_patterns_that_are_not_utf8_match_the_names_they_name(tmp_path: Path) -> None:
    root = repository(tmp_path, b"caf\xe9.py\n*.log\n")  # Latin-1 bytes in a pattern
    named = os.fsdecode(b"caf\xe9.py")  # how the walk sees that file name (a lone surrogate)
    other = os.fsdecode(b"caf\xe8.py")
    rules = GitIgnore()
    assert rules.is_ignored(root / named, is_dir=False)
    assert not rules.is_ignored(root / other, is_dir=False)
    assert rules.is_ignored(root / other / "run.log", is_dir=False)  # the next line still applies
    assert not rules.is_ignored(root / "café.py", is_dir=False)


def test_paths_that_are_not_utf8_do_not_crash(tmp_path: Path) -> None:
    root = repository(tmp_path, "*.log\n")
    folder = root / os.fsdecode(b"\xff\xfe")
    write(folder / ".gitignore", b"!keep.log\n")
    rules = GitIgnore()
    assert rules.is_ignored(folder / "run.log", is_dir=False)
    assert not rules.is_ignored(folder / "keep.log", is_dir=False)
    assert not rules.is_ignored(root / os.fsdecode(b"bad\xff.py"), is_dir=False)
    assert not rules.is_ignored(Path("nul\x00in/name.log"), is_dir=False)  # no file has that name


def test_patterns_pathspec_rejects_are_dropped_alone(tmp_path: Path) -> None:
    root = repository(tmp_path, "!\n\\\n[z-a].py\n*.log\n")
    assert ignored_files(root, "run.log", "app.py", "!", "\\", "b.py") == {"run.log"}


def test_patterns_re_warns_about_do_not_warn(tmp_path: Path) -> None:
    root = repository(tmp_path, "[[a].py\n*.log\n")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert ignored_files(root, "run.log", "app.py") == {"run.log"}
    assert [str(warning.message) for warning in caught] == []


def test_a_very_deep_path_does_not_exhaust_the_stack(tmp_path: Path) -> None:
    root = repository(tmp_path, "*.log\n")
    deep = root.joinpath(*["d"] * (sys.getrecursionlimit() + 100))  # need not exist
    rules = GitIgnore()
    assert rules.is_ignored(deep / "run.log", is_dir=False)
    assert not rules.is_ignored(deep / "run.py", is_dir=False)


@settings(deadline=None)
@given(
    st.lists(st.binary(max_size=12) | st.sampled_from([b"!", b"\\", b"[z-a]", b"[[a]", b"**/", b"/", b"#x"]),
             max_size=8),
    st.text(alphabet="ab./!#[]*\\ \udcff\x00", min_size=1, max_size=12),
    st.booleans(),
)
def test_no_ignore_file_and_no_name_raises_or_warns(lines: list[bytes], name: str, is_dir: bool) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = repository(Path(scratch), b"\n".join(lines))
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert GitIgnore().is_ignored(root / "sub" / name, is_dir=is_dir) in (True, False)


# pathspec is imported only when an ignore file holds a pattern (a one-file run stays ~0.1 s).

PATHSPEC_LOADED = """
import sys
from pathlib import Path
from flake8_neveragain.files.gitignore import GitIgnore
rules = GitIgnore()
print(rules.is_ignored(Path("app.py"), is_dir=False), rules.is_ignored(Path("sub"), is_dir=True),
      "pathspec" in sys.modules)
"""


@pytest.mark.parametrize(
    ("layout", "expected"),
    [
        ("outside a repository", "False False False\n"),
        ("git init's commented exclude", "False False False\n"),
        ("a gitignore of comments", "False False False\n"),
        ("a gitignore with a pattern", "False True True\n"),
    ],
)
def test_pathspec_is_imported_only_for_a_pattern(tmp_path: Path, layout: str, expected: str) -> None:
    root = tmp_path / "project"
    root.mkdir()
    if layout != "outside a repository":
        write(root / ".git" / "info" / "exclude", "# git ls-files --others --exclude-from=.git/info/exclude\n")
    if layout == "a gitignore of comments":
        write(root / ".gitignore", "# nothing yet\n\n")
    if layout == "a gitignore with a pattern":
        write(root / ".gitignore", "sub/\n")
    completed = subprocess.run([sys.executable, "-c", PATHSPEC_LOADED], cwd=root, capture_output=True, text=True,
                               timeout=60)
    assert (completed.stdout, completed.stderr) == (expected, "")


# The oracle: the same questions put to git itself, over a walk that skips ignored folders.

ORACLE_ROOT = b"""\
# the root's rules
*.log
!important.log
/build
out/
docs/**/draft*
**/tmp
cache
\\#notes
\\!bang
trail   
spaced\\ 
*.py[co]
a?c.txt
vendor/*
!vendor/keep/
na\xefve.py
"""
ORACLE_SUB = b"!keep.log\n/local\n*.txt\n!a?c.txt\n"
ORACLE_EXCLUDE = b"secret.py\n"
ORACLE_FILES = [
    b"important.log", b"x.log", b"sub/keep.log", b"sub/x.log", b"build/a.py", b"src/build/a.py",
    b"out", b"src/out/a.py", b"docs/a/b/draft1.md", b"docs/draft2.md", b"docs/final.md", b"tmp/a.py",
    b"src/tmp/a.py", b"cache", b"src/cache/a.py", b"#notes", b"!bang", b"trail", b"spaced ", b"mod.pyc",
    b"mod.pyo", b"mod.pyd", b"abc.txt", b"sub/abc.txt", b"sub/x.txt", b"sub/local/a.py", b"local/a.py",
    b"vendor/lib/x.py", b"vendor/keep/y.py", b"secret.py", b"sub/secret.py", b"na\xefve.py",
    b"na\xeeve.py", b"caf\xe9.log", b"nested/deep/deeper/f.log", b"nested/deep/deeper/f.py",
]


def test_answers_agree_with_git_check_ignore(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    env = {**os.environ, "HOME": str(tmp_path), "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    subprocess.run(["git", "init", "-q", str(root)], check=True, env=env, timeout=60)
    write(root / ".gitignore", ORACLE_ROOT)
    write(root / "sub" / ".gitignore", ORACLE_SUB)
    write(root / ".git" / "info" / "exclude", ORACLE_EXCLUDE)
    for name in ORACLE_FILES:
        write(root / os.fsdecode(name), "x = 1\n")

    rules = GitIgnore()
    asked: list[str] = []
    ours: set[str] = set()
    for folder, folders, files in os.walk(root):
        folders[:] = sorted(name for name in folders if name != ".git")
        for name in [*folders, *sorted(files)]:
            path = Path(folder) / name
            relative = path.relative_to(root).as_posix()
            asked.append(relative)
            if rules.is_ignored(path, is_dir=name in folders):
                ours.add(relative)
        folders[:] = [name for name in folders if Path(folder, name).relative_to(root).as_posix() not in ours]

    completed = subprocess.run(
        ["git", "check-ignore", "-z", "--stdin"], cwd=root, env=env, timeout=60, capture_output=True,
        input=b"".join(os.fsencode(relative) + b"\0" for relative in asked),
    )
    assert completed.returncode == 0, completed.stderr
    theirs = {os.fsdecode(name) for name in completed.stdout.split(b"\0") if name}
    assert len(asked) >= 45 and len(ours) >= 20  # the walk saw the tree, and both answers occur
    assert ours == theirs
