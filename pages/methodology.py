"""Metodologjia / Methodology: every indicator of the app with its formula, data source and
caveats, the transparency rubric, and the laws and published figures it rests on."""
import streamlit as st

from popdash.app.shell import download_csv, get_context
from popdash.views import methodology as method
from popdash.views.key_figures import KEY_FIGURE_NAMES

ctx = get_context()
t = ctx.t


def entries(texts: list[str]) -> None:
    """Indicator definitions in two columns of cards."""
    columns = st.columns(2)
    for i, text in enumerate(texts):
        with columns[i % 2].container(border=True):
            st.markdown(text)


st.title(t("methodology.title"))
st.markdown(t("methodology.intro"))

st.header(t("methodology.section_key_figures"), divider="gray")
st.caption(t("methodology.key_figures_intro"))
entries([method.key_figure_markdown(t, key) for key in KEY_FIGURE_NAMES])

st.header(t("methodology.section_transparency"), divider="gray")
st.markdown(t("methodology.transparency_intro"))
entries([method.item_markdown(t, key) for key in method.SECTIONS["transparency"]])
st.subheader(t("methodology.rubric_title"))
st.markdown(method.rubric_totals(t))
rubric = method.rubric_table(t)
st.dataframe(rubric, hide_index=True, width="stretch", height="content", key="rubric_table", column_config={
    "code": st.column_config.TextColumn(t("methodology.col_code"), width="small"),
    "indicator": st.column_config.TextColumn(t("methodology.col_indicator"), width="medium"),
    "level": st.column_config.TextColumn(t("methodology.col_level")),
    "weight": st.column_config.NumberColumn(t("methodology.col_weight"), width="small"),
    "legal_minimum": st.column_config.TextColumn(t("methodology.col_legal_minimum"), width="small"),
    "dimension": st.column_config.TextColumn(t("methodology.col_dimension")),
    "law": st.column_config.TextColumn(t("methodology.col_law")),
})
download_csv(ctx, rubric, "rubric", key="download_rubric")
st.subheader(t("methodology.settings_title"))
st.markdown(method.settings_markdown(t))

for section in ("contracts", "reports", "engagement", "privacy"):
    st.header(t(f"methodology.section_{section}"), divider="gray")
    entries([method.item_markdown(t, key) for key in method.SECTIONS[section]])

st.header(t("methodology.section_forms"), divider="gray")
st.markdown(t("methodology.forms_intro"))
st.markdown(method.import_rules_markdown(t))
forms = method.accepted_forms_table(t)
st.dataframe(forms, hide_index=True, width="stretch", key="forms_table", column_config={
    "column": st.column_config.TextColumn(t("methodology.col_column"), width="medium"),
    "value": st.column_config.TextColumn(t("methodology.col_value"), width="medium"),
    "forms": st.column_config.TextColumn(t("methodology.col_forms"), width="large"),
})

st.header(t("methodology.section_sources"), divider="gray")
st.markdown(t("methodology.sources_intro"))
st.markdown("\n".join(f"- {t(f'methodology.source.{key}')}" for key in method.SOURCES))
st.caption(t("methodology.reference_caveat"))
