"""Assessment by the list (考核以清单为准): the indicators of assessments/*.yaml against the lists (QD98x).

Every indicator names the active items of the assessed lists it measures. Naming none pushes a task
down through assessment (QD980); a recalled or retired item, or the department's own part of a
cooperative item, assesses the township on work that is not its own (QD983-QD985); evidence by
photos, screenshots, ledgers or simple counts is what the 2025 rules forbid (QD986); two assessments
measuring one item assess the township twice (QD987).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from typing import Any

from qingdan.catalog import RULES_BY_CODE
from qingdan.model import AssessmentDoc, Finding, ListDoc, Path
from qingdan.rules import Context

# evidence the rules forbid: (word in the evidence, how the English message names it)
FORBIDDEN_EVIDENCE = (
    ("照片", "photos"),
    ("拍照", "photos"),
    ("图片", "pictures"),
    ("截图", "screenshots"),
    ("截屏", "screenshots"),
    ("视频", "videos"),
    ("留痕", "a paper trail (留痕)"),
    ("台账", "ledgers (台账)"),
    ("签到", "sign-in records"),
    ("打卡", "check-ins"),
    ("简单量化", "simple counts"),
    ("次数", "counts"),
    ("份数", "counts"),
    ("篇数", "counts"),
    ("条数", "counts"),
    ("photo", "photos"),
    ("screenshot", "screenshots"),
)

_NOT_WORD = re.compile(r"[\s\W_]+", re.UNICODE)


def _finding(doc: AssessmentDoc, code: str, path: Path, **args: Any) -> Finding:
    item = args.get("item")
    return Finding(
        file=doc.file,
        rule=code,
        severity=RULES_BY_CODE[code].severity,
        args=args,
        item=item if isinstance(item, str) else None,
        path=path,
    )


def bigrams(text: str) -> set[str]:
    """The character pairs of a text without spaces and punctuation (Chinese has no word breaks)."""
    plain = _NOT_WORD.sub("", text)
    return {plain[i : i + 2] for i in range(len(plain) - 1)} or ({plain} if plain else set())


def overlap(name: str, duty: str) -> float:
    """How much of an indicator's name is found in a duty's words (0-1)."""
    mine = bigrams(name)
    return len(mine & bigrams(duty)) / len(mine) if mine else 0.0


def measures_department_duty(name: str, item: dict[str, Any]) -> bool:
    """An indicator on a cooperative item whose name is closer to the department's duty than to the
    township's: the department assesses the township on its own work."""
    department = item.get("department_duty")
    township = item.get("township_duty")
    dept_score = overlap(name, department) if isinstance(department, str) else 0.0
    town_score = overlap(name, township) if isinstance(township, str) else 0.0
    return dept_score > town_score


def forbidden_evidence(text: str) -> tuple[str, str] | None:
    """The forbidden kinds of evidence a text asks for, in Chinese and in English, or None."""
    lowered = text.lower()
    zh: list[str] = []
    en: list[str] = []
    for word, english in FORBIDDEN_EVIDENCE:
        if word in lowered:
            zh.append(word)
            if english not in en:
                en.append(english)
    return ("、".join(zh), ", ".join(en)) if zh else None


def _hint(name: str, known: list[str]) -> tuple[str, str]:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    return (f"（是否为 {close[0]}？）", f" (did you mean {close[0]}?)") if close else ("", "")


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def check(ctx: Context) -> Iterator[Finding]:
    docs = [a for a in ctx.assessments if a.clean]
    if not docs:
        return
    lists = {doc.id: doc for doc in ctx.docs if doc.id}
    by_id = ctx.items_by_id()
    seen_ids: dict[str, AssessmentDoc] = {}
    # item id -> the (assessment, indicator id, position) that measure it, for 重复考核
    measured: dict[str, list[tuple[AssessmentDoc, str, Path]]] = {}
    for doc in docs:
        if doc.id in seen_ids:
            yield _finding(doc, "QD988", ("assessment", "id"), id=doc.id, other=seen_ids[doc.id].file)
        else:
            seen_ids[doc.id] = doc
        if ctx.departments is not None and ctx.departments.canonical(doc.assessor) is None:
            close = ctx.departments.suggest(doc.assessor)
            yield _finding(
                doc, "QD989", ("assessment", "assessor"), assessor=doc.assessor,
                hint_zh=f"（是否为 {close}？）" if close else "", hint_en=f" (did you mean {close}?)" if close else "",
            )  # fmt: skip
        assessed: dict[str, ListDoc] = {}
        for j, list_id in enumerate(doc.lists):
            if list_id in lists:
                assessed[list_id] = lists[list_id]
            else:
                hint_zh, hint_en = _hint(list_id, sorted(lists))
                yield _finding(
                    doc, "QD981", ("assessment", "lists", j), assessment=doc.id, list=list_id,
                    hint_zh=hint_zh, hint_en=hint_en,
                )  # fmt: skip
        yield from _indicators(ctx, doc, assessed, by_id, measured)


def _indicators(
    ctx: Context,
    doc: AssessmentDoc,
    assessed: dict[str, ListDoc],
    by_id: dict[str, tuple[ListDoc, int, dict[str, Any]]],
    measured: dict[str, list[tuple[AssessmentDoc, str, Path]]],
) -> Iterator[Finding]:
    indicator_ids: dict[str, int] = {}
    for i, indicator in doc.indicators():
        key = _text(indicator.get("id"))
        name = _text(indicator.get("name"))
        if key in indicator_ids:
            yield _finding(
                doc, "QD988", ("indicators", i, "id"), id=key, other=f"indicators[{indicator_ids[key]}]"
            )
        indicator_ids.setdefault(key, i)
        evidence = indicator.get("evidence")
        word = forbidden_evidence(evidence) if isinstance(evidence, str) else None
        if word:
            yield _finding(
                doc, "QD986", ("indicators", i, "evidence"), indicator=key, word=word[0], word_en=word[1]
            )
        items = indicator.get("items")
        items = [v for v in items if isinstance(v, str)] if isinstance(items, list) else []
        if not items:
            yield _finding(doc, "QD980", ("indicators", i, "id"), indicator=key, name=name)
            continue
        for j, item_id in enumerate(items):
            where: Path = ("indicators", i, "items", j)
            found = by_id.get(item_id)
            if found is None or found[0].id not in assessed:
                if found is None:
                    zh, en = "不存在", "does not exist"
                else:
                    zh = f"属于清单 {found[0].id}，不在所考核的清单中"
                    en = f"belongs to list {found[0].id}, which is not assessed"
                yield _finding(doc, "QD982", where, indicator=key, item=item_id, where_zh=zh, where_en=en)
                continue
            item = found[2]
            item_name = _text(item.get("name"))
            if item.get("status") == "retired":
                yield _finding(doc, "QD984", where, indicator=key, item=item_id, item_name=item_name)
                continue
            lead = _text(item.get("lead_department"))
            lead = (ctx.departments.canonical(lead) if ctx.departments and lead else None) or lead
            category = item.get("category")
            if category == "recalled":
                yield _finding(
                    doc, "QD983", where, indicator=key, item=item_id, item_name=item_name,
                    department=lead or "上级部门",
                )  # fmt: skip
                continue
            if category == "cooperative" and measures_department_duty(name, item):
                yield _finding(
                    doc, "QD985", where, indicator=key, name=name, item=item_id,
                    department=lead,
                    department_duty=_text(item.get("department_duty")),
                    township_duty=_text(item.get("township_duty")),
                )  # fmt: skip
            earlier = measured.setdefault(item_id, [])
            for other, other_key, other_where in earlier:
                if other is doc:
                    continue
                # both assessors are told: each sees the other's indicator
                yield _finding(
                    doc, "QD987", where, indicator=key, item=item_id, other=other_key,
                    other_assessment=other.id, other_assessor=other.assessor,
                )  # fmt: skip
                yield _finding(
                    other, "QD987", other_where, indicator=other_key, item=item_id, other=key,
                    other_assessment=doc.id, other_assessor=doc.assessor,
                )  # fmt: skip
            earlier.append((doc, key, where))
