"""Text from a log, shown safely in the report's Markdown and HTML.

Everything a log or a person wrote (notes, column names, custom values, the file's name,
problem messages quoting a cell) reaches the report as Markdown that nbconvert turns into
HTML. Unescaped, a note `<img src=x onerror=...>` runs a script when the therapist opens
the report, `![](http://...)` loads a remote image and `![](.ssh/id_rsa)` inlined a FILE.
So such text goes through ``text`` before it is put in a Markdown string, and the HTML
is cleaned again by ``clean_html`` (nbconvert's sanitising, with the tags our Markdown
makes) as a second wall.
"""

from __future__ import annotations

import re

#: Characters that HTML or Markdown would read as markup, written as character
#: references: they show as themselves and mean nothing. `|` would split a table cell,
#: `[`, `]`, `!` make links and images, `*`, `_`, `~`, `` ` `` emphasis and code, `#` a
#: heading, `\` an escape, `<`, `>`, `&` HTML.
_MARKUP = {c: f"&#{ord(c)};" for c in "&<>\\`*_[]|~#!{}"}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
#: Longest text shown for one note or value; the rest is in the log.
MAX_CHARS = 500


def text(value: object, max_chars: int | None = MAX_CHARS) -> str:
    """``value`` as inline text for Markdown and HTML: markup characters as references,
    line breaks as spaces, control characters dropped, "://" broken so no address
    becomes a link, and at most ``max_chars`` characters (then "…")."""
    s = _CONTROL.sub("", str(value)).replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    if max_chars is not None and len(s) > max_chars:
        s = s[:max_chars].rstrip() + f"… ({len(s) - max_chars:,} more characters in the log)"
    s = "".join(_MARKUP.get(c, c) for c in s)
    return s.replace("://", "&#58;//").replace("www.", "www&#46;")


#: What our Markdown becomes in HTML; anything else is dropped by clean_html (its text
#: kept). No attribute but class and id: no src, href, style or event handler.
ALLOWED_TAGS = frozenset(
    {
        "a", "b", "blockquote", "br", "code", "del", "div", "em", "h1", "h2", "h3", "h4",
        "hr", "i", "li", "ol", "p", "pre", "span", "strong", "sub", "sup", "table",
        "tbody", "td", "th", "thead", "tr", "ul",
    }
)  # fmt: skip


def clean_html(html: str | bytes) -> str:
    """The second wall: HTML reduced to ALLOWED_TAGS with class and id only."""
    import bleach

    html = html.decode() if isinstance(html, bytes) else str(html)
    return bleach.clean(
        html, tags=ALLOWED_TAGS, attributes={"*": ["class", "id"]}, protocols=[], strip=True
    )
