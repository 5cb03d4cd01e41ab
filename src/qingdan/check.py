"""qingdan check: everything CI guards on every commit — the rules of validate, the history rules of
FORMAT.md against a base revision, and the freshness of the change reports."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qingdan import history
from qingdan.catalog import RULES_BY_CODE
from qingdan.config import find_root
from qingdan.diff import DiffResult
from qingdan.errors import UsageError
from qingdan.gitrepo import WORKTREE, GitRepo
from qingdan.history import ListMatcher
from qingdan.model import CheckResult, Finding, ListDoc
from qingdan.report import generate
from qingdan.resultcache import ResultCache
from qingdan.revisions import revision_key
from qingdan.rules import workload

# validation lives in qingdan.validate; what readers of a repository import from qingdan.check stays here
from qingdan.validate import MAX_FILE_FINDINGS as MAX_FILE_FINDINGS
from qingdan.validate import MAX_ITEMS as MAX_ITEMS
from qingdan.validate import MAX_RUN_FINDINGS as MAX_RUN_FINDINGS
from qingdan.validate import Loaded as Loaded
from qingdan.validate import StoppedByFindings as StoppedByFindings
from qingdan.validate import apply_severities as apply_severities
from qingdan.validate import broken_config as broken_config
from qingdan.validate import file_finding as file_finding
from qingdan.validate import load_config as load_config
from qingdan.validate import load_repository as load_repository
from qingdan.validate import locate as locate
from qingdan.validate import named_lists as named_lists
from qingdan.validate import read_document as read_document
from qingdan.validate import require_config as require_config
from qingdan.validate import run_rules as run_rules
from qingdan.validate import run_split
from qingdan.validate import validate as validate
from qingdan.workspace import Workspace

DEFAULT_BRANCHES = ("origin/HEAD", "origin/main", "origin/master", "main", "master")


def default_base(repo: GitRepo) -> str | None:
    """The merge base with the default branch. On the default branch itself: HEAD when the work tree
    has changes to YAML files (what is about to be committed, as in pre-commit), else the previous
    commit (what CI just received). None when there is nothing to compare with.
    """
    head = repo.head()
    if head is None:
        return None
    for name in DEFAULT_BRANCHES:
        try:
            branch = repo.resolve(name)
        except UsageError:
            continue
        base = repo.merge_base(branch, head)
        if base != head:
            return base
        break
    if any(d.path.endswith((".yaml", ".yml")) for d in repo.changed(head, WORKTREE)):
        return head
    try:
        return repo.resolve("HEAD~1")
    except UsageError:
        return None


def _finding(
    file: str, code: str, where: tuple[str | int, ...] = (), item: str | None = None, **args: Any
) -> Finding:
    return Finding(
        file=file, rule=code, severity=RULES_BY_CODE[code].severity, args=args, item=item, path=where
    )


@dataclass
class _Place:
    doc: ListDoc
    index: int
    item: dict[str, Any]


def _places(loaded: Loaded, places: workload.Places) -> tuple[dict[str, _Place], dict[str, ListDoc]]:
    lists = {doc.id: doc for doc in loaded.docs}
    return {item_id: _Place(*where) for item_id, where in places.items()}, lists


def is_published(header: dict[str, Any] | None) -> bool:
    """Whether a list header records the publication (印发) of its current revision."""
    return isinstance(header, dict) and isinstance(header.get("approval"), dict)


def history_findings(
    result: DiffResult,
    loaded: Loaded,
    base_label: str,
    base_ids: dict[str, str],
    base_headers: dict[str, dict[str, Any]] | None = None,
    places: workload.Places | None = None,
) -> list[Finding]:
    """The history rules of FORMAT.md, from the semantic diff between the base and the work tree.

    base_ids maps every previous id and merged id the base knew to the item that carried it;
    base_headers holds the base's list headers. A revision that the base holds as a draft (not yet
    published) and the work tree still carries is open: its own new items, its header and its
    content may change without a new revision. What was published stays under every rule.
    """
    out: list[Finding] = []
    if places is None:
        places = workload.item_places(loaded.docs)
    items, lists = _places(loaded, places)
    headers = base_headers or {}

    def open_draft(list_id: str | None) -> bool:
        base = headers.get(list_id or "")
        head = lists.get(list_id or "")
        return (
            base is not None
            and head is not None
            and not is_published(base)
            and base.get("revision") == head.header.get("revision")
        )

    def draft_item(change: Any) -> bool:
        """An item the open draft itself added: its since is the draft's revision."""
        list_id = change.list_before or change.list_id
        before = change.before if isinstance(change.before, dict) else {}
        return open_draft(list_id) and before.get("since") == headers[list_id].get("revision")

    removed = [c for c in result.changes if "removed" in c.kinds]
    added = [c for c in result.changes if "added" in c.kinds]
    # an id that changed without previous_ids looks like removed + added with the same name
    renamed_ids: dict[str, str] = {}
    for gone in removed:
        match = next(
            (a for a in added if a.name and a.name == gone.name and a.item not in renamed_ids.values()), None
        )
        if match is not None:
            renamed_ids[gone.item] = match.item
    for change in removed:
        if draft_item(change):
            continue  # added and removed again within one unpublished revision
        if change.item in renamed_ids:
            new_id = renamed_ids[change.item]
            place = items.get(new_id)
            if place is not None:
                out.append(
                    _finding(
                        place.doc.file,
                        "QD954",
                        ("items", place.index, "id"),
                        new_id,
                        name=change.name,
                        old=change.item,
                        new=new_id,
                    )
                )
            continue
        doc = lists.get(change.list_before or change.list_id)
        file, path = (doc.file, ("items",)) if doc is not None else (change.file_before or change.file, ())
        out.append(
            _finding(file, "QD951", path, change.item, id=change.item, name=change.name, base=base_label)
        )
    for change in result.changes:
        place = items.get(change.item)
        if place is None:
            continue
        where = ("items", place.index)
        if "added" in change.kinds and change.item not in renamed_ids.values():
            revision = place.doc.header.get("revision")
            since = place.item.get("since")
            if isinstance(revision, str) and since != revision:
                out.append(
                    _finding(
                        place.doc.file,
                        "QD956",
                        where + ("since",),
                        change.item,
                        id=change.item,
                        since=since,
                        revision=revision,
                    )
                )
            if change.item in base_ids:
                out.append(
                    _finding(
                        place.doc.file,
                        "QD953",
                        where + ("id",),
                        change.item,
                        id=change.item,
                        owner=base_ids[change.item],
                        base=base_label,
                    )
                )
        if "reinstated" in change.kinds and not isinstance(place.item.get("reinstated"), dict):
            out.append(_finding(place.doc.file, "QD952", where + ("status",), change.item, id=change.item))
        for field in change.fields:
            if field.path == "since" and change.before is not None and "added" not in change.kinds:
                out.append(
                    _finding(
                        place.doc.file,
                        "QD955",
                        where + ("since",),
                        change.item,
                        id=change.item,
                        old=field.old,
                        new=field.new,
                    )
                )
    for list_id, list_change in result.lists.items():
        doc = lists.get(list_id)
        before, after = list_change.revision_before, list_change.revision_after
        if doc is None or before is None or after is None:
            continue
        if revision_key(after) < revision_key(before):
            out.append(
                _finding(doc.file, "QD958", ("list", "revision"), None, list=list_id, old=before, new=after)
            )
            continue
        if open_draft(list_id):
            continue  # a draft changes freely until it is published; publishing it changes no revision
        header = [f.path for f in list_change.fields if f.path.split(".")[0] not in ("revision",)]
        if any(not na.errata for na in list_change.not_applicable):
            header.append("not_applicable")  # the records are part of the list, as its header is
        if header and revision_key(after) <= revision_key(before):
            out.append(
                _finding(
                    doc.file,
                    "QD961",
                    ("list", "revision"),
                    None,
                    list=list_id,
                    fields="、".join(header),
                    revision=after,
                )
            )
        changed = [c for c in result.changes_of(list_id) if not c.errata]
        if changed and revision_key(after) <= revision_key(before):
            out.append(
                _finding(
                    doc.file,
                    "QD957",
                    ("list", "revision"),
                    None,
                    list=list_id,
                    n=len(changed),
                    revision=after,
                )
            )
    out += workload.history_findings(result, loaded.docs, places)
    return out


def _base_state(ws: Workspace, base: str, loaded: Loaded) -> tuple[dict[str, str], dict[str, dict[str, Any]]]:
    """Previous ids and merged ids in the base's lists, each with the item that carried it; and the
    base's list headers by list id."""
    out: dict[str, str] = {}
    headers: dict[str, dict[str, Any]] = {}
    for parsed in ws.snapshot(base).values():
        if parsed.problem is not None:
            continue
        if parsed.list_id:
            headers.setdefault(parsed.list_id, parsed.header)
        # the items as parsed, not normalized: only two keys of each are read, and a base holds every list
        for item_id, item in parsed.raw_items.items():
            for key in ("previous_ids", "merged_from"):
                values = item.get(key)
                for old in values if isinstance(values, list) else ():
                    if isinstance(old, str) and old.strip() and old.strip() not in parsed.raw_items:
                        out.setdefault(old.strip(), item_id)
    return out, headers


# what one commit in a range can do that the range as a whole hides: a deleted id that a later commit
# gives to a new item reads, from the base, as an edit of that item; a revision published and then
# changed within one push reads as one new revision
_STEP_RULES = frozenset({"QD951", "QD952", "QD953", "QD957", "QD958", "QD961"})
_ZERO_ID = re.compile(r"0{40}|0{64}")


def _step_findings(
    ws: Workspace,
    base: str,
    loaded: Loaded,
    seen: set[tuple[str, str | None]],
    places: workload.Places | None = None,
) -> list[Finding]:
    """The id rules applied to each commit between base and HEAD that touched a list, one by one."""
    head = ws.revisions.head
    if head is None:
        return []
    matcher = ListMatcher(loaded.config)
    out: list[Finding] = []
    steps = [c for c in ws.revisions.commits(head, exclude=base) if len(c.parents) == 1]
    if len(steps) < 2:
        return []  # one commit: the range is the step
    for step in reversed(steps):
        if not any(matcher(d.path) for d in step.deltas):
            continue
        result = history.diff(ws.root, [step.parents[0], step.sha], reader=ws.reader)
        ids, headers = _base_state(ws, step.parents[0], loaded)
        for found in history_findings(result, loaded, step.parents[0][:10], ids, headers, places):
            key = (found.rule, found.item)
            if found.rule in _STEP_RULES and key not in seen:
                seen.add(key)
                out.append(found)
    return out


def report_findings(ws: Workspace, store: ResultCache | None = None) -> list[Finding]:
    out = []
    for written in generate(ws.root, check=True, skip_invalid=True, workspace=ws, store=store):
        if written.status in ("missing", "stale"):
            list_id, revision = written.path.split("/")[-2], written.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
            code = "QD971" if written.status == "missing" else "QD972"
            out.append(
                _finding(written.path, code, (), None, list=list_id, revision=revision, path=written.path)
            )
    return out


def check(
    start: Path | None = None, base: str | None = None, reports: bool = True, *, cache: bool = True
) -> CheckResult:
    """Validate, apply the history rules against base (default: see default_base), check report freshness.

    With cache, the lists' per-file results are kept in the git folder as validate keeps them."""
    with Workspace(find_root(start or Path.cwd())) as ws:
        loaded = ws.lists(config_findings=True)
        if loaded.config_broken:
            return run_rules(loaded)  # history and reports would be read with the wrong settings
        extra: list[Finding] = []
        repo = ws.git()
        if base is not None and _ZERO_ID.fullmatch(base.strip()):
            base = None  # a push that created the branch: there is no "before", use the default base
        base_sha = repo.resolve(base) if base else default_base(repo)
        if base_sha is None:
            extra.append(
                _finding(
                    ".",
                    "QD959",
                    (),
                    None,
                    reason="没有可比较的基准提交，历史规则未检查",
                    reason_en="no base commit to compare with; history rules not checked",
                )
            )
        else:
            label = base or base_sha[:10]
            result = history.diff(ws.root, [base_sha], reader=ws.reader)
            ids, headers = _base_state(ws, base_sha, loaded)
            places = workload.item_places(loaded.docs)  # once for the range and each step
            found = history_findings(result, loaded, label, ids, headers, places)
            seen = {(f.rule, f.item) for f in found}
            extra += found + _step_findings(ws, base_sha, loaded, seen, places)
        store = ResultCache.of(ws.root) if cache else None
        if reports:
            extra += report_findings(ws, store)
        return run_split(ws.root, preloaded=loaded, extra=extra, git=ws.git_or_none, store=store)
