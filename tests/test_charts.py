"""The shared chart look: the light template keeps what plotly_white shows on our chart types,
and a figure made in one step equals the one made step by step."""
import re
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio

from popdash.views import charts

WHITE = pio.templates["plotly_white"]


def test_the_template_keeps_plotly_whites_layout_for_every_chart_type_we_draw():
    ours = charts.TEMPLATE.layout.to_plotly_json()
    theirs = WHITE.layout.to_plotly_json()
    assert set(theirs) - set(ours) == {"polar", "scene", "ternary"}  # subplot kinds no chart uses
    assert ours == {k: v for k, v in theirs.items() if k in ours}


def test_the_template_keeps_plotly_whites_defaults_for_the_traces_we_draw():
    drawn = {t for module in ("charts", "council", "contracts", "engagement", "municipal_map", "reports",
                              "results_charts", "scorecard") for t in trace_types(module)}
    assert drawn <= set(charts.TRACE_TYPES), drawn - set(charts.TRACE_TYPES)
    for kind in charts.TRACE_TYPES:
        assert charts.TEMPLATE.data[kind][0].to_plotly_json() == WHITE.data[kind][0].to_plotly_json(), kind
    bar = charts.TEMPLATE.data.bar[0]
    assert bar.marker.line.color == "white" and bar.marker.pattern.fillmode == "overlay"  # outlines, hatching


def trace_types(module: str) -> set[str]:
    """The trace types a module of the package draws, read from its source."""
    source = (Path(charts.__file__).parent / f"{module}.py").read_text(encoding="utf-8")
    return {m.lower() for m in re.findall(r"go\.(Bar|Scatter|Heatmap|Choropleth|Scattergeo|Pie|Histogram|Table|"
                                          r"Box|Violin|Funnel|Waterfall|Sunburst|Treemap|Indicator|Scattermap)\(", source)} | \
        set(re.findall(r'trace\(\s*"(\w+)"', source))


def test_a_figure_made_in_one_step_equals_the_one_made_step_by_step():
    bars = [go.Bar(x=["a", "b"], y=[1, 2], name="one"), go.Bar(x=["a", "b"], y=[3, 4], name="two")]
    stepwise = go.Figure()
    for bar in bars:
        stepwise.add_trace(bar)
    stepwise.update_layout(barmode="stack", margin=dict(t=5, pad=3), legend_traceorder="normal")
    stepwise.update_yaxes(autorange="reversed")
    charts.style(stepwise, "sq", height=300)
    stepwise.update_layout(legend=dict(orientation="v"))
    at_once = charts.figure(bars, "sq", height=300,
                            layout={"barmode": "stack", "margin": {"t": 5, "pad": 3}, "legend": {"traceorder": "normal"},
                                    "yaxis": {"autorange": "reversed"}},
                            after={"legend": {"orientation": "v"}})
    assert at_once.to_plotly_json() == stepwise.to_plotly_json()
    assert at_once.layout.margin.t == 40 and at_once.layout.margin.pad == 3  # the shared look wins, the rest stays
    assert at_once.layout.separators == ",."  # Albanian: decimal comma, thousands point


def test_style_lays_the_shared_look_over_a_figure_as_update_layout_would():
    def built():
        fig = go.Figure(go.Bar(x=["a"], y=[1]))
        fig.update_layout(margin=dict(t=5, pad=3), legend=dict(traceorder="reversed"), font=dict(color="red"))
        return fig

    expected = built().update_layout(**charts.base_layout("en", 300))
    assert charts.style(built(), "en", height=300).to_plotly_json() == expected.to_plotly_json()


def test_merged_lays_nested_values_over_without_touching_either():
    base = {"legend": {"x": 0, "y": 1}, "height": 200}
    over = {"legend": {"y": 2}, "barmode": "stack"}
    assert charts.merged(base, over) == {"legend": {"x": 0, "y": 2}, "height": 200, "barmode": "stack"}
    assert base == {"legend": {"x": 0, "y": 1}, "height": 200} and over == {"legend": {"y": 2}, "barmode": "stack"}


def test_stacked_bars_equal_the_bars_built_step_by_step():
    labels = ["Fier", "Shkodër"]
    stepwise = go.Figure()
    for name, values, colour in (("accepted", [3, 1], "#0072B2"), ("rejected", [0, 2], "#E69F00")):
        stepwise.add_trace(go.Bar(y=labels, x=values, orientation="h", name=name, marker_color=colour,
                                  text=[str(v) if v else "" for v in values], textposition="inside",
                                  insidetextanchor="middle", hovertemplate=charts.SEGMENT_HOVER))
    stepwise.update_layout(barmode="stack", xaxis_title="recommendations", legend_traceorder="normal")
    charts.style(stepwise, "en", height=300)
    stepwise.update_layout(bargap=0.3)
    segments = [dict(x=values, name=name, marker_color=colour, hovertemplate=charts.SEGMENT_HOVER,
                     **charts.inside_labels([str(v) if v else "" for v in values]))
                for name, values, colour in (("accepted", [3, 1], "#0072B2"), ("rejected", [0, 2], "#E69F00"))]
    at_once = charts.stacked_bars(labels, segments, "en", 300, after={"bargap": 0.3},
                                  layout={"xaxis": {"title": {"text": "recommendations"}}, "legend": {"traceorder": "normal"}})
    assert at_once.to_plotly_json() == stepwise.to_plotly_json()
    assert at_once.layout.barmode == "stack" and [tr.orientation for tr in at_once.data] == ["h", "h"]
    assert list(at_once.data[1].y) == labels and list(at_once.data[1].text) == ["", "2"]
