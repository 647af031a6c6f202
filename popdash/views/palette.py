"""Colours: one fixed colour per municipality everywhere, and colour-blind-safe scales.

The categorical colours are Okabe & Ito's eight (safe for the common colour-vision
deficiencies) followed by four of Paul Tol's "muted" scheme; the assignment follows the
municipality code, not the order of a chart, so Shkodër is the same blue on every page.
"""
from __future__ import annotations

CATEGORICAL = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
    "#882255", "#44AA99", "#999933", "#AA4499",
    "#332288", "#117733", "#88CCEE", "#DDCC77", "#CC6677", "#661100",
]
MUNICIPALITY_ORDER = ["TIR", "DUR", "ELB", "SHK", "VLO", "FIE", "KOR", "KUK", "PUK", "VDE", "KAM", "POG"]

# Sequential scale for the transparency index (light to dark blue-purple: no red-green).
SEQUENTIAL = ["#f7fcfd", "#bfd3e6", "#8c96c6", "#8856a7", "#810f7c"]
# Status colours (not addressed / partly / fully), blue-orange so they survive colour blindness.
STATUS = {"none": "#D55E00", "partial": "#E69F00", "full": "#0072B2"}
RESPONSE = {"accepted": "#0072B2", "partly": "#56B4E9", "rejected": "#D55E00", "no_answer": "#999999"}
NETWORK = "#333333"
TARGET = "#E69F00"


def municipality_color(code: str) -> str:
    if code in MUNICIPALITY_ORDER:
        return CATEGORICAL[MUNICIPALITY_ORDER.index(code)]
    # Municipalities beyond the programme's twelve (a larger network) get a stable colour.
    return CATEGORICAL[sum(map(ord, code)) % len(CATEGORICAL)]


def municipality_colors(codes) -> dict[str, str]:
    return {c: municipality_color(c) for c in codes}
