"""qingdan init: a list repository a provincial or county team can start from on day one."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from qingdan.config import DEFAULT_APPROVERS, DEFAULT_DOMAINS
from qingdan.errors import UsageError
from qingdan.fsutil import atomic_write
from qingdan.gitrepo import GIT_CONFIG_COMMAND, GITATTRIBUTES_LINE
from qingdan.schema import SCHEMA_NAMES

GITATTRIBUTES = GITATTRIBUTES_LINE + "\n"

CONFIG = f"""# yaml-language-server: $schema=schemas/config.schema.json
# qingdan 配置（qingdan configuration）。删除某项即使用注释中的默认值。
qingdan: 1

# 清单文件（相对于仓库根目录的通配路径）
lists: ["lists/**/*.yaml"]
# 法律法规库与部门名录
laws: lists/laws.yaml
departments: lists/departments.yaml
# 法律文本目录（每个版本一个 Markdown 文件）；配置后校验所引条、款、项确实存在
# law_texts: law-texts

# 领域词表（规则 QD911）
domains: [{", ".join(DEFAULT_DOMAINS)}]

# 准入政策（规则 QD701–QD707）：审批机关须为其中之一；公示期最少天数（含首尾）
admission:
  approvers: [{", ".join(DEFAULT_APPROVERS)}]
  min_publicity_days: 7

# 下沉事项默认评估周期（月）
review:
  interval_months: 12

# 变更报告：语言与目录
report:
  lang: zh
  dir: reports

# 规则级别：error、warning、info 或 off（qingdan rules 列出全部规则）
rules:
  QD305: warning
  QD901: warning
"""

DEPARTMENTS = """# yaml-language-server: $schema=../schemas/departments.schema.json
# 部门名录：清单中出现的部门名称须在此登记（可带别名）。
qingdan: 1
departments:
  - 县应急管理局
  - {name: 县消防救援大队, aliases: [消防大队]}
  - {name: 县市场监督管理局, aliases: [县市场监管局]}
  - 县自然资源和规划局
  - 县住房和城乡建设局
  - 县农业农村局
  - 县民政局
  - 县卫生健康局
  - 县统计局
"""

EXAMPLE = """# yaml-language-server: $schema=../schemas/list.schema.json
# 示例清单：按本地实际修改清单信息与事项；事项编号一经分配永不改变。
qingdan: 1
list:
  id: EX
  title: 示例镇履行职责事项清单
  kind: township
  unit: {name: 示例镇, type: township}
  issuer: 中共示例县委员会 示例县人民政府
  revision: "2025.1"
  effective: 2025-07-01
  baseline: "2025.1"
items:
  # 一、基本履职事项
  - id: EX-0001
    name: 安全生产监督检查
    category: basic
    domain: 平安法治
    content: 按照职责对辖区内生产经营单位安全生产状况进行监督检查，协助县应急管理局依法履行安全生产监督管理职责。
    basis:
      - instrument: 中华人民共和国安全生产法
        article: 第九条第二款
    status: active
    since: "2025.1"

  # 二、配合履职事项
  - id: EX-0002
    name: 消防安全网格化管理
    category: cooperative
    domain: 平安法治
    content: 指导村（居）民委员会开展群众性消防工作，落实消防安全网格化管理。
    basis:
      - instrument: 中华人民共和国消防法
        article: 第三十二条
    lead_department: 县消防救援大队
    department_duty: 负责消防监督检查和业务指导。
    township_duty: 组织网格员开展日常巡查，发现隐患及时报告。
    status: active
    since: "2025.1"

  # 三、上级部门收回事项
  - id: EX-0003
    name: 农村宅基地违法占地行政处罚
    category: recalled
    domain: 城乡建设
    content: 对农村村民非法占用土地建住宅的行为依法查处。
    basis:
      - instrument: 中华人民共和国土地管理法
        article: 第七十八条
    lead_department: 县自然资源和规划局
    status: active
    since: "2025.1"
"""

PRE_COMMIT = """# pre-commit (https://pre-commit.com): `pre-commit install` runs these before every commit.
# They call the qingdan installed on this machine (pip install qingdan).
repos:
  - repo: local
    hooks:
      - id: qingdan-validate
        name: qingdan validate
        entry: qingdan validate
        language: system
        files: ^(lists/.*\\.yaml|qingdan\\.yaml)$
        pass_filenames: false
      - id: qingdan-check
        name: qingdan check
        entry: qingdan check
        language: system
        pass_filenames: false
        always_run: true
        stages: [pre-push]
"""

WORKFLOW = """# 每次提交与合并请求：qingdan check（注释到代码行），并把语义差异贴到合并请求中。
name: qingdan
on:
  push:
  pull_request:
permissions:
  contents: read
  pull-requests: write
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0  # qingdan compares revisions: it needs the history
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - run: pip install qingdan
      - run: git config diff.qingdan.command "qingdan git-diff"
      - name: qingdan check
        run: qingdan check --format github
      - name: semantic diff
        if: github.event_name == 'pull_request'
        run: qingdan diff "${{ github.event.pull_request.base.sha }}" HEAD --format markdown > qingdan-diff.md
      - name: comment
        if: github.event_name == 'pull_request'
        env:
          GH_TOKEN: ${{ github.token }}
        run: gh pr comment "${{ github.event.pull_request.number }}" --body-file qingdan-diff.md
"""

README = """# 履行职责事项清单

本仓库用 [qingdan](https://pypi.org/project/qingdan/) 管理清单：

    qingdan validate          # 校验全部清单
    qingdan add EX --name … --category basic --domain 平安法治 --basis 《安全生产法》第九条
    qingdan retire EX-0003 --reason unsuitable --note …
    qingdan diff HEAD~1       # 与上一次提交相比，逐项列出变化
    qingdan check             # CI 所做的全部检查

首次使用请运行：`git init`，然后 `{git_config}`，让 git diff 显示逐项的语义差异。
"""


@dataclass
class Created:
    root: Path
    files: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # there already, left as they were

    def next_steps(self, lang: str) -> str:
        if lang == "zh":
            return (
                f"\n下一步：\n  cd {self.root}\n  git init\n  {GIT_CONFIG_COMMAND}   # 让 git diff 显示清单的逐项差异\n"
                "  qingdan validate\n"
            )
        return (
            f"\nNext:\n  cd {self.root}\n  git init\n  {GIT_CONFIG_COMMAND}   # git diff shows item-level changes\n"
            "  qingdan validate\n"
        )


def _seed_laws() -> str:
    """The instruments qingdan ships (true titles, versions and article counts), modeline adjusted."""
    text = resources.files("qingdan").joinpath("data", "laws.yaml").read_text(encoding="utf-8")
    return re.sub(
        r"^# yaml-language-server: .*$",
        "# yaml-language-server: $schema=../schemas/laws.schema.json",
        text,
        count=1,
        flags=re.M,
    )


def files_for_init() -> dict[str, str]:
    out = {
        "qingdan.yaml": CONFIG,
        "lists/laws.yaml": _seed_laws(),
        "lists/departments.yaml": DEPARTMENTS,
        "lists/example.yaml": EXAMPLE,
        ".pre-commit-config.yaml": PRE_COMMIT,
        ".github/workflows/qingdan.yml": WORKFLOW,
        ".gitattributes": GITATTRIBUTES,
        "README.md": README.format(git_config=GIT_CONFIG_COMMAND),
    }
    for name in SCHEMA_NAMES:
        out[f"schemas/{name}.schema.json"] = (
            resources.files("qingdan").joinpath("schemas", f"{name}.schema.json").read_text(encoding="utf-8")
        )
    return out


def init_repository(directory: Path) -> Created:
    """Write the scaffold's missing files, never touching one that exists (a new Gitee or GitLab
    project comes with a README.md); refuse when every file exists, since there is nothing to do."""
    files = files_for_init()
    if directory.exists() and not directory.is_dir():
        raise UsageError(f"{directory} 不是目录", f"{directory} is not a folder")
    existing = sorted(name for name in files if os.path.lexists(directory / name))
    if len(existing) == len(files):
        raise UsageError(
            "以下文件已存在，qingdan init 不会覆盖：" + "、".join(existing),
            "these files exist already and qingdan init does not overwrite them: " + ", ".join(existing),
        )
    created = Created(directory, kept=existing)
    files = {name: text for name, text in files.items() if name not in existing}
    try:
        for name, text in files.items():
            target = directory / name
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(target, text.encode("utf-8"))
            created.files.append(name)
    except OSError as exc:
        raise UsageError(
            f"无法在 {directory} 中创建文件：{exc.strerror or exc}",
            f"cannot create files in {directory}: {exc.strerror or exc}",
        ) from None
    return created
