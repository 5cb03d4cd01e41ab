"""An end-of-line comment stays on the line it was written on, whatever an edit appends after it.

Each case edits a list whose item, nested block or file ends on a commented line, through the real
command line; every commented line of the original must come out verbatim, and no line the edit
added may carry a comment (a comment that moved would annotate the wrong fact).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import list_header, run_qingdan

ITEMS = """  - id: T-0001
    name: 安全生产监督检查
    category: basic
    domain: 平安法治
    basis:
      - instrument: 安全生产法
        article: 第九条
    resources:
      staffing: 2   # 编制数以县编办核定为准
    status: active
    since: "2024.1"   # 事项最后一行

  # 二、配合履职事项
  - id: T-0002
    name: 消防安全检查
    category: basic
    domain: 平安法治
    status: active
    since: "2024.1"
    basis:
      - instrument: 消防法
        article: 第十五条   # 嵌套块最后一行

  - id: T-0003
    name: 统计调查
    category: basic
    domain: 经济发展
    basis:
      - instrument: 统计法
        article: 第七条
    status: active
    since: "2024.1"   # 文件最后一行
"""

CASES = {
    "retire, last line of an item": ["retire", "T-0001", "--reason", "unsuitable", "--note", "不宜承担"],
    "retire, last line of a nested block": ["retire", "T-0002", "--reason", "unsuitable"],
    "retire, last line of the file": ["retire", "T-0003", "--reason", "completed"],
    "retire merged, successor's last line": [
        "retire", "T-0003", "--reason", "merged", "--replaced-by", "T-0001",
    ],
    "add, last line of the file": ["add", "T", "--name", "新增事项", "--category", "basic", "--domain", "平安法治", "--draft"],
    "set new key, last line of an item": ["set", "T-0001", "note=新增备注"],
    "set new key, last line of a nested block": ["set", "T-0001", "resources.training=每年一次"],
    "set new key, item ending in a nested block": ["set", "T-0002", "note=新增备注"],
    "set new key, last line of the file": ["set", "T-0003", "note=新增备注"],
    "set list key, header": ["set", "T", "note=清单备注"],
    "set scalar, item ending in a nested block": ["set", "T-0002", "domain=民生服务"],
    "revision": ["revision", "T"],
}  # fmt: skip


def _commented(text: str) -> list[str]:
    return [line for line in text.splitlines() if "#" in line]


@pytest.mark.parametrize("args", CASES.values(), ids=CASES.keys())
def test_end_of_line_comments_stay_on_their_line(repo: Path, args: list[str]) -> None:
    path = repo / "lists" / "t.yaml"
    before = list_header("2024.1") + ITEMS
    path.write_text(before, encoding="utf-8")
    done = run_qingdan(repo, *args, "--lang", "en")
    assert done.returncode == 0, done.stdout + done.stderr
    after = path.read_text(encoding="utf-8")
    assert after != before
    assert _commented(after) == _commented(before), after
    old_lines = set(before.splitlines())
    added = [line for line in after.splitlines() if line not in old_lines]
    assert added and not [line for line in added if "#" in line], added
