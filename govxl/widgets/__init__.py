"""The dashboard (ipywidgets, ``pip install govxl[notebook]``): :func:`dashboard` builds it in a notebook;
:mod:`govxl.widgets.page` serves it as a web page (``govxl dashboard``). A package name apart from the function
``govxl.dashboard``, which it would shadow."""

from govxl.widgets.app import dashboard

__all__ = ["dashboard"]
