"""The first run writes a config.toml that keeps password managers and private browsing
windows out of the recording; a file the user has (even a dangling link) is never touched."""

from __future__ import annotations

from pathlib import Path

import pytest

from focuscoach.core import config, config_writer
from focuscoach.core.recording.privacy import is_excluded


def test_the_first_run_writes_the_suggested_exclusions(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    assert config_writer.write_first_run(path) is True
    text = path.read_text(encoding="utf-8")
    assert "Suggested on the first run" in text and "schema_version" in text
    recording = config.load(path).recording
    assert len(recording.exclusions) == 2
    for app, title in [
        ("KeePassXC", "Passwords.kdbx - KeePassXC"),
        ("Bitwarden", "Vault"),
        ("1Password", "All items"),
        ("firefox", "Bank — Mozilla Firefox Private Browsing"),
        ("Google-chrome", "New Tab - Google Chrome (Incognito)"),
        ("Microsoft-edge", "New InPrivate tab - Microsoft Edge"),
    ]:
        assert is_excluded(app, title, recording), (app, title)
    for app, title in [("firefox", "Python docs — Mozilla Firefox"), ("Code", "keep.py")]:
        assert not is_excluded(app, title, recording), (app, title)
    # Only the rules are written: the rest follows the installed version's defaults.
    assert config.load(path) == config.Settings(recording=recording)


def test_a_file_the_user_has_is_never_touched(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("# mine\n[privacy]\nexclude = []\n", encoding="utf-8")
    assert config_writer.write_first_run(path) is False
    assert path.read_text(encoding="utf-8") == "# mine\n[privacy]\nexclude = []\n"
    link = tmp_path / "linked.toml"
    link.symlink_to(tmp_path / "dotfiles" / "focuscoach.toml")  # dangling
    assert config_writer.write_first_run(link) is False
    assert not (tmp_path / "dotfiles").exists()


@pytest.mark.parametrize("runs", [1, 2])
def test_the_context_reads_the_written_file(tmp_path: Path, runs: int) -> None:
    from focuscoach.core.cli.common import Context
    from focuscoach.core.paths import resolve

    ctx = Context(paths=resolve(tmp_path / "home"))
    ctx.paths.ensure()
    assert ctx.settings().recording.exclusions == ()  # read before the first run's file
    for _ in range(runs):
        ctx.offer_privacy_defaults()
    assert len(ctx.settings().recording.exclusions) == 2
