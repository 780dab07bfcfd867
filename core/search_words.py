"""The words the site search rewrites a question with (core/search.py).

Visitors type questions, not keywords: 冰毒的危害, 大麻危害吗, "what is meth".
Before the words reach the full-text match:

- ``PARTICLES``: function words and question words are dropped (的, 了, 吗,
  怎么, 什么; "what", "is"), unless nothing else is left. On their own they
  say nothing about the page wanted, and they are on nearly every page.
- ``SYNONYMS``: each word also matches the other words of its group, so
  "marijuana" finds the page that says "cannabis", and 冰毒 the one that says
  甲基苯丙胺. A group may mix languages: a visitor on the English site may
  type the Chinese name they know.

Each entry must be one word as core.search splits it (a test checks this):
a two-word name such as "crystal meth" is found through the drug's street
names instead (register_ranker). Edit these lists to tune the search; a
deploy (restart) applies them. See docs/architecture.md, "Search".
"""

PARTICLES = frozenset(
    {
        # Chinese structural and modal particles
        "的", "了", "吗", "呢", "吧", "啊", "呀", "嘛", "么", "着", "过", "地", "得", "之",
        # verbs and conjunctions that carry no topic
        "是", "有", "和", "与", "及", "或", "在", "对", "把", "被", "给", "会", "要", "能", "可以",
        # question words
        "怎么", "怎样", "怎么样", "什么", "如何", "为什么", "为何", "哪些", "哪里", "哪", "多少",
        "有没有", "是不是", "会不会", "请问", "一下", "是否",
        # English
        "a", "an", "the", "is", "are", "was", "be", "of", "to", "in", "on", "for", "and", "or",
        "what", "whats", "how", "why", "which", "who", "does", "do", "can", "i", "my", "me",
        "about", "with", "it", "its", "this", "that",
    }
)

SYNONYMS = [
    # Drugs: scientific name, common name, street names, in any language.
    ["大麻", "cannabis", "marijuana", "marihuana", "weed", "ganja", "hashish", "hash"],
    ["冰毒", "甲基苯丙胺", "methamphetamine", "meth", "ice"],
    ["摇头丸", "mdma", "ecstasy", "molly"],
    ["k粉", "氯胺酮", "ketamine"],
    ["海洛因", "heroin", "smack"],
    ["可卡因", "cocaine", "coke"],
    ["笑气", "一氧化二氮", "nitrous"],
    ["鸦片", "opium"],
    ["吗啡", "morphine"],
    ["芬太尼", "fentanyl"],
    ["依托咪酯", "etomidate"],
    # E-cigarettes: the word parents and students type, and the words of the pages
    # that warn about them. Etomidate is sold in e-cigarette liquid ("上头电子烟"); it is a
    # Category II psychotropic substance in China since 1 October 2023: 国家药监局、公安部、
    # 国家卫生健康委《关于调整麻醉药品和精神药品目录的公告》(2023年第120号). Seen quoted, not
    # on the issuers' own sites: ChemLinked,
    # https://baipharm.chemlinked.com/news/china-customs-codes-of-anesthetic-and-psychotropic-drugs
    # (dated 11 September 2023), and press reports giving the number 2023年第120号.
    # Its drug page says so (education/demo/content_zh.py); the word 电子烟 reaches it here.
    ["电子烟", "雾化", "烟弹", "烟油", "vape", "ecigarette", "cigarette"],
    # Topics asked about in other words.
    ["危害", "害处", "坏处", "harm", "danger", "effect", "damage"],
    ["戒毒", "rehab", "rehabilitation", "treatment"],
    ["举报", "report", "tip"],
]
