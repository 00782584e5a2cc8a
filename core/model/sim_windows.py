"""The simulated users' world: the windows they work, chat and drift in (English and Chinese
app names), their phone apps, and how long and how busy each kind of episode is.

Every number is an approximation of published figures (see core/model/simulator.py, which
draws the sessions from these pools).
"""

from __future__ import annotations

# (app, title template) pools. "{x}" is replaced with a word from FILLERS.
SimWindow = tuple[str, str]

WORK: dict[str, list[SimWindow]] = {
    "west": [
        ("Code", "{x}.py — focus-coach — Visual Studio Code"),
        ("Code", "{x}.ts — webapp — Visual Studio Code"),
        ("Gnome-terminal", "dev@laptop: ~/src/{x}"),
        ("firefox", "{x} — Python 3 documentation — Mozilla Firefox"),
        ("firefox", "Pull request #{n} · acme/{x} · GitHub — Mozilla Firefox"),
        ("firefox", "How to {x} in numpy - Stack Overflow — Mozilla Firefox"),
        ("libreoffice-writer", "{x} report.odt - LibreOffice Writer"),
        ("jetbrains-pycharm", "{x} – model.py"),
        ("Google-chrome", "{x} - Google Docs - Google Chrome"),
    ],
    "zh": [
        ("Code", "{x}.py — 后端服务 — Visual Studio Code"),
        ("Gnome-terminal", "dev@laptop: ~/src/{x}"),
        ("wps", "{x}周报.docx - WPS Office"),
        ("Google-chrome", "{x} - CSDN博客 - Google Chrome"),
        ("Google-chrome", "{x} · Gitee - Google Chrome"),
        ("飞书", "{x} - 飞书文档"),
        ("Google-chrome", "{x}方案 - 腾讯文档 - Google Chrome"),
    ],
}
COMM: dict[str, list[SimWindow]] = {
    "west": [
        ("Slack", "#{x} - Acme - Slack"),
        ("Thunderbird", "Inbox - dev@acme.example - Mozilla Thunderbird"),
        ("Microsoft Teams", "Chat | {x} | Microsoft Teams"),
        ("Telegram", "Telegram"),
    ],
    "zh": [
        ("微信", "微信"),
        ("企业微信", "企业微信"),
        ("钉钉", "钉钉 - {x}项目群"),
        ("飞书", "飞书 - {x}群"),
    ],
}
NEUTRAL: dict[str, list[SimWindow]] = {
    "west": [
        ("firefox", "New Tab — Mozilla Firefox"),
        ("Nautilus", "Downloads"),
        ("gnome-control-center", "Settings"),
        ("Spotify", "Spotify Premium"),
    ],
    "zh": [
        ("Google-chrome", "新标签页 - Google Chrome"),
        ("Nautilus", "下载"),
        ("网易云音乐", "网易云音乐"),
    ],
}
# kind -> windows; kinds decide episode lengths and input.
DISTRACTING: dict[str, dict[str, list[SimWindow]]] = {
    "west": {
        "video": [
            ("firefox", "{x} - YouTube — Mozilla Firefox"),
            ("firefox", "Netflix — Mozilla Firefox"),
            ("firefox", "{x} - Twitch — Mozilla Firefox"),
        ],
        "short": [("firefox", "TikTok - Make Your Day — Mozilla Firefox")],
        "social": [
            ("firefox", "r/{x} - Reddit — Mozilla Firefox"),
            ("firefox", "Home / X — Mozilla Firefox"),
            ("firefox", "Instagram — Mozilla Firefox"),
        ],
        "news": [("firefox", "Hacker News — Mozilla Firefox"), ("firefox", "BBC News - Home")],
        "shopping": [("firefox", "Amazon.com: {x} — Mozilla Firefox")],
        "games": [("steam", "Steam")],
    },
    "zh": {
        "video": [
            ("Google-chrome", "{x}_哔哩哔哩_bilibili - Google Chrome"),
            ("哔哩哔哩", "哔哩哔哩"),
        ],
        "short": [("抖音", "抖音"), ("快手", "快手")],
        "social": [
            ("Google-chrome", "{x} - 知乎 - Google Chrome"),
            ("Google-chrome", "微博 - 随时随地发现新鲜事 - Google Chrome"),
            ("Google-chrome", "小红书 - 你的生活指南 - Google Chrome"),
        ],
        "news": [("Google-chrome", "今日头条 - Google Chrome")],
        "shopping": [("Google-chrome", "淘宝网 - 淘！我喜欢 - Google Chrome")],
        "games": [("steam", "Steam")],
    },
}
PHONE_APPS: dict[str, dict[str, list[str]]] = {
    "west": {
        "launcher": ["Launcher"],
        "chat": ["WhatsApp", "Messages", "Telegram", "Gmail", "Slack"],
        "utility": ["Settings", "Camera", "Google Maps", "Uber", "Calendar", "Bank"],
        "video": ["YouTube", "Netflix"],
        "short": ["TikTok"],
        "social": ["Instagram", "Reddit", "X"],
        "news": ["Google News"],
        "shopping": ["Amazon Shopping"],
        "games": ["Candy Crush Saga"],
        "music": ["Spotify"],
    },
    "zh": {
        "launcher": ["系统桌面"],
        "chat": ["微信", "QQ", "飞书", "短信"],
        "utility": ["设置", "支付宝", "高德地图", "美团", "携程旅行", "相机"],
        "video": ["哔哩哔哩", "腾讯视频"],
        "short": ["抖音", "快手"],
        "social": ["小红书", "微博", "知乎", "酷安"],
        "news": ["今日头条", "懂球帝"],
        "shopping": ["淘宝", "拼多多", "闲鱼"],
        "games": ["王者荣耀"],
        "music": ["网易云音乐"],
    },
}
FILLERS = [
    "features", "parser", "budget", "travel", "cats", "release", "onboarding", "review",
    "python", "rust", "deploy", "季度", "需求", "接口", "测试", "美食", "旅行", "数码",
]  # fmt: skip

EPISODE_MEDIAN_S = {
    "video": 480.0,
    "short": 360.0,
    "social": 240.0,
    "news": 180.0,
    "shopping": 180.0,
    "games": 900.0,
}
# Keys, clicks+scrolls, moves per minute by window kind (means of Poisson counts).
INPUT_RATES = {
    "work": (110.0, 12.0, 400.0),
    "comm": (90.0, 8.0, 250.0),
    "neutral": (10.0, 10.0, 300.0),
    "drift": (25.0, 15.0, 350.0),
    "video": (1.0, 1.0, 20.0),
    "short": (1.0, 3.0, 20.0),
    "social": (3.0, 40.0, 250.0),
    "news": (2.0, 25.0, 200.0),
    "shopping": (6.0, 30.0, 300.0),
    "games": (40.0, 60.0, 900.0),
}
