"""Writing config.toml: a new file whole, an existing one by editing only what changed.

Saving Settings used to rewrite the whole file: every comment the user wrote was lost, and a
value the form could not show exactly (90 s in a minutes field) came back changed. Now an
existing file is edited as a tomlkit document and only the options whose value changed are
set, so comments, layout and untouched values stay byte for byte as they were. What an
option is (table, key, type) comes from `focuscoach.core.options`.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import tomlkit
import tomlkit.exceptions

from focuscoach.core import files
from focuscoach.core.config import (
    SCHEMA_VERSION,
    ConfigError,
    Settings,
    first_run,
    one_line,
    parse,
    read_text,
    schema_version,
    upgrade,
)
from focuscoach.core.options import OPTIONS, SECTIONS, SUGGESTED_EXCLUSIONS, Kind, Option


def dump(option: Option, settings: Settings) -> Any:
    """The option's value in `settings` as config.toml holds it (plain Python, for tomlkit)."""
    value = option.get(settings)
    match option.kind:
        case Kind.NUMBER:
            return float(value)
        case Kind.INTEGER:
            return int(value)
        case Kind.PATHS:
            return [str(p) for p in value]
        case Kind.RULES:
            return [
                {k: rx.pattern for k, rx in (("app", r.app), ("title", r.title)) if rx is not None}
                for r in value
            ]
    return value


def _item(value: Any) -> Any:
    """A TOML item for `value`; rules are written as inline tables, one array on one line."""
    if isinstance(value, list) and value and isinstance(value[0], dict):
        array = tomlkit.array()
        for rule in value:
            inline = tomlkit.inline_table()
            inline.update(rule)
            array.append(inline)
        return array
    return tomlkit.item(value)


def to_toml(settings: Settings) -> str:
    """The settings as a whole new config.toml; `parse(tomllib.loads(to_toml(s)))` gives `s`."""
    doc = tomlkit.document()
    doc.add(tomlkit.comment("Focus Coach settings. Edit freely: the app keeps your comments."))
    doc.add("schema_version", SCHEMA_VERSION)
    for section in SECTIONS:
        table = tomlkit.table()
        for option in OPTIONS:
            if option.section == section:
                table.add(option.key, _item(dump(option, settings)))
        doc.add(tomlkit.nl())
        doc.add(section, table)
    return tomlkit.dumps(doc)


def write_first_run(path: Path) -> bool:
    """On the first run (no config.toml, not even a dangling link), write one that keeps
    password managers and private browsing windows out of the recording (options.
    SUGGESTED_EXCLUSIONS): the Privacy tab then shows them, and the user removes what they
    want recorded. Only those rules are written: every other setting keeps following the
    defaults of the version installed. True if it wrote the file."""
    if not first_run(path):
        return False
    doc = tomlkit.document()
    doc.add(tomlkit.comment("Focus Coach settings. Edit freely: the app keeps your comments."))
    doc.add("schema_version", SCHEMA_VERSION)
    doc.add(tomlkit.nl())
    privacy = tomlkit.table()
    privacy.add(
        tomlkit.comment(
            "Suggested on the first run: password managers and private browsing windows are"
            " never recorded. Remove a rule to record them."
        )
    )
    privacy.add("exclude", _item([dict(rule) for rule in SUGGESTED_EXCLUSIONS]))
    doc.add("privacy", privacy)
    _write(path, tomlkit.dumps(doc))
    return True


def changes(before: Settings, after: Settings) -> list[Option]:
    """The options whose value differs, as written to the file (in the table's order)."""
    return [o for o in OPTIONS if dump(o, before) != dump(o, after)]


def save(path: Path, settings: Settings, *, base: Settings | None = None) -> list[Option]:
    """Write the options that differ from `base` (by default: from what the file holds now)
    into the file, leaving every other byte as it was; returns those options.

    A missing file is written whole. A file that is no longer valid is refused with a
    ConfigError rather than overwritten (it holds the user's work). Nothing changed: nothing
    is written. The write is atomic (a crash leaves the old file) and readable by the owner only.
    """
    text = read_text(path)
    if text is None:
        _write(path, to_toml(settings))
        return changes(base or Settings(), settings)
    try:
        doc = tomlkit.parse(text)
        raw = doc.unwrap()
    except (tomlkit.exceptions.TOMLKitError, RecursionError) as exc:
        raise ConfigError(
            f"{path}: not valid TOML, not overwritten: {one_line(str(exc))}"
        ) from None
    current = parse(raw, source=str(path))
    version = schema_version(raw, str(path))
    if version < SCHEMA_VERSION:
        # Migrations edit the document itself, so the user's comments survive the upgrade.
        doc = _as_document(upgrade(doc, version, str(path)))
        doc["schema_version"] = SCHEMA_VERSION
    changed = changes(base if base is not None else current, settings)
    # Nothing edited: an older file is upgraded only when the caller asked for a plain save
    # (no `base`); the Settings window's untouched save leaves every byte as it was (the file
    # reads the same through MIGRATIONS).
    if not changed and (version == SCHEMA_VERSION or base is not None):
        return []
    for option in changed:
        table = doc.get(option.section)
        if not isinstance(table, dict):
            table = tomlkit.table()
            doc.add(option.section, table)
        table[option.key] = _item(dump(option, settings))
    text = tomlkit.dumps(doc)
    # Read back what would be written: an edit in a layout tomlkit mishandles is refused.
    written = parse(tomllib.loads(text), source=str(path))
    if any(dump(o, written) != dump(o, settings) for o in changed):
        raise ConfigError(f"{path}: cannot edit this file's layout; nothing was written")
    _write(path, text)
    return changed


def _as_document(data: dict[str, Any]) -> tomlkit.TOMLDocument:
    if isinstance(data, tomlkit.TOMLDocument):
        return data
    doc = tomlkit.document()
    doc.update(data)
    return doc


def _write(path: Path, text: str) -> None:
    """Atomically and privately (0600, folders 0700): a crash leaves the old file. A
    config.toml that is a symbolic link (dotfiles) is written through, keeping the link."""
    target = path.resolve() if path.is_symlink() else path
    if not target.parent.exists():
        files.make_private_dir(target.parent)
    files.write_private(target, text.encode("utf-8"))
