"""Insert rows into a workbook the way a clerk does in LibreOffice: unprotect the sheet, insert, save.

Run with the system Python that has LibreOffice's ``uno`` module (Debian's python3-uno), against a soffice
listening on a pipe:  python3 uno_insert_rows.py PIPE SRC DST SHEET ROW COUNT  (ROW is 0-based).
"""

import os
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    return PropertyValue(name, 0, value, 0)


def connect(pipe):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(120):  # soffice takes a few seconds to listen
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:  # NoConnectException: not listening yet
            time.sleep(0.5)
    raise SystemExit("LibreOffice did not start listening")


def main(pipe, src, dst, sheet_name, row, count):
    ctx = connect(pipe)
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), "_blank", 0, (prop("Hidden", True),))
    sheet = doc.Sheets.getByName(sheet_name)
    sheet.unprotect("")  # the template's protection has no password
    sheet.Rows.insertByIndex(int(row), int(count))
    doc.storeToURL(uno.systemPathToFileUrl(dst), (prop("FilterName", "Calc MS Excel 2007 XML"),))
    doc.close(True)


if __name__ == "__main__":
    main(*sys.argv[1:])
    sys.stdout.flush()
    os._exit(0)  # the uno bridge can crash while the interpreter tears down (SIGSEGV after the work is done)
