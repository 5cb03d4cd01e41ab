"""qingdan fmt: canonical form without losing a comment, and refusals that name the place."""

from __future__ import annotations

from pathlib import Path

from conftest import list_header

ITEM = """  - id: T-0001
    name: 安全生产监督检查
    category: basic
    domain: 平安法治
    basis:
      - instrument: 安全生产法
        article: 第九条
    status: active
    since: "2025.1"
"""


def test_fmt_leaves_a_file_whose_comments_it_would_drop(repo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    # valid YAML, but ruamel forgets comments between a key and a value on the next line
    text = list_header() + ITEM.replace(
        "    domain: 平安法治\n", "    domain:\n      # 领域待定\n      平安法治\n"
    )
    path = repo / "lists" / "case.yaml"
    path.write_text(text, encoding="utf-8")
    result = cli(repo, "fmt", "--lang", "en")
    assert result.exit_code == 1
    assert "QD022" in result.output and "# 领域待定" in result.output and "16:1" in result.output
    assert path.read_text(encoding="utf-8") == text


def test_fmt_reports_what_the_round_trip_loader_cannot_take(repo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    # yaml-test-suite P94K: valid YAML that ruamel's round-trip loader refuses
    header = list_header().replace(
        "  issuer: 中共测试县委\n", "  issuer:    # 发布机关\n          # 待定\n    中共测试县委\n\n"
    )
    text = header + ITEM
    path = repo / "lists" / "case.yaml"
    path.write_text(text, encoding="utf-8")
    assert cli(repo, "validate").exit_code == 0
    result = cli(repo, "fmt")
    assert result.exit_code == 1 and "QD021" in result.output, result.output
    assert "7:14" in result.output  # where the comment that cannot be placed starts
    assert path.read_text(encoding="utf-8") == text


def test_fmt_rewrites_and_check_names_the_files(repo: Path, cli) -> None:  # type: ignore[no-untyped-def]
    path = repo / "lists" / "case.yaml"
    path.write_text(
        list_header()
        + ITEM.replace("    basis:\n      - instrument", "    basis:\n    - instrument").replace(
            "        article", "      article"
        ),
        encoding="utf-8",
    )
    check = cli(repo, "fmt", "--check", "--lang", "en")
    assert check.exit_code == 1 and "not canonical: lists/case.yaml" in check.output
    assert cli(repo, "fmt").exit_code == 0
    assert "    basis:\n      - instrument: 安全生产法\n        article: 第九条\n" in path.read_text(
        encoding="utf-8"
    )
    assert cli(repo, "fmt", "--check").exit_code == 0
