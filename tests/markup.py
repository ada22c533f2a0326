"""Reading HTML the way a browser would, so assertions look at elements, not at escaped text."""

from html.parser import HTMLParser


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str]]] = []
        self.script_text: list[str] = []
        self.headings: list[str] = []
        self._in_script = False
        self._heading: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, {name: value or "" for name, value in attrs}))
        self._in_script = tag == "script"
        if tag == "h1":
            self._heading = []

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False
        if tag == "h1" and self._heading is not None:
            self.headings.append(" ".join("".join(self._heading).split()))
            self._heading = None

    def handle_data(self, data):
        if self._in_script:
            self.script_text.append(data)
        if self._heading is not None:
            self._heading.append(data)


def _parse(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser


def elements(html: str) -> list[tuple[str, dict[str, str]]]:
    """Every start tag in `html` with its attributes (entities decoded)."""
    return _parse(html).found


def tags(html: str) -> set[str]:
    return {tag for tag, _ in elements(html)}


def urls(html: str) -> list[str]:
    """Every URL an element would load or follow, lower-cased."""
    return [
        value.strip().lower()
        for _, attrs in elements(html)
        for name, value in attrs.items()
        if name in {"href", "src", "action", "formaction"}
    ]


def event_handler_attributes(html: str) -> set[str]:
    return {name for _, attrs in elements(html) for name in attrs if name.startswith("on")}


def page_headings(html: str) -> list[str]:
    """The text of every <h1>: what the page says it is about."""
    return _parse(html).headings


def inline_script_text(html: str) -> str:
    return "\n".join(_parse(html).script_text)
