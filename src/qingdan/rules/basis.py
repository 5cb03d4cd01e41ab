"""Rules 3 and 4: every active item cites registered, in-force provisions that exist, and not only
department documents, minutes or instructions."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from qingdan.citations import parse_article
from qingdan.citedversion import DraftedDate, cited_version, drafted_dates, moved_version
from qingdan.model import Finding, ListDoc
from qingdan.registry import FORBIDDEN_SOLE_LEVELS
from qingdan.rules import Context, finding, is_active, sourcing

__all__ = ["check", "cited_version", "general_provisions"]


def general_provisions(ctx: Context) -> dict[str, set[tuple[int, int | None]]]:
    """The configured general-competence provisions: registry title -> (article, 之N) pairs."""
    found: dict[str, set[tuple[int, int | None]]] = {}
    for name, articles in ctx.config.general_provisions:
        inst = ctx.laws.lookup(name) if ctx.laws is not None else None
        keys = found.setdefault(inst.title if inst is not None else name, set())
        for text in articles:
            article = parse_article(text)
            if article is not None:
                keys.add((article.number, article.sub))
    return found


def check(ctx: Context) -> Iterator[Finding]:
    if ctx.laws is None:
        return
    general = general_provisions(ctx)
    if ctx.drafted is None:
        ctx.drafted = drafted_dates(ctx.config, ctx.docs)
    verdicts: dict[tuple[Any, ...], _Verdict] = {}
    for doc in ctx.docs:
        effective = doc.header.get("effective")
        effective = effective if isinstance(effective, str) else ""
        for index, item in doc.items():
            if not is_active(item):
                continue
            basis = item.get("basis")
            if not isinstance(basis, list) or not basis:
                if not sourcing.basis_accounted_for(doc, item):  # inherited, or 依据待补 (QD310/QD311)
                    yield finding(doc, "QD301", ("items", index), item)
                continue
            yield from _check_citations(
                ctx, doc, index, item, basis, effective, general, ctx.drafted, verdicts
            )


# One citation's problems, the same wherever it recurs: (rule, path below the citation, message args).
_Problem = tuple[str, tuple[str, ...], dict[str, Any]]


@dataclass(frozen=True)
class _Verdict:
    problems: tuple[_Problem, ...]
    level: str | None  # the instrument's level, counted for QD401; None when unknown or general
    general: str | None  # the general-competence provision cited, shown beside QD401
    known: bool  # the instrument is in the registry


def _check_citations(
    ctx: Context,
    doc: ListDoc,
    index: int,
    item: dict[str, Any],
    basis: list[Any],
    effective: str,
    general: dict[str, set[tuple[int, int | None]]],
    drafted_of: DraftedDate,
    verdicts: dict[tuple[Any, ...], _Verdict],
) -> Iterator[Finding]:
    assert ctx.laws is not None
    drafted: str | None = None  # asked for only when it matters: a law with several versions, unpinned
    levels: list[str] = []
    general_cited: list[str] = []  # general-competence provisions cited, which are no specific basis
    since = str(item.get("since"))
    for j, citation in enumerate(basis):
        if not isinstance(citation, dict) or not isinstance(citation.get("instrument"), str):
            continue
        name = citation["instrument"]
        pinned, article = citation.get("version"), citation.get("article")
        if drafted is None and not isinstance(pinned, str):
            inst = ctx.laws.lookup(name)
            if inst is not None and len(inst.versions) > 1:
                drafted = drafted_of(doc, item)
        # a province's lists cite the same few hundred provisions thousands of times: each distinct
        # citation is judged once (keys of any other type are judged afresh: hostile input is rare)
        key = (name, pinned, article, drafted, effective, since)
        simple = all(v is None or isinstance(v, str) for v in (pinned, article))
        verdict = verdicts.get(key) if simple else None
        if verdict is None:
            verdict = _judge(ctx, name, citation, drafted, effective, since, general)
            if simple:
                verdicts[key] = verdict
        path = ("items", index, "basis", j)
        for code, below, args in verdict.problems:
            yield finding(doc, code, path + below, item, **args)
        if not verdict.known:
            levels.append("unknown")
        elif verdict.general is not None:
            general_cited.append(verdict.general)
        elif verdict.level is not None:
            levels.append(verdict.level)
    if levels and all(level in FORBIDDEN_SOLE_LEVELS for level in levels):
        beside = "、".join(general_cited)
        yield finding(
            doc,
            "QD401",
            ("items", index, "basis"),
            item,
            general_zh=f"（另引的{beside}是一般职权条款，不是具体依据）" if beside else "",
            general_en=f" ({beside}, also cited, states general competence only)" if beside else "",
        )


def _judge(
    ctx: Context,
    name: str,
    citation: dict[str, Any],
    drafted: str | None,
    effective: str,
    since: str,
    general: dict[str, set[tuple[int, int | None]]],
) -> _Verdict:
    """What rules 3 and 4 say of one citation, given the dates that choose the version it means."""
    assert ctx.laws is not None
    problems: list[_Problem] = []
    inst = ctx.laws.lookup(name)
    if inst is None:
        hint = ctx.laws.suggest(name)
        problems.append(
            (
                "QD302",
                ("instrument",),
                {
                    "name": name,
                    "hint_zh": f"，是否指「{hint}」？" if hint else "",
                    "hint_en": f"; did you mean '{hint}'?" if hint else "",
                },
            )
        )
        return _Verdict(tuple(problems), None, None, known=False)
    level: str | None = None
    general_text: str | None = None
    cited = parse_article(citation["article"]) if isinstance(citation.get("article"), str) else None
    if cited is not None and (cited.number, cited.sub) in general.get(inst.title, ()):
        general_text = f"《{name.strip('《》')}》{citation['article']}"
    else:
        level = inst.level

    def done() -> _Verdict:
        return _Verdict(tuple(problems), level, general_text, known=True)

    if inst.status == "repealed" and inst.repealed and effective and inst.repealed <= effective:
        problems.append(
            ("QD304", (), {"title": inst.title, "repealed": inst.repealed, "effective": effective})
        )
    pinned = citation.get("version")
    version = cited_version(inst, citation, drafted or effective, effective)
    if isinstance(pinned, str):
        if version is None:
            problems.append(("QD306", ("version",), {"title": inst.title, "version": pinned}))
            return done()
        newest = inst.newest
        if newest is not None and newest.date > pinned:
            problems.append(
                ("QD305", ("version",), {"title": inst.title, "version": pinned, "newest": newest.date})
            )
    elif version is None:
        if inst.versions:
            problems.append(("QD308", (), {"title": inst.title, "effective": effective}))
        return done()
    else:
        moved = moved_version(inst, citation, drafted or effective, effective)
        if moved is not None:
            meant, now = moved
            problems.append(
                (
                    "QD309",
                    (),
                    {
                        "title": inst.title,
                        "article": str(citation.get("article") or ""),
                        "since": since,
                        "drafted": drafted,
                        "meant": meant.date,
                        "now": now.date,
                        "now_effective": now.effective,
                        "effective": effective,
                    },
                )
            )
    article_text = citation.get("article")
    if not isinstance(article_text, str) or version is None:
        return done()
    article = parse_article(article_text)
    if article is None:
        return done()
    if version.articles is not None and article.number > version.articles:
        problems.append(
            (
                "QD303",
                ("article",),
                {
                    "title": inst.title,
                    "version": version.date,
                    "count": version.articles,
                    "article": article_text,
                },
            )
        )
    elif ctx.law_texts is not None and not ctx.law_texts.has(inst, version, article):
        problems.append(
            ("QD307", ("article",), {"title": inst.title, "version": version.date, "article": article_text})
        )
    return done()
