"""laws import on the folders people actually have: a law with 10,000 articles, a file saved with a
byte order mark, and one broken file among good ones (it is skipped and named; the rest is imported)."""

from __future__ import annotations

from pathlib import Path

from conftest import run_qingdan
from qingdan.citations import int_to_cn

HEAD = "# {title}\n\n2020年1月1日 测试机关发布（为测试编写的文本）\n\n<!-- INFO END -->\n\n"


def _law(folder: Path, name: str, title: str, articles: list[str], encoding: str = "utf-8") -> None:
    body = "".join(f"第{number}条 内容。\n\n" for number in articles)
    (folder / name).write_text(HEAD.format(title=title) + body, encoding=encoding)


def test_import_counts_bom_and_names_the_bad_file(repo: Path) -> None:
    texts = repo / "texts"
    texts.mkdir()
    _law(texts, "大法典(2020-01-01).md", "大法典", [int_to_cn(i) for i in range(1, 10000)] + ["一万"])
    _law(texts, "带签名法(2020-01-01).md", "带签名法", ["一", "二"], encoding="utf-8-sig")
    _law(texts, "坏日期法(2020-13-45).md", "坏日期法", ["一"])
    done = run_qingdan(repo, "laws", "import", "texts", "--lang", "en")
    assert done.returncode == 0, done.stdout + done.stderr
    registry = (repo / "lists" / "laws.yaml").read_text(encoding="utf-8")
    assert "title: 大法典" in registry and "articles: 10000}" in registry
    assert "title: 带签名法" in registry
    assert "坏日期法" not in registry
    assert "坏日期法(2020-13-45).md" in done.stdout and "2020-13-45" in done.stdout
