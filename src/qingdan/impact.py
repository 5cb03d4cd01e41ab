"""Impact of 立改废释: which items cite an instrument, which must be re-examined when it changes, and
which cite repealed instruments or versions no longer in force.

A citation means one version of its instrument, by the one rule of qingdan.citedversion (the rule
validate applies too): the pinned `version`, else the version in force on the date the citation was
drafted. The drafted date comes from a function `(doc, item) -> date`; `impact()` uses the repository's
(citedversion.drafted_dates: the effective date of the item's `since` revision), the library functions
default to the list's effective date.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qingdan.citations import Article, parse_article
from qingdan.citedversion import DraftedDate, cited_version, drafted_dates
from qingdan.citedversion import list_effective as list_effective
from qingdan.errors import UsageError
from qingdan.i18n import Text
from qingdan.lawtext import LawTexts
from qingdan.lawwork import Repository, category_key, open_repository, select_lists
from qingdan.model import ListDoc
from qingdan.registry import Instrument, Laws, Version
from qingdan.rules.units import per_unit

MODE_INSTRUMENT = "instrument"
MODE_VERSION = "version"
MODE_REPEALED = "repealed"
_SPACE_RE = re.compile(r"\s+")


@dataclass
class Problem:
    """Something wrong with a citation itself, whatever the law change (an error)."""

    code: str  # article_missing | version_unknown | not_in_force
    message: Text

    def as_dict(self, lang: str) -> dict[str, Any]:
        return {"code": self.code, "message": self.message.get(lang)}


@dataclass
class CitedBasis:
    """One basis entry of an item, resolved to the version it means."""

    index: int  # position in the item's basis
    written: dict[str, str]  # the entry as written: instrument, article, version
    instrument: str  # registry title
    drafted: str
    version: str | None  # the version the citation resolves to
    newest: str | None  # the newest registered version, when newer than `version`
    in_force: str | None  # the version in force today, when it differs from `version`
    needs_review: bool = False
    reason: Text | None = None
    text_change: str | None = None  # same | changed | missing (the cited part in the new version)
    quote: str | None = None
    problems: list[Problem] = field(default_factory=list)

    def written_text(self) -> str:
        text = self.written.get("instrument", "")
        if self.written.get("article"):
            text += " " + self.written["article"]
        if self.written.get("version"):
            text += f" @{self.written['version']}"
        return text

    def as_dict(self, lang: str) -> dict[str, Any]:
        return {
            "basis_index": self.index,
            "written": self.written,
            "instrument": self.instrument,
            "drafted": self.drafted or None,
            "version": self.version,
            "newest": self.newest,
            "in_force_today": self.in_force,
            "needs_review": self.needs_review,
            "reason": self.reason.get(lang) if self.reason else None,
            "text_change": self.text_change,
            "quote": self.quote,
            "problems": [p.as_dict(lang) for p in self.problems],
        }


@dataclass
class ImpactItem:
    list_id: str
    file: str
    category: str
    item_id: str
    name: str
    status: str
    since: str | None
    citations: list[CitedBasis] = field(default_factory=list)

    @property
    def needs_review(self) -> bool:
        return any(c.needs_review for c in self.citations)

    @property
    def problems(self) -> list[Problem]:
        return [p for c in self.citations for p in c.problems]

    def as_dict(self, lang: str) -> dict[str, Any]:
        return {
            "list": self.list_id,
            "file": self.file,
            "category": self.category,
            "id": self.item_id,
            "name": self.name,
            "status": self.status,
            "since": self.since,
            "needs_review": self.needs_review,
            "citations": [c.as_dict(lang) for c in self.citations],
        }


@dataclass
class ImpactReport:
    mode: str  # instrument | version | repealed
    today: str
    instrument: str | None = None
    article: str | None = None
    new_version: str | None = None
    new_version_registered: bool = False
    new_version_text: bool = False
    law_texts: bool = False  # a law-text folder is configured
    items: list[ImpactItem] = field(default_factory=list)
    up_to_date: int = 0  # citations already at or after the new version (version mode)
    lists: list[tuple[str, str]] = field(default_factory=list)  # (id, title) of the lists looked at
    unreadable: list[str] = field(default_factory=list)

    @property
    def citations(self) -> int:
        return sum(len(i.citations) for i in self.items)

    @property
    def to_review(self) -> int:
        return sum(1 for i in self.items if i.needs_review)

    @property
    def errors(self) -> int:
        return sum(len(i.problems) for i in self.items)

    def exit_code(self) -> int:
        """1 when a citation is broken, or (version and repealed modes) any item must be re-examined."""
        if self.errors or (self.mode != MODE_INSTRUMENT and self.to_review):
            return 1
        return 0

    def groups(self) -> list[tuple[str, str, list[ImpactItem]]]:
        """(list id, category, items) in repository and category order."""
        out: dict[tuple[str, str], list[ImpactItem]] = {}
        for item in self.items:
            out.setdefault((item.list_id, item.category), []).append(item)
        order = {list_id: i for i, (list_id, _) in enumerate(self.lists)}
        keys = sorted(out, key=lambda k: (order.get(k[0], len(order)), category_key(k[1])))
        return [(k[0], k[1], out[k]) for k in keys]

    def as_dict(self, lang: str) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "today": self.today,
            "instrument": self.instrument,
            "article": self.article,
            "new_version": self.new_version,
            "new_version_registered": self.new_version_registered,
            "new_version_text": self.new_version_text,
            "law_texts": self.law_texts,
            "summary": {
                "items": len(self.items),
                "citations": self.citations,
                "to_review": self.to_review,
                "errors": self.errors,
                "up_to_date": self.up_to_date,
            },
            "lists": [{"id": i, "title": t} for i, t in self.lists],
            "items": [i.as_dict(lang) for i in self.items],
            "unreadable": self.unreadable,
        }


# ---- matching -------------------------------------------------------------------------------------


def covers(wanted: Article, cited: Article | None) -> bool:
    """Does a citation touch the wanted provision? A whole-article (or whole-law) citation touches every
    part of it; 第三十条 and 第三十条第三款 touch each other; 第三十条第二款 and 第三十条第三款 do not."""
    if cited is None:
        return True
    if (wanted.number, wanted.sub) != (cited.number, cited.sub):
        return False
    if wanted.paragraph is not None and cited.paragraph is not None and wanted.paragraph != cited.paragraph:
        return False
    return wanted.item is None or cited.item is None or wanted.item == cited.item


def _same(a: str, b: str) -> bool:
    return _SPACE_RE.sub("", a) == _SPACE_RE.sub("", b)


def _parse_date(text: str, what: str) -> str:
    try:
        return dt.date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise UsageError(
            f"{what}日期无效（应为 YYYY-MM-DD）：{text}", f"invalid {what} date (use YYYY-MM-DD): {text}"
        ) from None


class _Resolver:
    """Resolves and checks the citations of one run."""

    def __init__(self, laws: Laws, law_texts: LawTexts | None, today: str, drafted: DraftedDate) -> None:
        self.laws = laws
        self.law_texts = law_texts
        self.today = today
        self.drafted = drafted

    def resolve(
        self, doc: ListDoc, item: dict[str, Any], index: int, citation: dict[str, Any], inst: Instrument
    ) -> tuple[CitedBasis, Version | None, Article | None]:
        drafted = self.drafted(doc, item) or ""
        pinned = citation.get("version")
        version = cited_version(inst, citation, drafted or self.today, list_effective(doc))
        written = {k: str(citation[k]) for k in ("instrument", "article", "version") if citation.get(k)}
        newest = inst.newest
        now = inst.in_force_on(self.today)
        cited = CitedBasis(
            index=index,
            written=written,
            instrument=inst.title,
            drafted=drafted,
            version=version.date if version else None,
            newest=newest.date if newest and version and newest.date > version.date else None,
            in_force=now.date if now and version and now is not version else None,
        )
        article_text = citation.get("article")
        article = parse_article(article_text) if isinstance(article_text, str) else None
        if isinstance(pinned, str) and version is None:
            cited.problems.append(
                Problem(
                    "version_unknown",
                    Text(f"法规库没有登记 {pinned} 版", f"no version {pinned} is registered"),
                )
            )
        elif version is None:
            cited.problems.append(
                Problem(
                    "not_in_force",
                    Text(
                        f"{drafted or self.today} 时尚无施行的版本",
                        f"no version was in force on {drafted or self.today}",
                    ),
                )
            )
        elif article is not None and article_text:
            missing = version.articles is not None and article.number > version.articles
            if not missing and self.law_texts is not None:
                missing = not self.law_texts.has(inst, version, article)
            if missing:
                cited.problems.append(
                    Problem(
                        "article_missing",
                        Text(
                            f"{version.date} 版中没有{article_text}",
                            f"the {version.date} version has no {article_text}",
                        ),
                    )
                )
        return cited, version, article

    def text_change(
        self, inst: Instrument, old: Version | None, new: Version, article: Article | None
    ) -> str | None:
        """How the cited part reads in the new version: same, changed or missing (None: texts lacking)."""
        if self.law_texts is None or article is None or self.law_texts.find(inst, new) is None:
            return None
        after = self.law_texts.quote(inst, new, article)
        if after is None:
            return "missing"
        before = self.law_texts.quote(inst, old, article) if old is not None else None
        if before is None:
            return None
        return "same" if _same(before, after) else "changed"

    def quote(self, inst: Instrument, version: Version | None, article: Article | None) -> str | None:
        if self.law_texts is None or version is None or article is None:
            return None
        return self.law_texts.quote(inst, version, article)


def _items(
    docs: Iterable[ListDoc], include_retired: bool
) -> Iterable[tuple[ListDoc, dict[str, Any], list[tuple[int, dict[str, Any]]]]]:
    for doc in docs:
        for _, item in sorted(doc.items(), key=lambda pair: (category_key(pair[1].get("category")), pair[0])):
            status = item.get("status", "active")
            if status != "active" and not include_retired:
                continue
            basis = item.get("basis")
            if not isinstance(basis, list):
                continue
            entries = [
                (j, c)
                for j, c in enumerate(basis)
                if isinstance(c, dict) and isinstance(c.get("instrument"), str)
            ]
            if entries:
                yield doc, item, entries


def _per_unit(report: ImpactReport, docs: list[ListDoc]) -> ImpactReport:
    """A list that serves several units (applies_to) is reported for each of them: its items once per
    unit, under `LIST·unit`."""
    shown = {d.id: per_unit(d) for d in docs}
    if all(len(v) == 1 and v[0][1] is None for v in shown.values()):
        return report
    titles = dict(report.lists)
    report.lists = [(view, titles.get(d.id, "")) for d in docs for view, _ in shown[d.id]]
    items = []
    for hit in report.items:
        views = shown.get(hit.list_id, [(hit.list_id, None)])
        items += [hit if view == hit.list_id else dataclasses.replace(hit, list_id=view) for view, _ in views]
    report.items = items
    return report


def _impact_item(doc: ListDoc, item: dict[str, Any]) -> ImpactItem:
    since = item.get("since")
    return ImpactItem(
        list_id=doc.id,
        file=doc.file,
        category=str(item.get("category", "")),
        item_id=str(item.get("id", "")),
        name=str(item.get("name", "")),
        status=str(item.get("status", "active")),
        since=since if isinstance(since, str) else None,
    )


def find_impact(
    laws: Laws,
    docs: list[ListDoc],
    instrument: str,
    article: str | None = None,
    new_version: str | None = None,
    *,
    today: str,
    drafted: DraftedDate = list_effective,
    law_texts: LawTexts | None = None,
    include_retired: bool = False,
    with_quotes: bool = False,
) -> ImpactReport:
    """Every item of docs that cites instrument (and article); with new_version, only the items whose
    citations predate that version and so need re-examination (plus any broken citation)."""
    inst = laws.lookup(instrument)
    if inst is None:
        hint = laws.suggest(instrument)
        raise UsageError(
            f"法规库中没有「{instrument}」" + (f"，是否指「{hint}」？" if hint else ""),
            f"'{instrument}' is not in the registry" + (f"; did you mean '{hint}'?" if hint else ""),
        )
    wanted = None
    if article:
        wanted = parse_article(article)
        if wanted is None:
            raise UsageError(
                f"无法解析条款「{article}」，请写作「第三十条」或「第三十条第三款」",
                f"cannot read the article '{article}'; write it as 第三十条 or 第三十条第三款",
            )
        counts = [v.articles for v in inst.versions if v.articles]
        if counts and wanted.number > max(counts):
            # no version ever had it: an empty answer would read as "nothing cites it"
            raise UsageError(
                f"「{inst.title}」任何版本都没有{article}（最多 {max(counts)} 条）",
                f"no version of '{inst.title}' has {article} (at most {max(counts)} articles)",
            )
    new: Version | None = None
    report = ImpactReport(
        mode=MODE_VERSION if new_version else MODE_INSTRUMENT,
        today=today,
        instrument=inst.title,
        article=wanted.label() if wanted else None,
        lists=[(d.id, str(d.header.get("title", ""))) for d in docs],
        law_texts=law_texts is not None,
    )
    if new_version:
        new_version = _parse_date(new_version, "版本")
        new = inst.version(new_version)
        report.new_version = new_version
        report.new_version_registered = new is not None
        new = new or Version(date=new_version, effective=new_version)
        report.new_version_text = law_texts is not None and law_texts.find(inst, new) is not None
    resolver = _Resolver(laws, law_texts, today, drafted)
    for doc, item, entries in _items(docs, include_retired):
        hit = _impact_item(doc, item)
        for index, citation in entries:
            if laws.lookup(citation["instrument"]) is not inst:
                continue
            cited, version, cited_article = resolver.resolve(doc, item, index, citation, inst)
            if wanted is not None and cited_article is None and citation.get("article"):
                continue  # an article we cannot read cannot be matched
            if wanted is not None and not covers(wanted, cited_article):
                continue
            if with_quotes:
                cited.quote = resolver.quote(inst, version, cited_article)
            if new is not None:
                if version is not None and version.date >= new.date:
                    report.up_to_date += 1
                    if not cited.problems:
                        continue
                else:
                    cited.needs_review = True
                    cited.reason = (
                        Text(
                            f"引用 {version.date} 版，早于 {new.date} 版",
                            f"cites the {version.date} version, older than {new.date}",
                        )
                        if version is not None
                        else Text("无法确定所引版本", "the cited version cannot be determined")
                    )
                    cited.text_change = resolver.text_change(inst, version, new, cited_article)
            hit.citations.append(cited)
        if hit.citations:
            report.items.append(hit)
    return _per_unit(report, docs)


def find_outdated(
    laws: Laws,
    docs: list[ListDoc],
    *,
    today: str,
    drafted: DraftedDate = list_effective,
    law_texts: LawTexts | None = None,
    include_retired: bool = False,
    with_quotes: bool = False,
) -> ImpactReport:
    """Items citing repealed instruments, or versions that a newer version has replaced by today."""
    report = ImpactReport(
        mode=MODE_REPEALED,
        today=today,
        lists=[(d.id, str(d.header.get("title", ""))) for d in docs],
        law_texts=law_texts is not None,
    )
    resolver = _Resolver(laws, law_texts, today, drafted)
    for doc, item, entries in _items(docs, include_retired):
        hit = _impact_item(doc, item)
        for index, citation in entries:
            inst = laws.lookup(citation["instrument"])
            if inst is None:
                continue  # validate reports unregistered instruments (QD302)
            cited, version, cited_article = resolver.resolve(doc, item, index, citation, inst)
            if inst.status == "repealed":
                cited.needs_review = True
                cited.reason = Text(
                    f"「{inst.title}」已于 {inst.repealed or '?'} 废止",
                    f"'{inst.title}' was repealed on {inst.repealed or '?'}",
                )
            elif version is not None and cited.in_force is not None:
                now = inst.version(cited.in_force)
                assert now is not None
                if now.date > version.date:
                    cited.needs_review = True
                    cited.reason = Text(
                        f"已由 {now.date} 版取代（{now.effective} 施行）",
                        f"replaced by the {now.date} version (in force {now.effective})",
                    )
                    cited.text_change = resolver.text_change(inst, version, now, cited_article)
            if not cited.needs_review and not cited.problems:
                continue
            if with_quotes:
                cited.quote = resolver.quote(inst, version, cited_article)
            hit.citations.append(cited)
        if hit.citations:
            report.items.append(hit)
    return _per_unit(report, docs)


def impact(
    start: Path,
    instrument: str | None = None,
    article: str | None = None,
    new_version: str | None = None,
    *,
    repealed: bool = False,
    lists: list[str] | None = None,
    drafted: DraftedDate | None = None,
    include_retired: bool = False,
    with_quotes: bool = False,
) -> ImpactReport:
    """`qingdan impact`: read the repository around start and answer one impact question.

    Without `drafted`, a citation's drafted date is the effective date of the revision that introduced
    its item (citedversion.drafted_dates: git history, else the recorded reports, else the list's
    effective date); a shallow clone is an environment error (exit 3), as for every history command.
    """
    if repealed and (instrument or article or new_version):
        raise UsageError(
            "--repealed 不能与法律名称、条款或 --version 同时使用",
            "--repealed cannot be combined with an instrument, an article or --version",
        )
    if not repealed and not instrument:
        raise UsageError(
            "请给出法律名称（例如 qingdan impact 统计法），或使用 --repealed",
            "name an instrument (e.g. qingdan impact 统计法), or use --repealed",
        )
    repo = open_repository(start)
    if drafted is None:
        drafted = drafted_dates(repo.loaded.config, repo.loaded.docs, strict=True)
        drafted.known("", "")  # read the history now: a shallow clone stops here, before any answer
    report = _run(
        repo, instrument, article, new_version, repealed, lists, drafted, include_retired, with_quotes
    )
    report.unreadable = repo.unreadable
    return report


def _run(
    repo: Repository,
    instrument: str | None,
    article: str | None,
    new_version: str | None,
    repealed: bool,
    lists: list[str] | None,
    drafted: DraftedDate,
    include_retired: bool,
    with_quotes: bool,
) -> ImpactReport:
    laws = repo.loaded.laws
    if laws is None:
        raise UsageError(
            f"法规库 {repo.loaded.config.laws} 不存在或无法读取（qingdan validate 查看详情）",
            f"the registry {repo.loaded.config.laws} is missing or unreadable (see qingdan validate)",
        )
    docs = select_lists(repo, lists)
    options: dict[str, Any] = {
        "today": repo.today,
        "drafted": drafted,
        "law_texts": repo.law_texts,
        "include_retired": include_retired,
        "with_quotes": with_quotes,
    }
    if repealed:
        return find_outdated(laws, docs, **options)
    assert instrument is not None
    return find_impact(laws, docs, instrument, article, new_version, **options)
