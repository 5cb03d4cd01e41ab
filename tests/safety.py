"""Checks that output built from hostile data stayed data: Markdown read as GitHub would read it, and
HTML loaded in a real headless Chromium.

Used by the payload corpus (test_escape.py) and the hostile-repository corpus (test_hostile.py).
"""

from __future__ import annotations

import html.parser
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

# The tags qingdan itself composes in a pull-request comment; each without attributes.
COMPOSED_TAGS = {"details", "summary", "b", "sub", "del", "ins", "br"}
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)([^>]*)>")
# GitHub turns @name into a mention and #123 into a link to an issue, in any text node
_MENTION = re.compile(r"(?:^|[^\w`])@[A-Za-z0-9]")
_ISSUE_REF = re.compile(r"(?:^|[^\w&])#[0-9]")


def github_markdown() -> MarkdownIt:
    """CommonMark with GitHub's tables, strikethrough and bare-URL links, raw HTML allowed (as on GitHub).

    GitHub links URLs with a scheme or www. and e-mail addresses, not bare domain names."""
    parser = MarkdownIt("commonmark", {"html": True, "linkify": True}).enable(
        ["table", "strikethrough", "linkify"]
    )
    parser.linkify.set({"fuzzy_link": False})
    return parser


def _walk(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    for token in tokens:
        out.append(token)
        if token.children:
            out += _walk(token.children)
    return out


def _html_problems(raw: str, where: str) -> list[str]:
    problems = []
    text = _TAG.sub("", raw)
    if "<" in text:
        problems.append(f"{where}: a '<' that is not a composed tag: {raw!r}")
    for closing, name, attrs in _TAG.findall(raw):
        if name.lower() not in COMPOSED_TAGS or attrs.strip():
            problems.append(f"{where}: raw HTML tag <{closing}{name}{attrs}>")
    return problems


def markdown_problems(text: str) -> list[str]:
    """What in `text` is not plain data once GitHub renders it: raw HTML other than the composed tags,
    images, links, mentions, issue references, table rows with a wrong number of cells, a <summary> or
    <details> block that does not close where it opened."""
    problems: list[str] = []
    tokens = github_markdown().parse(text)
    lines = text.split("\n")
    stack: list[str] = []
    for token in _walk(tokens):
        kind = token.type
        if kind in ("html_block", "html_inline"):
            problems += _html_problems(token.content, kind)
            if kind == "html_block" and "<summary>" in token.content and "</summary>" not in token.content:
                problems.append(f"a <summary> the data broke open: {token.content!r}")
            for closing, name, _ in _TAG.findall(token.content):
                if name.lower() != "details":
                    continue
                if not closing:
                    stack.append("details")
                elif not stack:
                    problems.append("a </details> closing a block qingdan did not open")
                else:
                    stack.pop()
        elif kind == "image":
            problems.append(f"an image: {token.attrs.get('src')!r}")
        elif kind == "link_open":
            problems.append(f"a link: {token.attrs.get('href')!r}")
        elif kind == "text":
            for pattern, what in ((_MENTION, "a mention"), (_ISSUE_REF, "an issue reference")):
                if pattern.search(token.content):
                    problems.append(f"{what}: {token.content!r}")
        elif kind == "table_open" and token.map:
            start, end = token.map
            counts = {_pipes(line) for line in lines[start:end] if line.strip()}
            if len(counts) > 1:
                problems.append(f"a table row with a different number of cells: lines {start + 1}-{end}")
    if stack:
        problems.append(f"{len(stack)} <details> block(s) left open")
    return problems


def _pipes(line: str) -> int:
    """Cell separators of a GFM table row: pipes not escaped by a backslash."""
    return len(re.findall(r"(?<!\\)\|", line))


def rendered_text(text: str) -> str:
    """The text a reader sees (text and code spans of the rendered Markdown), zero-width spaces removed."""
    tokens = _walk(github_markdown().parse(text))
    return "".join(t.content for t in tokens if t.type in ("text", "code_inline")).replace("\u200b", "")


# ---- a real browser ------------------------------------------------------------------------------

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def dump_dom(page: Path, browser: str) -> str:
    """The DOM after the page loaded (and any script in it ran), serialised by Chromium."""
    with tempfile.TemporaryDirectory(prefix="qingdan-chromium-") as profile:
        done = subprocess.run(
            [
                browser,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                "--virtual-time-budget=3000",
                "--dump-dom",
                page.resolve().as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            stdin=subprocess.DEVNULL,
        )
    assert done.returncode == 0 and "<html" in done.stdout, done.stderr[-2000:]
    return done.stdout


class _Elements(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


# what qingdan's pages are made of; anything else in the DOM came from the data
PAGE_TAGS = {
    "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "h4", "p", "ul", "ol", "li",
    "table", "thead", "tbody", "tr", "th", "td", "details", "summary", "span", "code", "del", "ins",
    "strong", "em", "hr", "footer", "div", "br",
}  # fmt: skip


def dom_problems(dom: str, title: str) -> list[str]:
    """Elements, attributes or effects in a dumped DOM that qingdan did not put there."""
    parsed = _Elements()
    parsed.feed(dom)
    problems = []
    title = title.replace("\r\n", "\n").replace("\r", "\n")  # as every HTML parser reads a CR
    if parsed.title != title:
        problems.append(f"document.title is {parsed.title!r}, not {title!r}")
    for tag, attrs in parsed.tags:
        if tag not in PAGE_TAGS:
            problems.append(f"an injected <{tag}> element")
        for name, value in attrs:
            if name.startswith("on") or name in ("src", "href", "srcdoc", "formaction", "action"):
                problems.append(f"<{tag} {name}={value!r}>")
            if name == "id" and value == "pwned":
                problems.append(f"an element a payload created: <{tag} id=pwned>")
    return problems
