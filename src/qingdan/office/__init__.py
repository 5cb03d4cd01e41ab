"""Lists in and out of the office: annexes (.xlsx, .xls, .docx, .csv) imported into lists, lists
exported back as the annexes offices publish. Each third-party library lives in one module here:
openpyxl in xlsx.py, xlrd in xls.py, python-docx in word.py."""
