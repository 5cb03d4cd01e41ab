# Two commands do all set-up: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# the commits that published the demo lists' revisions 2025.1 and 2025.2 (their subjects begin "lists: ";
# later commits name these revisions too)
REV_2025_1 = $$(git log --format=%h -1 --grep='^lists: .*revision 2025.1' -- lists)
REV_2025_2 = $$(git log --format=%h -1 --grep='^lists: .*revision 2025.2' -- lists)

# the demo lists' review dates are fiction: the demo (and qingdan check on it) runs as of one fixed day,
# so that it reads the same on any date; qingdan itself uses the real date unless QINGDAN_TODAY is set
DEMO_TODAY = 2026-06-30

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml
	@echo "━━ setting up $(VENV): venv and an editable install of qingdan with its dev tools (first run: a minute or two)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: export QINGDAN_TODAY = $(DEMO_TODAY)
demo: $(STAMP)
	@echo "━━ qingdan validate"
	@$(BIN)/qingdan validate
	@echo; echo "━━ qingdan check（历史规则与调整说明）"
	@$(BIN)/qingdan check
	@echo; echo "━━ qingdan diff <发布 2025.1 的提交> <发布 2025.2 的提交>"
	@$(BIN)/qingdan diff $(REV_2025_1) $(REV_2025_2)
	@echo; echo "━━ reports/CX-QSZ/2025.2.md（节选）"
	@head -32 reports/CX-QSZ/2025.2.md
	@echo; echo "━━ qingdan stats CX-QSZ"
	@$(BIN)/qingdan stats CX-QSZ
	@echo; echo "━━ qingdan review --due-before 2027-06-30"
	@$(BIN)/qingdan review --due-before 2027-06-30
	@echo; echo "━━ qingdan import examples/township-annex.xlsx --list CX-BSZ --dry-run（导入报告；演示清单不变）"
	@$(BIN)/qingdan import examples/township-annex.xlsx --list CX-BSZ --dry-run | sed '/^--- /,$$d'
	@echo; echo "━━ qingdan export CX-QSZ --format xlsx / docx（写入临时目录）"
	@out=$$(mktemp -d); $(BIN)/qingdan export CX-QSZ --format xlsx -o "$$out/CX-QSZ.xlsx" && $(BIN)/qingdan export CX-QSZ --format docx -o "$$out/CX-QSZ.docx"

lint: $(STAMP)
	@echo "━━ lint: ruff check, ruff format --check, mypy --strict"
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

# qingdan guarding its own demo lists (dogfood), then the tests (their summary line comes last)
test: $(STAMP) lint
	@# the HTML tests open pages in headless Chromium: install it when missing (root with apt), else they skip
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  { apt-get update -qq >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1; }; } || \
	  echo "chromium is not installed: the browser tests will be skipped"
	@echo "━━ qingdan check on the demo lists"
	QINGDAN_TODAY=$(DEMO_TODAY) $(BIN)/qingdan check
	@echo "━━ pytest: the whole suite (several minutes; one dot per test)"
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python bench/validate.py
	$(BIN)/python bench/diff.py
	$(BIN)/python bench/report_check.py
	$(BIN)/python bench/office.py
	$(BIN)/python bench/cite.py
	$(BIN)/python bench/tables.py
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/edit.py
	$(BIN)/python bench/conform.py
	$(BIN)/python bench/sync.py
	$(BIN)/python bench/check_pr.py --runs 1
	$(BIN)/python bench/memory.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build src/*.egg-info
