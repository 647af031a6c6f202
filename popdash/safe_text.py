"""Text from data files made safe for Streamlit's markdown (st.markdown, st.write, st.caption,
st.info, metric and widget labels), so it displays literally.

Streamlit renders those strings as GitHub markdown with its own additions: a title such as
``![x](http://evil.example/x.png)`` would fetch an image from the internet, ``[click](...)``
would become a link, ``$...$`` LaTeX, ``:red[...]`` colour and ``:material/...:`` icons.
CommonMark lets a backslash turn any ASCII punctuation character into that literal character,
so escaping every one of them disables all of these constructs at once, whatever the renderer
adds on top. A bare URL in the text (http://... or www....) stays a clickable link showing its
own address: the renderer links it after escapes are resolved, and a visible address hides
nothing. Tables (st.dataframe), plain text (st.text) and chart labels do not need this and
would show the backslashes: use it only for strings that go through markdown.
"""
from __future__ import annotations

import re

import pandas as pd

# Every ASCII punctuation character: ! " # $ % & ' ( ) * + , - . / : ; < = > ? @ [ \ ] ^ _ ` { | } ~
PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
# A line break inside data text would end a list item or start a heading, a quote or a code
# block; a data value is one line on screen.
LINE_BREAKS = re.compile(r"\s*[\r\n\u2028\u2029]+\s*")


def escape_markdown(text) -> str:
    """The text with markdown and HTML disabled, on one line; None and missing values give ""."""
    if text is None or (not isinstance(text, str) and pd.api.types.is_scalar(text) and pd.isna(text)):
        return ""
    flat = LINE_BREAKS.sub(" ", str(text)).strip()
    return PUNCTUATION.sub(r"\\\1", flat)

