"""Rule 7: items added after the baseline carry a complete, provincially approved admission record."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from qingdan.config import DEFAULT_APPROVERS, Config
from qingdan.model import Finding, ListDoc, Path
from qingdan.revisions import revision_key
from qingdan.rules import Context, finding

_REQUIRED = ("approver", "document", "approved", "justification", "publicity")


def approver_allowed(approver: str, allowed: list[str]) -> bool:
    """The approver names an allowed body itself, not one of its departments (省委组织部, 省政府办公厅)."""
    return any(re.search(re.escape(token) + r"(?=$|[\s、，,;；和及与/])", approver) for token in allowed)


# a document number (发文字号, GB/T 9704): issuer code, year in brackets, serial number, 号; the bracket
# and digit variants people type are read too, and reported (QD710), never rewritten
_OPEN, _CLOSE = "〔[［【(（﹝〖", "〕]］】)）﹞〗"
_DOC_NUMBER = re.compile(
    rf"(?P<prefix>[^\s\d{re.escape(_OPEN + _CLOSE)}、，,；;]+?)\s*(?P<open>[{re.escape(_OPEN)}])\s*"
    rf"(?P<year>\d{{4}})\s*(?P<close>[{re.escape(_CLOSE)}])\s*(?P<di>第)?\s*(?P<serial>\d+)\s*号"
)
_SEPARATOR = re.compile(r"\s*[、，,；;]?\s*")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# issuer codes of a county, a township or a department: their own documents approve nothing
_LOCAL_ISSUER = re.compile(r"县|乡|镇|街道|局")
# what an admission may not rest on: minutes, a leader's instruction, a department's notice
_FORBIDDEN_SOURCES = (
    (re.compile(r"[^\s，,。；;、《》“”]{0,12}纪要"), "会议纪要", "meeting minutes"),
    (re.compile(r"[^\s，,。；;、《》“”]{0,12}(?:批示|签批)"), "领导批示", "a leader's instruction"),
    (
        re.compile(
            r"[^\s，,。；;、《》“”]{0,20}(?:局|部门|办公室|中心|大队|站|所)(?:关于[^。；;，,]{0,80}?的)?通知"
        ),
        "部门通知",
        "a department's notice",
    ),
)


def document_numbers(text: str) -> list[re.Match[str]] | None:
    """The document numbers a `document` field lists (separated by 、，；), or None when it is not one."""
    found: list[re.Match[str]] = []
    pos, text = 0, text.strip()
    while pos < len(text):
        match = _DOC_NUMBER.match(text, pos)
        if match is None or not _CJK.search(match["prefix"]):
            return None
        found.append(match)
        pos = _SEPARATOR.match(text, match.end()).end()  # type: ignore[union-attr]
    return found or None


def _variant_problems(match: re.Match[str]) -> tuple[list[str], list[str]]:
    zh: list[str] = []
    en: list[str] = []
    if match["open"] != "〔" or match["close"] != "〕":
        zh.append(f"年份括号用了「{match['open']}{match['close']}」")
        en.append(f"the year is in {match['open']}{match['close']}")
    if not (match["year"] + match["serial"]).isascii():
        zh.append("用了全角数字")
        en.append("full-width digits")
    if match["di"] or match["serial"].startswith(("0", "０")):
        zh.append("序号前加了「第」或 0")
        en.append("the serial number has 第 or a leading 0")
    if " " in match[0] or "\u3000" in match[0]:
        zh.append("含空格")
        en.append("spaces inside")
    return zh, en


def _standard(match: re.Match[str]) -> str:
    def ascii_digits(text: str) -> str:
        return str(int(text))

    return f"{match['prefix'].strip()}〔{ascii_digits(match['year'])}〕{ascii_digits(match['serial'])}号"


def check_record(
    doc: ListDoc, item: dict[str, Any], apath: Path, admission: dict[str, Any]
) -> Iterator[Finding]:
    """An admission record's document is a document number of the approving bodies, and neither it nor the
    justification rests on minutes, an instruction or a department's notice."""
    document = admission.get("document")
    if isinstance(document, str) and document.strip():
        numbers = document_numbers(document)
        if numbers is None:
            yield finding(doc, "QD708", apath + ("document",), item, document=document)
        for match in numbers or ():
            local = _LOCAL_ISSUER.search(match["prefix"])
            if local:
                yield finding(
                    doc,
                    "QD709",
                    apath + ("document",),
                    item,
                    document=document,
                    prefix=match["prefix"].strip(),
                )
            zh, en = _variant_problems(match)
            if zh:
                yield finding(
                    doc,
                    "QD710",
                    apath + ("document",),
                    item,
                    document=document,
                    problem_zh="，".join(zh),
                    problem_en=", ".join(en),
                    standard=_standard(match),
                )
    for key in ("document", "justification"):
        text = admission.get(key)
        if not isinstance(text, str):
            continue
        for pattern, source_zh, source_en in _FORBIDDEN_SOURCES:
            hit = pattern.search(text)
            if hit:
                yield finding(
                    doc,
                    "QD711",
                    apath + (key,),
                    item,
                    key=key,
                    source_zh=source_zh,
                    source_en=source_en,
                    quote=hit[0],
                )


def _allowed_text(approvers: list[str]) -> str:
    if approvers == list(DEFAULT_APPROVERS):  # 24 names: say what they are
        return "省委、省人民政府，自治区党委、自治区人民政府，北京、天津、上海、重庆市委、市人民政府（含全称和简称）"
    return "、".join(approvers)


def check_complete(
    doc: ListDoc, item: dict[str, Any], apath: Path, admission: dict[str, Any], cfg: Config
) -> Iterator[Finding]:
    """An admission record is complete: every key, an allowed approver, a long enough public notice that
    ended before the approval, and approval before the list takes effect."""
    effective = doc.header.get("effective")
    for key in _REQUIRED:
        if not admission.get(key):
            yield finding(doc, "QD703", apath, item, key=key)
    approver = admission.get("approver")
    if isinstance(approver, str) and approver and not approver_allowed(approver, cfg.approvers):
        yield finding(
            doc,
            "QD702",
            apath + ("approver",),
            item,
            approver=approver,
            allowed=_allowed_text(cfg.approvers),
        )
    approved = admission.get("approved")
    if isinstance(approved, str) and isinstance(effective, str) and approved > effective:
        yield finding(doc, "QD706", apath + ("approved",), item, approved=approved, effective=effective)
    publicity = admission.get("publicity")
    if not isinstance(publicity, dict):
        return
    start, end = publicity.get("start"), publicity.get("end")
    if not (isinstance(start, str) and isinstance(end, str)):
        return
    try:
        days = (dt.date.fromisoformat(end) - dt.date.fromisoformat(start)).days + 1
    except ValueError:
        return
    if days < cfg.min_publicity_days:
        yield finding(doc, "QD704", apath + ("publicity",), item, days=days, min=cfg.min_publicity_days)
    if isinstance(approved, str) and end > approved:
        yield finding(doc, "QD705", apath + ("publicity", "end"), item, end=end, approved=approved)


def _later_records(doc: ListDoc, item: dict[str, Any], path: Path, cfg: Config) -> Iterator[Finding]:
    """Each entry of `admissions` (a change that added work, rules/workload.py) is a full admission record."""
    records = item.get("admissions")
    revision = doc.header.get("revision")
    for j, record in enumerate(records if isinstance(records, list) else []):
        if not isinstance(record, dict):
            continue  # the schema reports it
        rpath = path + ("admissions", j)
        yield from check_record(doc, item, rpath, record)
        yield from check_complete(doc, item, rpath, record, cfg)
        made = record.get("revision")
        if (
            isinstance(made, str)
            and isinstance(revision, str)
            and revision_key(made) > revision_key(revision)
        ):
            yield finding(doc, "QD713", rpath + ("revision",), item, record=made, revision=revision)


def check(ctx: Context) -> Iterator[Finding]:
    cfg = ctx.config
    for doc in ctx.docs:
        info = doc.header
        baseline, revision = info.get("baseline"), info.get("revision")
        for index, item in doc.items():
            path = ("items", index)
            record = item.get("admission")
            if isinstance(record, dict):
                yield from check_record(doc, item, path + ("admission",), record)
            yield from _later_records(doc, item, path, cfg)
            since = item.get("since")
            if not isinstance(since, str):
                continue
            if isinstance(revision, str) and revision_key(since) > revision_key(revision):
                yield finding(doc, "QD707", path + ("since",), item, since=since, revision=revision)
            if not isinstance(baseline, str) or revision_key(since) <= revision_key(baseline):
                continue
            admission = item.get("admission")
            if not isinstance(admission, dict):
                yield finding(doc, "QD701", path + ("since",), item, since=since, baseline=baseline)
                continue
            yield from check_complete(doc, item, path + ("admission",), admission, cfg)
