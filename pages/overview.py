"""Pasqyra / Overview: the eight key figures, their trend and what changed."""
import streamlit as st

from popdash.app.page_downloads import page_download, story_downloads
from popdash.app.shell import download_csv, empty_state, get_context, scope_label
from popdash.i18n.numbers import format_change, format_number, format_percent
from popdash.views import change_sentences, charts, key_figures
from popdash.views.story import build_story

ctx = get_context()
t = ctx.t
st.title(t("overview.title"))
st.caption(t("overview.caption", scope=scope_label(ctx), year=ctx.year))

by_year = ctx.run("key_figures_by_year", municipalities=list(ctx.trend_municipalities))
targets = ctx.run("targets_by_year")
current = key_figures.figures_for_year(by_year, ctx.year)
if current is None:
    empty_state(ctx)
    st.stop()
previous = key_figures.figures_for_year(by_year, ctx.year - 1)
deltas = key_figures.changes(current, previous)

st.subheader(t("overview.key_figures", year=ctx.year))
for row in (key_figures.KEY_FIGURE_NAMES[:4], key_figures.KEY_FIGURE_NAMES[4:]):
    for column, key in zip(st.columns(4), row):
        with column.container(border=True):
            delta = deltas.get(key)
            # The label is drawn above the card so long Albanian labels wrap instead of being cut.
            st.markdown(f"**{t(f'metric.{key}')}**")
            st.metric(
                t(f"metric.{key}"), format_number(current[key], ctx.lang), label_visibility="collapsed",
                delta=f"{format_change(delta[0], ctx.lang)} {t('overview.versus', previous=ctx.year - 1)}" if delta else None,
                delta_color="normal" if delta and delta[0] else "off", delta_arrow="auto" if delta and delta[0] else "off",
            )
            goal = targets[(targets.metric == key) & (targets.year == ctx.year)]
            if not ctx.all_selected:
                st.caption(t("overview.target_network_only"))
            elif goal.empty:
                st.caption(t("overview.no_target", year=ctx.year))
            else:
                share = key_figures.progress(current[key], float(goal.target.iloc[0]))
                st.caption(t("overview.target_progress", year=ctx.year,
                             target=format_number(goal.target.iloc[0], ctx.lang), progress=format_percent(share, ctx.lang)))
                if share is not None:
                    st.progress(min(share, 1.0))

st.subheader(t("overview.what_changed"))
st.markdown("\n".join(f"- {s}" for s in change_sentences.describe_changes(current, previous, ctx.year, t)))

st.subheader(t("overview.trend_title"))
st.caption(t("overview.trend_takeaway", year=ctx.year))
st.plotly_chart(charts.key_figures_trend(by_year, targets, t, ctx.year, show_targets=ctx.all_selected),
                width="stretch", key="trend")
download_csv(ctx, by_year, "key-figures", key="download_trend")

st.subheader(t("overview.downloads"))
by_municipality = ctx.run("key_figures_by_municipality")
page_download(ctx, {t("overview.trend_title"): by_year, t("overview.by_municipality"): by_municipality}, "pasqyra")
municipality = ctx.chosen[0] if len(ctx.chosen) == 1 else None
story_downloads(ctx, build_story(ctx.run, ctx.year, ctx.lang, municipality, sample=ctx.is_sample), key="overview")
