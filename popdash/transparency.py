"""The council transparency index: the rubric's settings as query parameters, and index
frames turned into what a page shows (the insufficient-data rule, bands, takeaways)."""
from __future__ import annotations

from popdash import db


def rubric_params() -> dict:
    """data/rubric.toml as the bound parameters of the transparency queries (pass with **)."""
    settings = db.rubric_settings()
    rubric = db.load_rubric()
    return {
        "min_meetings": int(settings["min_meetings"]),
        "score_full": float(settings["score_full"]),
        "score_half": float(settings["score_half"]),
        "score_zero": float(settings["score_zero"]),
        "rubric_code": tuple(rubric.code),
        "rubric_level": tuple(rubric.level),
        "rubric_weight": tuple(float(w) for w in rubric.weight),
        "rubric_legal_minimum": tuple(bool(v) for v in rubric.legal_minimum),
        "rubric_dimension": tuple(rubric.dimension),
    }
