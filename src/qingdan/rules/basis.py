"""Rules 3 and 4: every active item cites registered, in-force provisions that exist, and not only
department documents, minutes or instructions."""

from __future__ import annotations

from collections.abc import Iterator
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
            yield from _check_citations(ctx, doc, index, item, basis, effective, general, ctx.drafted)


def _check_citations(
    ctx: Context,
    doc: ListDoc,
    index: int,
    item: dict[str, Any],
    basis: list[Any],
    effective: str,
    general: dict[str, set[tuple[int, int | None]]],
    drafted_of: DraftedDate,
) -> Iterator[Finding]:
    assert ctx.laws is not None
    drafted: str | None = None  # asked for only when it matters: a law with several versions, unpinned
    levels: list[str] = []
    general_cited: list[str] = []  # general-competence provisions cited, which are no specific basis
    for j, citation in enumerate(basis):
        if not isinstance(citation, dict) or not isinstance(citation.get("instrument"), str):
            continue
        path = ("items", index, "basis", j)
        name = citation["instrument"]
        inst = ctx.laws.lookup(name)
        if inst is None:
            hint = ctx.laws.suggest(name)
            yield finding(
                doc,
                "QD302",
                path + ("instrument",),
                item,
                name=name,
                hint_zh=f"，是否指「{hint}」？" if hint else "",
                hint_en=f"; did you mean '{hint}'?" if hint else "",
            )
            levels.append("unknown")
            continue
        cited = parse_article(citation["article"]) if isinstance(citation.get("article"), str) else None
        if cited is not None and (cited.number, cited.sub) in general.get(inst.title, ()):
            general_cited.append(f"《{name.strip('《》')}》{citation['article']}")
        else:
            levels.append(inst.level)
        if inst.status == "repealed" and inst.repealed and effective and inst.repealed <= effective:
            yield finding(
                doc, "QD304", path, item, title=inst.title, repealed=inst.repealed, effective=effective
            )
        pinned = citation.get("version")
        if drafted is None and not isinstance(pinned, str) and len(inst.versions) > 1:
            drafted = drafted_of(doc, item)
        version = cited_version(inst, citation, drafted or effective, effective)
        if isinstance(pinned, str):
            if version is None:
                yield finding(doc, "QD306", path + ("version",), item, title=inst.title, version=pinned)
                continue
            newest = inst.newest
            if newest is not None and newest.date > pinned:
                yield finding(
                    doc,
                    "QD305",
                    path + ("version",),
                    item,
                    title=inst.title,
                    version=pinned,
                    newest=newest.date,
                )
        elif version is None:
            if inst.versions:
                yield finding(doc, "QD308", path, item, title=inst.title, effective=effective)
            continue
        else:
            moved = moved_version(inst, citation, drafted or effective, effective)
            if moved is not None:
                meant, now = moved
                yield finding(
                    doc,
                    "QD309",
                    path,
                    item,
                    title=inst.title,
                    article=str(citation.get("article") or ""),
                    since=str(item.get("since")),
                    drafted=drafted,
                    meant=meant.date,
                    now=now.date,
                    now_effective=now.effective,
                    effective=effective,
                )
        article_text = citation.get("article")
        if not isinstance(article_text, str) or version is None:
            continue
        article = parse_article(article_text)
        if article is None:
            continue
        if version.articles is not None and article.number > version.articles:
            yield finding(
                doc,
                "QD303",
                path + ("article",),
                item,
                title=inst.title,
                version=version.date,
                count=version.articles,
                article=article_text,
            )
        elif ctx.law_texts is not None and not ctx.law_texts.has(inst, version, article):
            yield finding(
                doc,
                "QD307",
                path + ("article",),
                item,
                title=inst.title,
                version=version.date,
                article=article_text,
            )
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
