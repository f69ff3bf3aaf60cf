"""Speed of `neveragain check --diff REV` against a full check: ratios from one run.

    python bench/bench_diff.py [--files 2000] [--changed 20] [--runs 5]

It generates bench_check.py's deterministic tree, commits it to a fresh git
repository, then edits `--changed` of its files (a new sensitive field in each
models module, a comment in the others) and times, interleaved, each as a whole
process:

- `neveragain check` over the whole tree (default jobs);
- `neveragain check --diff HEAD` over the same tree;
- `git diff --name-status HEAD`, the floor the diff cannot go below.

Target (issue #4): --diff reads only what it needs, so with 20 of 2,000 files
changed it should cost a small fraction of the full check.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from bench_check import generate_tree, interleaved_medians

HERE = Path(__file__).resolve().parent
DEFAULT_TREE = HERE / ".tree-diff"


def git(tree: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=tree, check=True, stdout=subprocess.DEVNULL)


def commit_tree(tree: Path) -> None:
    git(tree, "init", "-q")
    git(tree, "-c", "user.email=bench@example.org", "-c", "user.name=bench", "add", "-A")
    git(tree, "-c", "user.email=bench@example.org", "-c", "user.name=bench", "-c", "commit.gpgsign=false",
        "commit", "-q", "-m", "tree")


def change_files(tree: Path, count: int) -> list[Path]:
    """Edit `count` files spread evenly over the tree; the same ones every run."""
    files = sorted(tree.rglob("*.py"))
    step = max(1, len(files) // count)
    changed = files[::step][:count]
    for path in changed:
        text = path.read_text(encoding="utf-8")
        if "(models.Model)" in text:
            text += "    nationality = models.CharField(max_length=40)\n"
        else:
            text = "# edited\n" + text
        path.write_text(text, encoding="utf-8")
    return changed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--changed", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--tree", type=Path, default=DEFAULT_TREE)
    args = parser.parse_args()

    generate_tree(args.tree, args.files)
    commit_tree(args.tree)
    changed = change_files(args.tree, args.changed)
    print(f"tree: {args.files} files in git, {len(changed)} changed; median of {args.runs} runs each")

    python = sys.executable
    neveragain = [python, "-m", "flake8_neveragain", "check", "--isolated"]
    tree = str(args.tree)
    t = interleaved_medians(
        {
            "full": [*neveragain, tree],
            "diff": [*neveragain, "--diff", "HEAD", tree],
            "git": ["git", "-C", tree, "diff", "--name-status", "HEAD"],
        },
        args.runs,
    )
    print(f"neveragain check (full tree):      {t['full']:.2f} s")
    print(f"neveragain check --diff HEAD:      {t['diff']:.2f} s  = {t['diff'] / t['full']:.2f}x the full check")
    print(f"git diff --name-status HEAD:       {t['git']:.3f} s  (the floor git sets)")


if __name__ == "__main__":
    main()
