"""qingdan init: a list repository a provincial or county team can start from on day one."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from qingdan import __version__, home_url
from qingdan.config import DEFAULT_APPROVERS, DEFAULT_DOMAINS
from qingdan.errors import UsageError
from qingdan.fsutil import UnsafePath, safe_write
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

PRE_COMMIT_REMOTE = """# pre-commit (https://pre-commit.com)：`pre-commit install` 后每次提交前运行 qingdan validate，
# `pre-commit install --hook-type pre-push` 后每次推送前运行 qingdan check。
# pre-commit 会按 rev 从下面的仓库安装 qingdan 本身（language: python），无需另行安装。
repos:
  - repo: {repo}
    rev: {rev}
    hooks:
      - id: qingdan-validate
      - id: qingdan-check
"""

PRE_COMMIT_LOCAL = """# pre-commit (https://pre-commit.com)：`pre-commit install` 后每次提交前运行 qingdan validate，
# `pre-commit install --hook-type pre-push` 后每次推送前运行 qingdan check。
# pre-commit 会在自己的环境中安装 {source}（language: python），无需另行安装。
repos:
  - repo: local
    hooks:
      - id: qingdan-validate
        name: qingdan validate
        entry: qingdan validate
        language: python
        additional_dependencies: ["{source}"]
        files: ^(lists/.*\\.ya?ml|qingdan\\.yaml)$
        pass_filenames: false
      - id: qingdan-check
        name: qingdan check
        entry: qingdan check
        language: python
        additional_dependencies: ["{source}"]
        pass_filenames: false
        always_run: true
        stages: [pre-push]
"""

# GitHub's limit for a comment body is 65,536 characters; the body is cut well below it.
COMMENT_LIMIT = 60000
COMMENT_MARKER = "<!-- qingdan-diff -->"

WORKFLOW = """# qingdan：每次推送与合并请求运行 qingdan check（结果注释到代码行，并上传到代码扫描），
# 并把逐项的语义差异评论到合并请求中（每次推送更新同一条评论；check 失败时也评论）。
name: qingdan
on:
  push:
  pull_request:
permissions:
  contents: read
jobs:
  check:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      pull-requests: write  # the diff comment
      security-events: write  # SARIF to code scanning
    env:
      QINGDAN_SOURCE: "{source}"
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0  # qingdan compares revisions: it needs the history
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - name: install qingdan
        run: python -m pip install "$QINGDAN_SOURCE"
      - run: git config diff.qingdan.command "qingdan git-diff"
      - name: base revision
        id: base
        env:
          PR_BASE: ${{{{ github.event.pull_request.base.sha }}}}
          PUSH_BEFORE: ${{{{ github.event.before }}}}
        run: |
          # a pull request: its base; a push: the commit before it, unless the branch is new
          # (all-zero id) or the old commit is gone (force push); then qingdan's default base
          base="$PR_BASE"
          if [ -z "$base" ] && [ -n "$PUSH_BEFORE" ] && [ "${{PUSH_BEFORE//0/}}" != "" ] \\
             && git cat-file -e "$PUSH_BEFORE^{{commit}}" 2>/dev/null; then
            base="$PUSH_BEFORE"
          fi
          echo "sha=$base" >> "$GITHUB_OUTPUT"
      - name: qingdan check
        env:
          BASE: ${{{{ steps.base.outputs.sha }}}}
        run: qingdan check ${{BASE:+--base "$BASE"}} --format github
      - name: SARIF
        if: ${{{{ !cancelled() }}}}
        env:
          BASE: ${{{{ steps.base.outputs.sha }}}}
        run: |
          code=0
          qingdan check ${{BASE:+--base "$BASE"}} --format sarif > qingdan.sarif || code=$?
          [ "$code" -le 1 ]  # 1 = findings (already shown above); 2 and 3 fail here
      - name: upload SARIF to code scanning
        # a pull request from a fork gets a read-only token: the annotations above still show
        if: ${{{{ !cancelled() && hashFiles('qingdan.sarif') != '' && (github.event_name == 'push' || github.event.pull_request.head.repo.full_name == github.repository) }}}}
        uses: github/codeql-action/upload-sarif@v3
        with:
          sarif_file: qingdan.sarif
          category: qingdan
      - name: semantic diff
        id: diff
        if: ${{{{ !cancelled() && github.event_name == 'pull_request' }}}}
        env:
          BASE: ${{{{ steps.base.outputs.sha }}}}
        run: |
          qingdan diff "$BASE" HEAD --format markdown > qingdan-diff.md
          python3 - <<'PY'
          import pathlib
          limit, marker = {limit}, "{marker}"
          text = pathlib.Path("qingdan-diff.md").read_text(encoding="utf-8")
          note = ("\\n\\n> 差异过长，评论只显示前一部分；完整差异见本次运行的 qingdan-diff 附件。"
                  "\\n> The diff is too long for a comment; the run's qingdan-diff artifact has all of it.\\n")
          if len(text) > limit:
              cut = text.rfind("\\n", 0, limit - len(note))
              text = text[: cut if cut > 0 else limit - len(note)] + note
          pathlib.Path("qingdan-comment.md").write_text(marker + "\\n" + text, encoding="utf-8")
          PY
          cat qingdan-comment.md >> "$GITHUB_STEP_SUMMARY"
      - name: keep the full diff
        if: ${{{{ !cancelled() && steps.diff.outcome == 'success' }}}}
        uses: actions/upload-artifact@v4
        with:
          name: qingdan-diff
          path: qingdan-diff.md
      - name: comment on the pull request (one comment, updated on every push)
        if: ${{{{ !cancelled() && steps.diff.outcome == 'success' && github.event.pull_request.head.repo.full_name == github.repository }}}}
        uses: actions/github-script@v7
        with:
          script: |
            const fs = require("fs");
            const body = fs.readFileSync("qingdan-comment.md", "utf8");
            const marker = "{marker}";
            const {{ owner, repo }} = context.repo;
            const issue_number = context.issue.number;
            const comments = await github.paginate(github.rest.issues.listComments, {{ owner, repo, issue_number }});
            const mine = comments.find((c) => c.user.type === "Bot" && c.body.startsWith(marker));
            if (mine) {{
              await github.rest.issues.updateComment({{ owner, repo, comment_id: mine.id, body }});
            }} else {{
              await github.rest.issues.createComment({{ owner, repo, issue_number, body }});
            }}
"""

GITLAB_CI = """# qingdan：每次推送与合并请求运行 qingdan check；结果作为代码质量报告（Code Quality）显示在合并请求中，
# 逐项的语义差异作为附件（qingdan diff）附在合并请求上。设置了 CI/CD 变量 QINGDAN_NOTE_TOKEN
# （有 api 权限的项目访问令牌）时，另把差异评论到合并请求（每次推送更新同一条评论）。
workflow:
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
    - if: $CI_COMMIT_BRANCH && $CI_OPEN_MERGE_REQUESTS
      when: never
    - if: $CI_COMMIT_BRANCH

variables:
  QINGDAN_SOURCE: "{source}"
  GIT_DEPTH: "0"  # qingdan compares revisions: it needs the history

qingdan:
  image: python:3.11
  before_script:
    - python -m pip install "$QINGDAN_SOURCE"
    - git config diff.qingdan.command "qingdan git-diff"
  script:
    - |
      # a merge request: its diff base; a push: the commit before it, unless the branch is new
      # (all-zero id) or the old commit is gone; then qingdan's default base
      BASE="${{CI_MERGE_REQUEST_DIFF_BASE_SHA:-}}"
      if [ -z "$BASE" ] && [ -n "${{CI_COMMIT_BEFORE_SHA:-}}" ] && [ "${{CI_COMMIT_BEFORE_SHA//0/}}" != "" ] \\
         && git cat-file -e "$CI_COMMIT_BEFORE_SHA^{{commit}}" 2>/dev/null; then
        BASE="$CI_COMMIT_BEFORE_SHA"
      fi
      code=0
      qingdan check ${{BASE:+--base "$BASE"}} --format gitlab > gl-code-quality-report.json || code=$?
      qingdan check ${{BASE:+--base "$BASE"}} || true  # the same findings, readable, in the job log
      if [ -n "${{CI_MERGE_REQUEST_IID:-}}" ]; then
        qingdan diff "$BASE" HEAD --format markdown > qingdan-diff.md
        if [ -n "${{QINGDAN_NOTE_TOKEN:-}}" ]; then python3 - <<'PY'
      import json, os, pathlib, urllib.request
      limit, marker = {limit}, "{marker}"
      text = pathlib.Path("qingdan-diff.md").read_text(encoding="utf-8")
      if len(text) > limit:
          cut = text.rfind("\\n", 0, limit)
          text = text[: cut if cut > 0 else limit] + "\\n\\n> 差异过长，完整差异见 qingdan-diff 附件。\\n"
      body = marker + "\\n" + text
      api = f"{{os.environ['CI_API_V4_URL']}}/projects/{{os.environ['CI_PROJECT_ID']}}/merge_requests/{{os.environ['CI_MERGE_REQUEST_IID']}}/notes"
      headers = {{"PRIVATE-TOKEN": os.environ["QINGDAN_NOTE_TOKEN"], "Content-Type": "application/json"}}
      with urllib.request.urlopen(urllib.request.Request(api + "?per_page=100", headers=headers)) as r:
          notes = json.load(r)
      mine = next((n for n in notes if n["body"].startswith(marker)), None)
      request = urllib.request.Request(
          f"{{api}}/{{mine['id']}}" if mine else api, data=json.dumps({{"body": body}}).encode(),
          headers=headers, method="PUT" if mine else "POST")
      urllib.request.urlopen(request).close()
      PY
        fi
      fi
      [ "$code" -eq 0 ]
  artifacts:
    when: always
    expose_as: qingdan diff
    paths:
      - qingdan-diff.md
    reports:
      codequality: gl-code-quality-report.json
"""

README = """# 履行职责事项清单

本仓库用 [qingdan]({home}) 管理清单。安装（与 CI 所用版本相同）：

    python -m pip install "{source}"

常用命令：

    qingdan validate          # 校验全部清单
    qingdan add EX --name … --category basic --domain 平安法治 --basis 《安全生产法》第九条
    qingdan retire EX-0003 --reason unsuitable --note …
    qingdan diff HEAD~1       # 与上一次提交相比，逐项列出变化
    qingdan check             # CI 所做的全部检查

首次使用请运行：`git init`，然后 `{git_config}`，让 git diff 显示逐项的语义差异。
"""

CI_FILES = {"github": ".github/workflows/qingdan.yml", "gitlab": ".gitlab-ci.yml"}
# a pip requirement: a name with ==, a VCS or archive URL, a path; nothing a shell or YAML would read
_SOURCE = re.compile(r"[A-Za-z0-9./][A-Za-z0-9._+\-:/@=<>!~\[\],#%]*")
_VCS = re.compile(r"git\+(?P<repo>[^@#\s]+?)@(?P<rev>[A-Za-z0-9._\-/]+)(#.*)?")


def default_source() -> str:
    """How the CI and pre-commit install qingdan when `init --source` is not given: the version that
    runs init. Installed from a VCS URL: that URL at the tag (or commit) it was installed from; from
    a package index: qingdan==VERSION; otherwise (a checkout, a local wheel): the project's repository
    at the tag of this version (v0.1.0), never a name on an index where nothing is published."""
    import json
    from importlib import metadata

    try:
        dist = metadata.distribution("qingdan")
    except metadata.PackageNotFoundError:
        return f"git+{home_url()}@v{__version__}"
    direct = dist.read_text("direct_url.json")
    if direct is None:
        return f"qingdan=={__version__}"
    info = json.loads(direct)
    vcs = info.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("vcs") == "git" and not str(info.get("url", "")).startswith("file:"):
        rev = vcs.get("requested_revision") or vcs.get("commit_id")
        return f"git+{info['url']}@{rev}"
    return f"git+{home_url()}@v{__version__}"


def check_source(source: str) -> str:
    if not _SOURCE.fullmatch(source):
        raise UsageError(
            f"无效的安装来源「{source}」：应为 pip 能安装的一项，例如 qingdan==0.1.0 或 git+https://…/qingdan@v0.1.0",
            f"invalid install source {source!r}: give one pip requirement, e.g. qingdan==0.1.0 or "
            "git+https://…/qingdan@v0.1.0",
        )
    return source


def pre_commit_config(source: str) -> str:
    """A tagged VCS source names a hook repository (its .pre-commit-hooks.yaml, `rev:` pinned);
    anything else is installed into a local python hook."""
    vcs = _VCS.fullmatch(source)
    if vcs is not None:
        return PRE_COMMIT_REMOTE.format(repo=vcs["repo"], rev=vcs["rev"])
    return PRE_COMMIT_LOCAL.format(source=source)


@dataclass
class Created:
    root: Path
    files: list[str] = field(default_factory=list)
    source: str = ""
    kept: list[str] = field(default_factory=list)  # there already, left as they were

    def next_steps(self, lang: str) -> str:
        if lang == "zh":
            return (
                f"\nCI 与 pre-commit 安装 qingdan 的来源：{self.source}（可用 --source 指定）\n"
                f"\n下一步：\n  cd {self.root}\n  git init\n  {GIT_CONFIG_COMMAND}   # 让 git diff 显示清单的逐项差异\n"
                "  qingdan validate\n"
                "  qingdan report   # 写出示例清单当前版次的调整说明（qingdan check 要求每个版次都有）\n"
            )
        return (
            f"\nCI and pre-commit install qingdan from: {self.source} (choose with --source)\n"
            f"\nNext:\n  cd {self.root}\n  git init\n  {GIT_CONFIG_COMMAND}   # git diff shows item-level changes\n"
            "  qingdan validate\n"
            "  qingdan report   # the example list's change report (qingdan check wants one per revision)\n"
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


def files_for_init(source: str | None = None, ci: str = "github") -> dict[str, str]:
    """The scaffold's files; source: how CI and pre-commit install qingdan (default_source());
    ci: github, gitlab or none."""
    source = check_source(source) if source is not None else default_source()
    if ci not in (*CI_FILES, "none"):
        raise UsageError(
            f"未知的 CI：{ci}（github、gitlab 或 none）", f"unknown CI {ci!r}: github, gitlab or none"
        )
    out = {
        "qingdan.yaml": CONFIG,
        "lists/laws.yaml": _seed_laws(),
        "lists/departments.yaml": DEPARTMENTS,
        "lists/example.yaml": EXAMPLE,
        ".pre-commit-config.yaml": pre_commit_config(source),
        ".gitattributes": GITATTRIBUTES,
        "README.md": README.format(git_config=GIT_CONFIG_COMMAND, source=source, home=home_url()),
    }
    if ci == "github":
        out[CI_FILES[ci]] = WORKFLOW.format(source=source, limit=COMMENT_LIMIT, marker=COMMENT_MARKER)
    elif ci == "gitlab":
        out[CI_FILES[ci]] = GITLAB_CI.format(source=source, limit=COMMENT_LIMIT, marker=COMMENT_MARKER)
    for name in SCHEMA_NAMES:
        out[f"schemas/{name}.schema.json"] = (
            resources.files("qingdan").joinpath("schemas", f"{name}.schema.json").read_text(encoding="utf-8")
        )
    return out


def init_repository(directory: Path, source: str | None = None, ci: str = "github") -> Created:
    """Write the scaffold's missing files, never touching one that exists (a new Gitee or GitLab
    project comes with a README.md); refuse when every file exists, since there is nothing to do."""
    files = files_for_init(source, ci)
    if directory.exists() and not directory.is_dir():
        raise UsageError(f"{directory} 不是目录", f"{directory} is not a folder")
    # lexists: a dangling symlink is a file that exists (writing would create its target elsewhere)
    existing = sorted(name for name in files if os.path.lexists(directory / name))
    if len(existing) == len(files):
        raise UsageError(
            "以下文件已存在，qingdan init 不会覆盖：" + "、".join(existing),
            "these files exist already and qingdan init does not overwrite them: " + ", ".join(existing),
        )
    # a kept file is read later (qingdan.yaml, the laws registry): one that links out of the folder
    # is a planted path, not a colleague's file
    home = Path(os.path.realpath(directory))
    planted = [
        n
        for n in existing
        if os.path.islink(directory / n) and home not in Path(os.path.realpath(directory / n)).parents
    ]
    if planted:
        raise UnsafePath(
            "以下文件是指向目录外的符号链接，qingdan init 不会使用或覆盖：" + "、".join(planted),
            "these files are symlinks out of the folder, which qingdan init neither uses nor overwrites: "
            + ", ".join(planted),
        )
    chosen = check_source(source) if source is not None else default_source()
    created = Created(directory, source=chosen, kept=existing)
    files = {name: text for name, text in files.items() if name not in existing}
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            safe_write(directory, Path(name), text.encode("utf-8"), expected=None)
            created.files.append(name)
    except UnsafePath:
        raise
    except OSError as exc:
        raise UsageError(
            f"无法在 {directory} 中创建文件：{exc.strerror or exc}",
            f"cannot create files in {directory}: {exc.strerror or exc}",
        ) from None
    return created
