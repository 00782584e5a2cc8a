"""The files of one model, readable without torch.

A model is a folder::

    model.onnx    the serving graph (probability and CLS attention), read by serving.Detector
    weights.npz   the weights as float16 arrays, the starting point for fine-tuning
    model.json    format version, feature and network configs, metrics

Weights are rounded to float16 before both files are written, so the ONNX graph and the torch
model rebuilt from weights.npz compute the same function (the parity test holds them within
1e-4) while the shipped prior stays small. model.json is written last and records each other
file's size and SHA-256, so a truncated or damaged file is noticed before it is loaded.

The user's trained models live in the models folder, one folder per model, and a pointer file
names the active one::

    models/current              "model-20260414T093000-1a2b" (one line)
    models/model-20260414T093000-1a2b/   the active model
    models/model-20260407T171500-9f8e/   the one before it: the fallback if the active breaks

``install`` writes a new model into a fresh folder and then replaces the pointer with a single
rename, so a kill at any moment leaves either the old model or the new one active, never
none. ``resolve_active`` picks the model to use: the pointer's, else (loudly, with the reason)
the newest other good one, else the shipped prior.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from focuscoach.core.files import PRIVATE_FILE, make_private, make_private_dir
from focuscoach.core.model.features import FeatureConfig

FORMAT_VERSION = 1
ONNX_FILE = "model.onnx"
WEIGHTS_FILE = "weights.npz"
META_FILE = "model.json"
POINTER_FILE = "current"
VERSION_PREFIX = "model-"


@dataclass(slots=True)
class ModelMeta:
    feature_config: FeatureConfig
    net_config: dict[str, Any]
    metrics: dict[str, Any] = field(default_factory=dict)
    format: int = FORMAT_VERSION
    # {file name: {"size": bytes, "sha256": hex}} of the other files (absent in old models)
    files: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_json(self) -> str:
        data: dict[str, Any] = {
            "format": self.format,
            "feature_config": self.feature_config.to_dict(),
            "net_config": self.net_config,
            "metrics": self.metrics,
        }
        if self.files:
            data["files"] = self.files
        return json.dumps(data, indent=2, sort_keys=True)


def read_meta(model_dir: str | Path) -> ModelMeta:
    """model.json of a model folder; ValueError if missing, unreadable or of a newer format."""
    path = Path(model_dir) / META_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: not a readable model description: {exc}") from exc
    fmt = data.get("format")
    if fmt != FORMAT_VERSION:
        raise ValueError(f"{path}: unsupported model format {fmt!r} (expected {FORMAT_VERSION})")
    return ModelMeta(
        feature_config=FeatureConfig.from_dict(data.get("feature_config", {})),
        net_config=dict(data.get("net_config", {})),
        metrics=dict(data.get("metrics", {})),
        format=fmt,
        files=dict(data.get("files", {})),
    )


def prior_dir() -> Path:
    """The shipped prior (resources/model/)."""
    return Path(str(resources.files("focuscoach.resources").joinpath("model")))


def is_model_dir(path: str | Path) -> bool:
    p = Path(path)
    return all((p / name).is_file() for name in (ONNX_FILE, WEIGHTS_FILE, META_FILE))


def file_record(path: Path) -> dict[str, Any]:
    """What model.json keeps about one file: its size and SHA-256."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return {"size": path.stat().st_size, "sha256": digest.hexdigest()}


def write_meta(folder: Path, meta: ModelMeta) -> None:
    """Write model.json last, with the records of the files already written, durably."""
    meta.files = {name: file_record(folder / name) for name in (ONNX_FILE, WEIGHTS_FILE)}
    for name in (ONNX_FILE, WEIGHTS_FILE):
        _fsync(folder / name)
    target = folder / META_FILE
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(meta.to_json())
        handle.flush()
        os.fsync(handle.fileno())


def model_problem(folder: Path) -> str | None:
    """Why a model folder cannot be used (a missing, truncated or changed file, an unreadable
    model.json), or None when it looks whole."""
    for name in (META_FILE, ONNX_FILE, WEIGHTS_FILE):
        if not (folder / name).is_file():
            return f"{folder / name} is missing"
    try:
        meta = read_meta(folder)
    except ValueError as exc:
        return str(exc)
    for name, record in meta.files.items():
        path = folder / name
        try:
            actual = file_record(path)
        except OSError as exc:
            return f"{path}: {exc.strerror}"
        if actual["size"] != record.get("size"):
            return (
                f"{path} is {actual['size']} bytes, {record.get('size')} were written (truncated?)"
            )
        if actual["sha256"] != record.get("sha256"):
            return f"{path} has changed since it was written (damaged?)"
    return None


@dataclass(frozen=True, slots=True)
class Active:
    """The model to use, and what was passed over on the way to it (empty: all is well)."""

    folder: Path
    problems: tuple[str, ...] = ()

    @property
    def is_prior(self) -> bool:
        return self.folder == prior_dir()

    def status(self) -> dict[str, Any]:
        return {
            "active": "shipped prior" if self.is_prior else str(self.folder),
            "fallback": bool(self.problems),
            "problems": list(self.problems),
        }


def pointed(models_dir: Path) -> Path | None:
    """The folder the pointer names (None without a pointer)."""
    try:
        name = (models_dir / POINTER_FILE).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    if not name or "/" in name or "\\" in name or name in (".", ".."):
        return None
    return models_dir / name


def versions(models_dir: Path) -> list[Path]:
    """The model folders in models_dir, newest first (their names sort by time)."""
    try:
        entries = list(models_dir.iterdir())
    except OSError:
        return []
    found = [p for p in entries if p.name.startswith(VERSION_PREFIX) and p.is_dir()]
    return sorted(found, key=lambda p: p.name, reverse=True)


def resolve_active(models_dir: Path | None, skip: Mapping[Path, str] | None = None) -> Active:
    """The user's active model; if it is missing or broken, the newest other good one, then a
    model kept in models_dir itself (before the pointer existed), then the shipped prior.
    ``skip``: folders the caller could not load, with the reason."""
    if models_dir is None:
        return Active(prior_dir())
    skip = skip or {}
    problems: list[str] = []
    target = pointed(models_dir)
    if target is None and (models_dir / POINTER_FILE).exists():
        problems.append(f"{models_dir / POINTER_FILE} does not name a model folder")
    order = [] if target is None else [target]
    order += [p for p in versions(models_dir) if p != target]
    if is_model_dir(models_dir):
        order.append(models_dir)  # the layout before the pointer: the folder is the model
    for folder in order:
        problem = f"{folder}: {skip[folder]}" if folder in skip else model_problem(folder)
        if problem is None:
            if problems:
                problems.append(f"using {folder} instead")
            return Active(folder, tuple(problems))
        problems.append(problem)
    if problems:
        problems.append("using the shipped prior instead")
    return Active(prior_dir(), tuple(problems))


def install(models_dir: Path, write: Callable[[Path], object]) -> Path:
    """Make a new model the active one: ``write`` fills a fresh private folder inside
    models_dir, then one rename of the pointer switches to it. Old models beyond the previous
    one, and what a killed install left behind, are removed afterwards."""
    make_private_dir(models_dir)
    previous = resolve_active(models_dir)
    now = time.time_ns()
    # Names sort by creation time (to the nanosecond: tests install several a second).
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(now // 10**9)) + f"{now % 10**9:09d}"
    staging = Path(tempfile.mkdtemp(prefix=f".{VERSION_PREFIX}{stamp}-", dir=models_dir))
    try:
        write(staging)
        make_private(staging)
        problem = model_problem(staging)
        if problem is not None:
            raise ValueError(f"the new model was not written whole: {problem}")
        final = models_dir / staging.name.lstrip(".")
        os.replace(staging, final)  # a complete folder under its final name, not active yet
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _fsync(models_dir)
    _point(models_dir, final)
    _prune(models_dir, keep={final, previous.folder})
    return final


def _point(models_dir: Path, folder: Path) -> None:
    """Replace the pointer with one naming ``folder``: write a temporary file, rename it."""
    fd, tmp = tempfile.mkstemp(prefix=f".{POINTER_FILE}.", dir=models_dir)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(folder.name + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, models_dir / POINTER_FILE)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync(models_dir)


def _prune(models_dir: Path, keep: Collection[Path]) -> None:
    """Remove every model folder but ``keep`` (the new model and the one before it), and the
    staging folders and pointer files a killed install left (names starting with a dot)."""
    for stale in models_dir.iterdir():
        if stale.name.startswith(f".{VERSION_PREFIX}") and stale.is_dir():
            shutil.rmtree(stale, ignore_errors=True)
        elif stale.name.startswith(f".{POINTER_FILE}."):
            stale.unlink(missing_ok=True)
    for old in versions(models_dir):
        if old not in keep:  # older models, and one a killed install finished but never used
            shutil.rmtree(old, ignore_errors=True)
    # The files of a model from before the pointer, once a newer model is active.
    if pointed(models_dir) is not None:
        for name in (ONNX_FILE, WEIGHTS_FILE, META_FILE):
            if models_dir not in keep:
                (models_dir / name).unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    """Flush a file or a folder's entries to disk (no-op where folders cannot be opened)."""
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
