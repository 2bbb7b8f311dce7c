"""How reports look to a person: HTML for notebooks (:mod:`govxl.display.html`), charts with Chinese labels
(:mod:`govxl.display.charts`, needs matplotlib: ``pip install govxl[notebook]``) and the one-line summary
(:mod:`govxl.display.text`). Every renderer walks the edition's outline (:mod:`govxl.outline`).
"""
