"""Windows the shipped rules miss, with the category a careful person would give them.

Written for Focus Coach's benchmarks (not taken from anyone's log): browser pages and apps of
sites the rules do not name, in English, Chinese, Spanish, German and French, the kind of
uncategorised time issue 12 describes (a sports article, a personal essay, a forum, a
tutorial, an invoice). None of the sites, apps or titles is among the shipped examples
(tests/categorize/test_examples.py checks it), so the figures measure what the suggester
understands, not what it was shown. ``minutes`` is a typical week's time on the window.
"""

from __future__ import annotations

from focuscoach.core.activity import WindowSpan

PROG, OFFICE = ("Work", "Programming"), ("Work", "Office")
DESIGN, AI = ("Work", "Design"), ("Work", "AI assistant")
EMAIL, CHAT = ("Communication", "Email"), ("Communication", "Chat")
MEET = ("Communication", "Meeting")
VIDEO, SOCIAL, GAMES = ("Distracting", "Video"), ("Distracting", "Social"), ("Distracting", "Games")
SHOP, NEWS = ("Distracting", "Shopping"), ("Distracting", "News")
MUSIC, FIN = ("Media", "Music"), ("Personal", "Finance")
TRAVEL, FOOD, HEALTH = ("Personal", "Travel"), ("Personal", "Food"), ("Personal", "Health")
SYSTEM = ("System",)

FF, GC = "firefox", "Google-chrome"
F, C = " — Mozilla Firefox", " - Google Chrome"

# (app, title, true category, minutes in a week)
MISSES: list[tuple[str, str, tuple[str, ...], float]] = [
    # Work the rules miss
    (FF, "Tokio runtime internals: how the scheduler works - Rustacean Station blog" + F, PROG, 35),
    (FF, "numpy.einsum — NumPy v1.26 Manual" + F, PROG, 25),
    (FF, "Migrating a Flask app to FastAPI step by step - DevNotes" + F, PROG, 20),
    (FF, "mypy error: Incompatible return value type - Q&A for developers" + F, PROG, 15),
    (GC, "SQLAlchemy 2.0 ORM querying guide" + C, PROG, 18),
    (GC, "Webpack 5 配置 打包优化 实战 - 思否技术专栏" + C, PROG, 22),
    (GC, "Redis 缓存穿透 雪崩 解决方案 - 技术博客" + C, PROG, 20),
    (GC, "Guía de despliegue con contenedores - blog de desarrollo" + C, PROG, 12),
    (FF, "Speicherlecks in C++ finden mit Valgrind - Entwicklerblog" + F, PROG, 10),
    ("Meld", "models.py ↔ models.py (remote)", PROG, 14),
    ("DataGrip", "orders@prod-replica – console", PROG, 25),
    (GC, "Quarterly OKR tracker - Smartsheet alternative - TeamGrid" + C, OFFICE, 15),
    (GC, "Vendor contract v4 (redlined) - DocuSign" + C, OFFICE, 12),
    (FF, "Reimbursement request #5521 - Expensify" + F, OFFICE, 8),
    ("FoxitReader", "Annual_Report_2024_final - Foxit Reader", OFFICE, 30),
    (GC, "2025年度预算编制说明 - 协同办公平台" + C, OFFICE, 25),
    (GC, "客户拜访记录表 - 在线表格" + C, OFFICE, 15),
    (FF, "Protokoll der Teambesprechung vom 14. März - Wiki" + F, OFFICE, 10),
    (FF, "Plan de communication 2025 - document partagé" + F, OFFICE, 10),
    (GC, "Hero banner variations - Lunacy" + C, DESIGN, 20),
    (GC, "海报 主视觉 设计稿 v3 - 在线设计" + C, DESIGN, 12),
    (FF, "Refactor this SQL for readability - Le Chat assistant" + F, AI, 10),
    # Communication
    (FF, "Inbox (4) - hello@studio.example - Roundcube Webmail" + F, EMAIL, 20),
    (GC, "收件箱 - 企业邮 - 财务部来信" + C, EMAIL, 12),
    ("Kontact", "Posteingang — Kontact", EMAIL, 10),
    (FF, "#design-review | Campfire" + F, CHAT, 15),
    ("Session", "Session - private messages", CHAT, 8),
    (GC, "Conversation avec l'équipe support - Crisp" + C, CHAT, 8),
    (GC, "Weekly product sync - BigBlueButton" + C, MEET, 25),
    (GC, "视频会议进行中 - 小鱼易连" + C, MEET, 15),
    # Distraction the rules miss
    (FF, "Champions League semi-final: ratings for every player - Football365" + F, NEWS, 25),
    (FF, "Why I quit my job to sail around the world - a personal essay - Longreads" + F, NEWS, 20),
    (FF, "Inside the collapse of a crypto exchange - ProPublica" + F, NEWS, 15),
    (GC, "Lakers vs Celtics live score and play-by-play - CBS Sports" + C, NEWS, 20),
    (GC, "中超 第12轮 全场回放 比赛集锦 - 球迷网" + C, NEWS, 15),
    (GC, "某明星 离婚 最新进展 - 娱乐资讯" + C, NEWS, 12),
    (FF, "Real Madrid - Barcelona: crónica y goles del clásico - Mundo Deportivo" + F, NEWS, 15),
    (FF, "Bundesliga: Bayern gewinnt Topspiel - kicker" + F, NEWS, 12),
    (FF, "Tour de France : le résumé de l'étape 14 - Ouest-France" + F, NEWS, 10),
    (FF, "Ask HN-style thread: what are you reading this month? - Lobsters" + F, SOCIAL, 12),
    (GC, "Best budget mechanical keyboard? : r/-style forum thread - Tildes" + C, SOCIAL, 10),
    (GC, "Post by @dana: my cat learned to open doors - Cohost" + C, SOCIAL, 15),
    (GC, "楼主 分享 我的考研经历 - 水木社区" + C, SOCIAL, 15),
    (GC, "Hilo: ¿qué serie estáis viendo? - Forocoches" + C, SOCIAL, 12),
    (FF, "Wer kennt das? Lustige Bilder - Community - Jodel" + F, SOCIAL, 8),
    (FF, "Lo-fi hip hop livestream - Odysee" + F, VIDEO, 25),
    (FF, "Season 3 Episode 8 - Watch online - Crackle" + F, VIDEO, 30),
    (GC, "《庆余年》第二季 第15集 - 在线观看 - 影视大全" + C, VIDEO, 35),
    (GC, "猫咪 搞笑 合集 每日一笑 - 视频网" + C, VIDEO, 15),
    (GC, "Película completa en español HD - ver online" + C, VIDEO, 20),
    (FF, "Tatort: Folge vom Sonntag - Mediathek" + F, VIDEO, 15),
    (FF, "Geoguessr - Daily challenge" + F, GAMES, 20),
    (GC, "Slither.io - play now" + C, GAMES, 15),
    (GC, "Agar.io" + C, GAMES, 10),
    ("heroic", "Heroic - Library", GAMES, 40),
    (GC, "在线 五子棋 对战 - 小游戏大全" + C, GAMES, 15),
    (GC, "Noise-cancelling earbuds, 40h battery - Buy now - Newegg" + C, SHOP, 15),
    (FF, "Mid-century armchair - Add to basket - John Lewis" + F, SHOP, 12),
    (GC, "夏季 新款 连衣裙 包邮 - 优品商城" + C, SHOP, 15),
    (GC, "Zapatillas de running - rebajas - Decathlon" + C, SHOP, 10),
    (FF, "Kopfhörer kaufen - Angebote - Galaxus" + F, SHOP, 10),
    # Personal, media, system
    (GC, "Lo-fi study beats - playlist - Audiomack" + C, MUSIC, 30),
    (GC, "Account summary - Ally Invest" + C, FIN, 8),
    (GC, "我的持仓 - 基金 收益 - 理财平台" + C, FIN, 8),
    (FF, "Cheap flights Berlin to Lisbon - Momondo" + F, TRAVEL, 12),
    (GC, "Chicken tikka masala recipe - Serious Eats" + C, FOOD, 10),
    (GC, "Cena a domicilio - Just Eat alternativa - PedidosYa" + C, FOOD, 8),
    (FF, "10-minute morning stretch routine - DoYogaWithMe" + F, HEALTH, 12),
    ("gnome-disks", "Disks", SYSTEM, 5),
    ("pavucontrol", "Volume Control", SYSTEM, 5),
]  # fmt: skip


def windows(start: float = 1_800_000_000.0) -> list[WindowSpan]:
    """The misses as one window each, back to back."""
    out, t = [], start
    for app, title, _, minutes in MISSES:
        out.append(WindowSpan(t, t + minutes * 60, app, title))
        t += minutes * 60
    return out


def truth() -> dict[tuple[str, str], tuple[str, ...]]:
    return {(app, title): category for app, title, category, _ in MISSES}
