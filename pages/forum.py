"""Forumi / Presentation: the story of the view, one message per screen, in type large enough to
read from the back of a hall. Arrow keys or a clicker (PageUp/PageDown) move between slides."""
import streamlit as st

from popdash.app.page_downloads import story_downloads
from popdash.app.shell import empty_state, get_context
from popdash.views import forum_slides
from popdash.views.story import build_story

SLIDE_KEY = "forum_slide"


def move(step: int, total: int) -> None:
    """Button callback: `step` slides on (or back), within the story's `total`."""
    st.session_state[SLIDE_KEY] = forum_slides.position(st.session_state.get(SLIDE_KEY, 0) + step, total)


ctx = get_context()
t = ctx.t
st.set_page_config(initial_sidebar_state="collapsed")
st.markdown(forum_slides.STYLE, unsafe_allow_html=True)
municipality = ctx.chosen[0] if ctx.chosen else None
story = build_story(ctx.run, ctx.year, ctx.lang, municipality, sample=ctx.is_sample)
if not story.has_data:
    empty_state(ctx)
    st.stop()

total = len(story.slides)
position = forum_slides.position(st.session_state.get(SLIDE_KEY, 0), total)
st.session_state[SLIDE_KEY] = position
st.markdown(forum_slides.slide_html(story.slides[position], ctx.lang, t("forum.cover.subtitle"),
                                    t("forum.cover.sample")), unsafe_allow_html=True)

back, where, forward = st.columns([1, 2, 1], vertical_alignment="center")
back.button(t("forum.previous"), icon=":material/arrow_back:", key="forum_previous", shortcut="Left",
            disabled=position == 0, on_click=move, args=(-1, total), width="stretch")
where.markdown(forum_slides.position_html(t("forum.slide_of", n=position + 1, total=total)), unsafe_allow_html=True)
forward.button(t("forum.next"), icon=":material/arrow_forward:", icon_position="right", key="forum_next",
               shortcut="Right", disabled=position == total - 1, on_click=move, args=(1, total), width="stretch")
with st.container(key="forum_clicker"):
    # Presentation clickers send PageDown/PageUp; these buttons are hidden but keep the keys live.
    st.button(t("forum.next"), key="forum_page_down", shortcut="PageDown", on_click=move, args=(1, total))
    st.button(t("forum.previous"), key="forum_page_up", shortcut="PageUp", on_click=move, args=(-1, total))

with st.sidebar:
    st.subheader(t("forum.downloads"))
    story_downloads(ctx, story, key="forum")
    st.caption(t("forum.settings_hint"))
    st.caption(t("forum.keyboard_hint"))
