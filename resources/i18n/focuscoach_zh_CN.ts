<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>App</name>
    <message>
        <location filename="../../desktop/app.py" line="85"/>
        <source>Focus Coach is already running.</source>
        <extracomment>Seconds to wait for a system tray before the fallback window (tests shorten it).</extracomment>
        <translation>专注教练已在运行。</translation>
    </message>
    <message>
        <source>Focus Coach cannot use its database</source>
        <translation>专注教练无法使用它的数据库</translation>
    </message>
    <message>
        <source>Focus Coach records less here</source>
        <translation>专注教练在这里记录的内容有限</translation>
    </message>
    <message>
        <source>Focus Coach</source>
        <translation>专注教练</translation>
    </message>
</context>
<context>
    <name>BreakWindow</name>
    <message>
        <location filename="../../desktop/breaks.py" line="25"/>
        <source>Break</source>
        <translation>休息</translation>
    </message>
    <message>
        <location filename="../../desktop/breaks.py" line="33"/>
        <source>Stand up, stretch, look into the distance.</source>
        <translation>站起来，伸展一下，望望远处。</translation>
    </message>
    <message>
        <location filename="../../desktop/breaks.py" line="35"/>
        <source>Look away from the screen for a moment.</source>
        <translation>把视线从屏幕上移开一会儿。</translation>
    </message>
    <message>
        <location filename="../../desktop/breaks.py" line="48"/>
        <source>Back to work</source>
        <translation>回到工作</translation>
    </message>
</context>
<context>
    <name>CategoriesWindow</name>
    <message>
        <source>Categories</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Rules</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Test a regex</source>
        <translation>测试正则表达式</translation>
    </message>
    <message>
        <source>Suggestions</source>
        <translation>建议</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Regex</source>
        <translation>正则表达式</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>本周</translation>
    </message>
    <message>
        <source>Save rules</source>
        <translation>保存规则</translation>
    </message>
    <message>
        <source>Double-click a regex to edit it; the deepest matching category wins.</source>
        <translation>双击正则表达式即可编辑；匹配的最深层类别优先。</translation>
    </message>
    <message>
        <source>A regex, searched in app and title</source>
        <translation>在应用和标题中搜索的正则表达式</translation>
    </message>
    <message>
        <source>Not a usable regex: %1</source>
        <translation>不是可用的正则表达式：%1</translation>
    </message>
    <message>
        <source>%1 windows, %2 min this week</source>
        <translation>本周 %1 个窗口，%2 分钟</translation>
    </message>
    <message>
        <source>Find suggestions</source>
        <translation>查找建议</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>Suggested</source>
        <translation>建议类别</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>置信度</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>接受</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>Looking at your windows…</source>
        <translation>正在查看你的窗口…</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>%1 suggestions and %2 questions for %3 min of uncategorised time</source>
        <translation>%1 条建议、%2 个问题，涉及 %3 分钟未分类时间</translation>
    </message>
    <message>
        <source>Not sure — maybe %1</source>
        <translation>不确定——也许是 %1</translation>
    </message>
    <message>
        <source>Every window of this app</source>
        <translation>此应用的所有窗口</translation>
    </message>
    <message>
        <source>Category:</source>
        <translation>类别：</translation>
    </message>
    <message>
        <source>Where the suggester is not sure, pick the category yourself: accepting makes it a rule.</source>
        <translation>建议器不确定时，请自己选择类别：接受后即成为一条规则。</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <location filename="../../desktop/crash.py" line="31"/>
        <source>Focus Coach: something went wrong</source>
        <translation>专注教练：出错了</translation>
    </message>
    <message>
        <location filename="../../desktop/crash.py" line="36"/>
        <source>Focus Coach hit an unexpected error. Recording goes on where it can.
The details are also in {log}.</source>
        <translation>专注教练遇到了意外错误。记录会尽可能继续。
详细信息也写在 {log} 中。</translation>
    </message>
    <message>
        <location filename="../../desktop/crash.py" line="46"/>
        <source>Copy details</source>
        <translation>复制详细信息</translation>
    </message>
</context>
<context>
    <name>FallbackWindow</name>
    <message>
        <location filename="../../desktop/tray.py" line="111"/>
        <source>No system tray was found on this desktop, so Focus Coach shows this small window instead. Closing it keeps Focus Coach running; use Quit to stop.</source>
        <translation>此桌面没有系统托盘，所以专注教练改为显示这个小窗口。关闭窗口后专注教练仍在运行；要停止请选择“退出”。</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="119"/>
        <source>Menu</source>
        <translation>菜单</translation>
    </message>
</context>
<context>
    <name>FocusDialog</name>
    <message>
        <location filename="../../desktop/tray.py" line="74"/>
        <source>Start a focus block</source>
        <extracomment>How long to wait for a system tray before showing the fallback window.</extracomment>
        <translation>开始专注时段</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="80"/>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="81"/>
        <source>Length:</source>
        <translation>时长：</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="83"/>
        <source>(no particular task)</source>
        <translation>（不指定任务）</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="86"/>
        <source>Task:</source>
        <translation>任务：</translation>
    </message>
</context>
<context>
    <name>MoodDialog</name>
    <message>
        <location filename="../../desktop/mood.py" line="31"/>
        <source>How are you doing?</source>
        <translation>你现在感觉如何？</translation>
    </message>
    <message>
        <location filename="../../desktop/mood.py" line="36"/>
        <source>A focus block just ended. How do you feel?</source>
        <translation>一个专注时段刚刚结束。你感觉怎么样？</translation>
    </message>
    <message>
        <location filename="../../desktop/mood.py" line="38"/>
        <source>How do you feel right now?</source>
        <translation>你现在感觉怎么样？</translation>
    </message>
    <message>
        <location filename="../../desktop/mood.py" line="44"/>
        <source>Awful</source>
        <translation>很糟</translation>
    </message>
    <message>
        <location filename="../../desktop/mood.py" line="45"/>
        <source>Low</source>
        <translation>低落</translation>
    </message>
    <message>
        <location filename="../../desktop/mood.py" line="46"/>
        <source>Okay</source>
        <translation>还行</translation>
    </message>
    <message>
        <location filename="../../desktop/mood.py" line="47"/>
        <source>Good</source>
        <translation>不错</translation>
    </message>
    <message>
        <location filename="../../desktop/mood.py" line="48"/>
        <source>Great</source>
        <translation>很好</translation>
    </message>
    <message>
        <location filename="../../desktop/mood.py" line="53"/>
        <source>Press {key}</source>
        <translation>按 {key}</translation>
    </message>
    <message>
        <location filename="../../desktop/mood.py" line="57"/>
        <source>Energy (optional):</source>
        <translation>精力（可选）：</translation>
    </message>
    <message>
        <location filename="../../desktop/mood.py" line="67"/>
        <source>A note (optional)</source>
        <translation>备注（可选）</translation>
    </message>
    <message>
        <location filename="../../desktop/mood.py" line="74"/>
        <source>Skip</source>
        <translation>跳过</translation>
    </message>
    <message>
        <location filename="../../desktop/mood.py" line="75"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../desktop/mood.py" line="103"/>
        <source>Pick a mood from 1 to 5 first (or Skip).</source>
        <translation>请先选择 1 到 5 的心情（或跳过）。</translation>
    </message>
    <message>
        <source>low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>high</source>
        <translation>高</translation>
    </message>
</context>
<context>
    <name>PlanWindow</name>
    <message>
        <location filename="../../desktop/plan.py" line="56"/>
        <source>Today&apos;s plan — Focus Coach</source>
        <translation>今日计划 — 专注教练</translation>
    </message>
    <message>
        <location filename="../../desktop/plan.py" line="68"/>
        <source>Re-plan</source>
        <translation>重新计划</translation>
    </message>
    <message>
        <location filename="../../desktop/plan.py" line="69"/>
        <source>Accept plan</source>
        <translation>接受计划</translation>
    </message>
    <message>
        <location filename="../../desktop/plan.py" line="70"/>
        <source>Start this block now</source>
        <translation>现在开始这个时段</translation>
    </message>
    <message>
        <location filename="../../desktop/plan.py" line="115"/>
        <source>Accepted plan for {day}</source>
        <translation>{day} 已接受的计划</translation>
    </message>
    <message>
        <location filename="../../desktop/plan.py" line="117"/>
        <source>Proposed plan for {day}</source>
        <translation>{day} 的建议计划</translation>
    </message>
    <message>
        <location filename="../../desktop/plan.py" line="122"/>
        <source>Focus</source>
        <translation>专注</translation>
    </message>
    <message>
        <location filename="../../desktop/plan.py" line="123"/>
        <source>Break</source>
        <translation>休息</translation>
    </message>
    <message>
        <location filename="../../desktop/plan.py" line="124"/>
        <source>Meeting</source>
        <translation>会议</translation>
    </message>
    <message>
        <location filename="../../desktop/plan.py" line="139"/>
        <source>{n} task(s) did not fit today.</source>
        <translation>有 {n} 个任务今天排不下。</translation>
    </message>
    <message>
        <location filename="../../desktop/plan.py" line="141"/>
        <source>Low energy and urgent work: shorter blocks, longer breaks.</source>
        <translation>精力不足且有紧急工作：专注时段更短，休息更长。</translation>
    </message>
    <message>
        <location filename="../../desktop/plan.py" line="170"/>
        <source>Focus block started at {time}.</source>
        <translation>专注时段已于 {time} 开始。</translation>
    </message>
    <message>
        <source>Nothing planned yet: add tasks, and they are planned into your working hours ({start}–{end}).</source>
        <translation>尚未安排：添加任务后，它们会被安排进你的工作时间（{start}–{end}）。</translation>
    </message>
    <message>
        <source>Nothing planned: add tasks in the Tasks window.</source>
        <translation>没有安排：请在“任务”窗口中添加任务。</translation>
    </message>
    <message>
        <source>Nothing planned: today&apos;s working hours ({start}–{end}) are over.</source>
        <translation>没有安排：今天的工作时间（{start}–{end}）已结束。</translation>
    </message>
    <message>
        <source>Nothing planned: no free time left in today&apos;s working hours.</source>
        <translation>没有安排：今天的工作时间里已没有空闲时间。</translation>
    </message>
    <message>
        <source>Nothing planned.</source>
        <translation>没有安排。</translation>
    </message>
    <message>
        <source>Accepting this proposal replaces the plan you accepted.</source>
        <translation>接受这个方案会替换你已接受的计划。</translation>
    </message>
</context>
<context>
    <name>ReviewWindow</name>
    <message>
        <location filename="../../desktop/review.py" line="92"/>
        <source>Weekly review</source>
        <translation>每周回顾</translation>
    </message>
    <message>
        <location filename="../../desktop/review.py" line="96"/>
        <source>◀ Previous week</source>
        <translation>◀ 上一周</translation>
    </message>
    <message>
        <location filename="../../desktop/review.py" line="98"/>
        <source>Next week ▶</source>
        <translation>下一周 ▶</translation>
    </message>
    <message>
        <location filename="../../desktop/review.py" line="106"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../desktop/review.py" line="107"/>
        <source>Save this review as HTML, PNG or PDF</source>
        <translation>将此回顾保存为 HTML、PNG 或 PDF</translation>
    </message>
    <message>
        <location filename="../../desktop/review.py" line="147"/>
        <source>Drawing the charts…</source>
        <translation>正在绘制图表…</translation>
    </message>
    <message>
        <location filename="../../desktop/review.py" line="222"/>
        <source>Export the weekly review</source>
        <translation>导出每周回顾</translation>
    </message>
    <message>
        <location filename="../../desktop/review.py" line="224"/>
        <source>Web page (*.html);;PNG image (*.png);;PDF document (*.pdf)</source>
        <translation>网页 (*.html);;PNG 图片 (*.png);;PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../desktop/review.py" line="240"/>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <location filename="../../desktop/review.py" line="240"/>
        <source>Cannot write {0}: {1}</source>
        <translation>无法写入 {0}：{1}</translation>
    </message>
    <message>
        <source>{week} (so far)</source>
        <translation>{week}（截至目前）</translation>
    </message>
    <message>
        <source>this week so far</source>
        <translation>本周截至目前</translation>
    </message>
    <message>
        <source>vs. same days last week</source>
        <translation>对比上周同期</translation>
    </message>
    <message>
        <source>this week</source>
        <translation>本周</translation>
    </message>
    <message>
        <source>vs. week before</source>
        <translation>对比上一周</translation>
    </message>
    <message>
        <source>focus score</source>
        <translation>专注分</translation>
    </message>
    <message>
        <source>How the focus score is computed</source>
        <translation>专注分的计算方法</translation>
    </message>
</context>
<context>
    <name>SettingsWindow</name>
    <message>
        <location filename="../../desktop/settings.py" line="75"/>
        <source>Settings — Focus Coach</source>
        <translation>设置 — 专注教练</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="91"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="104"/>
        <source>System language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="110"/>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="111"/>
        <source>A new language applies when Focus Coach restarts.</source>
        <translation>新语言将在专注教练重新启动后生效。</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="112"/>
        <source>Start Focus Coach when I log in</source>
        <translation>登录时启动专注教练</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="120"/>
        <source>Working day starts:</source>
        <translation>工作日开始：</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="121"/>
        <source>Working day ends:</source>
        <translation>工作日结束：</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="124"/>
        <source>Focus block length:</source>
        <translation>专注时段时长：</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="125"/>
        <source>Planned break length:</source>
        <translation>计划休息时长：</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="126"/>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="132"/>
        <source>Remind me to take breaks</source>
        <translation>提醒我休息</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="141"/>
        <source>Micro break every:</source>
        <translation>短暂休息间隔：</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="142"/>
        <source>Micro break length:</source>
        <translation>短暂休息时长：</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="143"/>
        <source>Long break every:</source>
        <translation>长休息间隔：</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="144"/>
        <source>Long break length:</source>
        <translation>长休息时长：</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="145"/>
        <source>Postpone by:</source>
        <translation>推迟：</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="146"/>
        <source>Postpones per reminder:</source>
        <translation>每次提醒可推迟次数：</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="147"/>
        <source>Nudge me when I drift off</source>
        <translation>走神时提醒我</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="150"/>
        <source>Only during focus blocks</source>
        <translation>仅在专注时段内</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="157"/>
        <source>Nudge when the detector is at least this sure:</source>
        <translation>检测把握至少达到此值时提醒：</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="160"/>
        <source>At least this long between nudges:</source>
        <translation>两次提醒的最短间隔：</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="161"/>
        <source>At most this many nudges a day:</source>
        <translation>每天最多提醒次数：</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="162"/>
        <source>Ask how I feel now and then</source>
        <translation>不时询问我的感受</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="166"/>
        <source>Mood check-in about every:</source>
        <translation>心情签到大约每隔：</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="167"/>
        <source>Breaks and nudges</source>
        <translation>休息与提醒</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="173"/>
        <source>Calendar files (.ics) whose meetings the plan works around:</source>
        <translation>计划需要避开其中会议的日历文件（.ics）：</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="180"/>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="180"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="187"/>
        <source>Calendars</source>
        <translation>日历</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="191"/>
        <source>Add a calendar</source>
        <translation>添加日历</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="191"/>
        <source>Calendars (*.ics)</source>
        <translation>日历 (*.ics)</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="200"/>
        <source>Record window titles (not only application names)</source>
        <translation>记录窗口标题（而不仅是应用名称）</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="204"/>
        <source>Never record windows matching these rules (regular expressions):</source>
        <translation>从不记录符合以下规则的窗口（正则表达式）：</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="207"/>
        <source>Application</source>
        <translation>应用</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="207"/>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="215"/>
        <source>Add rule</source>
        <translation>添加规则</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="215"/>
        <source>Remove rule</source>
        <translation>移除规则</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="222"/>
        <source>Privacy</source>
        <translation>隐私</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="237"/>
        <source>Data folder:</source>
        <translation>数据文件夹：</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="239"/>
        <source>e.g. 2026-04-14, 2026-04-14T09:30, yesterday, 2h</source>
        <translation>例如 2026-04-14、2026-04-14T09:30、yesterday、2h</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="241"/>
        <source>From:</source>
        <translation>从：</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="242"/>
        <source>To:</source>
        <translation>到：</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="246"/>
        <source>Export format:</source>
        <translation>导出格式：</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="248"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="249"/>
        <source>Delete this time range…</source>
        <translation>删除此时间段…</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="258"/>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="326"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="332"/>
        <source>Calendar file not found: {path}</source>
        <translation>找不到日历文件：{path}</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="339"/>
        <source>Cannot save: {error}</source>
        <translation>无法保存：{error}</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="461"/>
        <source>Nothing changed; {path} was left as it was.</source>
        <translation>没有更改；{path} 保持原样。</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="465"/>
        <source>Saved to {path}: {changes}.</source>
        <translation>已保存到 {path}：{changes}。</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="357"/>
        <source>Give both ends of the time range.</source>
        <translation>请填写时间段的起点和终点。</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="360"/>
        <source>The end of the range must come after its start.</source>
        <translation>时间段的终点必须晚于起点。</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="372"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="379"/>
        <location filename="../../desktop/settings.py" line="411"/>
        <source>Nothing recorded yet.</source>
        <translation>还没有任何记录。</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="398"/>
        <source>Cannot write {path}: {error}</source>
        <translation>无法写入 {path}：{error}</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="401"/>
        <source>Exported to {path}.</source>
        <translation>已导出到 {path}。</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="416"/>
        <source>Delete a time range</source>
        <translation>删除时间段</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="417"/>
        <source>Delete everything recorded in this range? This cannot be undone.</source>
        <translation>删除此时间段内记录的所有内容？此操作无法撤销。</translation>
    </message>
    <message>
        <location filename="../../desktop/settings.py" line="429"/>
        <source>Deleted {n} records.</source>
        <translation>已删除 {n} 条记录。</translation>
    </message>
    <message>
        <source>Treat these windows as meetings: no reminders while one has focus (regular expressions):</source>
        <translation>将这些窗口视为会议：其中一个获得焦点时不提醒（正则表达式）：</translation>
    </message>
    <message>
        <source>For example the application zoom or teams, or meet\.google\.com in a title.</source>
        <translation>例如应用程序 zoom 或 teams，或标题中含有 meet\.google\.com。</translation>
    </message>
    <message>
        <source>Device files (globs) whose use by another program means a call.</source>
        <translation>被其他程序使用即表示正在通话的设备文件（通配符）。</translation>
    </message>
    <message>
        <source>Nudge me after a while in distracting windows during focus</source>
        <translation>专注时在分心窗口停留一段时间后提醒我</translation>
    </message>
    <message>
        <source>Distracting time before that nudge:</source>
        <translation>提醒前的分心时长：</translation>
    </message>
    <message>
        <source>Forecast nudges per active hour, at most:</source>
        <translation>每个活跃小时最多的预测提醒次数：</translation>
    </message>
    <message>
        <source>The model&apos;s threshold is set from your own recent scores so that at most this many forecasts come per active hour (0: none).</source>
        <translation>模型的阈值根据你最近的得分设定，使每个活跃小时最多出现这么多次预测提醒（0：不提醒）。</translation>
    </message>
    <message>
        <source>Show breaks full screen</source>
        <translation>全屏显示休息</translation>
    </message>
    <message>
        <source>A dark screen over every monitor with the countdown, Postpone (in the break&apos;s first 30 %) and Skip; Esc shows the small countdown instead.</source>
        <translation>在每个显示器上显示深色全屏画面，含倒计时、推迟（仅在休息的前 30%）和跳过；按 Esc 改为显示小倒计时窗口。</translation>
    </message>
    <message>
        <source>Sum up my day when the working day ends</source>
        <translation>工作日结束时为我总结这一天</translation>
    </message>
    <message>
        <source>A notification at the end of your working hours (on your working days, or a day with a plan): time focused, the longest focused stretch and tomorrow&apos;s first block.</source>
        <translation>在工作时间结束时发送一条通知（在你的工作日，或有计划的日子）：专注时长、最长连续专注时段和明天的第一个时段。</translation>
    </message>
    <message>
        <source>Working days:</source>
        <translation>工作日：</translation>
    </message>
    <message>
        <source>Monday to Friday</source>
        <translation>周一至周五</translation>
    </message>
    <message>
        <source>Sunday to Thursday</source>
        <translation>周日至周四</translation>
    </message>
    <message>
        <source>Saturday to Wednesday</source>
        <translation>周六至周三</translation>
    </message>
    <message>
        <source>Monday to Saturday</source>
        <translation>周一至周六</translation>
    </message>
    <message>
        <source>Every day</source>
        <translation>每天</translation>
    </message>
    <message>
        <source>Delete everything recorded from {since} to {until} ({zone})? This cannot be undone.</source>
        <translation>删除从 {since} 到 {until}（{zone}）记录的全部内容？此操作无法撤销。</translation>
    </message>
    <message>
        <source>A rule matches anywhere in the application&apos;s name or the window&apos;s title, ignoring case: keepass, or Private Browsing. A window that matches is never recorded.</source>
        <translation>规则匹配应用名称或窗口标题中的任意位置，不区分大小写：例如 keepass 或 Private Browsing。匹配的窗口永远不会被记录。</translation>
    </message>
</context>
<context>
    <name>StoreWatcher</name>
    <message>
        <source>Focus Coach cannot save</source>
        <translation>专注教练无法保存</translation>
    </message>
    <message>
        <source>Focus Coach</source>
        <translation>专注教练</translation>
    </message>
    <message>
        <source>Recording is saved again.</source>
        <translation>记录已恢复保存。</translation>
    </message>
</context>
<context>
    <name>TasksWindow</name>
    <message>
        <location filename="../../desktop/tasks.py" line="45"/>
        <source>Tasks — Focus Coach</source>
        <translation>任务 — 专注教练</translation>
    </message>
    <message>
        <location filename="../../desktop/tasks.py" line="49"/>
        <source>Show completed tasks</source>
        <translation>显示已完成的任务</translation>
    </message>
    <message>
        <location filename="../../desktop/tasks.py" line="55"/>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../../desktop/tasks.py" line="56"/>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <location filename="../../desktop/tasks.py" line="57"/>
        <source>Estimate</source>
        <translation>预估</translation>
    </message>
    <message>
        <location filename="../../desktop/tasks.py" line="58"/>
        <source>Due</source>
        <translation>截止</translation>
    </message>
    <message>
        <location filename="../../desktop/tasks.py" line="59"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../desktop/tasks.py" line="74"/>
        <source>1 is the most important</source>
        <translation>1 为最重要</translation>
    </message>
    <message>
        <location filename="../../desktop/tasks.py" line="76"/>
        <source>e.g. 45m, 1h30m</source>
        <translation>例如 45m、1h30m</translation>
    </message>
    <message>
        <location filename="../../desktop/tasks.py" line="78"/>
        <source>YYYY-MM-DD, today or tomorrow</source>
        <translation>YYYY-MM-DD、today 或 tomorrow</translation>
    </message>
    <message>
        <location filename="../../desktop/tasks.py" line="80"/>
        <source>regular expression, e.g. code|pycharm</source>
        <translation>正则表达式，例如 code|pycharm</translation>
    </message>
    <message>
        <location filename="../../desktop/tasks.py" line="82"/>
        <source>regular expression, e.g. report</source>
        <translation>正则表达式，例如 report</translation>
    </message>
    <message>
        <location filename="../../desktop/tasks.py" line="83"/>
        <source>Title:</source>
        <translation>标题：</translation>
    </message>
    <message>
        <location filename="../../desktop/tasks.py" line="84"/>
        <source>Priority:</source>
        <translation>优先级：</translation>
    </message>
    <message>
        <location filename="../../desktop/tasks.py" line="85"/>
        <source>Estimate:</source>
        <translation>预估：</translation>
    </message>
    <message>
        <location filename="../../desktop/tasks.py" line="86"/>
        <source>Due date:</source>
        <translation>截止日期：</translation>
    </message>
    <message>
        <location filename="../../desktop/tasks.py" line="87"/>
        <source>On-task apps:</source>
        <translation>属于任务的应用：</translation>
    </message>
    <message>
        <location filename="../../desktop/tasks.py" line="88"/>
        <source>On-task titles:</source>
        <translation>属于任务的标题：</translation>
    </message>
    <message>
        <location filename="../../desktop/tasks.py" line="96"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../desktop/tasks.py" line="97"/>
        <source>Save changes</source>
        <translation>保存更改</translation>
    </message>
    <message>
        <location filename="../../desktop/tasks.py" line="98"/>
        <location filename="../../desktop/tasks.py" line="156"/>
        <source>Complete</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../desktop/tasks.py" line="99"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../desktop/tasks.py" line="100"/>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../../desktop/tasks.py" line="131"/>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../desktop/tasks.py" line="131"/>
        <source>open</source>
        <translation>进行中</translation>
    </message>
    <message>
        <location filename="../../desktop/tasks.py" line="156"/>
        <source>Reopen</source>
        <translation>重新打开</translation>
    </message>
    <message>
        <location filename="../../desktop/tasks.py" line="180"/>
        <source>The task needs a title.</source>
        <translation>任务需要一个标题。</translation>
    </message>
    <message>
        <location filename="../../desktop/tasks.py" line="241"/>
        <source>Delete task</source>
        <translation>删除任务</translation>
    </message>
    <message>
        <location filename="../../desktop/tasks.py" line="242"/>
        <source>Delete “{title}”? This cannot be undone.</source>
        <translation>删除“{title}”？此操作无法撤销。</translation>
    </message>
    <message>
        <source>Task id {id}, as the command line uses it</source>
        <translation>任务编号 {id}（命令行使用的编号）</translation>
    </message>
    <message>
        <source>Press New first: the form shows a saved task.</source>
        <translation>请先点“新建”：表单中显示的是已保存的任务。</translation>
    </message>
    <message>
        <source>The form shows a saved task: press New to add another one.</source>
        <translation>表单中显示的是已保存的任务：请点“新建”来添加另一个任务。</translation>
    </message>
    <message>
        <source>Added task {id}: {title}</source>
        <translation>已添加任务 {id}：{title}</translation>
    </message>
    <message>
        <source>Saved changes to task {id}: {title}</source>
        <translation>已保存任务 {id} 的更改：{title}</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Time on the task today during its focus blocks, of the time planned for it</source>
        <translation>今天在此任务的专注时段内用于该任务的时间，以及为它计划的时间</translation>
    </message>
    <message>
        <source>{spent} of {planned}</source>
        <translation>{spent}／计划 {planned}</translation>
    </message>
</context>
<context>
    <name>TodayWindow</name>
    <message>
        <location filename="../../desktop/today.py" line="1"/>
        <source>Today — Focus Coach</source>
        <translation>今天 — 专注教练</translation>
    </message>
    <message>
        <location filename="../../desktop/today.py" line="1"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location filename="../../desktop/today.py" line="1"/>
        <source>Focused:</source>
        <translation>专注：</translation>
    </message>
    <message>
        <location filename="../../desktop/today.py" line="1"/>
        <source>Now:</source>
        <translation>现在：</translation>
    </message>
    <message>
        <location filename="../../desktop/today.py" line="1"/>
        <source>Next:</source>
        <translation>接下来：</translation>
    </message>
    <message>
        <location filename="../../desktop/today.py" line="1"/>
        <source>Breaks:</source>
        <translation>休息：</translation>
    </message>
    <message>
        <location filename="../../desktop/today.py" line="1"/>
        <source>Timeline (plan · windows by category · breaks)</source>
        <translation>时间线（计划 · 按类别着色的窗口 · 休息）</translation>
    </message>
    <message>
        <location filename="../../desktop/today.py" line="1"/>
        <source>Top distractions</source>
        <translation>主要分心来源</translation>
    </message>
    <message>
        <location filename="../../desktop/today.py" line="1"/>
        <source>Tasks: time on task during their blocks</source>
        <translation>任务：各自专注时段内用在任务上的时间</translation>
    </message>
    <message>
        <location filename="../../desktop/today.py" line="1"/>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <location filename="../../desktop/today.py" line="1"/>
        <source>Spent</source>
        <translation>已用</translation>
    </message>
    <message>
        <location filename="../../desktop/today.py" line="1"/>
        <source>Planned</source>
        <translation>计划</translation>
    </message>
    <message>
        <location filename="../../desktop/today.py" line="1"/>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <location filename="../../desktop/today.py" line="1"/>
        <source>Start a block for this task</source>
        <translation>为此任务开始一个专注时段</translation>
    </message>
    <message>
        <location filename="../../desktop/today.py" line="1"/>
        <source>Today&apos;s figures could not be read: {why}</source>
        <translation>无法读取今天的数据：{why}</translation>
    </message>
    <message>
        <location filename="../../desktop/today.py" line="1"/>
        <source>{minutes} min</source>
        <translation>{minutes} 分钟</translation>
    </message>
    <message>
        <location filename="../../desktop/today.py" line="1"/>
        <source>{hours} h {minutes} min</source>
        <translation>{hours} 小时 {minutes} 分钟</translation>
    </message>
    <message>
        <location filename="../../desktop/today.py" line="1"/>
        <source>Focus</source>
        <translation>专注</translation>
    </message>
    <message>
        <location filename="../../desktop/today.py" line="1"/>
        <source>Break</source>
        <translation>休息</translation>
    </message>
    <message>
        <location filename="../../desktop/today.py" line="1"/>
        <source>Meeting</source>
        <translation>会议</translation>
    </message>
    <message>
        <location filename="../../desktop/today.py" line="1"/>
        <source>{date}, as of {time}</source>
        <translation>{date}，截至 {time}</translation>
    </message>
    <message>
        <location filename="../../desktop/today.py" line="1"/>
        <source>{focused} of {planned} planned ({so_far} planned so far)</source>
        <translation>已专注 {focused}，计划 {planned}（截至现在计划 {so_far}）</translation>
    </message>
    <message>
        <location filename="../../desktop/today.py" line="1"/>
        <source>{focused} (no plan accepted today)</source>
        <translation>{focused}（今天没有已接受的计划）</translation>
    </message>
    <message>
        <location filename="../../desktop/today.py" line="1"/>
        <source>{kind} {start}–{end} {title}, {left} left</source>
        <translation>{kind} {start}–{end} {title}，还剩 {left}</translation>
    </message>
    <message>
        <location filename="../../desktop/today.py" line="1"/>
        <source>no block now</source>
        <translation>现在没有时段</translation>
    </message>
    <message>
        <location filename="../../desktop/today.py" line="1"/>
        <source>{kind} {start}–{end} {title}, in {wait}</source>
        <translation>{kind} {start}–{end} {title}，{wait}后开始</translation>
    </message>
    <message>
        <location filename="../../desktop/today.py" line="1"/>
        <source>nothing more planned today</source>
        <translation>今天没有更多计划</translation>
    </message>
    <message>
        <location filename="../../desktop/today.py" line="1"/>
        <source>{taken} taken, {skipped} skipped, {postponed} postponed</source>
        <translation>已休息 {taken} 次，跳过 {skipped} 次，推迟 {postponed} 次</translation>
    </message>
    <message>
        <location filename="../../desktop/today.py" line="1"/>
        <source>none so far</source>
        <translation>目前没有</translation>
    </message>
    <message>
        <location filename="../../desktop/today.py" line="1"/>
        <source>Started a {length} block for task {id}.</source>
        <translation>已为任务 {id} 开始 {length} 的专注时段。</translation>
    </message>
    <message>
        <location filename="../../desktop/today.py" line="1"/>
        <source>Could not start the block: {why}</source>
        <translation>无法开始专注时段：{why}</translation>
    </message>
    <message>
        <source>What the model looked at in the last hour</source>
        <translation>过去一小时模型关注的内容</translation>
    </message>
</context>
<context>
    <name>TrayController</name>
    <message>
        <location filename="../../desktop/tray.py" line="1"/>
        <source>Today…</source>
        <translation>今天…</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="204"/>
        <source>Focus Coach is already running.</source>
        <translation>专注教练已在运行。</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="217"/>
        <source>Focus Coach</source>
        <translation>专注教练</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="221"/>
        <source>Start focus block</source>
        <translation>开始专注时段</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="223"/>
        <source>25 minutes</source>
        <translation>25 分钟</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="224"/>
        <source>50 minutes</source>
        <translation>50 分钟</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="225"/>
        <source>Custom…</source>
        <translation>自定义…</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="226"/>
        <source>End focus block</source>
        <translation>结束专注时段</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="227"/>
        <source>Take a break</source>
        <translation>休息一下</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="229"/>
        <source>Log mood…</source>
        <translation>记录心情…</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="230"/>
        <source>Tasks…</source>
        <translation>任务…</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="232"/>
        <source>Today&apos;s plan…</source>
        <translation>今日计划…</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="235"/>
        <source>Weekly review…</source>
        <translation>每周回顾…</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="238"/>
        <source>Pause recording</source>
        <translation>暂停记录</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="240"/>
        <source>For 15 minutes</source>
        <translation>15 分钟</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="241"/>
        <source>For 1 hour</source>
        <translation>1 小时</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="243"/>
        <source>Until tomorrow</source>
        <translation>直到明天</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="245"/>
        <source>Resume recording</source>
        <translation>恢复记录</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="248"/>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="250"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="257"/>
        <source>Recording paused until {time}</source>
        <translation>记录已暂停，直到 {time}</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="261"/>
        <source>On a break until {time}</source>
        <translation>休息中，直到 {time}</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="263"/>
        <location filename="../../desktop/tray.py" line="443"/>
        <source>focus block</source>
        <translation>专注时段</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="264"/>
        <source>Focus: {what} until {time}</source>
        <translation>专注：{what}，直到 {time}</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="267"/>
        <source>Recording</source>
        <translation>记录中</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="277"/>
        <source>Focused today: {time}</source>
        <translation>今日专注：{time}</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="396"/>
        <source>Your week {week} is done. See where your focus went?</source>
        <translation>{week} 这一周结束了。看看你的专注都去了哪里？</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="399"/>
        <source>Open weekly review</source>
        <translation>打开每周回顾</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="400"/>
        <source>Weekly review</source>
        <translation>每周回顾</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="439"/>
        <source>Break over</source>
        <translation>休息结束</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="439"/>
        <source>Welcome back.</source>
        <translation>欢迎回来。</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="447"/>
        <source>Focus block started</source>
        <translation>专注时段开始</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="448"/>
        <source>{what} until {time}</source>
        <translation>{what}，直到 {time}</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="454"/>
        <source>Focus block done</source>
        <translation>专注时段完成</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="454"/>
        <source>Nice work.</source>
        <translation>干得好。</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="461"/>
        <source>Time for a {n}-minute break.</source>
        <translation>该休息 {n} 分钟了。</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="463"/>
        <source>Time for a {n}-second eye break.</source>
        <translation>让眼睛休息 {n} 秒吧。</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="465"/>
        <source>Start break</source>
        <translation>开始休息</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="468"/>
        <source>Skip</source>
        <translation>跳过</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="469"/>
        <source>Break</source>
        <translation>休息</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="474"/>
        <source>Back to “{task}”?</source>
        <translation>回到“{task}”？</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="476"/>
        <source>Back to task</source>
        <translation>回到任务</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="478"/>
        <source>I wasn&apos;t distracted</source>
        <translation>我没有走神</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="480"/>
        <source>Drifting off?</source>
        <translation>走神了吗？</translation>
    </message>
    <message>
        <source>Categories…</source>
        <translation>类别…</translation>
    </message>
    <message>
        <source>{n} h</source>
        <translation>{n} 小时</translation>
    </message>
    <message>
        <source>{n} min</source>
        <translation>{n} 分钟</translation>
    </message>
    <message>
        <source>{n} s</source>
        <translation>{n} 秒</translation>
    </message>
    <message>
        <source>Postpone {time}</source>
        <translation>推迟 {time}</translation>
    </message>
    <message>
        <source>Snooze {time}</source>
        <translation>稍后提醒（{time}）</translation>
    </message>
    <message>
        <source>Help…</source>
        <translation>帮助…</translation>
    </message>
    <message>
        <source>About Focus Coach…</source>
        <translation>关于专注教练…</translation>
    </message>
    <message>
        <source>Focus Coach records which window has focus (never what you type), plans your day into focus blocks and reminds you to take breaks.

• Start focus block: 25 or 50 minutes or your own length, optionally for a task.
• Today&apos;s plan: your open tasks fitted into your working hours; accept it, or start one of its blocks.
• Weekly review: where your focus went, compared with the week before.
• Pause recording: nothing is recorded until it ends or you resume.
• Settings: working hours, breaks, nudges, privacy, language.

On the command line: focuscoach --help.</source>
        <translation>专注教练记录哪个窗口处于焦点（从不记录你输入的内容），把你的一天安排成专注时段，并提醒你休息。

• 开始专注时段：25 或 50 分钟，或自定义时长，可选择对应的任务。
• 今日计划：把未完成的任务安排进你的工作时间；可以接受计划，或开始其中的某个时段。
• 每周回顾：你的专注去了哪里，并与上一周比较。
• 暂停记录：在暂停结束或你恢复之前不记录任何内容。
• 设置：工作时间、休息、提醒、隐私、语言。

命令行：focuscoach --help。</translation>
    </message>
    <message>
        <source>Help — Focus Coach</source>
        <translation>帮助 — 专注教练</translation>
    </message>
    <message>
        <source>Focus Coach {version}

A local focus coach: everything it records stays on this computer.

Data: {data}
Settings: {config}
Logs: {logs}</source>
        <translation>专注教练 {version}

本地的专注教练：它记录的一切都只保存在这台电脑上。

数据：{data}
设置：{config}
日志：{logs}</translation>
    </message>
    <message>
        <source>About Focus Coach</source>
        <translation>关于专注教练</translation>
    </message>
    <message>
        <source>End break</source>
        <translation>结束休息</translation>
    </message>
    <message>
        <source>{time} on {what} during “{task}”.</source>
        <translation>“{task}”期间，已在 {what} 上花了 {time}。</translation>
    </message>
    <message>
        <source>{time} on {what} during this focus block.</source>
        <translation>本次专注时段中，已在 {what} 上花了 {time}。</translation>
    </message>
    <message>
        <source>Back to work</source>
        <translation>回到工作</translation>
    </message>
    <message>
        <source>It&apos;s work</source>
        <translation>这是工作</translation>
    </message>
    <message>
        <source>Not now ({time})</source>
        <translation>暂不提醒（{time}）</translation>
    </message>
    <message>
        <source>Time to refocus?</source>
        <translation>该重新专注了吗？</translation>
    </message>
    <message>
        <source>{time} on {what}.</source>
        <translation>已在 {what} 上花了 {time}。</translation>
    </message>
    <message>
        <source>Open Today</source>
        <translation>打开今天</translation>
    </message>
    <message>
        <source>Quiet: {reasons}</source>
        <translation>暂不打扰：{reasons}</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>The trained model could not be read; the shipped model is used (see the log).</source>
        <translation>训练的模型无法读取，正在使用内置模型（详见日志）。</translation>
    </message>
</context>
<context>
    <name>BreakScreen</name>
    <message>
        <source>Break</source>
        <translation>休息</translation>
    </message>
    <message>
        <source>Time for a break</source>
        <translation>该休息了</translation>
    </message>
    <message>
        <source>No breaks skipped today</source>
        <translation>今天没有跳过休息</translation>
    </message>
    <message>
        <source>1 break skipped today</source>
        <translation>今天跳过了 1 次休息</translation>
    </message>
    <message>
        <source>{n} breaks skipped today</source>
        <translation>今天跳过了 {n} 次休息</translation>
    </message>
    <message>
        <source>Esc: show a small countdown instead</source>
        <translation>Esc：改为显示小倒计时窗口</translation>
    </message>
</context>
<context>
    <name>AttentionStrip</name>
    <message>
        <source>now</source>
        <translation>现在</translation>
    </message>
    <message>
        <source>Nothing recorded in this time</source>
        <translation>这段时间没有记录</translation>
    </message>
    <message>
        <source>{minutes} min ago</source>
        <translation>{minutes} 分钟前</translation>
    </message>
    <message>
        <source>{seconds} s</source>
        <translation>{seconds} 秒</translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation>{minutes} 分钟</translation>
    </message>
    <message>
        <source>{name} ({category})
{duration}, {percent}% of the attention</source>
        <translation>{name}（{category}）
{duration}，占注意力的 {percent}%</translation>
    </message>
</context>
<context>
    <name>AttentionPanel</name>
    <message>
        <source>What the model looked at:</source>
        <translation>模型关注的内容：</translation>
    </message>
</context>
</TS>
