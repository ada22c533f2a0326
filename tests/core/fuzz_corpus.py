"""Hostile strings for every field and query parameter a member can fill in.

Samples from the kinds that have broken sites before: markup and script vectors, the "big list of
naughty strings" (reserved words, numbers that are not ASCII, right-to-left and zero-width text,
combining marks, emoji, control characters), words in other scripts, and the tags and numbers
that once took pages down here ("café", "!!!", "²"). Each entry has an id for the test report.
"""

XSS = {
    "script tag": "<script>alert(1)</script>",
    "img onerror": '<img src=x onerror="alert(3)">',
    "svg onload": "<svg/onload=alert(4)>",
    "attribute breakout": '" onmouseover="alert(5)" x="',
    "single quote breakout": "' onfocus='alert(6)' autofocus '",
    "closing textarea": "</textarea><script>alert(7)</script>",
    "javascript link": "[click](javascript:alert(9))",
    "javascript autolink": "<javascript:alert(10)>",
    "data uri link": "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxMSk8L3NjcmlwdD4=)",
    "markdown image onerror": '![x](x" onerror="alert(12))',
    "iframe": '<iframe src="javascript:alert(13)"></iframe>',
    "html comment": "<!-- <script>alert(14)</script> -->",
    "entity encoded": "&lt;script&gt;alert(15)&lt;/script&gt;",
    "template braces": "{{ request.user.password }} {% debug %}",
    "style expression": '<div style="background:url(javascript:alert(16))">x</div>',
    "json breakout": '</script><script>alert(17)</script>{"a":"',
}

NAUGHTY = {
    "empty": "",
    "spaces": "   ",
    "tab and newlines": "\t\n\r\n",
    "null byte": "a\x00b",
    "percent null": "%00",
    "control chars": "\x01\x02\x1b[31mred\x7f",
    "path traversal": "../../../../etc/passwd",
    "url encoded": "%2e%2e%2f%3Cscript%3E",
    "sql quote": "' OR '1'='1' --",
    "sql drop": "1; DROP TABLE forums_topic; --",
    "sql like wildcards": "%_%_\\%",
    "fts operators": 'NEAR(a b) OR "c" AND -d *',
    "regex metacharacters": "^(a+)+$ [[:alpha:]] \\d{1,}",
    "negative": "-1",
    "huge number": "99999999999999999999999999",
    "float": "1e308",
    "superscript digits": "²",
    "superscript run": "⁰⁴⁵",
    "subscript digits": "₀₁₂",
    "arabic-indic digits": "٣",
    "devanagari digits": "१२",
    "full-width digits": "１２",
    "circled digit": "③",
    "no letters": "!!!",
    "only hyphens": "---",
    "only dots": "...",
    "ampersands": "&&&amp;",
    "long word": "a" * 5000,
    "long words": "word " * 2000,
    "long line of tags": ", ".join(f"tag{i}" for i in range(60)),
    "at signs": "@@@ @admin @",
    "hash signs": "### #1 #",
    "markdown heading flood": "#" * 200,
    "nested quotes": ">" * 300 + " deep",
    "nested lists": "\n".join("  " * i + "- x" for i in range(100)),
    "unclosed code": "```python\nprint('x')",
    "bom": "\ufeffstarts with a byte order mark",
}

SCRIPTS = {
    "cafe": "café",
    "japanese": "データ",
    "russian": "маркетинг",
    "chinese": "营销自动化",
    "hindi": "हिंदी मार्केटिंग",
    "thai": "การตลาด",
    "arabic": "التسويق عبر البريد",
    "greek": "Μάρκετινγκ",
    "german sharp s": "Straße",
    "decomposed accent": "e\u0301cole",
    "ligature": "ﬁle ﬂow",
    "emoji": "🚀📈✅",
    "emoji zwj family": "👩‍👩‍👧‍👦",
    "flag": "🇧🇷",
    "rtl override": "\u202eevil\u202c.txt",
    "rtl mark mixed": "abc\u200fאבג\u200edef",
    "zero width space": "zero\u200bwidth",
    "zero width joiner only": "\u200d",
    "combining flood": "Z" + "\u0336\u0335\u0334\u0337" * 40,
    "zalgo": "ẑ̸̢̛̖̘̲̦̩̲̦͉̟̅͐̃ā̷̧̛̤̯͖̠͉̬̾̈́̽l̴̡̢̛̼͓̯̬̪͚̇̈́͌g̷̛̱̟̗̫̣̞̥̈́̅o̷",
    "line separator": "one\u2028two\u2029three",
    "non-breaking spaces": "\u00a0\u2009\u3000",
    "astral plane": "𝕳𝖊𝖑𝖑𝖔 𐍈",
    "replacement char": "\ufffd",
}

CORPUS = {**XSS, **NAUGHTY, **SCRIPTS}
STRINGS = list(CORPUS.values())
IDS = list(CORPUS)

# For the full pages, whose every parameter is tried at once: one or two of each kind, and every
# string that once broke a page here.
SAMPLE_IDS = [
    "script tag", "attribute breakout", "javascript link", "template braces", "empty",
    "null byte", "percent null", "control chars", "path traversal", "url encoded", "sql quote",
    "sql like wildcards", "fts operators", "negative", "huge number", "float",
    "superscript digits", "subscript digits", "arabic-indic digits", "full-width digits",
    "no letters", "long word", "cafe", "japanese", "russian", "hindi", "arabic",
    "decomposed accent", "emoji zwj family", "rtl override", "zero width space", "zalgo",
]  # fmt: skip
SAMPLE = [CORPUS[name] for name in SAMPLE_IDS]

# Substrings that prove a script vector survived as markup rather than as text.
ALERT_MARKERS = ("alert(",)
