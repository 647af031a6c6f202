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


def open_page(path: str, lang: str | None = None, **params):
    """Run app.py through AppTest with these URL parameters, then switch to the page `path`."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=60)
    if lang is not None:
        at.query_params["lang"] = lang
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    return at.switch_page(path).run()


def metrics(at) -> dict[str, str]:
    """The page's st.metric cards: label -> value as shown."""
    return {m.label: m.value for m in at.metric}


def chart_specs(at) -> list[dict]:
    """The Plotly figures the page sent, as their JSON specs."""
    import json

    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
