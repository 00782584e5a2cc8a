"""Generated mutations of calendars, config.toml and categories.json against the CLI.

Each case writes one hostile file into a copy of a prepared home (a few window spans and a
task, so "unchanged" means something) and runs the command that reads it: `plan --ics` for a
calendar, `plan` and `import` for config.toml (import applies the exclusion rules), `report`
for categories.json. Every case keeps the CLI contract of tests/fuzz/support.py: exit 0 or 2,
never 1; one line on stderr with 2; the data unchanged with 2; within 20 s. The mutations are
seeded, so a failure names a case that fails again the same way.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, tzinfo
from pathlib import Path

import pytest

from tests.conftest import run_focuscoach
from tests.fuzz.support import COMMAND_SECONDS, check_contract, copy_home, run_cli, snapshot

SEED = 20261130
ROOT = Path(__file__).resolve().parent.parent.parent
ICS_DIR = ROOT / "tests" / "data" / "ics"
DAY = "2026-03-02"  # a Monday the standup calendar covers

WINDOW_EVENTS = [
    {
        "timestamp": f"2026-03-02T0{8 + i // 6}:{(i % 6) * 10:02d}:00+00:00",
        "duration": 540.0,
        "data": {"app": ["code", "firefox", "keepassxc"][i % 3], "title": "a" * 35 + "!" * (i % 2)},
    }
    for i in range(12)
]
EXPORT = {
    "buckets": {
        "aw-watcher-window_fuzz": {
            "id": "aw-watcher-window_fuzz",
            "type": "currentwindow",
            "client": "aw-watcher-window",
            "hostname": "fuzz",
            "created": "2026-03-02T07:00:00+00:00",
            "events": WINDOW_EVENTS,
        }
    }
}


class _PlanDayClock(datetime):
    """`plan` refuses past days; the in-process cases plan DAY as if it were that morning."""

    @classmethod
    def now(cls, tz: tzinfo | None = None) -> _PlanDayClock:
        return cls.fromisoformat(f"{DAY}T07:00:00").replace(tzinfo=tz)


@pytest.fixture(autouse=True)
def _planning_day(monkeypatch: pytest.MonkeyPatch) -> None:
    from focuscoach.core.cli import coaching

    monkeypatch.setattr(coaching, "datetime", _PlanDayClock)


def _fresh_home(template: Path, tmp_path: Path) -> Path:
    """A copy of the prepared home for one case."""
    home = tmp_path / "home"
    home.mkdir()
    copy_home(template, home)
    return home


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home with some data in it, built once and copied for every case."""
    home = tmp_path_factory.mktemp("template")
    export = home / "export.json"
    export.write_text(json.dumps(EXPORT), encoding="utf-8")
    for args in (
        ("import", "activitywatch", str(export)),
        ("task", "add", "Write the report", "--estimate", "1h", "--app", "code"),
    ):
        done = subprocess.run(
            [sys.executable, "-m", "focuscoach.core.cli", "--home", str(home), *args],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr
    return home


# Calendars -------------------------------------------------------------------------------------

RULES = [
    "FREQ=SECONDLY",
    "FREQ=MINUTELY",
    "FREQ=HOURLY",
    "FREQ=DAILY",
    "FREQ=WEEKLY;BYDAY=MO,WE",
    "FREQ=SECONDLY;COUNT=999999999",
    "FREQ=DAILY;INTERVAL=0",
    "FREQ=WEEKLY;INTERVAL=-1",
    "FREQ=MINUTELY;INTERVAL=99999999999999999999",
    "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
    "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=31",
    "FREQ=HOURLY;BYMONTH=4;BYMONTHDAY=31",
    "FREQ=MONTHLY;BYDAY=5FR",
    "FREQ=DAILY;BYHOUR=25",
    "FREQ=DAILY;BYSETPOS=400;BYDAY=MO",
    "FREQ=WEEKLY;UNTIL=99991231T235959Z",
    "FREQ=DAILY;UNTIL=00010101",
    "FREQ=DAILY;COUNT=-5",
    "FREQ=BOGUS",
    "",
    "FREQ=DAILY;BYHOUR="
    + ",".join(map(str, range(24)))
    + ";BYMINUTE="
    + ",".join(map(str, range(60))),
]
STARTS = [
    "DTSTART:19000101T000000Z",
    "DTSTART:19700101T000000Z",
    "DTSTART:20260302T000000Z",
    "DTSTART:20260301T235959",
    "DTSTART;VALUE=DATE:20260302",
    "DTSTART:00010101T000000Z",
    "DTSTART:99991231T235959Z",
    "DTSTART;TZID=Europe/Berlin:20260302T100000",
    "DTSTART;TZID=No/Such_Zone:20260302T100000",
    "DTSTART:2026-03-02",
]
ENDS = ["DURATION:PT30M", "DTEND:20260302T103000Z", "DURATION:P9999W", "DTEND:19000101T000000Z", ""]


SUMMARIES = ["Meeting", "x" * 100_000, "é\\n\x1b[2J", ""]


def _event(rng: random.Random) -> str:
    lines = ["BEGIN:VEVENT", f"UID:{rng.randrange(10**6)}@fuzz", "DTSTAMP:20260101T000000Z"]
    lines += [rng.choice(STARTS), rng.choice(ENDS), f"RRULE:{rng.choice(RULES)}"]
    lines += ["SUMMARY:" + rng.choice(SUMMARIES)]
    return "\r\n".join([line for line in lines if line] + ["END:VEVENT"]) + "\r\n"


def _calendar(text: str, *events: str) -> bytes:
    head, tail = text.rsplit("END:VCALENDAR", 1)
    return (head + "".join(events) + "END:VCALENDAR" + tail).encode("utf-8", "surrogatepass")


def _byte_mutation(rng: random.Random, data: bytes) -> bytes:
    kind = rng.choice(["flip", "truncate", "drop_line", "repeat_line", "insert"])
    if kind == "flip":
        out = bytearray(data)
        for _ in range(rng.randint(1, 20)):
            out[rng.randrange(len(out))] = rng.randrange(256)
        return bytes(out)
    if kind == "truncate":
        return data[: rng.randrange(len(data))]
    lines = data.split(b"\r\n")
    at = rng.randrange(len(lines))
    if kind == "drop_line":
        return b"\r\n".join(lines[:at] + lines[at + 1 :])
    if kind == "repeat_line":
        return b"\r\n".join(lines[:at] + [lines[at]] * rng.choice([2, 1000]) + lines[at:])
    junk = rng.choice([b"BEGIN:VEVENT", b"END:VCALENDAR", b"\x00" * 100, b"BEGIN:VALARM", b" "])
    return b"\r\n".join([*lines[:at], junk, *lines[at:]])


def calendar_cases() -> list[tuple[str, bytes]]:
    rng = random.Random(SEED)
    base = (ICS_DIR / "weekly_standup.ics").read_text(encoding="utf-8")
    cases = []
    for n in range(26):
        events = [_event(rng) for _ in range(rng.choice([1, 1, 2, 3]))]
        cases.append((f"rrule-{n}", _calendar(base, *events)))
    for n in range(12):
        cases.append((f"bytes-{n}", _byte_mutation(rng, base.encode())))
    cases.append(("deep-alarms", _calendar(base, "BEGIN:VEVENT\r\n" + "BEGIN:VALARM\r\n" * 5000)))
    cases.append(("many-events", _calendar(base, *[_event(random.Random(i)) for i in range(300)])))
    return cases


@pytest.mark.parametrize(
    ("label", "content"), calendar_cases(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_plan_with_a_mutated_calendar(
    template: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    label: str,
    content: bytes,
) -> None:
    home = _fresh_home(template, tmp_path)
    ics = tmp_path / "calendar.ics"
    ics.write_bytes(content)
    before = snapshot(home)
    outcome = run_cli(home, capsys, "plan", "--date", DAY, "--ics", str(ics), "--json")
    check_contract(outcome, before, home, f"calendar {label}")


# config.toml ---------------------------------------------------------------------------------

VALID_CONFIG = """schema_version = 1

[recording]
poll_interval = 1.0
afk_timeout = 180

[privacy]
record_titles = true
max_title_length = 1000
exclude = [{ app = "keepass" }, { title = "private browsing" }]

[planning]
day_start = "09:00"
day_end = "17:00"
focus_minutes = 50
break_minutes = 10

[breaks]
micro_interval_s = 1200.0
"""

HOSTILE_VALUES = [
    "nan",
    "-inf",
    "-1",
    "0",
    "99999999999999999999999",
    "1e400",
    "true",
    '"text"',
    '"\\u0000"',
    '"(a+)+$"',
    '"(a)\\\\1"',
    '"a(?=b)"',
    '"(unclosed"',
    "[]",
    "{}",
    "[" * 300 + "]" * 300,
    "{ a = " * 200 + "1" + " }" * 200,
    '"' + "x" * 100_000 + '"',
    "1979-05-27T07:32:00Z",
]


def _config_mutation(rng: random.Random) -> bytes:
    lines = VALID_CONFIG.splitlines()
    kind = rng.choice(["value", "value", "rule", "key", "bytes", "table"])
    if kind == "value":
        at = rng.choice([i for i, line in enumerate(lines) if " = " in line])
        key = lines[at].split(" = ")[0]
        lines[at] = f"{key} = {rng.choice(HOSTILE_VALUES)}"
    elif kind == "rule":
        at = next(i for i, line in enumerate(lines) if line.startswith("exclude"))
        field = rng.choice(["app", "title", "titel", "ap"])
        lines[at] = f"exclude = [{{ {field} = {rng.choice(HOSTILE_VALUES)} }}]"
    elif kind == "key":
        at = rng.choice([i for i, line in enumerate(lines) if " = " in line])
        key, value = lines[at].split(" = ", 1)
        lines[at] = f"{key[::-1]}x = {value}"  # a misspelt key: a warning, not an error
    elif kind == "table":
        lines.append(f"[{rng.choice(['recording', 'colour', 'privacy.exclude', 'a.b.c'])}]")
        lines.append("x = 1")
    else:
        data = bytearray("\n".join(lines).encode())
        for _ in range(rng.randint(1, 10)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        return bytes(data)
    return "\n".join(lines).encode("utf-8")


def config_cases() -> list[tuple[str, bytes]]:
    rng = random.Random(SEED + 1)
    return [(f"config-{n}", _config_mutation(rng)) for n in range(24)]


@pytest.mark.parametrize(
    ("label", "content"), config_cases(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_plan_and_import_with_a_mutated_config(
    template: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    label: str,
    content: bytes,
) -> None:
    home = _fresh_home(template, tmp_path)
    (home / "config.toml").write_bytes(content)
    export = tmp_path / "export.json"
    shifted = json.loads(json.dumps(EXPORT).replace("2026-03-02T0", "2026-03-03T0"))
    export.write_text(json.dumps(shifted), encoding="utf-8")
    for args in (("plan", "--date", DAY, "--json"), ("import", "activitywatch", str(export))):
        before = snapshot(home)
        outcome = run_cli(home, capsys, *args)
        _allow_one_warning(outcome.err)
        check_contract(outcome, before, home, f"{label} {args[0]}")


def _allow_one_warning(err: str) -> None:
    """An unknown key gives one warning line on success, and nothing more."""
    assert len(err.splitlines()) <= 1, err


# categories.json -------------------------------------------------------------------------------


def _category_mutation(rng: random.Random, base: list[dict[str, object]]) -> bytes:
    rules = json.loads(json.dumps(base))
    kind = rng.choice(["regex", "regex", "type", "name", "shape", "bytes"])
    target = rng.choice([r for r in rules if isinstance(r.get("rule"), dict)])
    if kind == "regex":
        target["rule"] = {
            "type": "regex",
            "regex": rng.choice(
                [
                    "(a+)+$",
                    "(x+x+)+y",
                    "(a|aa)+$",
                    "(a)\\1",
                    "(?<=a)b",
                    "[",
                    "",
                    "\ud800",
                    "x" * 20_000,
                    5,
                ]
            ),
            "ignore_case": rng.choice([True, False, "yes", None]),
        }
    elif kind == "type":
        target["rule"] = {"type": rng.choice(["glob", None, 3, "none", "REGEX"]), "regex": "x"}
    elif kind == "name":
        target["name"] = rng.choice([[], "Work", [1], ["a\nb"], ["x" * 100_000], None])
    elif kind == "shape":
        return rng.choice(
            [b"{}", b"[]", b'{"categories": 3}', b"[" * 100_000, b"null", b'{"distracting": 1}']
        )
    else:
        data = bytearray(json.dumps(rules).encode())
        for _ in range(rng.randint(1, 10)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        return bytes(data)
    return json.dumps(rules).encode("utf-8", "surrogatepass")


def category_cases() -> list[tuple[str, bytes]]:
    rng = random.Random(SEED + 2)
    shipped = json.loads((ROOT / "resources" / "rules" / "categories.json").read_text("utf-8"))
    base = shipped["categories"] if isinstance(shipped, dict) else shipped
    return [(f"categories-{n}", _category_mutation(rng, base)) for n in range(14)]


@pytest.mark.parametrize(
    ("label", "content"), category_cases(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_report_with_mutated_categories(
    template: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    label: str,
    content: bytes,
) -> None:
    home = _fresh_home(template, tmp_path)
    (home / "categories.json").write_bytes(content)
    before = snapshot(home)
    outcome = run_cli(
        home, capsys, "report", "--week", "2026-W10", "--out", str(tmp_path / "r.html")
    )
    check_contract(outcome, before, home, label)


# A few as real processes: what in-process runs cannot show (a real hang, a crash) ---------------

PROCESS_CASES: list[tuple[str, Callable[[Path], list[str]]]] = [
    ("/dev/zero calendar", lambda h: ["plan", "--date", DAY, "--ics", "/dev/zero"]),
    ("secondly since 1900", lambda h: ["plan", "--date", DAY, "--ics", str(h / "s.ics")]),
    ("catastrophic exclusion", lambda h: ["import", "activitywatch", str(h / "export.json")]),
    (
        "catastrophic category",
        lambda h: ["report", "--week", "2026-W10", "--out", str(h / "r.html")],
    ),
]


@pytest.mark.parametrize(("label", "argv"), PROCESS_CASES, ids=[c[0] for c in PROCESS_CASES])
def test_hostile_settings_in_a_real_process(
    template: Path, tmp_path: Path, label: str, argv: Callable[[Path], list[str]]
) -> None:
    home = _fresh_home(template, tmp_path)
    (home / "s.ics").write_bytes(
        _calendar(
            (ICS_DIR / "weekly_standup.ics").read_text(encoding="utf-8"),
            "BEGIN:VEVENT\r\nUID:s@f\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:19000101T000000Z\r\n"
            "DURATION:PT1S\r\nRRULE:FREQ=SECONDLY\r\nSUMMARY:spam\r\nEND:VEVENT\r\n",
        )
    )
    (home / "config.toml").write_text('[privacy]\nexclude = [{ title = "(a+)+$" }]\n')
    (home / "categories.json").write_text(
        json.dumps([{"name": ["Slow"], "rule": {"type": "regex", "regex": "(a+)+$"}}])
    )
    shifted = json.loads(json.dumps(EXPORT).replace("2026-03-02T0", "2026-03-04T0"))
    (home / "export.json").write_text(json.dumps(shifted), encoding="utf-8")
    before = snapshot(home)
    done = run_focuscoach("--home", str(home), *argv(home), timeout=COMMAND_SECONDS)
    assert done.returncode in (0, 2), (label, done.stderr)
    if done.returncode == 2:
        assert len(done.stderr.splitlines()) == 1, done.stderr
        assert snapshot(home) == before
