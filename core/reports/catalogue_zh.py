"""The review's text in Simplified Chinese (charts, headline, tables, the HTML page): entries of
core/i18n.py's catalogue, keyed by the English text the report code passes to `_()`.

tests/reports/test_report_i18n.py draws and writes every part of a report in Chinese and fails
on any text asked for without an entry here.
"""

from __future__ import annotations

from focuscoach.core import i18n
from focuscoach.core.reports.stats import (
    DEEP_STRETCH,
    MIN_SCORED_ACTIVE,
    SCORE_DEFINITION,
    SWITCH_CEILING,
)

_SCORE_DEFINITION_ZH = (
    "专注分（0–100）= 50 × 专注占比 + 30 × 深度工作占比 + 20 × 平稳度。\n"
    "专注占比：专注时间 ÷ 活跃时间。深度工作占比：专注时间中处于至少 "
    f"{DEEP_STRETCH / 60:.0f} 分钟不间断专注段的部分。平稳度：1 − 每活跃小时的窗口切换次数 ÷ "
    f"{SWITCH_CEILING:.0f}（达到 {SWITCH_CEILING:.0f} 次及以上为 0）。"
    "它衡量的是你如何利用工作的时间，而不是工作了多久：一小时深度、不被打断的工作，"
    "与一整天这样的工作得分一样高。"
    f"活跃不足 {MIN_SCORED_ACTIVE / 60:.0f} 分钟的日子没有分数。"
)

ZH_CN: dict[str, str] = {
    SCORE_DEFINITION: _SCORE_DEFINITION_ZH,
    # The page and its headline (charts.py, render.py).
    "Focus review — {week}": "专注回顾 — {week}",
    "{title} · page {number} of {pages}": "{title} · 第 {number} 页，共 {pages} 页",
    "Focus score {score}": "专注分 {score}",
    "out of 100 ({before} {score})": "满分 100（{before} {score}）",
    "same days last week": "上周同期",
    "week before": "上一周",
    "focused {focus} of {active} active ({before} {prev_focus} of {prev_active})": (
        "活跃 {active}，其中专注 {focus}（{before}：活跃 {prev_active}，专注 {prev_focus}）"
    ),
    "distraction {time} in {episodes} episodes": "分心 {time}，共 {episodes} 次",
    "longest focus stretch {time}": "最长连续专注 {time}",
    "{rate} window switches per active hour": "每活跃小时切换窗口 {rate} 次",
    "times in {zone}": "时间为 {zone}",
    "ISO week {week}, times in {zone}; made by Focus Coach on {when}, "
    "from data that never left this computer.": (
        "ISO 周 {week}，时间为 {zone}；由专注教练于 {when} 生成，所用数据从未离开这台电脑。"
    ),
    "focus score (the week before: {before})": "专注分（上一周：{before}）",
    "How the focus score is computed.": "专注分的计算方法。",
    "The numbers": "详细数据",
    "Nothing was recorded in this week yet. Keep Focus Coach running while you work, "
    "and this page fills in with where your focus went.": (
        "这一周还没有任何记录。工作时让专注教练保持运行，这一页就会显示你的专注都去了哪里。"
    ),
    # The charts (panels.py).
    "Focused time per day": "每日专注时间",
    "When you focused (hour × weekday)": "专注时段（小时 × 星期）",
    "Time by category": "各类别用时",
    "Top apps": "常用应用",
    "Top windows": "常用窗口",
    "Mood and energy against focus": "心情、精力与专注",
    "Tasks: planned and actual": "任务：计划与实际",
    "Breaks and nudges": "休息与提醒",
    "no data yet": "暂无数据",
    "focused": "专注",
    "other (chat, mail, …)": "其他（聊天、邮件…）",
    "distraction": "分心",
    "focused, week before": "上一周专注",
    "hours (active, not away)": "小时（活跃，未离开）",
    "hour of the day (local time)": "一天中的小时（本地时间）",
    "focused minutes in the hour": "该小时内专注分钟数",
    "hours": "小时",
    "mood check-ins: no data yet": "心情记录：暂无数据",
    "focused hours": "专注小时数",
    "mood": "心情",
    "energy": "精力",
    "check-in (1 low – 5 high)": "自评（1 低 – 5 高）",
    "r with focused hours: mood {mood} ({m} days), energy {energy} ({e} days)": (
        "与专注小时数的相关系数 r：心情 {mood}（{m} 天），精力 {energy}（{e} 天）"
    ),
    "tasks: no data yet": "任务：暂无数据",
    "planned": "计划",
    "actual": "实际",
    "breaks and nudges: no data yet": "休息与提醒：暂无数据",
    "breaks\ntaken": "已休息",
    "breaks\npostponed": "推迟的\n休息",
    "breaks\nskipped": "跳过的\n休息",
    "nudges\nshown": "显示的\n提醒",
    "“was\ndistracted”": "“确实\n分心了”",
    "“wasn't\ndistracted”": "“没有\n分心”",
    "false-alarm rate {rate}": "误报率 {rate}",
    "count": "次数",
    # The tables (summary.py).
    "same": "持平",
    "Focus score": "专注分",
    "Focused time": "专注时间",
    "Active time": "活跃时间",
    "Distraction time": "分心时间",
    "Distraction episodes": "分心次数",
    "Longest focus stretch": "最长连续专注",
    "Fragmentation (switches per active hour)": "碎片化（每活跃小时切换次数）",
    "Mood (1–5, mean of days)": "心情（1–5，日均）",
    "Energy (1–5, mean of days)": "精力（1–5，日均）",
    "Breaks taken": "已休息次数",
    "Breaks skipped": "跳过休息次数",
    "Nudges shown": "提醒次数",
    "Nudge false-alarm rate": "提醒误报率",
    "This week so far compared with the same days of the week before": "本周至今与上周同期对比",
    "{week} so far": "{week} 至今",
    "{week} same days": "{week} 同期",
    "This week compared with the week before": "本周与上一周对比",
    "change": "变化",
    "Day by day": "逐日数据",
    "day": "日期",
    "active": "活跃",
    "episodes": "分心次数",
    "longest stretch": "最长连续专注",
    "switches / h": "切换 / 小时",
    "score": "专注分",
    "focused last week": "上周专注",
    "Mood and energy against focused time": "心情、精力与专注时间",
    "pair": "组合",
    "correlation r": "相关系数 r",
    "days": "天数",
    "mood ↔ focused hours": "心情 ↔ 专注小时数",
    "energy ↔ focused hours": "精力 ↔ 专注小时数",
    "Pearson correlation over the days with both a check-in and activity; "
    "it needs at least 3 days, and a week is a small sample.": (
        "按既有自评又有活动的日子计算的皮尔逊相关系数；至少需要 3 天，而一周的样本很小。"
    ),
    "Mood check-ins: no data yet.": "心情记录：暂无数据。",
    "category": "类别",
    "time": "时间",
    "share": "占比",
    "app": "应用",
    "title": "标题",
    "Tasks: planned and actual time": "任务：计划与实际时间",
    "task": "任务",
    "estimate": "预估",
    "done this week": "本周完成",
    "yes": "是",
    "Actual: active time in windows matching the task's patterns, or, for a "
    "task without patterns, focused time inside its planned blocks.": (
        "实际：在匹配任务规则的窗口中的活跃时间；没有规则的任务，则为其计划时段内的专注时间。"
    ),
    "Tasks: no data yet.": "任务：暂无数据。",
    "breaks taken": "已休息",
    "breaks postponed": "推迟的休息",
    "breaks skipped": "跳过的休息",
    "nudges shown": "显示的提醒",
    "nudges answered": "已回应的提醒",
    "answered “I wasn't distracted”": "回答“我没有分心”",
    "false-alarm rate": "误报率",
    "detector checks (alerts ≥ 0.7)": "检测次数（≥ 0.7 的警报）",
    "Breaks and nudges: no data yet.": "休息与提醒：暂无数据。",
    "No data yet.": "暂无数据。",
}

i18n.add("zh_CN", ZH_CN)
