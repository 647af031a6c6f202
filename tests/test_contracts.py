"""Social contracts: the queries and figures of pages/contracts.py on a small hand-made fixture
(two municipalities, six priorities of the 2023-2027 cycle assessed on two dates, one
priority of the earlier cycle), checked against values worked out by hand, and the page
itself through AppTest."""
import pandas as pd
import pytest

from browser_support import captured_media
from conftest import write_dataset
from popdash.data import db
from popdash.i18n import Translator
from popdash.views import contracts, listing
from test_council import app, array, download_rows, figures, meetings, memberships, metrics, municipalities

BOTH = ["TIR", "FIE"]
# priority -> (contract, pillar, status on 15.09.2024, status on 15.09.2025); None = not assessed
PRIORITIES = {
    "TIR-2023-P01": ("TIR-2023", "infrastructure", "partial", "full"),
    "TIR-2023-P02": ("TIR-2023", "governance", "none", "partial"),
    "TIR-2023-P03": ("TIR-2023", "social", "none", "partial"),
    "FIE-2023-P01": ("FIE-2023", "infrastructure", "partial", "partial"),
    "FIE-2023-P02": ("FIE-2023", "economy", "full", "full"),
    "FIE-2023-P03": ("FIE-2023", "infrastructure", None, None),
}


def social_contracts() -> pd.DataFrame:
    return pd.DataFrame({
        "contract_id": ["TIR-2019", "TIR-2023", "FIE-2023"],
        "municipality_code": ["TIR", "TIR", "FIE"],
        "cycle": ["2019-2023", "2023-2027", "2023-2027"],
        "signatory_role": ["mayor", "mayor_candidate", "mayor_candidate"],
        "signatory": ["Kryetari i bashkisë", "Kandidati për kryetar", "Kandidati për kryetar"],
        "signed_date": pd.to_datetime(["2019-06-20", "2023-05-04", "2023-04-30"]).date,
        "signed_when": ["after_election", "before_election", "before_election"],
    })


def priorities() -> pd.DataFrame:
    rows = [(p, c, pillar, f"Prioriteti {p}") for p, (c, pillar, _, _) in PRIORITIES.items()]
    rows.append(("TIR-2019-P01", "TIR-2019", "governance", "Transmetim live i mbledhjeve të këshillit"))
    return pd.DataFrame(rows, columns=["priority_id", "contract_id", "pillar", "text_sq"])


def assessments() -> pd.DataFrame:
    rows = [(p, day, status, f"Dëshmi {p} {day}", "document")
            for p, (_, _, first, second) in PRIORITIES.items()
            for day, status in (("2024-09-15", first), ("2025-09-15", second)) if status]
    rows += [("TIR-2019-P01", "2020-09-15", "partial", "Projekt në zbatim", "site_visit"),
             ("TIR-2019-P01", "2023-09-15", "full", "Vendim i këshillit", "document")]
    frame = pd.DataFrame(rows, columns=["priority_id", "assessed_date", "status", "evidence", "source"])
    return frame.assign(assessed_date=pd.to_datetime(frame.assessed_date).dt.date)


@pytest.fixture
def contracts_root(data_root):
    write_dataset(data_root, {
        "municipalities": municipalities(), "memberships": memberships(), "meetings": meetings(),
        "social_contracts": social_contracts(), "priorities": priorities(), "assessments": assessments(),
    })
    return data_root


def run(query, year=2025, municipalities=BOTH, **params):
    return db.run(query, year=year, municipalities=municipalities, **params)


def test_cycles_and_the_default_for_a_year(contracts_root):
    cycles = db.run("contract_cycles_by_end_year", municipalities=BOTH)
    assert cycles[["cycle_end", "cycle_start", "contracts", "priorities"]].values.tolist() == [[2023, 2019, 1, 1], [2027, 2023, 2, 6]]
    assert contracts.cycle_options(cycles, 2025) == [2027]
    # 2023 is covered by both; the new contracts were not assessed until 2024, so the ending
    # cycle comes first.
    assert contracts.cycle_options(cycles, 2023) == [2023, 2027]
    assert contracts.cycle_options(cycles, 2030) == [2027]
    assert contracts.cycle_options(cycles, 2015) == []
    assert contracts.cycle_label(cycles, 2023) == "2019–2023"


def test_latest_status_per_municipality_counts_never_assessed_as_not_addressed(contracts_root):
    by_municipality = run("priority_status_by_municipality", cycle_end=2027).set_index("municipality_code")
    columns = ["priorities", "full", "partial", "none", "never_assessed"]
    assert by_municipality.loc["TIR", columns].tolist() == [3, 1, 2, 0, 0]
    assert by_municipality.loc["FIE", columns].tolist() == [3, 1, 1, 1, 1]
    totals = contracts.status_shares(contracts.network_counts(by_municipality))
    assert (totals["priorities"], totals["full"], totals["partial"], totals["none"]) == (6, 2, 3, 1)
    assert totals["share_addressed"] == pytest.approx(5 / 6)
    assert totals["weighted_score"] == pytest.approx((2 + 0.5 * 3) / 6)
    assert totals["share_none"] == pytest.approx(1 / 6)
    # At the end of 2024 only the first assessment counts.
    earlier = contracts.status_shares(contracts.network_counts(run("priority_status_by_municipality", year=2024, cycle_end=2027)))
    assert (earlier["full"], earlier["partial"], earlier["none"], earlier["never_assessed"]) == (1, 2, 3, 1)
    assert earlier["share_addressed"] == pytest.approx(0.5)
    assert earlier["weighted_score"] == pytest.approx(2 / 6)


def test_shares_as_they_stood_on_each_assessment_date(contracts_root):
    history = run("priority_shares_by_assessment_date", cycle_end=2027)
    assert [str(d.date()) for d in pd.to_datetime(history.assessed_date)] == ["2024-09-15", "2025-09-15"]
    assert history[["priorities", "full", "partial", "none", "never_assessed"]].values.tolist() == [[6, 1, 2, 3, 1], [6, 2, 3, 1, 1]]
    assert len(run("priority_shares_by_assessment_date", year=2024, cycle_end=2027)) == 1
    text = contracts.describe_history(history, Translator("en"))
    assert text == "The share addressed (fully or partly) went from 50% on 15 Sep 2024 to 83% on 15 Sep 2025 (2 assessments)."
    assert "15 shtator 2025" in contracts.describe_history(history, Translator("sq"))


def test_pillars_and_the_takeaways(contracts_root):
    by_pillar = run("priorities_by_pillar", cycle_end=2027).set_index("pillar")
    assert by_pillar.loc["infrastructure", ["priorities", "full", "partial", "none"]].tolist() == [3, 1, 1, 1]
    assert by_pillar.priorities.sum() == 6
    t = Translator("sq")
    assert contracts.describe_pillars(by_pillar.reset_index(), t) == (
        "Shumica e prioriteteve janë te «Infrastruktura dhe shërbimet publike» (3); më pak e adresuar është shtylla "
        "«Infrastruktura dhe shërbimet publike» (67% e adresuar).")
    by_municipality = run("priority_status_by_municipality", cycle_end=2027)
    assert contracts.describe_status_by_municipality(by_municipality, t, {"TIR": "Tiranë", "FIE": "Fier"}) == (
        "Tiranë ka adresuar pjesën më të madhe: 3 nga 3 prioritete plotësisht ose pjesërisht (100%). Më pak: Fier, 2 nga 3 (67%).")
    fier = by_municipality[by_municipality.municipality_code == "FIE"]
    assert contracts.describe_status_by_municipality(fier, Translator("en"), {"FIE": "Fier"}) == (
        "Fier: 2 of 3 priorities addressed fully or partly (67%); 1 not addressed.")


def test_priority_list_filters_by_status_and_municipality(contracts_root):
    listed = run("priorities_list", cycle_end=2027, statuses=["none"], municipalities=["FIE"])
    assert listed.priority_id.tolist() == ["FIE-2023-P03"]
    assert not listed.assessed.iloc[0] and pd.isna(listed.assessed_date.iloc[0])
    everything = run("priorities_list", cycle_end=2027, statuses=contracts.STATUSES)
    assert len(everything) == 6
    latest = everything.set_index("priority_id").loc["TIR-2023-P01"]
    assert latest.status == "full" and latest.evidence == "Dëshmi TIR-2023-P01 2025-09-15" and latest.assessments == 2
    table = contracts.priorities_table(listed, Translator("sq"), {"FIE": "Fier"})
    assert table.status.tolist() == ["Nuk është adresuar (pa vlerësim)"]
    assert table.pillar.tolist() == ["Infrastruktura dhe shërbimet publike"]


@pytest.mark.parametrize("lang", ["sq", "en"])
def test_page_renders_with_charts_populated(contracts_root, lang):
    at = app(lang=lang).switch_page("pages/contracts.py").run()
    assert not at.exception, [e.value for e in at.exception]
    t = Translator(lang)
    assert at.title[0].value == t("contracts.title")
    values = metrics(at)
    assert values[t("contracts.metric_addressed")] == "83%"
    assert values[t("contracts.metric_weighted")] == "58%"
    assert values[t("contracts.metric_priorities")] == "6"
    assert values[t.code("status", "full")] == "33%"
    assert values[t.code("status", "partial")] == "50%"
    assert values[t.code("status", "none")] == "17%"
    charts = figures(at)
    assert set(charts) == {"contracts_municipalities", "contracts_history", "contracts_pillars"}
    fully = charts["contracts_municipalities"]["data"][0]
    assert list(array(fully["x"])) == [1, 1]  # one priority fully addressed in each municipality
    history = charts["contracts_history"]["data"][0]
    assert array(history["y"]).astype(float).round(4).tolist() == [round(1 / 6, 4), round(2 / 6, 4)]
    assert len(at.dataframe[0].value) == 6
    assert any(t("contracts.formula", year=2025, never=1) == c.value for c in at.caption)


def test_two_clicks_answer_which_promises_are_not_addressed(contracts_root):
    at = app(lang="en").switch_page("pages/contracts.py").run()
    at.segmented_control(key="contracts_status").set_value("none").run()
    at.pills(key="contracts_municipality").set_value("FIE").run()
    shown = at.dataframe[0].value
    expected = run("priorities_list", cycle_end=2027, statuses=["none"], municipalities=["FIE"])
    assert shown.priority_id.tolist() == expected.priority_id.tolist() == ["FIE-2023-P03"]
    assert any(m.value == "Fier · not addressed: 1" for m in at.markdown)


def test_a_long_list_draws_its_first_rows_and_downloads_them_all(contracts_root, monkeypatch):
    monkeypatch.setattr(listing, "LIST_ROWS", 4)
    with captured_media() as media:
        at = app(lang="sq").switch_page("pages/contracts.py").run()
        assert not at.exception, [e.value for e in at.exception]
        # The query's order (municipality, then code): Fier's three, then Tirana's first.
        assert at.dataframe[0].value.priority_id.tolist() == [
            "FIE-2023-P01", "FIE-2023-P02", "FIE-2023-P03", "TIR-2023-P01"]
        t = Translator("sq")
        assert t("contracts.list_cut", shown="4", n="6") in [c.value for c in at.caption]
        assert any(m.value == "Të gjitha bashkitë · të gjitha statuset: 6" for m in at.markdown)
        assert download_rows(media, at, "download_contracts_list").priority_id.tolist() == [
            "FIE-2023-P01", "FIE-2023-P02", "FIE-2023-P03", "TIR-2023-P01", "TIR-2023-P02", "TIR-2023-P03"]
        # Narrowed to fewer rows than the page draws: all of them, and no note.
        at.segmented_control(key="contracts_status").set_value("partial").run()
        assert at.dataframe[0].value.priority_id.tolist() == ["FIE-2023-P01", "TIR-2023-P02", "TIR-2023-P03"]
        assert not any(c.value.startswith("Shfaqen") for c in at.caption)


def test_search_narrows_the_priorities(contracts_root):
    at = app(lang="en").switch_page("pages/contracts.py").run()
    at.text_input(key="contracts_search").input("p03").run()
    assert at.dataframe[0].value.priority_id.tolist() == ["FIE-2023-P03", "TIR-2023-P03"]
    assert any(m.value == "All municipalities · all statuses: 2" for m in at.markdown)
    # Accents and case ignored: "deshmi" finds the evidence "Dëshmi TIR-2023-P02 2025-09-15".
    at.text_input(key="contracts_search").input("DESHMI tir-2023-p02").run()
    assert at.dataframe[0].value.priority_id.tolist() == ["TIR-2023-P02"]
    at.text_input(key="contracts_search").input("[x](http://evil.example)").run()
    assert len(at.dataframe) == 0
    assert any(r"“\[x\]\(http\:\/\/evil\.example\)”" in i.value for i in at.info)


def test_search_matches_names_in_the_readers_language():
    listed = pd.DataFrame({"priority_id": ["KOR-1", "FIE-1"], "municipality_code": ["KOR", "FIE"],
                           "text_sq": ["Rruga", "Shkolla"], "evidence": [None, "Vendim"]})
    names = {"KOR": "Korçë", "FIE": "Fier"}
    assert contracts.search_priorities(listed, "korce", names).priority_id.tolist() == ["KOR-1"]
    assert contracts.search_priorities(listed, "  ", names).priority_id.tolist() == ["KOR-1", "FIE-1"]
    assert contracts.search_priorities(listed, "vendim", names).priority_id.tolist() == ["FIE-1"]
    assert contracts.search_priorities(listed, "%", names).empty  # matched literally, not as a pattern


def test_filters_change_the_figures(contracts_root):
    at = app(lang="en").switch_page("pages/contracts.py").run()
    at.sidebar.selectbox(key="year").set_value(2024).run()
    assert metrics(at)["Addressed (fully or partly)"] == "50%"
    assert metrics(at)["Weighted score"] == "33%"
    at.sidebar.multiselect(key="municipality").set_value(["FIE"]).run()
    expected = contracts.status_shares(contracts.network_counts(
        run("priority_status_by_municipality", year=2024, municipalities=["FIE"], cycle_end=2027)))
    assert metrics(at)["Citizens' priorities"] == "3"
    assert metrics(at)["Addressed (fully or partly)"] == f"{expected['share_addressed']:.0%}" == "67%"
    assert len(at.pills) == 0  # one municipality: nothing to pick above the table


def test_no_contract_shows_the_empty_state(data_root):
    write_dataset(data_root, {"municipalities": municipalities(), "memberships": memberships(), "meetings": meetings()})
    at = app(lang="sq").switch_page("pages/contracts.py").run()
    assert not at.exception
    assert not figures(at) and not at.metric
    assert any(i.value == Translator("sq")("common.no_data") for i in at.info)
