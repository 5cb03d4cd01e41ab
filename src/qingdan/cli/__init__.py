"""The command line: each module parses one group of commands, calls one library function, renders, exits.

Exit codes: 0 clean, 1 findings (or changes pending with --check), 2 usage error, 3 internal error.
"""

from qingdan.cli import assessment as _assessment  # noqa: F401  (registers its commands)
from qingdan.cli import ci as _ci  # noqa: F401
from qingdan.cli import conform as _conform  # noqa: F401
from qingdan.cli import edit as _edit  # noqa: F401
from qingdan.cli import history as _history  # noqa: F401
from qingdan.cli import laws as _laws  # noqa: F401
from qingdan.cli import office as _office  # noqa: F401
from qingdan.cli import sync as _sync  # noqa: F401
from qingdan.cli import tables as _tables  # noqa: F401
from qingdan.cli import validate as _validate  # noqa: F401
from qingdan.cli.app import app, h, main

# --help lists the commands by what people do with them, in this order
_PANELS = (
    (h("校验", "Validate"), ("validate", "rules", "explain")),
    (h("编辑清单", "Edit lists"), ("init", "new-list", "add", "retire", "set", "revision", "publish", "fmt")),
    (h("版本与历史", "Versions and history"), ("diff", "log", "show", "git-diff")),
    (h("调整说明与 CI", "Reports and CI"), ("report", "check")),
    (h("附件导入导出", "Annexes in and out"), ("import", "export", "cite")),
    (h("法律与评估", "Laws and reviews"), ("laws", "impact", "review", "stats")),
    (h("部门与考核", "Departments and assessments"), ("dept", "assess")),
    (h("模板与采用", "Templates and adoption"), ("conform", "sync")),
    (h("全国分析", "National analysis"), ("query",)),
)
_ORDER = {name: (i, j) for i, (_, names) in enumerate(_PANELS) for j, name in enumerate(names)}
for _info in app.registered_commands:
    _name = _info.name or (_info.callback.__name__ if _info.callback else "")
    for _panel, _names in _PANELS:
        if _name in _names:
            _info.rich_help_panel = _panel
app.registered_commands.sort(
    key=lambda i: _ORDER.get(i.name or (i.callback.__name__ if i.callback else ""), (9, 0))
)
for _group in app.registered_groups:
    _group.rich_help_panel = _PANELS[-1][0]

__all__ = ["app", "main"]
