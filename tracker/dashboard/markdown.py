"""Outside text in Streamlit's Markdown: a search term, a page's title or outlet, a
file's name, anything read from a user, a page or the store, shown as the
characters it is, never as a link, an image, emphasis, a heading or HTML.

Streamlit renders captions, subheaders, messages and button labels as GitHub
Markdown: `[Official figures](https://phish.example/q)` would be a link and
`![p](https://tracker.example/p.png)` an image the browser fetches. Every such
value goes through `escape_markdown` on its way to the page (st.text, st.code
and table cells show text as it is and need nothing).
"""
from __future__ import annotations

import re

# CommonMark: a backslash before any ASCII punctuation character makes it a literal character.
_PUNCTUATION = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")
# GitHub Markdown also links bare addresses ("https://...", "www.x.org", "a@b.org"), found in the
# text after escapes are read; a word joiner (U+2060, invisible) after "http" and "www" and before
# "@" leaves them text.
_BARE_LINK = re.compile(r"(?i)(?<=\bhttp)(?=s?\\:)|(?<=\bwww)(?=\\\.)|(?=\\@)")
WORD_JOINER = "\u2060"


def escape_markdown(value: object) -> str:
    r"""`value` as Markdown that reads as exactly its characters, on one line.

    >>> print(escape_markdown("**NOK 1.5bn**\n# for air_defence"))
    \*\*NOK 1\.5bn\*\* \# for air\_defence
    >>> print(escape_markdown("![p](https://tracker.example/p.png)").replace(WORD_JOINER, "<WJ>"))
    \!\[p\]\(http<WJ>s\:\/\/tracker\.example\/p\.png\)
    """
    text = " ".join(str(value).splitlines())  # a new line could start a heading, a list or a quote
    return _BARE_LINK.sub(WORD_JOINER, _PUNCTUATION.sub(r"\\\1", text))


def code_span(value: object) -> str:
    """`value` as inline code, in which Markdown reads nothing: fenced by one backtick more than
    its longest run of them, so that none of its own ends the span.

    >>> print(code_span("donor: Germany"), code_span("a ``[x](https://phish.example)`` b"))
    `donor: Germany` ```a ``[x](https://phish.example)`` b```
    """
    text = " ".join(str(value).splitlines())
    fence = "`" * (max(map(len, re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""  # a space each side, which code drops
    return f"{fence}{pad}{text}{pad}{fence}"


def shown_text(markdown: str) -> str:
    """What the page shows for Markdown made of text and `escape_markdown`'s escapes: the
    characters without their backslashes and word joiners (what a test compares).

    >>> shown_text(escape_markdown("[Official figures](https://phish.example/q)"))
    '[Official figures](https://phish.example/q)'
    """
    return re.sub(r"\\(.)", r"\1", markdown).replace(WORD_JOINER, "")


def web_link(url: object) -> str | None:
    """`url` when it is an http(s) address a link may open, else None: a stored
    source may hold any text, and a `javascript:` or `data:` address made into a
    link would run or show what the page's author chose."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    return url if url.lower().startswith(("http://", "https://")) and not re.search(r"[\x00-\x20]", url) else None
