"""The sample generator at scale 1 is frozen: same seed, same tables, the programme card's 2025
figures. The checksums were taken from the generator before it learned to scale."""
import hashlib

import pytest

from popdash.data import db
from popdash.dev.sample import SEED
from popdash.dev.scale import generate_at

CARD_2025 = {
    "municipalities_monitored": 10,
    "meetings_monitored": 120,
    "reports_published": 10,
    "citizen_workshops": 32,
    "public_forums": 7,
    "candidates_engaged": 42,
    "unique_participants": 2984,
    "people_reached": 129466,
}

# table: (rows, sha256 of the table as CSV), computed from generate() before scaling existed.
PINNED = {
    "municipalities": (12, "bf02200172cb2e2d7ed49e1df554a2325cbc0ac5658a857d20fb0627dbdf1e4d"),
    "memberships": (22, "22e65427265a2e107a9f0563c23af020166aaf9b2e936d929ea36136f18dd968"),
    "meetings": (317, "f27009e088520c5c5b7d60d78c72b5f0997a1fc1ff278b62046f225d12755160"),
    "meeting_observations": (2536, "294dbc9f33fc0462854c30171427c0626bfac7ad9f47d78672d80ec4fd91ab5a"),
    "period_observations": (128, "26539222afad4788e00f6a278382bb45318d60a1d919d24dd67dd73e55471898"),
    "events": (305, "44ff255dde0423d3a1b67d0260fa1dc0f0e88c2f1f7630d9deccec8bd9fde162"),
    "attendance": (13482, "ec716496d6543b231d5871fbe4f38779d889be5da89f3617b8c1443f4ca36db3"),
    "candidates": (199, "6ea618f6ee665d92d43dba1f3550111d183261118f59d031b520635d5f1b3716"),
    "social_contracts": (22, "7183da621c74f214a6edba698b8104072ba30b454c476dad66063a9bfadc0775"),
    "priorities": (237, "279a0beed65fa66539d6a2f9720b688ef0fd1465ebafddf36dadc150343bf7c5"),
    "assessments": (734, "04c9adea76dc9f34c2b0ebfd1f45448150f8a80ab7aafe8a7052ad95a2ed46dd"),
    "reports": (32, "23ff60b3e7ab07a3c2b687281a3b5f942c52fc75f3dbf12687cf9826daaffab9"),
    "recommendations": (168, "cc12967c0ae0d280cdbecd4c7a86e615a53c53a70a5946dfea8e4966984f6ea6"),
    "outreach": (2110, "a3c1f421c40ddb383cc38c0a551254120b41440bd0c2452d9a64f2901eb3bbd3"),
    "targets": (30, "58c8a0953e067f1ae592e4f5f0a1e38dc517a57bf39c19cc5be73f4e942c7f53"),
}


def checksum(frame) -> str:
    return hashlib.sha256(frame.to_csv(index=False, lineterminator="\n").encode("utf-8")).hexdigest()


@pytest.mark.parametrize("table", sorted(PINNED))
def test_scale_one_tables_are_unchanged(sample_frames, table):
    rows, digest = PINNED[table]
    assert len(sample_frames[table]) == rows
    assert checksum(sample_frames[table]) == digest


def test_explicit_scale_one_is_the_sample(sample_frames):
    again = generate_at(1, SEED)
    assert set(PINNED) <= set(again)  # tables added later (outcomes) have their own generator
    assert all(checksum(again[t]) == PINNED[t][1] for t in ("attendance", "events", "outreach"))


def test_sample_2025_key_figures(sample_root, sample_frames):
    codes = list(sample_frames["municipalities"].municipality_code)
    by_year = db.run("key_figures_by_year", municipalities=codes)
    row = by_year[by_year.year == 2025].iloc[0]
    assert {k: int(row[k]) for k in CARD_2025} == CARD_2025
