"""Every `fairs …` command and option the README names exists: its code blocks and inline code are
parsed, each command path is looked up in the real command and answers `--help`, and each option is one of
its options."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import typer
from typer.testing import CliRunner

from fairs.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
FENCE = re.compile(r"^```[a-z]*\n(.*?)^```", re.S | re.M)
INLINE = re.compile(r"`([^`]+)`")  # inline code may wrap onto the next line
CALL = re.compile(r"(?:^|(?<=[\s/(]))fairs((?: +[^\s;&>]+)*)")
OPTION = re.compile(r"^\[?(--[a-z][a-z-]*)")


def _snippets() -> list[str]:
    text = README.read_text(encoding="utf-8")
    blocks = [block.replace("\\\n", " ") for block in FENCE.findall(text)]
    lines = [line for block in blocks for line in block.splitlines()]
    return lines + [span.replace("\n", " ") for span in INLINE.findall(FENCE.sub("", text))]


def _calls() -> list[tuple[list[str], Any, list[str]]]:
    """(command path, the click command, options named) for each `fairs …` in the README."""
    root = typer.main.get_command(app)
    found = []
    for snippet in _snippets():
        for match in CALL.finditer(snippet):
            tokens = [token.strip("[]") for token in match[1].split()]
            command, path = root, []
            while tokens and tokens[0] in getattr(command, "commands", {}):
                path.append(tokens[0])
                command = command.commands[tokens.pop(0)]
            if path:
                options = [m[1] for token in tokens if (m := OPTION.match(token.split("=")[0]))]
                found.append((path, command, options))
    return found


def test_every_command_and_option_in_the_readme_exists() -> None:
    calls = _calls()
    paths = {" ".join(path) for path, _, _ in calls}
    # The parse is not vacuous: the first run, the deployment walk and the district commands are all seen.
    assert {
        "quickstart",
        "migrate",
        "setup",
        "serve",
        "regions rename",
        "districts retire",
        "users create",
    } <= paths
    for path, command, options in calls:
        known = {opt for param in command.params for opt in (*param.opts, *param.secondary_opts)}
        unknown = [option for option in options if option not in known]
        assert not unknown, (path, unknown)
    runner = CliRunner()
    for path in sorted(paths):
        result = runner.invoke(app, [*path.split(), "--help"])
        assert result.exit_code == 0, (path, result.output)


def test_the_readme_names_the_wheel_that_make_wheel_builds() -> None:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    named = set(re.findall(r"fairs-([0-9][^-]*)-py3-none-any\.whl", README.read_text(encoding="utf-8")))
    assert named == {version}
