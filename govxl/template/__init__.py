"""The official Excel template: ``write_template(path, edition, year)``; next year's from this year's report:
``write_next_template(govxl.read(last), path)``; ``write_form`` for other workbooks."""

from govxl.template.form import write_form
from govxl.template.layout import FormLayout, form_layout
from govxl.template.writer import write_next_template, write_template

__all__ = ["FormLayout", "form_layout", "write_form", "write_next_template", "write_template"]
