"""Which configuration governs each checked file, found as ruff finds it.

A file's configuration is the nearest `.neveragain.toml`, or pyproject.toml
with a `[tool.neveragain]` table, in its folder or above. A file with none
above it takes the one found from the current directory (or the defaults).
`--config FILE` and `--isolated` give every file one configuration. So
`neveragain check /elsewhere/project` applies that project's settings, and a
monorepo's packages can each keep their own.

Each configuration is loaded once and passed through `prepare` (the front
door's own options laid over it, then validated), so a bad file found deep in
a walk is the same one-line usage error as one next to the current directory.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import NamedTuple

from flake8_neveragain.config.settings import DEFAULT_BASELINE, Settings, config_in, find_config, load_config


class Project(NamedTuple):
    settings: Settings
    # Absolute, lexically normalised folder that the configuration's relative paths
    # (patterns, the baseline) are relative to: the file's folder, or the CWD.
    root: str
    config: str | None  # the configuration file, None when the defaults apply


def absolute(path: str | os.PathLike[str]) -> str:
    """An absolute, lexically normalised path: symlinks are not followed, as git and ruff do not."""
    return os.path.abspath(path)


class Projects:
    """The configuration of every folder a run touches, each loaded once.

    Projects are numbered (`Target.project` holds the number), so work sent to
    worker processes carries an int rather than a copy of the settings.
    """

    def __init__(
        self,
        prepare: Callable[[Settings], Settings],
        fixed: Path | None = None,
        isolated: bool = False,
        cwd: str | None = None,
    ) -> None:
        self._prepare = prepare
        self.cwd = absolute(cwd if cwd is not None else os.getcwd())
        self.all: list[Project] = []
        self._by_config: dict[str, int] = {}
        self._by_directory: dict[str, int] = {}
        # One configuration for every file: --config FILE, or none at all (--isolated).
        self._fixed: int | None = None
        if isolated:
            self._fixed = self._add(Settings(), self.cwd, None)
        elif fixed is not None:
            self._fixed = self._load(fixed)
        # Where files with no configuration above them get theirs: the current directory's.
        self._fallback: int | None = None
        self.current = self.of_directory(self.cwd)

    def of_directory(self, directory: str) -> int:
        """The number of the project governing files in `directory` (absolute and normalised)."""
        if self._fixed is not None:
            return self._fixed
        found = self._by_directory.get(directory)
        if found is not None:
            return found
        # Climb until a folder already known or one holding a configuration.
        climbed = []
        folder = directory
        number: int | None = None
        while True:
            known = self._by_directory.get(folder)
            if known is not None:
                number = known
                break
            climbed.append(folder)
            config = config_in(Path(folder))
            if config is not None:
                number = self._load(config)
                break
            parent = os.path.dirname(folder)
            if parent == folder:
                break
            folder = parent
        if number is None:
            number = self._defaults()
        for folder in climbed:
            self._by_directory[folder] = number
        return number

    def of_path(self, path: str | os.PathLike[str], is_dir: bool = False) -> int:
        """The number of the project governing a file (or, with is_dir, a folder's own files)."""
        full = absolute(path)
        return self.of_directory(full if is_dir else os.path.dirname(full))

    def shared_by(self, paths: Iterable[str]) -> int:
        """The project for run-wide choices (the baseline): the current directory's when it
        has a configuration, else the one every checked path shares, else the current one."""
        current = self.all[self.current]
        if current.config is not None or self._fixed is not None:
            return self.current
        numbers = {self.of_path(given, os.path.isdir(given)) for given in paths}
        if len(numbers) == 1:
            return numbers.pop()
        return self.current

    def settings(self) -> list[Settings]:
        return [project.settings for project in self.all]

    def _defaults(self) -> int:
        if self._fallback is None:
            # Files outside every project take the current directory's configuration;
            # only when it has none do the defaults apply, anchored at the current directory.
            config = find_config(Path(self.cwd))
            self._fallback = self._load(config) if config is not None else self._add(Settings(), self.cwd, None)
        return self._fallback

    def _load(self, config: Path) -> int:
        key = absolute(config)
        known = self._by_config.get(key)
        if known is not None:
            return known
        number = self._add(load_config(config), os.path.dirname(key), str(config))
        self._by_config[key] = number
        return number

    def _add(self, settings: Settings, root: str, config: str | None) -> int:
        self.all.append(Project(self._prepare(settings), root, config))
        return len(self.all) - 1


class BaselineLocation(NamedTuple):
    path: Path
    anchor: str  # absolute folder the entries' paths are relative to


def baseline_location(project: Project, option: str | None, *, for_writing: bool = False) -> BaselineLocation | None:
    """Which baseline a run applies (or writes), or None; `project` is the run's own.

    `--baseline FILE` first, then the configuration's `baseline` (resolved against
    its folder, the project root), then `.neveragain-baseline.json` in the current
    directory, then one beside the configuration file (so a run from a subfolder
    finds the project's). Written afresh, it goes beside the configuration, or here.
    Here rather than in review/baseline.py: a run without a baseline, the common
    case, decides so without importing the reader.
    """
    cwd = absolute(os.getcwd())
    if option is not None:
        return BaselineLocation(Path(option), cwd)
    if project.settings.baseline is not None:
        return BaselineLocation(Path(project.settings.baseline), project.root)
    here = Path(DEFAULT_BASELINE)
    if here.is_file():
        return BaselineLocation(here, cwd)
    if project.config is not None and project.root != cwd:
        # Shown relative (`../.neveragain-baseline.json`): reports stay the same on every machine.
        beside = Path(os.path.relpath(os.path.join(project.root, DEFAULT_BASELINE), cwd))
        if for_writing or beside.is_file():
            return BaselineLocation(beside, project.root)
    return BaselineLocation(here, cwd) if for_writing else None
