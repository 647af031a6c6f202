"""Harta / Map: the monitored municipalities coloured by their council transparency index
(or another measure); a click opens the municipality's scorecard."""
import streamlit as st

from popdash.app.shell import choose_municipalities, download_csv, empty_state, get_context, members_by_year
from popdash.i18n import localized
from popdash.views import geometry, municipal_map, transparency

SCORECARD_PAGE = "pages/scorecard.py"
OPEN_KEY = "_map_open_scorecard"

ctx = get_context()
t = ctx.t


def open_scorecard(code: str | None, members) -> None:
    """Widget callback: choose the municipality in the sidebar filter (only a callback may, as
    it runs before the sidebar is drawn) and note that its scorecard should open. Municipalities
    outside the programme that year have no scorecard to open."""
    if code and code in members:
        choose_municipalities([code])
        st.session_state[OPEN_KEY] = True


if st.session_state.pop(OPEN_KEY, None):
    st.switch_page(SCORECARD_PAGE)

st.title(t("map.title"))
membership = members_by_year(ctx.version)
members = membership.get(ctx.year, [])
st.caption(t("map.caption", year=ctx.year, n=len(members)))
if not members:
    empty_state(ctx)
    st.stop()

measure = st.segmented_control(t("map.measure_label"), municipal_map.MEASURES, default="index", required=True,
                               format_func=lambda m: t(f"map.measure.{m}"), key="map_measure")
rubric = transparency.rubric_params()
frame = municipal_map.map_frame(
    ctx.run("municipalities"),
    ctx.run("transparency_index_by_municipality", municipalities=members, **rubric),
    ctx.run("priorities_addressed_by_municipality", municipalities=members),
    ctx.run("participants_by_municipality", municipalities=members),
    ctx.year, members,
)
names = dict(zip(frame.municipality_code, localized(frame, "name", ctx.lang)))

left, right = st.columns([3, 2], gap="large")
with left:
    st.markdown(f"**{municipal_map.map_takeaway(frame, measure, t)}**")
    figure = municipal_map.build_municipality_map(
        frame, measure, t, geometry.load_municipalities() or municipal_map.EMPTY_LAYER, geometry.load_counties(), geometry.load_outline(),
        ctx.year, former=municipal_map.former_members(membership, ctx.year), chosen=ctx.chosen,
        bands=transparency.band_bounds())
    st.plotly_chart(
        figure, width="stretch", key="municipality_map", on_select=lambda: open_scorecard(
            municipal_map.selected_code(st.session_state.get("municipality_map")), members),
        selection_mode="points", config={"topojsonURL": geometry.EMPTY_TOPOJSON_URL, "scrollZoom": False,
                                         "displayModeBar": False},
    )
    st.caption(t("map.note_boundaries"))
    st.caption(t(f"map.definition.{measure}", min_meetings=rubric["min_meetings"]))
with right:
    st.subheader(t("map.ranking_title"))
    st.plotly_chart(municipal_map.build_ranking_chart(frame, measure, t, transparency.band_bounds()), width="stretch", key="map_ranking",
                    config={"displayModeBar": False})
    st.selectbox(t("map.open_scorecard"), members, index=None, key="map_open_choice",
                 format_func=lambda code: names.get(code, code), placeholder=t("map.open_placeholder"),
                 on_change=lambda: open_scorecard(st.session_state.get("map_open_choice"), members))
    download_csv(ctx, municipal_map.export_frame(frame), "municipality-map", key="download_map")
