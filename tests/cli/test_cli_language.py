"""The commands speak the `[app] language` (issue 15): with "zh_CN" (or "system" and a Chinese
locale) `today`, `status`, `task`, `plan`, `mood`, `replay` and `forget` print Chinese, with no
English word left but the user's data; their JSON is byte for byte the English one; every text
the CLI asks for has a Chinese entry (core/cli/catalogue_zh.py)."""

from __future__ import annotations

import ast
import json
import re
import time
from collections.abc import Iterable
from pathlib import Path

import pytest

from focuscoach.core import i18n
from focuscoach.core.cli import catalogue_zh
from tests.conftest import Cli, run_focuscoach
from tests.reports.test_today import _local, _seed

CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN_WORDS = re.compile(r"[A-Za-z]{3,}")
CLI = Path(catalogue_zh.__file__).parent
#: Words that are not the app's: units everyone writes in Latin letters, the model's name.
KEPT = ("KiB", "PR-AUC")


def _set_language(home: Path, language: str) -> None:
    (home / "config.toml").write_text(f'[app]\nlanguage = "{language}"\n', encoding="utf-8")


def _english_words(text: str, data: Iterable[str] = ()) -> list[str]:
    """Latin words left in `text` once the user's data (titles, apps, paths, zone names) and
    the kept units are taken out."""
    for item in sorted({*data, *KEPT, *time.tzname}, key=len, reverse=True):
        if item:
            text = text.replace(item, " ")
    return LATIN_WORDS.findall(text)


@pytest.fixture
def at_nine_fifty_five(monkeypatch: pytest.MonkeyPatch) -> None:
    from focuscoach.core.cli import today

    monkeypatch.setattr(today, "clock", lambda: _local(9, 55))


@pytest.fixture
def missing_before() -> set[str]:
    """What other tests in this process asked for without an entry (not this test's doing)."""
    return i18n.missing("zh_CN")


def _check_chinese(out: str, data: Iterable[str] = ()) -> None:
    assert CJK.search(out), out
    assert _english_words(out, data) == [], out


@pytest.mark.usefixtures("at_nine_fifty_five")
def test_today_in_chinese(cli: Cli, home: Path, missing_before: set[str]) -> None:
    _seed(home)
    english = cli("today")
    _set_language(home, "zh_CN")
    result = cli("today")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "今天，2026年4月14日 周二（截至 09:55）"
    assert lines[1] == "专注：40分钟，计划 1小时00分钟（到目前为止计划 55分钟）"
    assert lines[2] == "当前：专注 09:00-10:00 Write \\x1b]0;report，还剩 5分钟"
    assert lines[3] == "下一个：会议 11:00-11:30 Standup，1小时05分钟后开始"
    assert lines[4] == "休息：已休 1 次，跳过 0 次，推迟 0 次"
    assert "  09:50-09:51  微休息" in lines
    assert "10分钟  分心 › 视频" in [line.strip() for line in lines]
    assert len(lines) == len(english.out.splitlines())
    _check_chinese(result.out, ["Write \\x1b]0;report", "Standup"])
    assert i18n.missing("zh_CN") - missing_before == set()
    assert i18n.current() == "en"  # the command's language does not outlive it


@pytest.mark.usefixtures("at_nine_fifty_five")
def test_json_is_the_same_in_chinese(cli: Cli, home: Path) -> None:
    _seed(home)
    cli("task", "add", "Read paper", "--estimate", "1h30m", "--priority", "1")
    commands = [
        ("today", "--json"),
        ("status", "--json"),
        ("task", "list", "--all", "--json"),
        ("plan", "--date", "tomorrow", "--replace", "--json"),
        ("replay", "--assume-focus", "--json"),
    ]

    def outputs() -> list[object]:
        found = []
        for args in commands:
            result = cli(*args)
            assert result.code == 0, (args, result.err)
            data = json.loads(result.out)
            if args[0] == "replay":
                data.pop("seconds")  # how long the replay took
            found.append(data)
        return found

    _set_language(home, "en")
    english = outputs()
    _set_language(home, "zh_CN")
    assert outputs() == english
    mood = cli("mood", "4", "--energy", "3", "--json")
    assert mood.code == 0 and not CJK.search(mood.out)


def test_status_tasks_plan_mood_and_forget_in_chinese(
    cli: Cli, home: Path, missing_before: set[str]
) -> None:
    _set_language(home, "zh_CN")
    assert cli("task", "list").out == "没有任务。用以下命令添加：focuscoach task add 标题\n"
    added = cli("task", "add", "Write report", "--estimate", "1h30m", "--due", "2099-01-02")
    assert (added.code, added.out) == (0, "已添加任务 1：Write report\n")
    cli("task", "add", "Old thing")
    assert cli("task", "done", "2").out == "已完成：任务 2，Old thing\n"
    listing = cli("task", "list", "--all")
    assert listing.out.splitlines() == [
        "   1  Write report  （优先级 3，1小时30分钟，截止 2099-01-02）",
        "   2  Old thing  （优先级 3，已完成）",
    ]
    edited = cli("task", "edit", "1", "--title", "Write paper")
    assert edited.out == "已修改任务 1：Write paper\n"
    plan = cli("plan", "--date", "tomorrow")
    assert plan.code == 0, plan.err
    assert plan.out.splitlines()[0].endswith("的计划：")
    assert "专注" in plan.out
    _check_chinese(plan.out, ["Write paper"])
    again = cli("plan", "--date", "tomorrow")
    assert again.code == 2 and again.out == ""
    assert "已有一份" in again.err and "--replace" in again.err
    replaced = cli("plan", "--date", "tomorrow", "--replace")
    assert replaced.out.startswith("已替换之前接受的计划（")
    assert cli("mood", "4", "--energy", "3").out == "已记录心情 4，精力 3\n"
    status = cli("status")
    assert status.code == 0, status.err
    assert status.out.startswith("数据库：")
    _check_chinese(status.out, [str(home.resolve() / "focuscoach.db")])
    forget = cli("forget", "--since", "2000-01-01", "--until", "now", "--yes")
    assert forget.code == 0, forget.err
    assert forget.out.startswith("已删除") and "条心情" in forget.out
    _check_chinese(forget.out)
    unknown = cli("task", "done", "99")
    assert unknown.code == 2
    assert unknown.err == "focuscoach: error: 没有编号为 99 的任务（见 focuscoach task list）\n"
    removed = cli("task", "rm", "1")
    assert removed.out == "已删除任务 1：Write paper\n"
    assert i18n.missing("zh_CN") - missing_before == set()


def test_replay_in_chinese(cli: Cli, home: Path, missing_before: set[str]) -> None:
    from tests.replay.test_replay import _write_simulated_day

    _write_simulated_day(home)
    english = cli("replay", "--assume-focus", "--drift")
    _set_language(home, "zh_CN")
    result = cli("replay", "--assume-focus", "--drift")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert len(lines) == len(english.out.splitlines())
    assert lines[-1].startswith("活跃 ") and "次签到" in lines[-1]
    assert any("休息    " in line and "秒" in line for line in lines)
    assert any("签到    " in line for line in lines)
    drift = [line for line in lines if "提醒      走神" in line]
    assert drift, result.out
    # Forecast reasons are the model's words (core/model), and apps and titles are data.
    chinese_lines = [line for line in lines if "提醒      预测" not in line]
    apps = {m for line in drift for m in re.findall(r"在 (.+?) 上 ", line)}
    _check_chinese("\n".join(chinese_lines), apps)
    assert i18n.missing("zh_CN") - missing_before == set()


@pytest.mark.parametrize(
    ("environ", "chinese"),
    [
        ({"LANG": "zh_CN.UTF-8"}, True),
        ({"LANG": "C"}, False),
    ],
)
def test_system_follows_the_locale(home: Path, environ: dict[str, str], chinese: bool) -> None:
    _set_language(home, "system")
    clean = {"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", **environ}
    added = run_focuscoach("--home", str(home), "task", "add", "Tidy desk", env=clean)
    assert added.returncode == 0, added.stderr
    listing = run_focuscoach("--home", str(home), "task", "list", env=clean)
    if chinese:
        assert added.stdout == "已添加任务 1：Tidy desk\n"
        assert listing.stdout == "   1  Tidy desk  （优先级 3）\n"
    else:
        assert added.stdout == "Added task 1: Tidy desk\n"
        assert listing.stdout == "   1  Tidy desk  (p3)\n"


def test_a_broken_settings_file_changes_no_exit_status(cli: Cli, home: Path) -> None:
    """The language is read for every command; a file that cannot be read must not fail a
    command that never read settings before (task list), nor change what one that does says."""
    (home / "config.toml").write_text("[app\n", encoding="utf-8")
    assert cli("task", "list").code == 0
    plan = cli("plan")
    assert plan.code == 2 and "not valid TOML" in plan.err


def _asked(path: Path) -> Iterable[str]:
    """The literal texts a module passes to `_()` or `ngettext()` (its plural)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        args = node.args[:1] if name in ("_", "gettext") else node.args[1:2]
        if name in ("_", "gettext", "ngettext"):
            for arg in args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    yield arg.value


def test_every_text_of_the_commands_has_a_chinese_entry() -> None:
    """Also the commands the tests above do not run (train, evaluate, categories, import)."""
    modules = sorted(CLI.glob("*.py"))
    asked = {text for p in modules for text in _asked(p)}
    assert len(asked) > 80
    assert asked - set(catalogue_zh.ZH_CN) == set()
    for english, chinese in catalogue_zh.ZH_CN.items():
        fields = set(re.findall(r"\{(\w*)\}", english))
        assert set(re.findall(r"\{(\w*)\}", chinese)) == fields, english


@pytest.mark.parametrize(
    ("args", "chinese"),
    [
        (("mood", "9"), "focuscoach: error: 心情必须在 1（低）到 5（高）之间，收到的是 9"),
        (
            ("mood", "3", "--energy", "x"),
            "focuscoach: error: 精力必须是 1 到 5 的整数，收到的是 'x'",
        ),
        (("task", "add", "T", "--priority", "7"), "优先级必须在 1（最重要）到 4 之间，收到的是 7"),
        (("task", "add", "T", "--estimate", "zz"), "无效的预估 'zz'：请用分钟数"),
        (("task", "add", "T", "--due", "someday"), "无效的日期 'someday'：请用 YYYY-MM-DD"),
        (("today", "--date", "nope"), "无效的日期 'nope'"),
        (("replay", "--since", "bogus"), "无法读取时间 'bogus'：请用 ISO 8601"),
        (("replay",), "还没有记录任何内容："),
        (
            ("report", "--out", "week.txt"),
            "无法写入 week.txt：请用 .png、.html、.pdf 或 .json 文件",
        ),
    ],
)
def test_common_bad_input_is_one_chinese_line_and_exit_2(
    cli: Cli, home: Path, args: tuple[str, ...], chinese: str
) -> None:
    english = cli(*args)
    _set_language(home, "zh_CN")
    result = cli(*args)
    assert (english.code, result.code) == (2, 2)
    assert result.out == "" and len(result.err.splitlines()) == 1
    assert chinese in result.err
    assert result.err.startswith("focuscoach: error: ")
    assert not CJK.search(english.err)
    if args[0] == "replay":  # refused before anything was created
        assert not (home / "focuscoach.db").exists()
