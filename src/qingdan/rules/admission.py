"""Rule 7: items added after the baseline carry a complete, provincially approved admission record."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from qingdan.model import Finding
from qingdan.revisions import revision_key
from qingdan.rules import Context, finding

_REQUIRED = ("approver", "document", "approved", "justification", "publicity")


def approver_allowed(approver: str, allowed: list[str]) -> bool:
    """The approver names an allowed body itself, not one of its departments (省委组织部, 省政府办公厅)."""
    return any(re.search(re.escape(token) + r"(?=$|[\s、，,;；和及与/])", approver) for token in allowed)


def check(ctx: Context) -> Iterator[Finding]:
    cfg = ctx.config
    for doc in ctx.docs:
        info = doc.header
        baseline, revision, effective = info.get("baseline"), info.get("revision"), info.get("effective")
        for index, item in doc.items():
            since = item.get("since")
            if not isinstance(since, str):
                continue
            path = ("items", index)
            if isinstance(revision, str) and revision_key(since) > revision_key(revision):
                yield finding(doc, "QD707", path + ("since",), item, since=since, revision=revision)
            if not isinstance(baseline, str) or revision_key(since) <= revision_key(baseline):
                continue
            admission = item.get("admission")
            if not isinstance(admission, dict):
                yield finding(doc, "QD701", path + ("since",), item, since=since, baseline=baseline)
                continue
            apath = path + ("admission",)
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
                    allowed="、".join(cfg.approvers),
                )
            approved = admission.get("approved")
            if isinstance(approved, str) and isinstance(effective, str) and approved > effective:
                yield finding(
                    doc, "QD706", apath + ("approved",), item, approved=approved, effective=effective
                )
            publicity = admission.get("publicity")
            if not isinstance(publicity, dict):
                continue
            start, end = publicity.get("start"), publicity.get("end")
            if not (isinstance(start, str) and isinstance(end, str)):
                continue
            try:
                days = (dt.date.fromisoformat(end) - dt.date.fromisoformat(start)).days + 1
            except ValueError:
                continue
            if days < cfg.min_publicity_days:
                yield finding(
                    doc, "QD704", apath + ("publicity",), item, days=days, min=cfg.min_publicity_days
                )
            if isinstance(approved, str) and end > approved:
                yield finding(doc, "QD705", apath + ("publicity", "end"), item, end=end, approved=approved)
