"""Write the example annexes with openpyxl and python-docx, as a county office would send them:
township-annex.xlsx (the three lists, one sheet each, title row, two-level header, group rows,
multi-line cells, a 合计 row, a hidden column) and village-annex.docx (a 附件 with one table).
Run: .venv/bin/python examples/make_annexes.py  (the committed files are its output)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import openpyxl

HERE = Path(__file__).resolve().parent
TITLE = "澄溪县白沙镇履行职责事项清单"


def township(path: Path) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "基本履职事项"
    ws.append([TITLE])
    ws.merge_cells("A1:E1")
    ws.append(["序号", "事项名称", "具体内容", "履职依据", "内部备注"])
    ws.column_dimensions["E"].hidden = True
    rows = [
        ("一、党的建设（2项）",),
        (1, "落实基层党建工作责任制", "落实镇党委抓基层党建主体责任；\n统筹推进村（社区）党组织建设。", "《中华人民共和国宪法》第一条第二款\n《乡村振兴促进法》第四十二条", "内部"),
        (2, "指导村民委员会规范化建设 ", "指导村民委员会换届选举，健全村务公开制度。", "《村民委员会组织法》第五条第一款", ""),
        ("二、平安法治（3项）",),
        (3, "安全生产属地监督检查", "按照职责对辖区生产经营单位安全生产状况开展监督检查。", "《安全生产法》第九条：“乡镇人民政府和街道办事处，以及开发区、工业园区、港区、风景区等应当明确负责安全生产监督管理的有关工作机构及其职责”", ""),
        (4, "专职消防队和志愿消防队建设", "建立镇专职消防队、志愿消防队。", "1.《消防法》第三十六条第二款；2.《消防法》第三十二条、第三十三条", ""),
        (5, "矛盾纠纷排查化解", "组织开展矛盾纠纷排查，指导村（居）人民调解委员会工作。", "县委政法委工作要点", ""),
        ("三、民生服务（1项）",),
        (6, "社会救助申请受理和调查审核", "受理最低生活保障、特困人员供养、临时救助申请。", "", ""),
        ("合计", "6项"),
    ]
    for row in rows:
        ws.append(list(row))
        if len(row) == 1:
            ws.merge_cells(f"A{ws.max_row}:E{ws.max_row}")
    coop = book.create_sheet("配合履职事项")
    coop.append([TITLE + "（配合履职事项）"])
    coop.merge_cells("A1:F1")
    coop.append(["序号", "事项名称", "对应上级部门", "职责边界划分", None, "履职依据"])
    coop.append([None, None, None, "县级部门", "乡镇", None])
    coop.merge_cells("D2:E2")
    for col in "ABCF":
        coop.merge_cells(f"{col}2:{col}3")
    coop.append([1, "危险化学品安全监管", "县应急管理局、消防大队", "负责危险化学品安全生产许可和执法检查", "开展日常巡查，发现隐患及时报告", "《安全生产法》第十条"])
    coop.append([2, "森林防火", "县林业局", "统筹指导森林防火工作", "组织巡山护林，\n及时报告火情", "《森林防火条例》第十条"])
    recalled = book.create_sheet("上级部门收回事项")
    recalled.append(["序号", "事项名称", "承接部门", "工作方式", "履职依据"])
    recalled.append([1, "食品生产许可", "县市场监管局", "由县市场监管局直接受理审批", "《行政许可法》第三十条"])
    book.properties.created = book.properties.modified = dt.datetime(2025, 1, 1)
    book.save(path)


def village(path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("附件2")
    document.add_paragraph("澄溪县白沙镇石桥村工作事项清单")
    document.add_paragraph("一、依法协助政府工作事项")
    table = document.add_table(rows=1, cols=5)
    for cell, text in zip(table.rows[0].cells, ["序号", "工作事项", "具体内容", "指导部门", "依据"], strict=True):
        cell.text = text
    rows = [
        ("（一）社会事务",),
        ("1", "协助开展社会救助申请受理", "协助做好低保、特困供养申请的受理和入户调查。", "镇民政办", "《社会救助暂行办法》第十一条"),
        ("2", "协助做好征兵宣传", "协助开展兵役登记和征兵宣传。", "镇武装部", "《兵役法》第十五条"),
    ]
    for row in rows:
        cells = table.add_row().cells
        if len(row) == 1:
            cells[0].merge(cells[-1]).text = row[0]
            continue
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    document.core_properties.created = document.core_properties.modified = dt.datetime(2025, 1, 1)
    document.save(str(path))


if __name__ == "__main__":
    township(HERE / "township-annex.xlsx")
    village(HERE / "village-annex.docx")
    print("wrote examples/township-annex.xlsx and examples/village-annex.docx")
