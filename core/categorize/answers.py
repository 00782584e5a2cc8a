"""The user's answers to suggestions: accepted ones become rules, rejected ones are remembered.

An accepted suggestion is appended to the user's categories.json as a rule of ActivityWatch's
shape matching that exact window (``^title$``, or ``^app$`` for a window without a title),
with an ``"accepted"`` note naming the window, so it shows and can be edited like any rule.
Without a categories.json the file starts as a copy of the shipped rules. Rejections go to
``suggestions.json`` in the data folder. Both are written whole through a temporary file and a
rename, mode 0600 (`files.write_private`).
"""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

from focuscoach.core import files
from focuscoach.core.categories import MAX_FILE_BYTES, Category, parse_rules
from focuscoach.core.categorize.titles import is_browser

REJECTIONS_FILE = "suggestions.json"


def window_regex(app: str, title: str) -> str:
    """An anchored regex matching exactly this window's title (its app without a title)."""
    return "^" + re.escape(title if title else app) + "$"


def _read_json(path: Path) -> Any:
    data = path.read_bytes()
    if len(data) > MAX_FILE_BYTES:
        raise ValueError(f"{path}: larger than 5 MB")
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise ValueError(f"{path}: not valid JSON ({exc})") from None


def accept(rules_file: Path, app: str, title: str, category: Category) -> None:
    """Append a rule putting this window in `category` to the user's rules file (every window
    of the app without a title). A browser is refused without a title: its pages are of every
    kind, and a rule for all of them would decide them all."""
    if not title and is_browser(app):
        raise ValueError(
            f"{app} is a browser: a rule for all its windows would put every page in "
            f"{' > '.join(category)}; answer for one of its pages instead"
        )
    if rules_file.exists() or rules_file.is_symlink():
        document = _read_json(rules_file)
        parse_rules(document, str(rules_file))  # refuse to extend a broken file
    else:
        shipped = resources.files("focuscoach.resources").joinpath("rules", "categories.json")
        document = json.loads(shipped.read_text(encoding="utf-8"))
    entry = {
        "name": list(category),
        "rule": {"type": "regex", "regex": window_regex(app, title), "ignore_case": False},
        "accepted": {"app": app, "title": title},
    }
    if isinstance(document, list):
        document.append(entry)
    else:
        key = "categories" if "categories" in document else "classes"
        document[key].append(entry)
    parse_rules(document, str(rules_file))  # the new rule must compile (RE2)
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    files.write_private(rules_file, text.encode("utf-8"))


def accepted(rules_file: Path) -> set[tuple[str, str]]:
    """The (app, title) windows whose suggestion the user accepted (the rules' "accepted"
    notes); empty without a rules file."""
    if not rules_file.exists():
        return set()
    document = _read_json(rules_file)
    if isinstance(document, dict):
        document = document.get("categories", document.get("classes", []))
    out = set()
    for entry in document if isinstance(document, list) else []:
        note = entry.get("accepted") if isinstance(entry, dict) else None
        if isinstance(note, dict):
            out.add((str(note.get("app", "")), str(note.get("title", ""))))
    return out


def rejected(data_dir: Path) -> set[tuple[str, str, Category]]:
    """The (app, title, category) answers the user rejected."""
    path = data_dir / REJECTIONS_FILE
    if not path.exists():
        return set()
    document = _read_json(path)
    out = set()
    for item in document.get("rejected", []) if isinstance(document, dict) else []:
        if isinstance(item, dict) and isinstance(item.get("category"), list):
            out.add((str(item.get("app", "")), str(item.get("title", "")), tuple(item["category"])))
    return out


def reject(data_dir: Path, app: str, title: str, category: Category) -> None:
    """Remember that this window is not in `category`."""
    path = data_dir / REJECTIONS_FILE
    document: dict[str, Any] = {"rejected": []}
    if path.exists():
        loaded = _read_json(path)
        if isinstance(loaded, dict) and isinstance(loaded.get("rejected"), list):
            document = loaded
    entry = {"app": app, "title": title, "category": list(category)}
    if entry not in document["rejected"]:
        document["rejected"].append(entry)
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    files.write_private(path, text.encode("utf-8"))
