"""The pages registered in app.py, read from its source so new pages are covered by tests
without editing them."""
from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app.py"


def registered_pages() -> list[dict]:
    """[{"path": "pages/overview.py", "url_path": "overview" or None, "default": bool}, ...]"""
    pages = []
    for node in ast.walk(ast.parse(APP.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "Page" and node.args:
            keywords = {k.arg: k.value for k in node.keywords}
            pages.append({
                "path": node.args[0].value,
                "url_path": keywords["url_path"].value if "url_path" in keywords else None,
                "default": isinstance(keywords.get("default"), ast.Constant) and keywords["default"].value is True,
            })
    return pages
