"""qingdan sync as text, Markdown and JSON (Chinese unless --lang en), and its progress bar on stderr."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, Any

from qingdan.i18n import Text
from qingdan.labels import CATEGORY_LABELS, FIELD_LABELS, REASON_LABELS
from qingdan.render.escape import md
from qingdan.render.terminal import Console, Progress, escape
from qingdan.sync import Conflict, ListSync, SyncReport

_HEAD = Text(
    "{list}（{file}）：模板 {template} {followed} → {target}",
    "{list} ({file}): template {template} {followed} → {target}",
)
_NOTHING = Text("已是最新，无需同步", "up to date, nothing to sync")
_ADDED = Text("新增（采用模板新事项）", "added (new template items)")
_RETIRED = Text("销号（随模板销号）", "retired (with the template)")
_UPDATED = Text("已跟进的模板改动", "template changes applied")
_CONFLICTS = Text("冲突（本清单已有本地改动，未覆盖）", "conflicts (changed locally, not applied)")
_SKIPPED = Text("未同步", "not synced")
_NEW_REVISION = Text("新版次 {revision}（草稿）", "new revision {revision} (draft)")
_ADMISSION = {
    "copied": Text("准入记录取自模板", "admission record copied from the template"),
    "needed": Text("须补充准入记录", "needs an admission record"),
    "none": Text("", ""),
}
_BASE = Text("基准", "base")
_TEMPLATE = Text("模板", "template")
_LOCAL = Text("本清单", "this list")
_NO_BASE = Text("不明", "unknown")
_REFUSED = Text("未写入", "not written")
_WOULD = Text("（试运行，未写入）", " (dry run, nothing written)")
_WRITTEN = Text("已写入", "written")
_TOTALS = Text(
    "共 {lists} 份清单，{changed} 份有改动：新增 {added} 项，销号 {retired} 项，跟进字段 {updated} 处，"
    "冲突 {conflicts} 处，未同步 {skipped} 项；写入 {written} 份，未写入 {refused} 份",
    "{lists} lists, {changed} with changes: {added} added, {retired} retired, {updated} fields applied, "
    "{conflicts} conflicts, {skipped} not synced; {written} written, {refused} refused",
)
_TITLE = Text("按模板 {template} {revision} 版同步", "sync with {template} revision {revision}")
_PROGRESS = Text("同步清单", "syncing lists")
_NONE = Text("未记录", "none")
_SEP = Text("、", ", ")
_COLON = Text("：", ": ")


def _c(lang: str) -> str:
    return _COLON.get(lang)


def _value(key: str, value: Any, lang: str) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if key == "category" and isinstance(value, str):
        label = CATEGORY_LABELS.get(value)
        return label.get(lang) if label else value
    if key == "basis" and isinstance(value, list):
        parts = []
        for entry in value:
            if isinstance(entry, dict):
                parts.append(f"《{entry.get('instrument', '')}》{entry.get('article', '') or ''}")
            else:
                parts.append(str(entry))
        return _SEP.get(lang).join(parts)
    if isinstance(value, list):
        return _SEP.get(lang).join(str(v) for v in value)
    return " ".join(str(value).split())


def _conflict_lines(c: Conflict, lang: str) -> list[str]:
    label = FIELD_LABELS.get(c.field, Text(c.field, c.field)).get(lang)
    base = _value(c.field, c.base, lang) if c.has_base else _NO_BASE.get(lang)
    return [
        f"{c.id} ← {c.source}  {label}",
        f"  {_BASE.get(lang)}{_c(lang)}{base}",
        f"  {_TEMPLATE.get(lang)}{_c(lang)}{_value(c.field, c.template, lang)}",
        f"  {_LOCAL.get(lang)}{_c(lang)}{_value(c.field, c.local, lang)}",
    ]


def _sections(r: ListSync, lang: str) -> Iterator[tuple[str, list[list[str]]]]:
    """(heading, entries) of one list; an entry is its first line and any lines under it."""
    if r.added:
        yield (
            _ADDED.get(lang),
            [[f"{a.id} ← {a.source}  {a.name}{_admission(a.admission, lang)}"] for a in r.added],
        )
    if r.retired:
        entries = []
        for t in r.retired:
            reason = REASON_LABELS.get(t.reason, Text(t.reason, t.reason)).get(lang)
            line = f"{t.id} ← {t.source}  {t.name}{_c(lang)}{reason}"
            if t.replaced_by:
                line += f" → {_SEP.get(lang).join(t.replaced_by)}"
            entries.append([line])
        yield _RETIRED.get(lang), entries
    if r.updated:
        yield (
            _UPDATED.get(lang),
            [
                [
                    f"{u.id} ← {u.source}  {FIELD_LABELS.get(u.field, Text(u.field, u.field)).get(lang)}{_c(lang)}"
                    f"{_value(u.field, u.old, lang)} → {_value(u.field, u.new, lang)}"
                ]
                for u in r.updated
            ],
        )
    if r.conflicts:
        yield _CONFLICTS.get(lang), [_conflict_lines(c, lang) for c in r.conflicts]
    if r.skipped:
        yield (
            _SKIPPED.get(lang),
            [
                [
                    f"{s.id} ← {s.source}{_c(lang)}{s.why.get(lang)}"
                    if s.id
                    else f"{s.source}{_c(lang)}{s.why.get(lang)}"
                ]
                for s in r.skipped
            ],
        )


def _admission(kind: str, lang: str) -> str:
    if kind == "none":
        return ""
    text = _ADMISSION[kind].get(lang)
    return f"（{text}）" if lang == "zh" else f" ({text})"


def _head(r: ListSync, lang: str) -> str:
    head = _HEAD.format(
        lang, list=r.list_id, file=r.file, template=r.template, followed=r.followed or _NONE.get(lang),
        target=r.target,
    )  # fmt: skip
    if r.new_revision:
        head += _SEP.get(lang) + _NEW_REVISION.format(lang, revision=r.new_revision)
    return head


def _status(r: ListSync, report: SyncReport, lang: str) -> str:
    if not r.changes:
        return _NOTHING.get(lang)
    if r.refused is not None:
        return f"{_REFUSED.get(lang)}{_c(lang)}{r.refused.get(lang)}"
    return _WOULD.get(lang).strip() if report.dry_run else _WRITTEN.get(lang)


_BRANCH = Text(
    "已提交到新分支 {branch}（{commit}）：推送后发起合并请求审阅",
    "committed on the new branch {branch} ({commit}): push it and open a merge request for review",
)


def _totals(report: SyncReport, lang: str) -> str:
    line = _TOTALS.format(lang, **report.totals()) + (_WOULD.get(lang) if report.dry_run else "")
    if report.branch is not None and report.commit is not None:
        line += "\n" + _BRANCH.format(lang, branch=report.branch, commit=report.commit[:10])
    return line


def render_text(report: SyncReport, lang: str, out: IO[str]) -> None:
    console = Console(file=out, highlight=False, soft_wrap=True)
    console.print(
        f"[bold]{escape(_TITLE.format(lang, template=report.template, revision=report.revision))}[/bold]"
    )
    for r in report.lists:
        console.print(f"[bold]{escape(_head(r, lang))}[/bold]  {escape(_status(r, report, lang))}")
        for heading, entries in _sections(r, lang):
            colour = "red" if heading == _CONFLICTS.get(lang) else None
            console.print(f"  [{colour}]{escape(heading)}[/{colour}]" if colour else f"  {escape(heading)}")
            for entry in entries:
                for n, line in enumerate(entry):
                    console.print(("    " if n == 0 else "      ") + escape(line))
        for note in r.notes:
            console.print(f"  {escape(note.get(lang))}")
        for finding in r.findings:
            where = f"{finding.file}:{finding.line or 0}:{finding.column or 0}"
            console.print(f"    {escape(where)} {finding.rule} {escape(finding.message(lang))}")
    console.print(escape(_totals(report, lang)))


def render_markdown(report: SyncReport, lang: str, out: IO[str]) -> None:
    out.write(f"# {md(_TITLE.format(lang, template=report.template, revision=report.revision))}\n\n")
    out.write(f"{md(_totals(report, lang))}\n\n")
    for r in report.lists:
        out.write(f"## {md(r.list_id)}\n\n{md(_head(r, lang))}{_c(lang)}{md(_status(r, report, lang))}\n\n")
        for heading, entries in _sections(r, lang):
            out.write(f"### {md(heading)}\n\n")
            for entry in entries:
                out.write(f"- {md(entry[0])}\n")
                for line in entry[1:]:
                    out.write(f"  - {md(line.strip())}\n")
            out.write("\n")
        for note in r.notes:
            out.write(f"> {md(note.get(lang))}\n\n")
        for finding in r.findings:
            where = f"{finding.file}:{finding.line or 0}:{finding.column or 0}"
            out.write(f"- {md(where)} {md(finding.rule)} {md(finding.message(lang))}\n")


def render_json(report: SyncReport, lang: str, out: IO[str]) -> None:
    json.dump(report.as_dict(lang), out, ensure_ascii=False, indent=2)
    out.write("\n")


SYNC_RENDERERS: dict[str, Callable[[SyncReport, str, IO[str]], None]] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
}

PROGRESS_FROM = 20  # lists: fewer finish before a bar would be worth drawing


@contextmanager
def progress_bar(lang: str, err: IO[str] | None = None) -> Iterator[Callable[[int, int], None]]:
    """A callback(done, total) drawing a bar on stderr (on a terminal, for PROGRESS_FROM lists or more)."""
    console = Console(file=err or sys.stderr)
    if not console.is_terminal:
        yield lambda done, total: None
        return
    with Progress(console=console, transient=True) as bar:
        task: list[Any] = []

        def update(done: int, total: int) -> None:
            if total < PROGRESS_FROM:
                return
            if not task:
                task.append(bar.add_task(_PROGRESS.get(lang), total=total))
            bar.update(task[0], completed=done)

        yield update
