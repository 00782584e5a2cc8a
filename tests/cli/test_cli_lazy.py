"""The command line loads a command's module only when that command runs (issue 15), and what
argparse prints (--help of every command and subcommand, --version, usage errors) is the same
as with every command registered up front."""

from __future__ import annotations

import argparse
import contextlib
import io
import subprocess
import sys

import pytest

from focuscoach.core import cli


def parse(argv: list[str], parser: argparse.ArgumentParser | None) -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of parsing `argv` with `parser`, or, for None, of the
    entry point's own lazy parser."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            used = parser or cli.build_parser(cli.modules_needed(argv))
            used.parse_args(argv)
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _command_lines() -> list[list[str]]:
    """Every command and subcommand, as the words that name it."""
    lines: list[list[str]] = []

    def walk(prefix: list[str], parser: argparse.ArgumentParser) -> None:
        lines.append(prefix)
        for name, sub in _subcommands(parser).items():
            walk([*prefix, name], sub)

    walk([], cli.build_parser())
    return lines


def test_the_command_table_names_each_commands_module() -> None:
    expected: dict[str, str] = {}
    for module in cli.COMMAND_MODULES:
        for command in _subcommands(cli.build_parser([module])):
            expected[command] = module
    assert expected == cli.COMMANDS
    assert list(_subcommands(cli.build_parser())) == list(expected)


@pytest.mark.parametrize("words", _command_lines(), ids=lambda w: " ".join(w) or "focuscoach")
def test_help_is_the_same_as_with_every_command_registered(words: list[str]) -> None:
    for argv in ([*words, "--help"], ["--home", "/tmp/x", *words, "-h"]):
        lazy = parse(argv, None)
        assert lazy == parse(argv, cli.build_parser())
        assert lazy[0] == 0 and "usage: focuscoach" in lazy[1]


@pytest.mark.parametrize(
    "argv",
    [
        ["--version"],
        ["--home", "/tmp/x", "--version"],
        ["--version", "report"],
        ["bogus"],
        ["--home"],
        ["--home", "--version"],
        ["--home", "--version", "report", "--out", "x.png"],
        ["--ho", "/tmp/x", "report", "--out", "x.png"],
        ["report"],
        ["report", "--out", "x.png", "extra"],
        ["report", "--week"],
        ["task", "bogus"],
        ["categories"],
        ["--", "report", "--out", "x.png"],
        ["-x"],
        [],
    ],
)
def test_versions_and_usage_errors_are_the_same(argv: list[str]) -> None:
    assert parse(argv, None) == parse(argv, cli.build_parser())


def test_a_command_line_parses_to_the_same_arguments() -> None:
    argv = ["--home", "/tmp/x", "report", "--week", "2026-W15", "--out", "x.png"]
    lazy = cli.build_parser(cli.modules_needed(argv)).parse_args(argv)
    assert vars(lazy) == vars(cli.build_parser().parse_args(argv))


def test_a_report_imports_no_other_command_and_no_package_metadata() -> None:
    check = (
        "import sys\n"
        "from focuscoach.core import cli\n"
        "cli.build_parser(cli.modules_needed(sys.argv[1:])).parse_args(sys.argv[1:])\n"
        "print(sorted(m for m in sys.modules if m.startswith('focuscoach.core.cli.')))\n"
        "print('importlib.metadata' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", check, "report", "--out", "x.png"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    modules, metadata = done.stdout.splitlines()
    assert modules == str(
        [
            "focuscoach.core.cli.catalogue_zh",
            "focuscoach.core.cli.common",
            "focuscoach.core.cli.process_exit",
            "focuscoach.core.cli.report",
        ]
    )
    assert metadata == "False"


def test_the_version_is_the_packages() -> None:
    code, out, _ = parse(["--version"], None)
    assert code == 0
    assert out == f"focuscoach {cli.version()}\n"
    assert cli.version() != "unknown"
