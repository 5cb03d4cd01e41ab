"""Rule 10: domains come from the configured vocabulary; categories fit the kind of list."""

from __future__ import annotations

from collections.abc import Iterator

from qingdan.model import Finding
from qingdan.rules import Context, finding

CATEGORIES = {
    "township": ("basic", "cooperative", "recalled"),
    "village": ("self_governance", "assist_government", "prohibited", "certificate"),
}
KIND_ZH = {"township": "乡镇（街道）", "village": "村（社区）"}


def check(ctx: Context) -> Iterator[Finding]:
    domains = set(ctx.config.domains)
    allowed_domains = "、".join(ctx.config.domains)
    for doc, index, item in ctx.all_items():
        domain = item.get("domain")
        if isinstance(domain, str) and domain not in domains:
            yield finding(
                doc, "QD911", ("items", index, "domain"), item, domain=domain, allowed=allowed_domains
            )
        category = item.get("category")
        allowed = CATEGORIES.get(doc.kind)
        if allowed and isinstance(category, str) and category not in allowed:
            yield finding(
                doc,
                "QD912",
                ("items", index, "category"),
                item,
                kind=doc.kind,
                kind_zh=KIND_ZH[doc.kind],
                category=category,
                allowed=" / ".join(allowed),
            )
