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

Exports have their own rule (xml_safe, one_line): XML 1.0 cannot hold most control characters
at all, so the XML-based files (XLSX, PPTX, IATI) replace them with U+FFFD.
"""
from __future__ import annotations

import re

import pandas as pd

# Every ASCII punctuation character: ! " # $ % & ' ( ) * + , - . / : ; < = > ? @ [ \ ] ^ _ ` { | } ~
PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
# A line break inside data text would end a list item or start a heading, a quote or a code
# block; a data value is one line on screen.
LINE_BREAKS = re.compile(r"\s*[\r\n\u2028\u2029]+\s*")
# Bidirectional embeddings, overrides and isolates. A right-to-left override in a title would
# turn the rest of the sentence it is shown in backwards, so such a value is set in an isolate
# of its own (U+2068 ... U+2069), which ends whatever it opened; the terminators it carries are
# dropped, as one of them could close that isolate early.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
BIDI_TERMINATORS = re.compile("[\u202c\u2069]")


def escape_markdown(text) -> str:
    """The text with markdown and HTML disabled, on one line, its bidirectional controls kept
    inside it; None and missing values give ""."""
    if text is None or (not isinstance(text, str) and pd.api.types.is_scalar(text) and pd.isna(text)):
        return ""
    flat = LINE_BREAKS.sub(" ", str(text)).strip()
    if BIDI_CONTROLS.search(flat):
        flat = "\u2068" + BIDI_TERMINATORS.sub("", flat) + "\u2069"
    return PUNCTUATION.sub(r"\\\1", flat)


# Characters that XML 1.0 cannot hold, not even as a character reference: C0 controls other
# than tab, line feed and carriage return, lone surrogates, U+FFFE and U+FFFF. A CSV import
# can carry them (a bell or escape pasted from a terminal, a NUL from a broken file); openpyxl
# then refuses the workbook, lxml the slide, and an IATI file written with them does not parse.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# The same without surrogates, for pandas string columns backed by Arrow: its regex engine
# (RE2) takes UTF-8 patterns only, and Arrow strings cannot hold surrogates anyway.
XML_FORBIDDEN_ARROW = "[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]"
REPLACEMENT = "\ufffd"
WHITESPACE = re.compile(r"\s+")


def xml_safe(text: str) -> str:
    """The text with each character XML 1.0 forbids replaced by U+FFFD (the replacement
    character). Replaced, not removed: a reader sees that something was there, and two words
    around it are not joined; everything else, bidi controls and zero-width characters
    included, is kept as written."""
    return XML_FORBIDDEN.sub(REPLACEMENT, text)


def one_line(text) -> str:
    """Data text for a slide or a one-line label in a file: xml_safe, every run of whitespace
    (line breaks included) as one space, no spaces at either end; None gives ""."""
    if text is None:
        return ""
    return WHITESPACE.sub(" ", xml_safe(str(text))).strip()
