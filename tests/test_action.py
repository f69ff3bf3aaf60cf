"""The GitHub Action (action.yml): valid for GitHub, and its scripts do what users are told.

GitHub's runner is not available here, so `run_action` plays its part for a
composite action: it fills in the `${{ ... }}` expressions from an explicit
table (and fails on any it does not know), runs each `run:` step with the
shell GitHub uses for `shell: bash`, reads `$GITHUB_OUTPUT` and stops at the
first failing step. Two steps are not run, by name, because they would
download: actions/setup-python and the pip install of this checkout. The
check step then runs this test's own Python, where the package is installed
in editable mode.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import EXAMPLES, REPO

ACTION = REPO / "action.yml"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
STEP_OUTPUT = re.compile(r"steps\.([\w-]+)\.outputs\.([\w-]+)")
# The steps this test does not run, by id, and why. Any other step must run.
NOT_RUN = {
    "python": "actions/setup-python downloads a Python; the test's own Python stands in for it",
    "install": "pip would fetch the build backend; the test's venv already has the package installed",
}
# GitHub runs `shell: bash` steps as `bash --noprofile --norc -eo pipefail {0}`.
BASH = ["bash", "--noprofile", "--norc", "-eo", "pipefail"]
INPUTS = {"paths": ".", "diff-base": "", "format": "github", "sarif-file": "neveragain.sarif", "args": "",
          "python-version": "3.12"}


def load_action() -> dict[str, Any]:
    document = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document


def substitute(text: str, table: dict[str, str]) -> str:
    """`text` with each `${{ name }}` replaced from `table`; an unknown expression fails the test."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in table:
            pytest.fail(f"action.yml uses ${{{{ {name} }}}}, which the test's substitution table does not know")
        return table[name]

    return EXPRESSION.sub(value, text)


def read_outputs(path: Path) -> dict[str, str]:
    """The `name=value` lines a step appended to $GITHUB_OUTPUT."""
    outputs = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        name, equals, value = line.partition("=")
        assert equals, f"not a name=value line in GITHUB_OUTPUT: {line!r}"
        outputs[name] = value
    return outputs


@dataclass
class ActionRun:
    status: int  # the exit status of the last step run: what the workflow's step shows
    stdout: str
    stderr: str
    outputs: dict[str, str]  # the action's outputs, as a workflow reads them

    def commands(self) -> list[str]:
        """The workflow commands (annotations) in the log."""
        return [line for line in self.stdout.splitlines() if line.startswith("::")]


def annotated(run: ActionRun, key: str) -> set[str]:
    """The values of `key` (file, title) over the run's annotations."""
    return {match.group(1) for line in run.commands() if (match := re.search(rf"\b{key}=([^,:]+)", line))}


def run_action(project: Path, scratch: Path, **inputs: str) -> ActionRun:
    """Run action.yml's steps in `project` as GitHub would with `inputs` (by their action.yml names)."""
    action = load_action()
    declared = action["inputs"]
    unknown = {name.replace("_", "-") for name in inputs} - set(declared)
    assert not unknown, f"not inputs of action.yml: {unknown}"
    values = {name: str(spec.get("default", "")) for name, spec in declared.items()}
    values |= {name.replace("_", "-"): value for name, value in inputs.items()}
    table = {f"inputs.{name}": value for name, value in values.items()}
    table |= {
        "github.action_path": str(REPO),
        "runner.temp": str(scratch),
        "steps.install.outputs.python": sys.executable,  # what the skipped install step would point at
    }
    status, stdout, stderr = 0, "", ""
    for step in action["runs"]["steps"]:
        if step["id"] in NOT_RUN:
            continue
        assert "if" not in step, "run_action does not evaluate conditions on the steps it runs"
        output_file = scratch / f"output-{step['id']}"
        output_file.write_text("", encoding="utf-8")
        script = scratch / f"{step['id']}.sh"
        script.write_text(substitute(step["run"], table), encoding="utf-8")
        env = {name: substitute(str(value), table) for name, value in step.get("env", {}).items()}
        completed = subprocess.run(
            [*BASH, str(script)], cwd=project, capture_output=True, text=True, timeout=300,
            # A bare environment: only what the step declares, plus PATH for git.
            env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(scratch), **env,
                 "GITHUB_OUTPUT": str(output_file)},
        )
        status, stdout, stderr = completed.returncode, completed.stdout, completed.stderr
        assert "Traceback" not in stderr, stderr
        for name, value in read_outputs(output_file).items():
            table[f"steps.{step['id']}.outputs.{name}"] = value
        # An output a step that ran did not set reads as empty, as on GitHub.
        for match in STEP_OUTPUT.finditer(ACTION.read_text(encoding="utf-8")):
            if match.group(1) == step["id"]:
                table.setdefault(match.group(0), "")
        if status != 0:
            break  # GitHub skips the remaining steps
    outputs = {name: substitute(spec["value"], table) for name, spec in action["outputs"].items()}
    return ActionRun(status, stdout, stderr, outputs)


@pytest.fixture
def casework(tmp_path: Path) -> Path:
    """A copy of the example project: the workspace a workflow checked out."""
    project = tmp_path / "workspace"
    shutil.copytree(EXAMPLES, project)
    return project


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    """runner.temp: outside the workspace, as on GitHub."""
    path = tmp_path / "runner-temp"
    path.mkdir()
    return path


# --- the file itself ---------------------------------------------------------------


def check_jsonschema() -> str:
    executable = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent)) or shutil.which(
        "check-jsonschema")
    if executable is None:
        pytest.skip("check-jsonschema is not installed (pip install -e '.[test]')")
    return executable


def validate(path: Path) -> subprocess.CompletedProcess[str]:
    """check-jsonschema against the GitHub Actions schema it ships (vendored: no network)."""
    return subprocess.run(
        [check_jsonschema(), "--builtin-schema", "vendor.github-actions", str(path)],
        capture_output=True, text=True, timeout=120,
    )


def test_action_matches_the_github_actions_schema():
    completed = validate(ACTION)
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_the_schema_check_rejects_a_broken_action(tmp_path):
    """A composite run step without `shell` is invalid: the check above can fail."""
    action = load_action()
    del action["runs"]["steps"][-1]["shell"]
    broken = tmp_path / "action.yml"
    broken.write_text(yaml.safe_dump(action), encoding="utf-8")
    completed = validate(broken)
    assert completed.returncode == 1
    assert "shell" in completed.stdout + completed.stderr


def test_inputs_outputs_and_the_python_it_installs():
    action = load_action()
    assert {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()} == INPUTS
    assert action["outputs"]["sarif-file"]["value"] == "${{ steps.check.outputs.sarif-file }}"
    assert action["runs"]["using"] == "composite"
    steps = {step["id"]: step for step in action["runs"]["steps"]}
    assert list(steps) == ["python", "install", "check"]
    # A chosen Python, kept off PATH so the workflow's later steps keep theirs.
    assert steps["python"]["uses"] == "actions/setup-python@v5"
    assert steps["python"]["with"]["update-environment"] is False
    # The action's own checkout, not whatever release PyPI has.
    assert steps["install"]["env"]["ACTION_PATH"] == "${{ github.action_path }}"
    assert '-m pip install --quiet --disable-pip-version-check "$ACTION_PATH"' in steps["install"]["run"]


def test_every_script_is_valid_bash_and_takes_inputs_only_from_the_environment():
    """Even the steps not run here parse; an input pasted into a script could inject shell code."""
    for step in load_action()["runs"]["steps"]:
        if "run" not in step:
            continue
        assert step["shell"] == "bash"
        assert not EXPRESSION.search(step["run"]), f"step {step['id']}: expressions belong in env:"
        completed = subprocess.run(["bash", "-n"], input=step["run"], capture_output=True, text=True)
        assert completed.returncode == 0, f"step {step['id']}: {completed.stderr}"


def test_the_harness_fails_on_an_expression_it_does_not_know():
    with pytest.raises(pytest.fail.Exception, match=r"secrets\.TOKEN"):
        substitute("echo ${{ secrets.TOKEN }}", {"inputs.paths": "."})
    assert substitute("${{ inputs.paths }} ${{inputs.paths}}", {"inputs.paths": "."}) == ". ."


# --- running it ---------------------------------------------------------------------


def test_github_format_annotates_and_fails_the_step_on_findings(casework, scratch):
    run = run_action(casework, scratch)
    assert run.status == 1, run.stderr
    commands = run.commands()
    assert any(
        line.startswith("::warning file=casework/models.py,line=30,") and ",title=NEV101::" in line
        for line in commands
    ), commands
    assert any(line.startswith("::warning file=sql/reporting.sql,") for line in commands), commands
    assert not run.stdout.splitlines()[-1].startswith("::")  # the summary with the total
    assert run.outputs == {"sarif-file": ""}
    assert not (casework / "neveragain.sarif").exists()


def test_github_format_passes_a_clean_project(tmp_path, scratch):
    project = tmp_path / "clean"
    project.mkdir()
    (project / "models.py").write_text(
        "from django.db import models\n\n\nclass Household(models.Model):\n    postcode = models.CharField()\n",
        encoding="utf-8")
    run = run_action(project, scratch)
    assert run.status == 0, run.stdout + run.stderr
    assert run.commands() == []


def test_sarif_format_writes_the_file_and_the_output(casework, scratch):
    run = run_action(casework, scratch, format="sarif", sarif_file="reports/neveragain.sarif")
    assert run.status == 1, run.stderr
    assert run.commands() == []  # findings go to code scanning, not to annotations
    assert "they are in reports/neveragain.sarif" in run.stdout
    assert run.outputs == {"sarif-file": "reports/neveragain.sarif"}
    sarif = json.loads((casework / "reports" / "neveragain.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    locations = {(result["ruleId"], result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
                 for result in sarif["runs"][0]["results"]}
    assert ("NEV101", "casework/models.py") in locations


def test_exit_zero_in_args_lets_the_step_pass_with_findings(casework, scratch):
    run = run_action(casework, scratch, format="sarif", args="--exit-zero")
    assert run.status == 0, run.stderr
    assert run.outputs == {"sarif-file": "neveragain.sarif"}
    assert json.loads((casework / "neveragain.sarif").read_text(encoding="utf-8"))["runs"][0]["results"]


def test_paths_and_args_are_split_on_white_space(casework, scratch):
    run = run_action(casework, scratch, paths="casework/models.py\nsql", args="--select NEV103  --require-reason")
    assert run.status == 1, run.stderr
    assert annotated(run, "file") == {"casework/models.py", "sql/reporting.sql"}
    assert annotated(run, "title") == {"NEV103"}


def test_inputs_are_never_run_as_shell_code_nor_expanded_as_globs(casework, scratch):
    def injected() -> bool:
        return any(path.name == "injected" for folder in (casework, scratch) for path in folder.rglob("*"))

    for payload in ("$(touch injected)", "x; `touch injected`; touch injected"):
        for name in ("args", "paths", "diff_base"):
            run = run_action(casework, scratch, format="sarif", **{name: payload})
            assert run.status == 2, (name, payload)  # the words reach neveragain as they are, and it refuses them
            assert not injected(), (name, payload)
        run = run_action(casework, scratch, format="sarif", sarif_file=payload)
        assert run.status == 1 and (casework / payload).is_file()  # a file of that name, and nothing run
        assert not injected(), payload
    run = run_action(casework, scratch, paths="casework/*.py")
    assert run.status == 2
    assert "casework/*.py" in run.stderr


def test_usage_errors_stop_with_status_2_and_no_sarif_output(casework, scratch):
    run = run_action(casework, scratch, format="json")
    assert (run.status, run.outputs) == (2, {"sarif-file": ""})
    assert run.commands() == ["::error title=neveragain::the format input must be github or sarif, not 'json'"]
    run = run_action(casework, scratch, format="sarif", sarif_file="")
    assert (run.status, run.outputs) == (2, {"sarif-file": ""})
    run = run_action(casework, scratch, format="sarif", args="--select NEV999")
    assert (run.status, run.outputs) == (2, {"sarif-file": ""})  # nothing for the upload step
    assert not (casework / "neveragain.sarif").exists()


def git(project: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
                   cwd=project, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_diff_base_reports_only_what_is_new_since_it(casework, scratch):
    git(casework, "init", "-q")
    git(casework, "add", ".")
    git(casework, "commit", "-q", "-m", "base")
    models = casework / "casework" / "models.py"
    models.write_text(models.read_text(encoding="utf-8").replace(
        "    trace_id = models.CharField(max_length=32)",
        "    trace_id = models.CharField(max_length=32)\n    religion = models.CharField(max_length=20)"),
        encoding="utf-8")
    run = run_action(casework, scratch, diff_base="HEAD")
    assert run.status == 1, run.stderr
    annotations = [line for line in run.commands() if line.startswith("::warning")]
    assert len(annotations) == 1 and "CaseNote.religion" in annotations[0], annotations
    everything = run_action(casework, scratch)
    assert len([line for line in everything.commands() if line.startswith("::warning")]) > 1
    git(casework, "commit", "-q", "-am", "add religion")
    assert run_action(casework, scratch, diff_base="HEAD").status == 0  # nothing new since the last commit


def test_the_checked_tree_cannot_shadow_the_checker(casework, scratch):
    """The workspace is the current folder: a module in it named like the checker's must not run."""
    (casework / "flake8_neveragain.py").write_text(
        "from pathlib import Path\nPath('shadowed').write_text('ran')\n", encoding="utf-8")
    run = run_action(casework, scratch)
    assert run.status == 1, run.stderr
    assert not (casework / "shadowed").exists()


# --- the documented workflows ------------------------------------------------------

ACTION_USE = "uses: flake8-neveragain/flake8-neveragain@"
DOCUMENTED = (REPO / "README.md", REPO / "docs" / "ci.md")


def action_examples(path: Path) -> list[str]:
    """The ```yaml blocks of `path` that use the action."""
    blocks = re.findall(r"^```yaml\n(.*?)^```", path.read_text(encoding="utf-8"), flags=re.DOTALL | re.MULTILINE)
    return [block for block in blocks if ACTION_USE in block]


def steps_of(document: Any) -> list[dict[str, Any]]:
    """The steps of a whole workflow, or of a bare list of steps."""
    if isinstance(document, list):
        return document
    return [step for job in document["jobs"].values() for step in job["steps"]]


@pytest.mark.parametrize("path", DOCUMENTED, ids=lambda path: path.name)
def test_documented_uses_pass_only_inputs_the_action_has(path):
    examples = action_examples(path)
    assert examples, f"{path.name} shows no use of the action"
    inputs, outputs = set(load_action()["inputs"]), set(load_action()["outputs"])
    for example in examples:
        steps = steps_of(yaml.safe_load(example))
        uses = [step for step in steps if step.get("uses", "").startswith(ACTION_USE.removeprefix("uses: "))]
        assert uses
        for step in uses:
            assert set(step.get("with", {})) <= inputs, step
        assert set(re.findall(r"steps\.neveragain\.outputs\.([\w-]+)", example)) <= outputs


def test_the_documented_workflow_matches_the_github_workflows_schema(tmp_path):
    (workflow,) = [example for example in action_examples(REPO / "docs" / "ci.md") if "jobs:" in example]
    path = tmp_path / "neveragain.yml"
    path.write_text(workflow, encoding="utf-8")
    completed = subprocess.run(
        [check_jsonschema(), "--builtin-schema", "vendor.github-workflows", str(path)],
        capture_output=True, text=True, timeout=120,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
