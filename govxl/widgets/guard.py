"""Callback errors shown on the page: ipywidgets swallows an exception raised in a callback (it reaches only the
kernel's log), so every callback runs through :class:`Problems`, which puts a Chinese message there instead."""

from __future__ import annotations

import functools
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from govxl.display.html import escape
from govxl.errors import GovxlError

if TYPE_CHECKING:
    import ipywidgets

F = TypeVar("F", bound=Callable[..., Any])
STYLE = "color:#9c0006;background:#ffc7ce;padding:4px 8px;margin:4px 0"


def message(exc: BaseException) -> str:
    """What went wrong, in Chinese: govxl's own message says what to do; anything else is named as it is."""
    if isinstance(exc, GovxlError):
        return str(exc)
    return f"操作未能完成（{type(exc).__name__}：{exc}）。请检查输入后重试；如仍出错，请把下面的技术信息发给维护人员。"


class Problems:
    """The page's area for errors: empty while all is well."""

    def __init__(self) -> None:
        import ipywidgets as w

        self.area: ipywidgets.HTML = w.HTML()

    def show(self, exc: BaseException) -> None:
        details = escape("".join(traceback.format_exception(exc)))
        self.area.value = (f'<div style="{STYLE}"><b>出错了：</b>{escape(message(exc))}<details><summary>技术信息'
                           f'</summary><pre style="white-space:pre-wrap">{details}</pre></details></div>')

    def guard(self, callback: F) -> F:
        """``callback``, showing its exception here rather than losing it; a success clears the area."""
        @functools.wraps(callback)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            try:
                out = callback(*args, **kwargs)
            except Exception as exc:
                self.show(exc)
                return None
            self.area.value = ""
            return out

        return guarded  # type: ignore[return-value]
