"""Reference facts about the programme's municipalities, partners and elections.

Sources: popnetwork.al (municipalities and partner organisations), INSTAT census 2023
(population, rounded where the municipal figure was not at hand: see data/README.md),
Central Election Commission (election dates).
"""
from __future__ import annotations

from datetime import date

# code, name_sq, name_sq_definite, name_en, county, lat, lon, population (census 2023)
MUNICIPALITIES = [
    ("TIR", "Tiranë", "Tirana", "Tirana", "AL-11", 41.3275, 19.8187, 598176),
    ("DUR", "Durrës", "Durrësi", "Durrës", "AL-02", 41.3231, 19.4414, 155002),
    ("ELB", "Elbasan", "Elbasani", "Elbasan", "AL-03", 41.1125, 20.0822, 112145),
    ("SHK", "Shkodër", "Shkodra", "Shkodër", "AL-10", 42.0683, 19.5126, 103880),
    ("VLO", "Vlorë", "Vlora", "Vlorë", "AL-12", 40.4661, 19.4914, 110125),
    ("FIE", "Fier", "Fieri", "Fier", "AL-04", 40.7239, 19.5561, 107290),
    ("KOR", "Korçë", "Korça", "Korçë", "AL-06", 40.6186, 20.7808, 64480),
    ("KUK", "Kukës", "Kukësi", "Kukës", "AL-07", 42.0769, 20.4219, 33640),
    ("PUK", "Pukë", "Puka", "Pukë", "AL-10", 42.0444, 19.8994, 7380),
    ("VDE", "Vau i Dejës", "Vau i Dejës", "Vau i Dejës", "AL-10", 41.9947, 19.6264, 20050),
    ("KAM", "Kamëz", "Kamza", "Kamëz", "AL-11", 41.3817, 19.7602, 93900),
    ("POG", "Pogradec", "Pogradeci", "Pogradec", "AL-06", 40.9025, 20.6525, 48100),
]

PARTNERS = {
    "TIR": ("Qendra Aleanca Gjinore për Zhvillim", "Gender Alliance for Development Center (GADC)"),
    "DUR": ("Qendra e Zhvillimit të Shoqërisë Civile", "Civil Society Development Center"),
    "ELB": ("Tjetër Vizion", "Another Vision"),
    "SHK": ("Intelektualët e Rinj, Shpresë (IRSH)", "Young Intellectuals, Hope"),
    "VLO": ("Qendra Rinore e Vlorës", "Vlora Youth Center"),
    "FIE": ("Qendra Rinore \"Epoka e Re\"", "Youth Center \"New Epoch\""),
    "KOR": ("Gruaja në Zhvillim Korçë", "Women in Development"),
    "KUK": ("Qendra për Progres Rinor", "Center for Youth Progress"),
    "PUK": ("Qendra \"Lëvizja Rinore për Demokraci\"", "Youth Movement for Democracy Center"),
    "VDE": ("Hapa të Lehtë", "Easy Steps"),
    "KAM": ("Shoqata për Integrimin e Zonave Informale", "Association for Integration of Informal Areas"),
    "POG": ("Rinia për Integrim, Aktivizim dhe Sensibilizim", "Youth for Integration, Activation and Awareness"),
}

# (municipality, first year, last year): the set changes over time, so membership is data.
MEMBERSHIP_PERIODS = (
    [(c, 2019, 2023) for c in ("TIR", "DUR", "SHK", "VLO", "FIE", "KUK", "PUK", "KAM", "POG")]
    + [(c, 2021, 2023) for c in ("ELB", "VDE", "KOR")]
    + [(c, 2024, 2027) for c in ("TIR", "DUR", "ELB", "SHK", "VLO", "FIE", "KOR", "KUK", "PUK", "VDE")]
)

LOCAL_ELECTION_2019 = date(2019, 6, 30)
LOCAL_ELECTION_2023 = date(2023, 5, 14)
PARLIAMENTARY_ELECTION_2025 = date(2025, 5, 11)

COUNTY_NAMES = {
    "AL-01": "Berat", "AL-02": "Durrës", "AL-03": "Elbasan", "AL-04": "Fier",
    "AL-05": "Gjirokastër", "AL-06": "Korçë", "AL-07": "Kukës", "AL-08": "Lezhë",
    "AL-09": "Dibër", "AL-10": "Shkodër", "AL-11": "Tiranë", "AL-12": "Vlorë",
}
