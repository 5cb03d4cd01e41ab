"""The one escaping layer: every value from a list, a file name or a commit that qingdan places in Markdown
or HTML goes through `md` or `html_text`, and every HTML page through `html_page`.

Markdown is escaped with numeric character references rather than backslashes: a reference is literal
text in a paragraph, a table cell, a heading and inside a raw HTML block such as GitHub's
`<details><summary>`, where backslash escapes are not read. Ordinary Chinese text, dates, revisions and
ids come out unchanged, so committed reports stay readable.
"""

from __future__ import annotations

import functools
import html
import re
from typing import Any

# Line breaks of every kind (CR, LF, NEL, U+2028/2029, other C0/C1 controls): one would end a table
# row, a list item or the <summary> line, so inside a value each becomes a space.
_BREAKS = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")
# Characters Markdown, GFM or GitHub give a meaning: HTML, code spans, links and images, emphasis,
# strikethrough, tables, escapes, math. Each becomes a character reference.
_MD_SPECIAL = {c: f"&#{ord(c)};" for c in "&<>`|[]!*_~\\$"}
# GitHub links @name, #123 and bare URLs in any text node, with references already decoded: a
# zero-width space after the @ or # (and inside "://" and "www.") keeps them plain text.
_ZWSP = "&#8203;"
_MD_RE = re.compile(r"[&<>`|\[\]!*_~\\$]|@|#(?=[0-9])|:(?=//)|(?<=www)\.", re.IGNORECASE)
_LINE_START = re.compile(r"^(\s*(?:[0-9]{1,9}(?=[.)]))?)([-+=#.)])(?=\s|$|[-=#]*\s*$)")
# A value that can stand in a code span as it is: no backtick, pipe, line break or outer space.
_UNSAFE = "`|<>&\\\\\x00-\x1f\x7f-\x9f\u2028\u2029"
_CODE_SAFE = re.compile(f"[^\\s{_UNSAFE}]([^{_UNSAFE}]*[^\\s{_UNSAFE}])?")


# what any of the substitutions below would change: text without it comes out as it is (most text does,
# and a report over every list escapes millions of values)
_MD_PLAIN = re.compile(r"[^\x00-\x1f\x7f-\x9f\u2028\u2029&<>`|\[\]!*_~\\$@#:.+=)-]*")


def md(value: Any) -> str:
    """Any value as literal text in Markdown (paragraph, table cell, heading or raw HTML block)."""
    text = "" if value is None else str(value)
    # short values are cached: the same names, domains, laws and articles recur thousands of times in
    # a report run; long ones (contents, hostile text) are not kept
    return _md_short(text) if len(text) <= 200 else _md_text(text)


def _md_text(text: str) -> str:
    if _MD_PLAIN.fullmatch(text) and not text[:1].isdigit() and not text[:1].isspace():
        return text
    text = _BREAKS.sub(" ", text)
    text = _MD_RE.sub(lambda m: _MD_SPECIAL.get(m.group()) or m.group() + _ZWSP, text)
    # a value that stands at the start of a line must not open a heading, list or setext underline
    return _LINE_START.sub(lambda m: m.group(1) + f"&#{ord(m.group(2))};", text, count=1)


_md_short = functools.lru_cache(maxsize=1 << 14)(_md_text)


def md_code(value: Any) -> str:
    """A value as a code span when it can be one unchanged (file names, ids, revisions, commit ids);
    otherwise as escaped text, so that nothing ever leaves the span."""
    text = "" if value is None else str(value)
    if _CODE_SAFE.fullmatch(text):
        return f"`{text}`"
    return md(text)


_ID = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")
_REVISION = re.compile(r"[0-9]{4}\.[0-9]{1,3}")
INVALID_MARK = "⚠"


def md_id(value: Any, code: bool = True) -> str:
    """A list or item id: shown as it is (in a code span) only when it has the form of an id; anything
    else is escaped text marked ⚠, so that a reviewer sees it is not a valid id."""
    text = "" if value is None else str(value)
    if len(text) <= 64 and _ID.fullmatch(text):
        return f"`{text}`" if code else text
    return INVALID_MARK + md(text)


def md_revision(value: Any) -> str:
    """A revision ("2025.1"): as it is when it has that form, else escaped text marked ⚠."""
    text = "" if value is None else str(value)
    return text if _REVISION.fullmatch(text) else INVALID_MARK + md(text)


def html_text(value: Any) -> str:
    """Any value as literal text in HTML content or a quoted attribute; control characters, which an
    HTML parser drops or replaces, are shown as U+FFFD."""
    text = _CONTROLS.sub("\ufffd", "" if value is None else str(value))
    return html.escape(text, quote=True)


_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Nothing on a page runs: no script, no plug-in, no frame, no form, nothing fetched but inline styles
# and images embedded in the page itself.
CSP = (
    "default-src 'none'; script-src 'none'; object-src 'none'; style-src 'unsafe-inline'; "
    "img-src data:; font-src 'none'; frame-src 'none'; base-uri 'none'; form-action 'none'"
)


def html_page(title: str, body: str, lang: str, css: str) -> str:
    """A self-contained page. `title` is escaped here; `body` must already be built with html_text."""
    html_lang = "zh-CN" if lang == "zh" else "en"
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html_lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html_text(title)}</title>\n<style>{css}</style>\n</head>\n<body>\n"
        f"{body}</body>\n</html>\n"
    )
