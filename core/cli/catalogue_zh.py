"""The command line's own text in Simplified Chinese: entries of core/i18n.py's catalogue, keyed
by the English text the commands pass to `_()` (registered when the CLI is imported).

tests/cli/test_cli_language.py runs the commands in Chinese and fails on any text asked for
without an entry here. JSON output, --help and argparse's usage errors stay English.
"""

from __future__ import annotations

import re

from focuscoach.core import i18n

ZH_CN: dict[str, str] = {
    # Shared words.
    ", ": "，",
    " ({parts})": "（{parts}）",
    "focus": "专注",
    "meeting": "会议",
    "break": "休息",
    "Break": "休息",
    "micro": "微休息",
    "long": "长休息",
    "done": "已完成",
    # report (report.py): the confirmation and its own usage errors.
    "cannot write {path}: use {formats}": "无法写入 {path}：请用 {formats}",
    "a .png, .html, .pdf or .json file": ".png、.html、.pdf 或 .json 文件",
    "cannot read {path}: {why}": "无法读取 {path}：{why}",
    "an empty week (nothing recorded)": "空白的一周（没有任何记录）",
    "Wrote the statistics of {week} to {path}": "已将{week}的统计数据写入 {path}",
    "Wrote the focus review of {week} to {path}": "已将{week}的专注回顾写入 {path}",
    # today (today.py).
    "Today, {day} (as of {clock})": "今天，{day}（截至 {clock}）",
    "Focused: {focused} of {planned} planned ({so_far} planned so far)": (
        "专注：{focused}，计划 {planned}（到目前为止计划 {so_far}）"
    ),
    "Focused: {focused} (no plan accepted for this day)": "专注：{focused}（这一天没有已接受的计划）",
    "Now: {kind} {start}-{end} {title}, {left} left": "当前：{kind} {start}-{end} {title}，还剩 {left}",
    "Next: {kind} {start}-{end} {title}, in {wait}": "下一个：{kind} {start}-{end} {title}，{wait}后开始",
    "Breaks: {taken} taken, {skipped} skipped, {postponed} postponed": (
        "休息：已休 {taken} 次，跳过 {skipped} 次，推迟 {postponed} 次"
    ),
    "Plan:": "计划：",
    "Timeline (active minutes per hour: focus / distracting / other):": (
        "时间线（每小时活跃分钟数：专注 / 分心 / 其他）："
    ),
    "Breaks taken:": "已休息：",
    "Top distractions:": "主要分心来源：",
    "Tasks (time on task during its blocks / planned):": "任务（其时段内用于任务的时间 / 计划）：",
    "  (done)": "  （已完成）",
    # status, import, forget (activity.py).
    "Database:   {path}": "数据库：   {path}",
    " (not created yet)": "（尚未创建）",
    "yes, pid {pid}": "是，进程号 {pid}",
    "no": "否",
    "Recording:  {answer}": "正在记录：  {answer}",
    "Input counts: {note}": "输入计数：{note}",
    "recorded (counts only)": "已记录（仅计数）",
    "not available on Wayland (idle time comes from the compositor)": (
        "在 Wayland 上不可用（空闲时间来自合成器）"
    ),
    "Window titles: {note}": "窗口标题：{note}",
    "Model:      {model}": "模型：      {model}",
    "shipped prior": "随附的初始模型",
    "  warning: {problem}": "  警告：{problem}",
    "Size:       {size} KiB, schema version {version}": "大小：      {size} KiB，架构版本 {version}",
    "Window spans: {windows}, AFK spans: {afk}, input intervals: {inputs}, "
    "other imported events: {other}": (
        "窗口记录：{windows}，离开记录：{afk}，输入区间：{inputs}，其他导入事件：{other}"
    ),
    "From {first} to {last} (local time)": "从 {first} 到 {last}（本地时间）",
    "Latest window: {app} — {title}": "最近的窗口：{app} — {title}",
    "Imported {events} events from {buckets} buckets: {added} added, "
    "{duplicates} already present, {excluded} excluded by privacy rules.": (
        "从 {buckets} 个数据桶导入 {events} 个事件：新增 {added} 个，{duplicates} 个已存在，"
        "{excluded} 个被隐私规则排除。"
    ),
    " {clipped} longer than 7 days were cut to 7 days.": " {clipped} 个超过 7 天的事件被截为 7 天。",
    " {forgotten} lay in ranges you had forgotten: those parts were left out.": (
        " {forgotten} 个事件位于你已删除的时间段内：这些部分未导入。"
    ),
    "{windows} window spans, {afk} AFK spans, {inputs} input intervals, {other} other "
    "events and {moments} moods, coach events, nudge answers and predictions "
    "between {since} and {until}": (
        "{since} 至 {until} 之间的 {windows} 条窗口记录、{afk} 条离开记录、{inputs} 个输入区间、"
        "{other} 个其他事件，以及 {moments} 条心情、教练事件、提醒回答和预测"
    ),
    "forget deletes data: confirm with --yes when not interactive": (
        "forget 会删除数据：非交互运行时请用 --yes 确认"
    ),
    "Delete {what}? This cannot be undone. [y/N] ": "删除{what}？此操作无法撤销。[y/N] ",
    "Nothing deleted.": "未删除任何内容。",
    "Deleted {what}.": "已删除{what}。",
    # task, mood, plan (coaching.py).
    "Added task {id}: {title}": "已添加任务 {id}：{title}",
    "Changed task {id}: {title}": "已修改任务 {id}：{title}",
    "Deleted task {id}: {title}": "已删除任务 {id}：{title}",
    "Done: task {id}, {title}": "已完成：任务 {id}，{title}",
    "Reopened: task {id}, {title}": "已重新打开：任务 {id}，{title}",
    "No tasks. Add one with: focuscoach task add TITLE": (
        "没有任务。用以下命令添加：focuscoach task add 标题"
    ),
    "({extras})": "（{extras}）",
    "p{priority}": "优先级 {priority}",
    "due {day}": "截止 {day}",
    "warning: the due date {due} is in the past; the task counts as overdue": (
        "警告：截止日期 {due} 已过；该任务算作逾期"
    ),
    "no task with id {id} (see focuscoach task list)": (
        "没有编号为 {id} 的任务（见 focuscoach task list）"
    ),
    "nothing to change: give --title, --priority, --estimate, --due ...": (
        "没有要修改的内容：请给出 --title、--priority、--estimate、--due ……"
    ),
    "Logged mood {mood}": "已记录心情 {mood}",
    ", energy {energy}": "，精力 {energy}",
    "{day} is in the past: plan today or a later day"
    " (a past day's accepted plan is kept for the weekly review)": (
        "{day} 已经过去：请计划今天或之后的日子（过去某天已接受的计划会保留给每周回顾）"
    ),
    "{day} already has a plan accepted at {accepted} ({blocks}); give --replace to plan it again": (
        "{day} 已有一份在 {accepted} 接受的计划（{blocks}）；要重新计划请加 --replace"
    ),
    "{count} blocks": "{count} 个时段",
    "Replaced the plan accepted earlier ({blocks}).": "已替换之前接受的计划（{blocks}）。",
    "Plan for {day}:": "{day}的计划：",
    "  nothing planned (no open tasks, or no free time in the working day)": (
        "  没有安排（没有未完成的任务，或工作日内没有空闲时间）"
    ),
    "Did not fit: {names}": "未能排入：{names}",
    # replay (replay.py).
    "nudge": "提醒",
    "drift": "走神",
    "forecast": "预测",
    "check-in": "签到",
    "{kind}, {duration}": "{kind}，{duration}",
    " (planned)": "（计划内）",
    " (again)": "（再次）",
    "hourly": "每小时",
    "end of a focus block": "专注时段结束",
    "{time} on {what}": "在 {what} 上 {time}",
    " during '{task}'": "，正在进行“{task}”",
    "{hours} active hours: {nudges} nudges": "活跃 {hours} 小时：{nudges} 次提醒",
    "{rate} per active hour": "每活跃小时 {rate} 次",
    "precision {value}": "精确率 {value}",
    ", {breaks} break reminders ({repeats} again), ": "，{breaks} 次休息提醒（{repeats} 次再次提醒），",
    "{count} check-ins": "{count} 次签到",
    # categories (categories.py).
    "Uncategorised: {uncategorised} of {active} active; sure suggestions cover {sure}": (
        "未分类：活跃 {active} 中有 {uncategorised}；有把握的建议覆盖 {sure}"
    ),
    "not sure (maybe {category})": "不确定（可能是 {category}）",
    "not sure (a browser without a page title)": "不确定（浏览器窗口没有网页标题）",
    " [distracting]": " [分心]",
    "{minutes} min": "{minutes} 分钟",
    "Put a window in a category, a suggested one or your own where it is not sure, with: "
    "focuscoach categories accept --app APP --title TITLE --category 'TOP > SUB' (without "
    "--title, every window of the app); reject a suggestion the same way": (
        "把窗口归入一个类别（建议的类别，或在不确定时你自己选的类别）："
        "focuscoach categories accept --app 应用 --title 标题 --category '大类 > 小类'"
        "（不带 --title 则为该应用的所有窗口）；拒绝建议的用法相同"
    ),
    "Context: {judged} new (task, window) pairs judged for {tasks} tasks and "
    "{windows} distracting windows; {on_task} on-task": (
        "上下文：为 {tasks} 个任务和 {windows} 个分心窗口判断了 {judged} 个新的（任务，窗口）组合；"
        "{on_task} 个与任务相关"
    ),
    "Accepted: {window} is {category}": "已接受：{window} 属于 {category}",
    "Rejected: {window} is not {category}": "已拒绝：{window} 不属于 {category}",
    # train, evaluate (model.py).
    "Training on {windows} window spans and {answers} answers to nudges ({device})": (
        "正在用 {windows} 条窗口记录和 {answers} 个提醒回答训练（{device}）"
    ),
    "epoch {epoch}/{epochs}: loss {loss}{auc} ({seconds})": (
        "第 {epoch}/{epochs} 轮：损失 {loss}{auc}（{seconds}）"
    ),
    ", validation PR-AUC {auc}": "，验证 PR-AUC {auc}",
    "Category suggestions not used for labels: {why}": "类别建议未用于标签：{why}",
    "Context for drift nudges: {judged} new (task, window) pairs judged, {on_task} on-task": (
        "走神提醒的上下文：判断了 {judged} 个新的（任务，窗口）组合，{on_task} 个与任务相关"
    ),
    "Category suggestions: {sure} unanswered sure ones ({distracting} distracting, "
    "{answered} left out as answered) label {moments} moments with low weight": (
        "类别建议：{sure} 条未回答且有把握的建议（{distracting} 条为分心，{answered} 条因已回答而略去）"
        "以低权重标注了 {moments} 个时刻"
    ),
    "Context: {windows} distracting windows ({time}) were close to the task of their "
    "focus block ({blocks} planned): counted as work for the labels": (
        "上下文：{windows} 个分心窗口（{time}）与所在专注时段的任务相近（计划了 {blocks} 个）："
        "在标签中算作工作"
    ),
    " (PR-AUC on the last {moments} moments: new {new}, current {current})": (
        "（最近 {moments} 个时刻的 PR-AUC：新模型 {new}，当前模型 {current}）"
    ),
    "Installed the new model": "已安装新模型",
    "Kept the current model": "保留当前模型",
    "{moments} moments, {positives} followed by distraction; "
    "trained on the first 70 % of the time span, tested on the last 30 %": (
        "{moments} 个时刻，其中 {positives} 个之后出现分心；用时间跨度的前 70 % 训练，后 30 % 测试"
    ),
    "test base rate {rate}; 95 % intervals from resampling whole hours; hard = moments"
    " with no distraction in the previous hour ({hard} moments)": (
        "测试集基准率 {rate}；95 % 区间通过按整小时重采样得到；困难 = 前一小时没有分心的时刻"
        "（{hard} 个）"
    ),
    "model": "模型",
    "95 % interval": "95 % 区间",
    "hard PR-AUC": "困难 PR-AUC",
    "attention over {seeds} seeds: PR-AUC {scores} (spread {spread}); best baseline: {best}": (
        "注意力模型 {seeds} 个随机种子：PR-AUC {scores}（离散度 {spread}）；最佳基线：{best}"
    ),
    "one prediction: {ms} ms (median, one CPU thread)": "单次预测：{ms} 毫秒（中位数，单个 CPU 线程）",
    (
        "forecast nudges replayed on the test part (--assume-focus, no drift rule), at most"
        " {budget} an active hour, each at its own operating point:"
    ): "在测试部分重放的预测提醒（--assume-focus，不含走神规则），每活跃小时最多 {budget} 次，各自按自己的工作点：",
    "scored by": "评分方式",
    "per hour": "每小时",
    "precision": "精确率",
    "right": "正确",
    "anticipated": "提前提醒",
}


_TIME_HINT_ZH = (
    "请用 ISO 8601（2026-04-14 或 2026-04-14T09:30）、'today'、'yesterday' 或多久以前，如 2h"
)
_ESTIMATE_HINT_ZH = "请用分钟数，如 45m、1h30m、2h 或 90"
_SCALES_ZH = {"mood": "心情", "energy": "精力"}

#: The commonest bad-input lines that core's parsers word in English (core/planning/tasks.py,
#: core/coaching/mood.py, core/timeutil.py), as patterns over their text: a line that no
#: longer matches (its wording changed) is shown in English, never wrongly.
ERRORS_ZH: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.DOTALL), template)
    for pattern, template in (
        (
            r"priority must be a whole number from 1 to 4, got (?P<got>.+)",
            "优先级必须是 1 到 4 的整数，收到的是 {got}",
        ),
        (
            r"(?P<what>mood|energy) must be a whole number from 1 to 5, got (?P<got>.+)",
            "{what}必须是 1 到 5 的整数，收到的是 {got}",
        ),
        (
            r"priority must be from 1 \(most important\) to 4, got (?P<got>.+)",
            "优先级必须在 1（最重要）到 4 之间，收到的是 {got}",
        ),
        (
            r"(?P<what>mood|energy) must be from 1 \(low\) to 5 \(high\), got (?P<got>.+)",
            "{what}必须在 1（低）到 5（高）之间，收到的是 {got}",
        ),
        (
            r"invalid estimate (?P<got>.+): use minutes like 45m, 1h30m, 2h or 90",
            "无效的预估 {got}：" + _ESTIMATE_HINT_ZH,
        ),
        (
            r"estimate is empty: use minutes like 45m, 1h30m, 2h or 90",
            "预估为空：" + _ESTIMATE_HINT_ZH,
        ),
        (
            r"invalid date (?P<got>.+): use YYYY-MM-DD, 'today' or 'tomorrow'",
            "无效的日期 {got}：请用 YYYY-MM-DD、'today' 或 'tomorrow'",
        ),
        (
            r"cannot read the time (?P<got>.+): use ISO 8601 .+",
            "无法读取时间 {got}：" + _TIME_HINT_ZH,
        ),
        (r"the time is empty: use ISO 8601 .+", "时间为空：" + _TIME_HINT_ZH),
        (r"--until must come after --since", "--until 必须晚于 --since"),
        (
            r"nothing recorded yet: no database at (?P<path>.+)",
            "还没有记录任何内容：{path} 处没有数据库",
        ),
    )
)


def error_line(message: str) -> str:
    """A usage error's line in Chinese when it is one of ERRORS_ZH, else as it is."""
    for pattern, template in ERRORS_ZH:
        found = pattern.fullmatch(message)
        if found is not None:
            fields = found.groupdict()
            if "what" in fields:
                fields["what"] = _SCALES_ZH[fields["what"]]
            return template.format(**fields)
    return message


def _status_notes() -> dict[str, str]:
    """The recorder's fixed notes that `status` shows (core/recording), by their English text."""
    from focuscoach.core.recording.wayland.gnome import EXTENSION_UUID, GNOME_NO_EXTENSION

    return {
        GNOME_NO_EXTENSION: (
            "Wayland 上的 GNOME 未安装 Focused Window D-Bus 扩展：只有 X11（XWayland）窗口会记录"
            "窗口标题和应用，其他窗口不会；请从 extensions.gnome.org 安装并运行 "
            f"`gnome-extensions enable {EXTENSION_UUID}`；空闲时间来自 Mutter；不记录按键和点击次数。"
        )
    }


i18n.add("zh_CN", ZH_CN)
i18n.add("zh_CN", _status_notes())
