"""Every file location the app uses, in one place.

`--home DIR` or FOCUSCOACH_HOME puts everything (data, config, logs) under one folder, which is
what tests and scripts use so that nothing touches the user's real home.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from focuscoach.core.files import make_private_dir

APP_NAME = "focuscoach"
HOME_ENV = "FOCUSCOACH_HOME"


@dataclass(frozen=True, slots=True)
class Paths:
    data_dir: Path
    config_dir: Path
    log_dir: Path

    @property
    def database(self) -> Path:
        return self.data_dir / "focuscoach.db"

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"

    @property
    def categories_file(self) -> Path:
        """The user's category rules (optional; the shipped ones otherwise)."""
        return self.config_dir / "categories.json"

    @property
    def models_dir(self) -> Path:
        return self.data_dir / "models"

    def ensure(self) -> None:
        """Create the folders (and the parents it makes), readable by their owner only:
        activity logs are private."""
        for folder in {self.data_dir, self.config_dir, self.log_dir}:
            make_private_dir(folder)


def resolve(home: str | os.PathLike[str] | None = None) -> Paths:
    """Paths for an explicit home, else FOCUSCOACH_HOME, else the platform's usual places."""
    chosen = home if home is not None else os.environ.get(HOME_ENV) or None
    if chosen is not None:
        root = Path(chosen).expanduser().resolve()
        return Paths(data_dir=root, config_dir=root, log_dir=root / "logs")
    return Paths(
        data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        log_dir=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
    )
