"""The `focuscoach` command line. Exit status: 0 done, 2 bad usage or input, 1 a bug.

What a command prints for people follows the `[app] language` setting (for "system", the
environment's locale), set once here for every command; its Chinese lives in catalogue_zh.py.
JSON output stays English (stable keys and values for scripts), and so do argparse's --help
texts and usage errors: translating argparse is out of scope.

Command modules load lazily (issue 15: a report's whole process has a 1 s budget, and importing
every command's module cost a tenth of it): a command line naming one command registers only
that command's module (`COMMANDS` says which); anything else (--help, a usage error listing the
commands) registers them all, so what argparse prints is the same either way. The version is
looked up only when --version is asked for (importlib.metadata alone takes tens of ms).
"""

from __future__ import annotations

import argparse
import errno
import importlib
import logging
import sqlite3
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NoReturn

from focuscoach.core import i18n, logsetup, paths
from focuscoach.core.cli import catalogue_zh as catalogue_zh  # registers the Chinese entries
from focuscoach.core.cli.common import Context, UsageError
from focuscoach.core.store.errors import StoreError, describe

log = logging.getLogger("focuscoach")

Handler = Callable[[Context, argparse.Namespace], int | None]

# Each module (focuscoach.core.cli.<name>) adds its subcommands with register(commands), in
# this order (the order --help lists them).
COMMAND_MODULES = ("activity", "coaching", "model", "report", "categories", "replay", "today")
# Which module registers each command (tests/cli/test_cli_lazy.py checks it against them all).
COMMANDS = {
    "record": "activity",
    "status": "activity",
    "import": "activity",
    "export": "activity",
    "forget": "activity",
    "task": "coaching",
    "mood": "coaching",
    "plan": "coaching",
    "train": "model",
    "evaluate": "model",
    "report": "report",
    "categories": "categories",
    "replay": "replay",
    "today": "today",
}


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (and exit 2), not a usage dump."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def version() -> str:
    from importlib import metadata

    try:
        return metadata.version("focuscoach")
    except metadata.PackageNotFoundError:
        return "unknown"


class _VersionAction(argparse._VersionAction):
    """argparse's --version (same help, same output), the version looked up when asked for."""

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        self.version = f"focuscoach {version()}"
        super().__call__(parser, *args, **kwargs)


def build_parser(modules: Iterable[str] = COMMAND_MODULES) -> argparse.ArgumentParser:
    """The parser with the commands of `modules` (by default all of them)."""
    parser = _Parser(
        prog="focuscoach",
        description="A local focus coach. Without a command, starts the app.",
    )
    parser.add_argument("--home", metavar="DIR", help="keep data, settings and logs under DIR")
    parser.add_argument("--version", action=_VersionAction)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in modules:
        importlib.import_module(f"focuscoach.core.cli.{name}").register(commands)
    return parser


def modules_needed(argv: Sequence[str]) -> tuple[str, ...]:
    """The command modules that parsing `argv` needs: the named command's alone, none for only
    --home and --version, all of them for anything else (--help, an abbreviated option, an
    unknown command), so that argparse answers exactly as with every command registered."""
    tokens = iter(argv)
    for token in tokens:
        if token == "--home":
            next(tokens, None)  # its value (argparse refuses one that looks like an option)
        elif token.startswith("--home=") or token == "--version":
            continue
        elif token in COMMANDS:
            return (COMMANDS[token],)
        else:
            return COMMAND_MODULES
    return ()


def main(argv: Sequence[str] | None = None, default: Handler | None = None) -> int:
    """Run one command. `default` runs when none is given: the desktop layer passes the tray
    app (core cannot import it); without it, the headless recorder runs."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(modules_needed(arguments))
    args = parser.parse_args(arguments)
    ctx = Context(paths=paths.resolve(args.home))
    try:
        ctx.paths.ensure()
    except OSError as exc:
        print(
            f"focuscoach: error: cannot use {ctx.paths.data_dir}: {exc.strerror}", file=sys.stderr
        )
        return 2
    logsetup.configure(ctx.paths.log_dir)
    # A log file that cannot be written (disk full) must not put logging's own multi-line
    # "--- Logging error ---" report on stderr: the one-line messages still reach it.
    logging.raiseExceptions = False
    handler = getattr(args, "handler", None) or default or _headless_recorder()
    # Restored afterwards: in-process callers (tests, the desktop) keep their own language.
    with i18n.language(_language(ctx)):
        return _run(handler, ctx, args)


def _headless_recorder() -> Handler:
    from focuscoach.core.cli import activity

    return activity.default_command


def _language(ctx: Context) -> str:
    """The language to print in. A settings file that cannot be read is the command's own
    business (those that read settings say so, exit 2): here it only means the locale's."""
    try:
        setting = ctx.settings().app.language
    except UsageError:
        setting = "system"
    return i18n.resolve(setting)


def _run(handler: Handler, ctx: Context, args: argparse.Namespace) -> int:
    """The command, its failures turned into one line and an exit status."""
    try:
        return int(handler(ctx, args) or 0)
    except UsageError as exc:
        print(f"focuscoach: error: {_error_line(str(exc))}", file=sys.stderr)
        return 2
    except StoreError as exc:
        log.info("command %s: %s", args.command, exc)
        print(f"focuscoach: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except (sqlite3.Error, OSError) as exc:
        # The file or the machine, not a bug: disk full, read-only, damaged database.
        problem = _store_problem(exc, ctx)
        if problem is None:
            log.exception("command %s failed", args.command)
            print(
                f"focuscoach: internal error (details in {ctx.paths.log_dir / logsetup.LOG_NAME})",
                file=sys.stderr,
            )
            return 1
        log.info("command %s: %s", args.command, problem, exc_info=True)
        print(f"focuscoach: error: {problem}", file=sys.stderr)
        return 2
    except Exception:
        log.exception("command %s failed", args.command)
        print(
            f"focuscoach: internal error (details in {ctx.paths.log_dir / logsetup.LOG_NAME})",
            file=sys.stderr,
        )
        return 1


def _error_line(message: str) -> str:
    """A usage error in the current language where it is a common one (the CLI's own are
    translated where they are raised; the parsers' commonest through catalogue_zh)."""
    return catalogue_zh.error_line(message) if i18n.current() == "zh_CN" else message


def _store_problem(exc: BaseException, ctx: Context) -> str | None:
    """One line for an error of the database file or the disk; None for a real bug."""
    if isinstance(exc, sqlite3.Error):
        problem = describe(exc, ctx.paths.database)
        return str(problem) if problem is not None else None
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        where = f" writing {exc.filename}" if exc.filename else ""
        return f"disk full{where}: free some space and retry"
    return None


if __name__ == "__main__":
    sys.exit(main())
