"""Small counts of people are hidden as "<5", with one more cell hidden where a lone hidden
cell could be worked out from the total, and participant codes never leave the queries."""
import random

import pandas as pd
import pytest

from popdash.data import db
from popdash.views import privacy
from popdash.views.privacy import SECONDARY, SMALL, suppress_small


def test_counts_from_one_to_four_are_shown_as_less_than_five():
    frame = pd.DataFrame({"group": list("abcdef"), "n": [0, 1, 4, 5, 12, 3]})
    out = suppress_small(frame, ["n"])
    assert out.n.tolist()[:5] == [0, SMALL, SMALL, 5, 12]
    assert out.n.iloc[5] == SMALL
    assert frame.n.tolist() == [0, 1, 4, 5, 12, 3], "the input is left untouched"


def test_a_lone_hidden_cell_takes_the_next_smallest_with_it():
    frame = pd.DataFrame({"sex": ["F", "M", "X"], "n": [40, 37, 2]})
    out = suppress_small(frame, ["n"])
    assert out.n.tolist() == [40, SECONDARY, SMALL]
    # The total (79) minus the visible cells (40) leaves 39 for two hidden cells: neither is known.


def test_zero_counts_as_the_next_smallest():
    out = suppress_small(pd.DataFrame({"n": [0, 3, 50, 60]}), ["n"])
    assert out.n.tolist() == [SECONDARY, SMALL, 50, 60]


def test_two_hidden_cells_need_no_secondary_suppression():
    out = suppress_small(pd.DataFrame({"n": [2, 3, 50, 60]}), ["n"])
    assert out.n.tolist() == [SMALL, SMALL, 50, 60]


def test_groups_are_suppressed_apart_and_columns_on_their_own():
    frame = pd.DataFrame({
        "municipality": ["A", "A", "A", "B", "B"],
        "sex": ["F", "M", "X", "F", "M"],
        "n": [10, 20, 1, 30, 40],
        "visits": [15, 30, 9, 2, 60],
    })
    out = suppress_small(frame, ["n", "visits"], by="municipality")
    assert out.n.tolist() == [SECONDARY, 20, SMALL, 30, 40]
    assert out.visits.tolist() == [15, 30, 9, SMALL, SECONDARY]


@pytest.mark.parametrize("seed", range(30))
def test_a_total_minus_the_visible_cells_never_reveals_a_hidden_one(seed):
    rng = random.Random(seed)
    counts = [rng.choice([0, 1, 2, 3, 4, 5, 6, 9, 20, 150]) for _ in range(rng.randint(2, 7))]
    out = suppress_small(pd.DataFrame({"n": counts}), ["n"])
    hidden = [i for i, v in enumerate(out.n) if privacy.is_hidden(v)]
    small = [i for i, v in enumerate(counts) if 1 <= v <= 4]
    assert set(small) <= set(hidden), "every count from 1 to 4 is hidden"
    # One hidden cell would equal total - visible; two or more hidden cells share that sum.
    assert len(hidden) != 1
    assert not any(1 <= v <= 4 for v in out.n if not privacy.is_hidden(v))


def test_numeric_draws_hidden_cells_at_zero_height():
    out = suppress_small(pd.DataFrame({"n": [40, 37, 2]}), ["n"])
    assert privacy.numeric(out.n).tolist() == [40, 0, 0]
    assert privacy.any_hidden(out, ["n"])


@pytest.mark.parametrize("part, whole, hidden", [(3, 100, True), (97, 100, True), (50, 100, False),
                                                 (0, 10, False), (10, 10, False), (5, 9, True)])
def test_a_share_is_hidden_when_it_would_give_away_a_small_count(part, whole, hidden):
    assert privacy.share_hidden(part, whole) is hidden


PARTICIPANT_QUERIES = {
    "attendance_summary_by_municipality": {},
    "participants_by_group": {"dimension": "sex"},
    "participation_shares_by_year": {},
}


@pytest.mark.parametrize("name", sorted(PARTICIPANT_QUERIES))
def test_participant_codes_never_leave_the_queries(sample_root, sample_frames, name):
    codes = set(sample_frames["attendance"].participant_code)
    result = db.run(name, year=2025, municipalities=["TIR", "SHK", "FIE"], **PARTICIPANT_QUERIES[name])
    assert not result.empty
    assert "participant_code" not in result.columns
    values = {str(v) for column in result.columns for v in result[column]}
    assert not values & codes
