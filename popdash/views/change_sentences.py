"""Sentences written from the data: what changed, in the reader's language."""
from __future__ import annotations

from popdash.i18n import Translator
from popdash.i18n.numbers import format_number, format_percent
from popdash.views.key_figures import KEY_FIGURE_NAMES


def describe_changes(current: dict[str, float], previous: dict[str, float] | None, year: int,
                     t: Translator, limit: int = 3) -> list[str]:
    """The figures that moved most against the previous year, biggest relative change first."""
    if previous is None:
        return [t("overview.no_previous", year=year)]
    moves = []
    for key in KEY_FIGURE_NAMES:
        before, now = previous[key], current[key]
        if before == now:
            continue
        relative = (now - before) / before if before else None
        moves.append((abs(relative) if relative is not None else float("inf"), key, before, now, relative))
    if not moves:
        return [t("overview.no_change", year=year, previous=year - 1)]
    sentences = []
    for _, key, before, now, relative in sorted(moves, reverse=True)[:limit]:
        template = "overview.rose" if now > before else "overview.fell"
        if relative is None:
            template = "overview.rose_from_zero"
        sentences.append(t(
            template, metric=t(f"metric.{key}"), before=format_number(before, t.lang),
            now=format_number(now, t.lang), previous=year - 1, year=year,
            change=format_percent(abs(relative), t.lang) if relative is not None else "–",
        ))
    steady = [t(f"metric.{k}").lower() for k in KEY_FIGURE_NAMES if previous[k] == current[k]]
    if steady:
        sentences.append(t("overview.steady", metrics=", ".join(steady)))
    return sentences
