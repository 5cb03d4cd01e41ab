"""Editing lists: add, retire, set, revision and fmt, with the guarantees drafters rely on.

Every edit runs the same transaction: lock the repository, load the file for round trip, change the
data, dump, splice the changed lines into the original text (so a file that is not in canonical form
is not reformatted outside the edit), check that the new bytes mean exactly the intended data and that
the edit adds no new error, then write atomically (or, with dry_run, only show the diff).
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qingdan import labels, mentions, yamlio
from qingdan.citations import canonical_article, parse_article, parse_citation, several_articles_hint
from qingdan.config import find_root
from qingdan.documents import cap_findings
from qingdan.errors import QingdanError, UsageError
from qingdan.fsutil import ReadRefused, read_regular, repository_lock, safe_write
from qingdan.i18n import Text
from qingdan.labels import VALUE_LABELS
from qingdan.model import ITEM_KEYS, LIST_KEYS, Finding, ListDoc
from qingdan.revisions import next_revision, revision_key
from qingdan.rules.adoption import FOLLOW_TEMPLATE
from qingdan.schema import load_schema
from qingdan.validate import (
    Loaded,
    file_finding,
    load_config,
    load_repository,
    locate,
    read_document,
    renamed_by_place,
    rule_findings,
)

RESOURCE_KEYS = ("staffing", "funding", "equipment", "training", "authority")
FIXED_KEYS = frozenset({"id", "since", "status", "retired", "reinstated"})
RETIRE_REASONS = (
    "law_repealed",
    "law_amended",
    "unsuitable",
    "ineffective",
    "completed",
    "merged",
    "duplicate",
)


class EditRefused(QingdanError):
    """The edit would damage the list (new errors, a changed meaning, or a non-canonical neighbourhood)."""

    def __init__(self, zh: str, en: str, findings: list[Finding] | None = None) -> None:
        super().__init__(zh, en)
        self.findings = findings or []


class _NotFound(UsageError):
    """No list or item of that name among the lists read (the whole repository then says why)."""


@dataclass
class EditResult:
    file: str
    before: bytes
    after: bytes
    summary_zh: str
    summary_en: str
    item: str | None = None
    written: bool = False
    warnings: list[Finding] = field(default_factory=list)
    notes: list[Text] = field(default_factory=list)  # what the edit read differently from how it was typed

    def summary(self, lang: str) -> str:
        return self.summary_zh if lang == "zh" else self.summary_en

    def diff(self) -> str:
        old = self.before.decode("utf-8", "replace").splitlines(keepends=True)
        new = self.after.decode("utf-8", "replace").splitlines(keepends=True)
        return unified_diff(old, new, f"a/{self.file}", f"b/{self.file}")


def unified_diff(old: list[str], new: list[str], fromfile: str, tofile: str, context: int = 3) -> str:
    """difflib.unified_diff without its popular-line heuristic, which shows repeated lines such as
    `since: "2024.1"` as changed when they are not."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    out: list[str] = []
    for group in matcher.get_grouped_opcodes(context):
        if not out:
            out += [f"--- {fromfile}\n", f"+++ {tofile}\n"]
        first, last = group[0], group[-1]
        out.append(f"@@ -{_span(first[1], last[2])} +{_span(first[3], last[4])} @@\n")
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out += [" " + line for line in old[i1:i2]]
                continue
            out += ["-" + line for line in old[i1:i2]]
            out += ["+" + line for line in new[j1:j2]]
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in out)


def _span(start: int, stop: int) -> str:
    length = stop - start
    if length == 1:
        return str(start + 1)
    return f"{start + 1 if length else start},{length}"


# ---- parsing drafters' input ------------------------------------------------------------------


def parse_basis(text: str) -> dict[str, str]:
    """《安全生产法》第九条第二款, 安全生产法 第九条, or either with @2021-06-10 to pin the version."""
    text = text.strip()
    version = None
    if "@" in text:
        text, _, version = text.rpartition("@")
        version = version.strip()
        try:
            dt.date.fromisoformat(version)
        except ValueError:
            raise UsageError(f"版本日期无效：{version}", f"invalid version date: {version}") from None
    parsed = parse_citation(text)
    several = several_articles_hint(text) if parsed is None else None
    if several is not None:
        raise UsageError(*several)
    if parsed is None:
        name, _, article = text.strip().partition(" ")
        article = article.strip()
        parsed = (name.strip("《》 "), article or None)
        if not parsed[0] or "《" in text or "》" in text or (article and parse_article(article) is None):
            raise UsageError(
                f"无法解析依据「{text}」，请写作「《安全生产法》第九条第二款」",
                f"cannot read the basis '{text}'; write it as 《安全生产法》第九条第二款",
            )
    citation = {"instrument": parsed[0]}
    if parsed[1]:
        # one canonical form, Chinese numerals as in the law texts; 第九九条 is refused, not guessed
        article_label = canonical_article(parsed[1])
        if article_label is None:
            raise UsageError(
                f"条款号「{parsed[1]}」无法识别，请写作「第九条第二款」或「第9条第2款」",
                f"cannot read the article '{parsed[1]}'; write it as 第九条第二款 or 第9条第2款",
            )
        citation["article"] = article_label
    if version:
        citation["version"] = version
    return citation


def parse_date(text: str, what: str = "date") -> str:
    try:
        return dt.date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise UsageError(
            f"日期无效（应为 YYYY-MM-DD）：{text}", f"invalid {what} (use YYYY-MM-DD): {text}"
        ) from None


def read_item_file(path: Path) -> dict[str, Any]:
    """An item's fields from a YAML file, read with the same guards as a list."""
    try:
        raw = read_regular(path, yamlio.MAX_BYTES)
    except ReadRefused as refused:
        raise UsageError(
            f"无法读取 {path}（{refused.code}）", f"cannot read {path} ({refused.code})"
        ) from None
    try:
        _, data = yamlio.load_bytes(raw)
    except yamlio.FileProblem as problem:
        where = f"{path}:{problem.line}:{problem.column}" if problem.line else str(path)
        raise UsageError(
            f"{where}：无法读取事项文件（{problem.code}）",
            f"{where}: cannot read the item file ({problem.code})",
        ) from None
    return dict(data)


# ---- the transaction ----------------------------------------------------------------------------


def splice(original: str, canonical: str, edited: str) -> str | None:
    """Apply the canonical→edited line changes to original; None where the two disagree near a change."""
    if original == canonical:
        return edited
    orig, canon, new = (t.splitlines(keepends=True) for t in (original, canonical, edited))
    mapping: dict[int, int] = {}
    for tag, i1, i2, j1, _ in difflib.SequenceMatcher(None, canon, orig, autojunk=False).get_opcodes():
        if tag == "equal":
            mapping.update({i1 + k: j1 + k for k in range(i2 - i1)})
    result = list(orig)
    ops = [
        op
        for op in difflib.SequenceMatcher(None, canon, new, autojunk=False).get_opcodes()
        if op[0] != "equal"
    ]
    for _, i1, i2, j1, j2 in reversed(ops):
        if i1 < i2:
            if any(i not in mapping for i in range(i1, i2)):
                return None
            spots = [mapping[i] for i in range(i1, i2)]
            if spots != list(range(spots[0], spots[0] + len(spots))):
                return None
            start, end = spots[0], spots[-1] + 1
        elif i1 in mapping:
            start = end = mapping[i1]
        elif i1 == len(canon):
            start = end = len(orig)
        elif i1 - 1 in mapping:
            start = end = mapping[i1 - 1] + 1
        else:
            return None
        result[start:end] = new[j1:j2]
    return "".join(result)


def _errors(loaded: Loaded) -> list[Finding]:
    """The errors of the lists loaded, every one (no cap), each as it reads wherever it is (not located,
    except where its place changes what it says)."""
    errors = [f for f in rule_findings(loaded) if f.severity == "error"]
    locate([f for f in errors if renamed_by_place(f)], loaded.texts)
    return errors


def _error_keys(findings: list[Finding]) -> set[tuple[str, str, str | None, str]]:
    return {(f.file, f.rule, f.item, f.message("en")) for f in findings if f.severity == "error"}


@dataclass
class Target:
    root: Path
    loaded: Loaded
    doc: ListDoc
    path: Path


def _resolve_list(root: Path, loaded: Loaded, name: str) -> ListDoc:
    candidate = Path(name)
    for doc in loaded.docs:
        if doc.id == name or (candidate.exists() and (root / doc.file).resolve() == candidate.resolve()):
            return doc
    _refuse_if_broken(loaded, name)
    raise _NotFound(
        f"找不到清单 {name}（可用清单编号或文件路径）", f"no list {name} (give a list id or a file path)"
    )


def _refuse_if_broken(loaded: Loaded, name: str) -> None:
    """What cannot be found may sit in a file that does not parse: say so rather than 'not found'."""
    broken = [f for f in loaded.findings if f.rule < "QD100"]
    if broken:
        files = sorted({f.file for f in broken})
        raise EditRefused(
            f"找不到 {name}；以下文件无法解析，请先修正：{'、'.join(files)}",
            f"{name} not found; these files cannot be parsed, fix them first: {', '.join(files)}",
            broken,
        )


def _find_item(loaded: Loaded, item_id: str) -> tuple[ListDoc, int]:
    for doc in loaded.docs:
        for index, item in doc.items():
            if item.get("id") == item_id:
                return doc, index
    _refuse_if_broken(loaded, item_id)
    raise _NotFound(f"找不到事项 {item_id}", f"no item {item_id}")


def _check_parsable(loaded: Loaded, file: str) -> None:
    broken = [f for f in loaded.findings if f.file == file and f.rule < "QD100"]
    if broken or not any(d.file == file for d in loaded.docs):
        raise EditRefused(
            f"{file} 无法解析，请先修正（qingdan validate {file}）",
            f"{file} cannot be parsed; fix it first (qingdan validate {file})",
            broken,
        )


def transact(
    start: Path,
    locate: Callable[[Loaded], ListDoc],
    change: Callable[[Any, ListDoc], tuple[str, str, str | None, set[str]]],
    *,
    dry_run: bool = False,
    draft: bool = False,
) -> EditResult:
    """Run one edit. `change(rt_data, doc)` edits the round-trip data in place and returns
    (summary_zh, summary_en, item id, ids of the items it meant to touch)."""
    root = find_root(start)
    with repository_lock(root):
        loaded = load_repository(root)
        doc = locate(loaded)
        _check_parsable(loaded, doc.file)
        original = _read_list(root, doc.file)
        try:
            rt = yamlio.rt_load(original)
        except yamlio.FileProblem as problem:
            raise EditRefused(
                f"{doc.file} 无法编辑（{problem.code}）", f"{doc.file} cannot be edited ({problem.code})"
            ) from None
        canonical = rt.dump()
        before_plain = yamlio.to_plain(rt.data)
        summary_zh, summary_en, item_id, touched = change(rt.data, doc)
        edited = rt.dump()
        spliced = splice_bytes(original, canonical, edited, rt.source)
        if spliced is None:
            raise EditRefused(
                f"{doc.file} 不是规范格式，且改动处附近的格式与规范格式不同；请先运行 qingdan fmt {doc.file}",
                f"{doc.file} is not in canonical form near the edit; run qingdan fmt {doc.file} first",
            )
        return _finish(
            root,
            loaded,
            doc,
            original,
            spliced,
            (yamlio.to_plain(rt.data), before_plain, touched),
            (summary_zh, summary_en, item_id),
            dry_run=dry_run,
            draft=draft,
        )


def _finish(
    root: Path,
    loaded: Loaded,
    doc: ListDoc,
    original: bytes,
    after: bytes,
    meaning: tuple[Any, Any, set[str]],
    summary: tuple[str, str, str | None],
    *,
    dry_run: bool,
    draft: bool,
) -> EditResult:
    """Prove the new bytes of doc's file and write them: they read back as exactly the intended data
    (meaning: intended, before, touched ids), and no error is added in the lists loaded (all of the
    repository, or every list the change can concern)."""
    intended, before_plain, touched = meaning
    view, new_text, schema_findings = read_document(root, doc.file, "list", raw=after)
    _verify_meaning(doc.file, after, intended, before_plain, touched, view)
    before_errors = _error_keys(_errors(loaded))
    if view is None:  # e.g. an item beyond the most a list may hold (QD031)
        raise EditRefused(
            "改动未写入：修改后的清单将无法读取",
            "nothing written: the edited list could not be read",
            schema_findings,
        )
    loaded.docs = [ListDoc(doc.file, new_text, view) if d.file == doc.file else d for d in loaded.docs]
    loaded.findings = [f for f in loaded.findings if f.file != doc.file] + schema_findings
    loaded.texts[doc.file] = new_text
    new_errors = [
        f for f in _errors(loaded) if (f.file, f.rule, f.item, f.message("en")) not in before_errors
    ]
    # only the new errors are shown: only they need their place in the file
    locate(new_errors, loaded.texts)
    new_errors.sort(key=Finding.sort_key)
    # an edit of a template is not refused for what the lists adopting it have yet to follow: they are told
    following = [f for f in new_errors if f.rule in FOLLOW_TEMPLATE and f.file != doc.file]
    if len(following) < len(new_errors) and not draft:
        raise EditRefused(
            "改动未写入：修改后的清单无法通过校验（可加 --draft 保存草稿）",
            "nothing written: the edited list would not validate (use --draft to keep a draft)",
            cap_findings([f for f in new_errors if f not in following]),
        )
    result = EditResult(doc.file, original, after, *summary, warnings=cap_findings(new_errors))
    if following:
        result.notes.append(
            Text(
                "模板已修改，采用它的清单尚须跟进（采用新事项或记为不适用，随模板销号）：",
                "the template changed; the lists adopting it have yet to follow (adopt or record new items, retire "
                "with the template):",
            )
        )
    if not dry_run and after != original:
        safe_write(root, Path(doc.file), after, expected=original)
        result.written = True
    return result


TAIL = "tail"  # an edit scope: the last item and what follows it (where add appends)
Scope = set[str] | str | None  # the ids of the items an edit changes, TAIL, or None: the whole file


def transact_items(
    start: Path,
    names: set[str],
    locate: Callable[[Loaded], ListDoc],
    scope: Callable[[ListDoc], Scope],
    change: Callable[[Any, ListDoc], tuple[str, str, str | None, set[str]]],
    *,
    dry_run: bool = False,
    draft: bool = False,
    whole_list: bool = False,
) -> EditResult:
    """transact() for an edit of items, at the cost of the change rather than of the repository.

    Only the block of the items in scope (the ids given, or TAIL) is round-tripped through ruamel and
    spliced into the original text, and only the lists that mention `names` (the list or items the
    edit names; with whole_list, also the list's own id, for next_id's sake) or an id of the items in
    scope are read and checked: every rule that looks across files relates items through such an id
    (qingdan.mentions). The new bytes are then proved as transact() proves them. Whatever this path cannot place (a list or item not found, a file in an
    unusual layout) goes through transact() over the whole repository, so refusals read the same.
    """
    root = find_root(start)
    with repository_lock(root):
        result = _transact_items(
            root, names, locate, scope, change, dry_run=dry_run, draft=draft, whole_list=whole_list
        )
    return result if result is not None else transact(start, locate, change, dry_run=dry_run, draft=draft)


def _transact_items(
    root: Path,
    names: set[str],
    locate: Callable[[Loaded], ListDoc],
    scope: Callable[[ListDoc], Scope],
    change: Callable[[Any, ListDoc], tuple[str, str, str | None, set[str]]],
    *,
    dry_run: bool,
    draft: bool,
    whole_list: bool,
) -> EditResult | None:
    loaded = load_repository(root, lists=())
    files = mentions.read_lists(loaded.config)
    paths = {Path(n).resolve() for n in names if Path(n).exists()}  # a list named by its file
    named = [rel for rel in files.files if paths and (root / rel).resolve() in paths]
    _read_more(root, loaded, files, [*named, *files.mentioning(names)])
    try:
        doc = locate(loaded)
        if whole_list and doc.id not in names:  # a second look: every list mentioning the list's id
            _read_more(root, loaded, files, files.mentioning({doc.id}))
            if locate(loaded).file != doc.file:
                return None
    except (_NotFound, EditRefused):
        return None
    _check_parsable(loaded, doc.file)
    if doc.template:  # the template the list adopts from (rules QD93x), not the other lists adopting it
        _read_more(root, loaded, files, _template_files(files, doc.template))
    wanted = scope(doc)
    if wanted is None:
        return None
    original = _read_list(root, doc.file)
    source = yamlio.decode(original)
    before_plain = doc.data
    lines = source.text.splitlines(keepends=True)
    place = _block(lines, before_plain, wanted)
    if place is None:
        return None
    first, last, start, end = place
    items = before_plain["items"]
    after_keys = list(before_plain)[list(before_plain).index("items") + 1 :] if last == len(items) - 1 else []
    block = "items:\n" + "".join(lines[start:end])
    try:
        rt = yamlio.rt_load(block.encode("utf-8"))
    except yamlio.FileProblem:
        return None
    # the block must mean exactly those items (and, at the end of the file, the keys after them)
    if yamlio.to_plain(rt.data) != {
        "items": items[first : last + 1],
        **{k: before_plain[k] for k in after_keys},
    }:
        return None
    canonical = _text(rt.dump())
    summary_zh, summary_en, item_id, touched = change(rt.data, doc)
    edited_plain = yamlio.to_plain(rt.data)
    spliced = splice(block, canonical, _text(rt.dump()))
    # not canonical near the edit: the whole-file transaction refuses it or says how
    if spliced is None or not spliced.startswith("items:\n") or set(edited_plain) != {"items", *after_keys}:
        return None
    after = source.encode("".join(lines[:start]) + spliced.removeprefix("items:\n") + "".join(lines[end:]))
    intended = {
        **before_plain,
        **edited_plain,
        "items": items[:first] + edited_plain["items"] + items[last + 1 :],
    }
    # the lists the new or changed items can concern through an id
    ids = {i for item in [*items[first : last + 1], *edited_plain["items"]] for i in _ids_of(item)}
    _read_more(root, loaded, files, files.mentioning(ids | touched))
    return _finish(
        root,
        loaded,
        doc,
        original,
        after,
        (intended, before_plain, touched),
        (summary_zh, summary_en, item_id),
        dry_run=dry_run,
        draft=draft,
    )


# change(header, items, append, doc): edits the list's header mapping and the mappings of the items in
# scope (by id) in place, appends new entries with append(value); returns (summary_zh, summary_en, item
# id, ids of the items it meant to touch)
ListChange = Callable[
    [Any, dict[str, Any], Callable[[Any], None], ListDoc], tuple[str, str, str | None, set[str]]
]


def transact_list(
    start: Path,
    names: set[str],
    locate: Callable[[Loaded], ListDoc],
    scope: Callable[[ListDoc], tuple[set[str], bool]],
    change: ListChange,
    *,
    dry_run: bool = False,
    draft: bool = False,
) -> EditResult:
    """One edit of a list's header and of several of its items together (scope: the ids of the items it
    changes, and whether it appends), at the cost of the change rather than of the file.

    Reads only the lists the edit can concern: those mentioning `names` or the list's id (its next ids,
    the lists adopting it), its template, and those mentioning an id of an item in scope, before or after
    (as transact_items reads them). The header (the lines before `items:`) and each item in scope (with
    the last item, when the edit appends) are round-tripped apart and spliced into the original text;
    where that cannot be done (another layout) the whole file is round-tripped. Either way the new bytes
    are proved as transact() proves them. A list this path cannot find goes through transact()."""
    root = find_root(start)
    with repository_lock(root):
        loaded = load_repository(root, lists=())
        files = mentions.read_lists(loaded.config)
        _read_more(root, loaded, files, files.mentioning(names))
        try:
            doc = locate(loaded)
            _read_more(root, loaded, files, files.mentioning({doc.id}))
            if doc.template:
                _read_more(root, loaded, files, _template_files(files, doc.template))
            again = locate(loaded)
            found: ListDoc | None = again if again.file == doc.file else None
        except (_NotFound, EditRefused):
            found = None
        if found is not None:
            doc = found
            _check_parsable(loaded, doc.file)
            wanted, appends = scope(doc)
            original = _read_list(root, doc.file)
            edit = _list_in_parts(original, doc.data, wanted, appends, change, doc)
            if edit is None:
                edit = _list_whole(original, doc, wanted, change)
            after, intended, summary, touched, seen = edit
            _read_more(root, loaded, files, files.mentioning(seen | touched))
            return _finish(
                root,
                loaded,
                doc,
                original,
                after,
                (intended, doc.data, touched),
                summary,
                dry_run=dry_run,
                draft=draft,
            )
    return transact(start, locate, _whole_change(change), dry_run=dry_run, draft=draft)


_PartsEdit = tuple[bytes, Any, tuple[str, str, str | None], set[str], set[str]]


def _whole_change(change: ListChange) -> Callable[[Any, ListDoc], tuple[str, str, str | None, set[str]]]:
    def run(data: Any, doc: ListDoc) -> tuple[str, str, str | None, set[str]]:
        items = {str(i.get("id")): i for i in data["items"] if isinstance(i, dict)}
        return change(data["list"], items, lambda value: yamlio.append_entry(data["items"], value), doc)

    return run


def _list_whole(original: bytes, doc: ListDoc, wanted: set[str], change: ListChange) -> _PartsEdit:
    """The edit over the whole file's round trip (spliced as transact() splices it)."""
    try:
        rt = yamlio.rt_load(original)
    except yamlio.FileProblem as problem:
        raise EditRefused(
            f"{doc.file} 无法编辑（{problem.code}）", f"{doc.file} cannot be edited ({problem.code})"
        ) from None
    canonical = rt.dump()
    items = {str(i.get("id")): i for i in rt.data["items"] if isinstance(i, dict) and i.get("id") in wanted}
    zh, en, item_id, touched = change(
        rt.data["list"], items, lambda value: yamlio.append_entry(rt.data["items"], value), doc
    )
    spliced = splice_bytes(original, canonical, rt.dump(), rt.source)
    if spliced is None:
        raise EditRefused(
            f"{doc.file} 不是规范格式，且改动处附近的格式与规范格式不同；请先运行 qingdan fmt {doc.file}",
            f"{doc.file} is not in canonical form near the edit; run qingdan fmt {doc.file} first",
        )
    intended = yamlio.to_plain(rt.data)
    seen = {
        i
        for data in (doc.data, intended)
        for item in data.get("items") or []
        if isinstance(item, dict) and item.get("id") in touched
        for i in _ids_of(item)
    }
    return spliced, intended, (zh, en, item_id), touched, seen


def _list_in_parts(
    original: bytes, before: Any, wanted: set[str], appends: bool, change: ListChange, doc: ListDoc
) -> _PartsEdit | None:
    """The edit with the header and each item in scope round-tripped apart; None where the layout does
    not allow it (the caller then round-trips the whole file)."""
    source = yamlio.decode(original)
    lines = source.text.splitlines(keepends=True)
    items = before.get("items")
    keys = list(before)
    if not isinstance(items, list) or not items or "list" not in keys or "items" not in keys:
        return None
    if keys.index("list") > keys.index("items"):
        return None
    heads = [n for n, line in enumerate(lines) if line.rstrip() == "items:"]
    if len(heads) != 1:
        return None
    head_text = "".join(lines[: heads[0]])
    head_keys = keys[: keys.index("items")]
    try:
        head = yamlio.rt_load(head_text.encode("utf-8"))
    except yamlio.FileProblem:
        return None
    if yamlio.to_plain(head.data) != {k: before[k] for k in head_keys}:
        return None
    head_canonical = _text(head.dump())
    by_id: dict[str, int] = {}
    for index, item in enumerate(items):
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            by_id.setdefault(item["id"], index)
    if any(i not in by_id for i in wanted):
        return None
    indices = sorted({by_id[i] for i in wanted} | ({len(items) - 1} if appends else set()))
    parts: list[tuple[int, int, int, str, yamlio.RoundTrip, str, list[str]]] = []
    for index in indices:
        item_id = items[index].get("id") if isinstance(items[index], dict) else None
        place = _block(lines, before, {item_id}) if isinstance(item_id, str) else None
        if place is None or place[0] != index or place[1] != index or place[2] < heads[0]:
            return None
        after_keys = keys[keys.index("items") + 1 :] if index == len(items) - 1 else []
        block = "items:\n" + "".join(lines[place[2] : place[3]])
        try:
            rt = yamlio.rt_load(block.encode("utf-8"))
        except yamlio.FileProblem:
            return None
        if yamlio.to_plain(rt.data) != {"items": [items[index]], **{k: before[k] for k in after_keys}}:
            return None
        parts.append((index, place[2], place[3], block, rt, _text(rt.dump()), after_keys))
    header = head.data.get("list")
    maps = {items[p[0]]["id"]: p[4].data["items"][0] for p in parts if items[p[0]]["id"] in wanted}
    tail = parts[-1][4].data["items"] if appends else None

    def append(value: Any) -> None:
        if tail is None:
            raise QingdanError("append outside the edit's scope")
        yamlio.append_entry(tail, value)

    zh, en, item_id, touched = change(header, maps, append, doc)
    new_head = splice(head_text, head_canonical, _text(head.dump()))
    if new_head is None or set(yamlio.to_plain(head.data)) != set(head_keys):
        return None
    out = list(lines)
    new_items = list(items)
    appended: list[Any] = []
    after_values: dict[str, Any] = {}
    for index, first, end, block, rt, canonical, after_keys in reversed(parts):
        plain = yamlio.to_plain(rt.data)
        spliced = splice(block, canonical, _text(rt.dump()))
        if spliced is None or not spliced.startswith("items:\n") or set(plain) != {"items", *after_keys}:
            return None
        count = len(plain["items"])
        if count != 1 and not (appends and index == len(items) - 1 and count >= 1):
            return None
        new_items[index] = plain["items"][0]
        if index == len(items) - 1:
            appended = plain["items"][1:]
            after_values = {k: plain[k] for k in after_keys}
        out[first:end] = [spliced.removeprefix("items:\n")]
    out[: heads[0]] = [new_head]
    intended = {**before, **yamlio.to_plain(head.data), "items": new_items + appended, **after_values}
    seen = {
        i
        for item in [*(items[p[0]] for p in parts), *(new_items[p[0]] for p in parts), *appended]
        for i in _ids_of(item)
    }
    return source.encode("".join(out)), intended, (zh, en, item_id), touched, seen


def _read_more(root: Path, loaded: Loaded, files: mentions.ListBytes, names: list[str]) -> None:
    """Add these lists (read again, with every guard) to loaded, in repository order."""
    have = {doc.file for doc in loaded.docs} | set(loaded.texts)
    for rel in dict.fromkeys(names):
        if rel in have:
            continue
        have.add(rel)
        loaded.files += 1
        data, text, found = read_document(root, rel, "list")
        loaded.findings += found
        loaded.texts[rel] = text
        if data is not None:
            loaded.docs.append(ListDoc(rel, text, data))
    loaded.docs.sort(key=lambda doc: doc.file)


def _template_files(files: mentions.ListBytes, template: str) -> list[str]:
    """The files that may be the list `template`: those whose header line is `id: <template>`, and any
    that could spell it otherwise (a backslash); every file mentioning it when none is written so."""
    candidates = files.mentioning({template})
    header = re.compile(
        rb"^[ \t]*id:[ \t]*[\"']?" + re.escape(template.encode("utf-8")) + rb"[\"']?[ \t]*(?:#.*)?\r?$", re.M
    )
    exact = [n for n in candidates if header.search(files.files[n]) or b"\\" in files.files[n]]
    return exact or candidates


def _ids_of(item: Any) -> list[str]:
    """The ids an item carries or names: rules across files relate items only through these (an item's
    `from` relates it to its template alone, which _template_files reads)."""
    if not isinstance(item, dict):
        return []
    retired = item.get("retired")
    values = [item.get("id")]
    for key, holder in (("previous_ids", item), ("merged_from", item), ("replaced_by", retired)):
        found = holder.get(key) if isinstance(holder, dict) else None
        values += found if isinstance(found, list) else [found]
    return [v for v in values if isinstance(v, str)]


def _block(lines: list[str], data: Any, wanted: set[str] | str) -> tuple[int, int, int, int] | None:
    """(first item, last item, first line, line after) of the block holding the wanted items: from the
    line of the first one's `-` to the line of the next item's `-` (or the end of the file).

    The entries are the lines that begin with `-` at the indentation of the first line under a
    top-level `items:`; None where there are not exactly as many as items (another layout). The
    caller proves that the block means exactly those items before editing it."""
    items = data.get("items")
    if not isinstance(items, list) or not items:
        return None
    heads = [n for n, line in enumerate(lines) if line.rstrip() == "items:"]
    if len(heads) != 1:
        return None
    body = [
        n
        for n in range(heads[0] + 1, len(lines))
        if lines[n].strip() and not lines[n].lstrip().startswith("#")
    ]
    if not body:
        return None
    indent = lines[body[0]][: len(lines[body[0]]) - len(lines[body[0]].lstrip(" "))]
    entry = indent + "- "
    starts = [n for n in body if lines[n].startswith(entry) or lines[n].rstrip() == indent + "-"]
    if len(starts) != len(items) or starts[0] != body[0]:
        return None
    if wanted == TAIL:
        indices = [len(items) - 1]
    else:
        indices = [i for i, item in enumerate(items) if isinstance(item, dict) and item.get("id") in wanted]
        if not indices:
            return None
    first, last = min(indices), max(indices)
    end = starts[last + 1] if last + 1 < len(items) else len(lines)
    return first, last, starts[first], end


def _read_list(root: Path, rel: str) -> bytes:
    try:
        return read_regular(root / rel, yamlio.MAX_BYTES, root)
    except ReadRefused as refused:
        raise EditRefused(
            f"{rel} 无法编辑（{refused.code}），请先运行 qingdan validate {rel}",
            f"{rel} cannot be edited ({refused.code}); run qingdan validate {rel}",
        ) from None


def _comment_at(raw: bytes, line: int) -> str:
    text = yamlio.decode(raw).text.splitlines()[line - 1]
    return text[text.index("#") :].strip() if "#" in text else ""


def _text(raw: bytes) -> str:
    return yamlio.decode(raw).text


def splice_bytes(original: bytes, canonical: bytes, edited: bytes, source: yamlio.Source) -> bytes | None:
    """The edited bytes with every line outside the edit as in original; None as splice() says."""
    text = splice(_text(original), _text(canonical), _text(edited))
    return None if text is None else source.encode(text)


def reread_problem(after: bytes, intended: Any, reread: Any = None) -> Text | None:
    """Why bytes about to be written do not read back as exactly the intended data, or None.

    reread, when given, is what the fast reader already read from after."""
    if reread is None:
        try:
            _, reread = yamlio.load_bytes(after)
        except yamlio.FileProblem as problem:
            return Text(
                f"生成的文件无法解析（{problem.code}）", f"the result would not parse ({problem.code})"
            )
    if reread != intended:
        return Text(
            "生成的文本与预期数据不一致（请报告此问题）",
            "the text produced does not mean the intended data (please report this)",
        )
    return None


def _verify_meaning(
    file: str, after: bytes, intended: Any, before: Any, touched: set[str], reread: Any = None
) -> None:
    """The written bytes must read back as exactly the intended data, changing only the touched items."""
    problem = reread_problem(after, intended, reread)
    if problem is not None:
        raise EditRefused("改动未写入：" + problem.zh, "nothing written: " + problem.en)
    old_items = {i.get("id"): i for i in before.get("items") or [] if isinstance(i, dict)}
    for item in intended.get("items") or []:
        if isinstance(item, dict) and item.get("id") not in touched and item.get("id") in old_items:
            if old_items[item.get("id")] != item:
                raise EditRefused(
                    f"改动未写入：{file} 中未涉及的事项 {item.get('id')} 发生了变化（请报告此问题）",
                    f"nothing written: item {item.get('id')} of {file} changed although the edit did not touch it",
                )


# ---- the edits -------------------------------------------------------------------------------


def next_id(loaded: Loaded, doc: ListDoc) -> str:
    """The next never-used number: above every id, previous id and merged id carrying the list's prefix."""
    prefix = doc.id + "-"
    pattern = re.compile(re.escape(prefix) + r"([0-9]{4,})")
    highest, width = 0, 4
    for other in loaded.docs:
        for _, item in other.items():
            values = (
                [item.get("id")] + list(item.get("previous_ids") or []) + list(item.get("merged_from") or [])
            )
            retired = item.get("retired")
            if isinstance(retired, dict):
                values += list(retired.get("replaced_by") or [])
            for value in values:
                match = pattern.fullmatch(value) if isinstance(value, str) else None
                if match:
                    highest = max(highest, int(match.group(1)))
                    width = max(width, len(match.group(1)))
    return f"{prefix}{highest + 1:0{width}d}"


NESTED_KEYS = {
    "admission": (
        "approver",
        "document",
        "approved",
        "justification",
        "legality_review",
        "requested_by",
        "publicity",
    ),
    "resources": RESOURCE_KEYS,
    "review": ("interval_months", "next", "last", "result"),
    "publicity": ("start", "end"),
}


def _ordered(fields: dict[str, Any], order: tuple[str, ...] = ITEM_KEYS) -> dict[str, Any]:
    """Keys in the house order of the format (nested records too), unknown keys last."""
    known = [k for k in order if k in fields]
    out = {k: fields[k] for k in known + [k for k in fields if k not in order]}
    for key, sub_order in NESTED_KEYS.items():
        if isinstance(out.get(key), dict):
            out[key] = _ordered(out[key], sub_order)
    return out


def add_item(
    start: Path, list_name: str, fields: dict[str, Any], *, dry_run: bool = False, draft: bool = False
) -> EditResult:
    """Append a new item with the next free id, status active and since = the list's revision."""
    for key in ("id", "since", "status", "retired"):
        if key in fields:
            raise UsageError(
                f"「{key}」由 qingdan 自动填写，请从输入中删除",
                f"'{key}' is set by qingdan; remove it from the input",
            )
    state: dict[str, str] = {}

    def locate(loaded: Loaded) -> ListDoc:
        doc = _resolve_list(find_root(start), loaded, list_name)
        state["id"] = next_id(loaded, doc)
        return doc

    def change(data: Any, doc: ListDoc) -> tuple[str, str, str | None, set[str]]:
        revision = doc.header.get("revision")
        item = _ordered({**fields, "id": state["id"], "status": "active", "since": revision})
        yamlio.append_entry(data["items"], item)
        return (
            f"已新增事项 {state['id']}「{fields.get('name', '')}」（{revision} 版）",
            f"added item {state['id']} '{fields.get('name', '')}' (revision {revision})",
            state["id"],
            {state["id"]},
        )

    return transact_items(
        start, {list_name}, locate, lambda doc: TAIL, change, dry_run=dry_run, draft=draft, whole_list=True
    )


def retire_item(
    start: Path,
    item_id: str,
    reason: str,
    *,
    basis: list[dict[str, str]] | None = None,
    replaced_by: list[str] | None = None,
    note: str | None = None,
    date: str | None = None,
    evaluation: dict[str, str] | None = None,
    dry_run: bool = False,
) -> EditResult:
    """Write the tombstone (销号); the item stays in the file forever. A merged item is recorded
    in each successor's merged_from as well. evaluation ({date, conclusion, feedback}) records the
    evaluation a devolved item's exit as unsuitable, ineffective or completed rests on (QD808)."""
    if reason not in RETIRE_REASONS:
        raise UsageError(
            f"销号原因应为 {', '.join(RETIRE_REASONS)} 之一：{reason}",
            f"reason must be one of {', '.join(RETIRE_REASONS)}: {reason}",
        )
    if evaluation is not None:
        missing = [
            key for key in ("date", "conclusion", "feedback") if not (evaluation.get(key) or "").strip()
        ]
        if missing:
            options = "、".join(f"--evaluation-{key}" for key in missing)
            raise UsageError(
                f"销号评估须同时写明评估日期、结论和基层反馈；缺少 {options}",
                f"an evaluation names its date, conclusion and feedback together; missing {options.replace('、', ', ')}",
            )

    def locate(loaded: Loaded) -> ListDoc:
        doc, index = _find_item(loaded, item_id)
        item = doc.items()[[i for i, _ in doc.items()].index(index)][1]
        if item.get("status") == "retired":
            raise UsageError(f"事项 {item_id} 已经销号", f"item {item_id} is already retired")
        by_id = {i.get("id"): (d, i) for d in loaded.docs for _, i in d.items()}
        for successor in replaced_by or []:
            if successor == item_id:
                raise UsageError("事项不能由自己承接", "an item cannot replace itself")
            found = by_id.get(successor)
            if found is None:
                raise UsageError(f"承接事项 {successor} 不存在", f"successor {successor} does not exist")
            if found[1].get("status") != "active":
                raise UsageError(f"承接事项 {successor} 已销号", f"successor {successor} is retired")
            if found[0].file != doc.file and reason == "merged":
                raise UsageError(
                    f"合并的承接事项 {successor} 须在同一清单中",
                    f"successor {successor} must be in the same list",
                )
        return doc

    def change(data: Any, doc: ListDoc) -> tuple[str, str, str | None, set[str]]:
        items = {item["id"]: item for item in data["items"]}
        item = items[item_id]
        record: dict[str, Any] = {
            "revision": doc.header.get("revision"),
            "date": date or doc.header.get("effective"),
            "reason": reason,
        }
        if note:
            record["note"] = note
        if basis:
            record["basis"] = basis
        if replaced_by:
            record["replaced_by"] = replaced_by
        if evaluation is not None:
            record["evaluation"] = {
                key: evaluation[key].strip() for key in ("date", "conclusion", "feedback")
            }
        yamlio.set_key(item, "status", "retired", ITEM_KEYS)
        yamlio.set_key(item, "retired", record, ITEM_KEYS)
        touched = {item_id}
        if reason == "merged":
            for successor in replaced_by or []:
                target = items[successor]
                merged = [str(v) for v in target.get("merged_from") or []]
                if item_id not in merged:
                    yamlio.set_key(target, "merged_from", merged + [item_id], ITEM_KEYS)
                touched.add(successor)
        label = VALUE_LABELS["reason"][reason]
        return (
            f"已销号事项 {item_id}（原因：{label.zh}）",
            f"retired item {item_id} (reason: {label.en})",
            item_id,
            touched,
        )

    named = {item_id, *(replaced_by or [])}
    merged = named if reason == "merged" else {item_id}  # a merge also writes its successors' merged_from
    return transact_items(start, named, locate, lambda doc: merged, change, dry_run=dry_run)


def _coerce(key: str, value: str) -> Any:
    """A command-line value in the type the schema wants for key."""
    if key == "devolved":
        lowered = value.strip().lower()
        if lowered in ("true", "yes", "是", "1"):
            return True
        if lowered in ("false", "no", "否", "0"):
            return False
        raise UsageError(f"devolved 应为 true 或 false：{value}", f"devolved must be true or false: {value}")
    if key in ("staffing", "interval_months"):
        try:
            return int(value)
        except ValueError:
            raise UsageError(f"{key} 应为整数：{value}", f"{key} must be a whole number: {value}") from None
    if key == "funding":
        try:
            number = float(value)
        except ValueError:
            raise UsageError(f"{key} 应为数字：{value}", f"{key} must be a number: {value}") from None
        if not math.isfinite(number):
            raise UsageError(f"{key} 应为有限的数字：{value}", f"{key} must be a finite number: {value}")
        return int(number) if number.is_integer() and "." not in value else number
    if key in yamlio.DATE_KEYS:
        return parse_date(value, key)
    if key in ("cooperating_departments", "previous_ids", "merged_from"):
        return [v.strip() for v in re.split(r"[,，、]", value) if v.strip()]
    return value


def parse_assignment(text: str) -> tuple[list[str], str, str]:
    """KEY=VALUE, KEY+=VALUE (append to a list, e.g. basis), KEY-=VALUE (remove), KEY= (delete key)."""
    match = re.match(r"^([A-Za-z_][A-Za-z0-9_.]*)\s*(\+=|-=|=)(.*)$", text, re.S)
    if not match:
        raise UsageError(f"无法理解「{text}」，请写作 键=值", f"cannot read '{text}'; write KEY=VALUE")
    key, op, value = match.group(1), match.group(2), match.group(3)
    # never change a value silently: blank is not "delete" (that is KEY=), and spaces are not trimmed
    if value and not value.strip():
        raise UsageError(
            f"「{key}」的值只有空白；要删除该字段请写 {key}=（等号后不留空格）",
            f"the value of '{key}' is blank; to delete the key write {key}= (nothing after the '=')",
        )
    if value != value.strip():
        raise UsageError(
            f"「{key}」的值首尾有空白：{value!r}；qingdan 不会替您删去，请去掉首尾空白后重试",
            f"the value of '{key}' begins or ends with white space: {value!r}; remove it and try again",
        )
    return key.split("."), op, value


def key_paths(section: str) -> tuple[tuple[str, ...], ...]:
    """Every key path the list schema knows for an item (section "item") or a list header ("list")."""
    schema = load_schema("list")

    def walk(node: dict[str, Any], prefix: tuple[str, ...]) -> list[tuple[str, ...]]:
        if "$ref" in node:
            node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
        paths: list[tuple[str, ...]] = []
        for key, sub in (node.get("properties") or {}).items():
            resolved = schema["$defs"][sub["$ref"].rsplit("/", 1)[-1]] if "$ref" in sub else sub
            if resolved.get("type") == "object" and resolved.get("properties"):
                paths += walk(resolved, (*prefix, key))
            else:
                paths.append((*prefix, key))
        return paths

    root = schema["properties"]["list"] if section == "list" else schema["$defs"]["item"]
    return tuple(walk(root, ()))


def resolve_key(path: list[str], paths: tuple[tuple[str, ...], ...]) -> list[str]:
    """A bare leaf name (`staffing`) as the one dotted key that ends in it (`resources.staffing`).

    A key the schema knows as written, a dotted key, or a name no key ends in is returned unchanged
    (validation then reports an unknown key); a name that ends several keys is a usage error naming them.
    """
    if len(path) > 1 or any(p[0] == path[0] for p in paths):
        return path
    settable = [p for p in paths if p[-1] == path[0] and p[0] not in FIXED_KEYS]
    if len(settable) == 1:
        return list(settable[0])
    if len(settable) > 1:
        names = "、".join(".".join(p) for p in settable)
        raise UsageError(
            f"「{path[0]}」可能指 {names}，请写完整的键",
            f"'{path[0]}' could mean {names.replace('、', ', ')}; write the full key",
        )
    return path


def _apply(target: Any, path: list[str], op: str, raw: str, order: tuple[str, ...]) -> None:
    key = path[0]
    if len(path) > 1:
        if key not in ("resources", "review", "admission", "publicity", "unit", "adjustment"):
            raise UsageError(f"不支持的字段路径：{'.'.join(path)}", f"unsupported key path: {'.'.join(path)}")
        inner = target.get(key)
        if inner is None:
            yamlio.set_key(target, key, {}, order)
            inner = target[key]
        sub_order = RESOURCE_KEYS if key == "resources" else tuple(inner.keys()) + (path[1],)
        _apply(inner, path[1:], op, raw, sub_order)
        if not len(inner):
            yamlio.delete_key(target, key)
        return
    if op == "=" and raw == "":
        yamlio.delete_key(target, key)
        return
    if key == "basis":
        citations = [yamlio.to_plain(c) for c in target.get("basis") or []]
        citation = parse_basis(raw)
        if op == "+=":
            citations.append(citation)
        elif op == "-=":
            kept = [
                c
                for c in citations
                if not (
                    c.get("instrument") == citation["instrument"]
                    and c.get("article") == citation.get("article")
                )
            ]
            if len(kept) == len(citations):
                raise UsageError(f"事项没有依据「{raw}」", f"the item has no basis '{raw}'")
            citations = kept
        else:
            citations = [citation]
        if citations:
            yamlio.set_key(target, "basis", citations, order)
        else:
            yamlio.delete_key(target, "basis")
        return
    value = _coerce(key, raw)
    if op in ("+=", "-="):
        current = [str(v) for v in target.get(key) or []]
        extra = value if isinstance(value, list) else [value]
        value = (
            current + [v for v in extra if v not in current]
            if op == "+="
            else [v for v in current if v not in extra]
        )
        if not value:
            yamlio.delete_key(target, key)
            return
    yamlio.set_key(target, key, value, order)


def set_fields(
    start: Path, target_id: str, assignments: list[str], *, dry_run: bool = False, draft: bool = False
) -> EditResult:
    """Change an item's fields (or a list's header fields when target_id is a list id)."""
    parsed = [parse_assignment(a) for a in assignments]
    if not parsed:
        raise UsageError("没有要修改的字段（键=值）", "nothing to set (KEY=VALUE)")
    state: dict[str, bool] = {}

    def locate(loaded: Loaded) -> ListDoc:
        for doc in loaded.docs:
            if doc.id == target_id:
                state["list"] = True
                for path, _, _ in parsed:
                    if path[0] in ("id", "revision", "baseline"):
                        raise UsageError(
                            f"清单的「{path[0]}」不能直接修改（版次请用 qingdan revision）",
                            f"the list's '{path[0]}' cannot be set (use qingdan revision for revisions)",
                        )
                return doc
        for path, _, _ in parsed:
            if path[0] in FIXED_KEYS:
                raise UsageError(
                    f"「{path[0]}」不能用 set 修改（销号请用 qingdan retire）",
                    f"'{path[0]}' cannot be set (use qingdan retire to retire an item)",
                )
        return _find_item(loaded, target_id)[0]

    notes: list[Text] = []

    def change(data: Any, doc: ListDoc) -> tuple[str, str, str | None, set[str]]:
        notes.clear()  # what this run read, if an earlier one handed over to the whole-file edit
        if state.get("list"):
            order: tuple[str, ...] = LIST_KEYS
            target, touched = data["list"], set()
        else:
            target = next(item for item in data["items"] if item.get("id") == target_id)
            order, touched = ITEM_KEYS, {target_id}
        paths = key_paths("list" if state.get("list") else "item")
        for i, (typed, op, raw) in enumerate(parsed):
            path = resolve_key(typed, paths)
            if path != typed:
                dotted = ".".join(path)
                notes.append(Text(f"「{typed[0]}」即 {dotted}", f"'{typed[0]}' read as {dotted}"))
            enum = labels.ENUMS.get(".".join(path) if len(path) > 1 else path[0])
            if enum is not None and op == "=" and raw:
                raw = labels.to_code(enum, raw) or raw  # a printed label names its code
            parsed[i] = (path, op, raw)
            _apply(target, path, op, raw, order)
        changed = [".".join(p) for p, op, raw in parsed if not (op == "=" and raw == "")]
        deleted = [".".join(p) for p, op, raw in parsed if op == "=" and raw == ""]
        zh = [f"已修改 {target_id}：{'、'.join(changed)}"] if changed else []
        en = [f"changed {target_id}: {', '.join(changed)}"] if changed else []
        if deleted:
            zh.append(f"已删除 {target_id} 的字段：{'、'.join(deleted)}")
            en.append(f"deleted from {target_id}: {', '.join(deleted)}")
        return "；".join(zh), "; ".join(en), target_id, touched

    def scope(doc: ListDoc) -> Scope:
        return None if state.get("list") else {target_id}  # a list's header: the whole file

    result = transact_items(start, {target_id}, locate, scope, change, dry_run=dry_run, draft=draft)
    result.notes = notes
    return result


def start_revision(
    start: Path, list_name: str, effective: str | None = None, *, dry_run: bool = False
) -> EditResult:
    """Start the list's next revision ("2025.2" → "2025.3"), optionally with its effective date."""

    def locate(loaded: Loaded) -> ListDoc:
        return _resolve_list(find_root(start), loaded, list_name)

    def change(data: Any, doc: ListDoc) -> tuple[str, str, str | None, set[str]]:
        old = str(data["list"].get("revision", ""))
        if revision_key(old) == (0, 0):
            raise UsageError(f"清单版次无效：{old}", f"the list's revision is not valid: {old}")
        new = next_revision(old)
        yamlio.set_key(data["list"], "revision", new, LIST_KEYS)
        if effective:
            old_effective = str(data["list"].get("effective", ""))
            if effective <= old_effective:
                raise UsageError(
                    f"新版次的生效日期 {effective} 应晚于 {old_effective}",
                    f"the new effective date {effective} must be after {old_effective}",
                )
            yamlio.set_key(data["list"], "effective", effective, LIST_KEYS)
        yamlio.delete_key(data["list"], "approval")  # the new revision is a draft until it is published
        return f"{doc.id}：版次 {old} → {new}", f"{doc.id}: revision {old} → {new}", None, set()

    return transact(start, locate, change, dry_run=dry_run, draft=True)


def publish_revision(
    start: Path, list_name: str, approver: str, document: str, date: str, *, dry_run: bool = False
) -> EditResult:
    """Record that the list's current revision was approved as a whole and issued (印发): list.approval.

    From then on the revision is closed: a change needs a new revision, or an errata commit.
    """
    date = parse_date(date, "--date")
    for value, zh, en in ((approver, "审定机关", "approver"), (document, "印发文号", "document")):
        if not value.strip():
            raise UsageError(f"{zh}不能为空", f"the {en} must not be empty")

    def locate(loaded: Loaded) -> ListDoc:
        return _resolve_list(find_root(start), loaded, list_name)

    def change(data: Any, doc: ListDoc) -> tuple[str, str, str | None, set[str]]:
        header = data["list"]
        revision = str(header.get("revision", ""))
        if isinstance(header.get("approval"), dict):
            raise UsageError(
                f"{doc.id} 的 {revision} 版已印发；再作调整请先运行 qingdan revision {doc.id}",
                f"revision {revision} of {doc.id} is already published; run qingdan revision {doc.id} to change it",
            )
        effective = str(header.get("effective", ""))
        record = {"approver": approver.strip(), "document": document.strip(), "date": date}
        yamlio.set_key(header, "approval", record, LIST_KEYS)
        return (
            f"{doc.id}：{revision} 版已印发（{record['document']}，{date}；生效日期 {effective}）",
            f"{doc.id}: revision {revision} published ({record['document']}, {date}; effective {effective})",
            None,
            set(),
        )

    return transact(start, locate, change, dry_run=dry_run)


@dataclass
class FmtResult:
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    failed: list[Finding] = field(default_factory=list)


def fmt(start: Path, paths: list[Path] | None = None, *, check: bool = False) -> FmtResult:
    """Rewrite YAML files of the repository into canonical form (with check, only report them)."""
    root = find_root(start)
    loaded_names: list[str]
    config, _ = load_config(root)
    if paths:
        loaded_names = []
        for p in paths:
            if not p.exists():
                raise UsageError(f"路径不存在：{p}", f"no such file or folder: {p}")
            files = sorted(f for f in p.rglob("*.yaml") if f.is_file()) if p.is_dir() else [p]
            loaded_names += [config.relative(f) for f in files]
    else:
        loaded_names = sorted(
            set(config.list_files()) | {n for n in config.registry_files() if (root / n).is_file()}
        )
    result = FmtResult()
    with repository_lock(root):
        for name in loaded_names:
            try:
                raw = read_regular(root / name, yamlio.MAX_BYTES, root)
            except ReadRefused as refused:
                result.failed.append(file_finding(name, refused.code, None, None, **refused.args_))
                continue
            try:
                doc = yamlio.rt_load(raw)
            except yamlio.FileProblem as problem:
                result.failed.append(
                    file_finding(name, problem.code, problem.line, problem.column, **problem.args_)
                )
                continue
            if doc.is_canonical():
                result.unchanged += 1
                continue
            new = doc.dump()
            lost = yamlio.lost_comments(yamlio.decode(raw).text, yamlio.decode(new).text)
            if lost is not None:
                # ruamel drops comments in a few placements: never trade a drafter's note for tidiness
                result.failed.append(file_finding(name, "QD022", lost, 1, comment=_comment_at(raw, lost)))
                continue
            result.changed.append(name)
            if not check:
                changed = reread_problem(new, yamlio.load_bytes(raw)[1])
                if changed is not None:
                    raise EditRefused(f"{name} 未写入：{changed.zh}", f"{name} not written: {changed.en}")
                safe_write(root, Path(name), new, expected=raw)
    return result
