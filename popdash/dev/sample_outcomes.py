"""Outcomes journal entries for generated data (the sample and the scaled network), drawn from
the accepted recommendations and addressed priorities of the generated tables."""
from __future__ import annotations

from datetime import timedelta

import numpy as np
import pandas as pd

from popdash.views.outcomes_journal import OUTCOME_COLUMNS, SIGNIFICANCE


# What a municipality does when it takes up one of the sample recommendations.
RECOMMENDATION_OUTCOMES = {
    "Publikoni procesverbalet brenda 30 ditëve": (
        "council", "Këshilli bashkiak", "Municipal council",
        "Këshilli bashkiak publikon tani procesverbalet e mbledhjeve brenda 30 ditëve.",
        "The municipal council now publishes the minutes of its meetings within 30 days."),
    "Njoftoni mbledhjet të paktën 5 ditë përpara": (
        "council", "Këshilli bashkiak", "Municipal council",
        "Këshilli bashkiak i njofton tani mbledhjet të paktën 5 ditë përpara, me rendin e ditës.",
        "The municipal council now announces its meetings at least 5 days ahead, with the agenda."),
    "Transmetoni live mbledhjet e këshillit": (
        "council", "Këshilli bashkiak", "Municipal council",
        "Këshilli bashkiak nisi transmetimin e drejtpërdrejtë të mbledhjeve.",
        "The municipal council started streaming its meetings live."),
    "Përditësoni regjistrin e kërkesave për informim": (
        "mayor_office", "Zyra e kryetarit të bashkisë", "Mayor's office",
        "Zyra e kryetarit përditësoi regjistrin e kërkesave për informim dhe e publikoi në faqen e bashkisë.",
        "The mayor's office updated the register of information requests and published it on the municipality's website."),
    "Zgjasni konsultimin e buxhetit në 20 ditë pune": (
        "directorate", "Drejtoria e financës", "Finance directorate",
        "Drejtoria e financës e zgjati konsultimin publik të buxhetit në 20 ditë pune.",
        "The finance directorate extended the public consultation on the budget to 20 working days."),
    "Publikoni projektvendimet para mbledhjes": (
        "council", "Këshilli bashkiak", "Municipal council",
        "Projektvendimet publikohen tani në faqen e bashkisë para mbledhjes së këshillit.",
        "Draft decisions are now published on the municipality's website before the council meets."),
    "Lejoni qytetarët të flasin në mbledhje": (
        "council", "Këshilli bashkiak", "Municipal council",
        "Këshilli bashkiak u dha fjalën qytetarëve në mbledhje për herë të parë.",
        "The municipal council let citizens speak at its meeting for the first time."),
    "Publikoni arsyet e komenteve të pranuara": (
        "directorate", "Drejtoria juridike", "Legal directorate",
        "Drejtoria juridike publikon tani arsyet e vendimeve për komentet e qytetarëve në konsultime.",
        "The legal directorate now publishes its reasons on citizens' comments in consultations."),
}
# English readings of the sample's priority texts.
PRIORITY_EN = {
    "Ndriçim publik në lagjet periferike": "Street lighting in the outlying neighbourhoods",
    "Rikonstruksioni i rrugëve rurale": "Rebuilding the rural roads",
    "Ujë i pijshëm 24 orë": "Drinking water 24 hours a day",
    "Kopshte dhe çerdhe të reja": "New kindergartens and nurseries",
    "Menaxhimi i mbetjeve": "Waste management",
    "Transport publik për fshatrat": "Public transport for the villages",
    "Dëgjesa publike për buxhetin": "Public hearings on the budget",
    "Transmetim live i mbledhjeve të këshillit": "Live streams of the council meetings",
    "Regjistri i kërkesave për informim": "The register of information requests",
    "Publikimi i vendimeve brenda afatit": "Publishing decisions on time",
    "Mbështetje për bizneset e grave": "Support for women's businesses",
    "Tregu i produkteve vendase": "A market for local produce",
    "Lehtësi fiskale për fermerët e rinj": "Tax relief for young farmers",
    "Punësimi i të rinjve në bashki": "Jobs for young people at the municipality",
    "Qendër ditore për të moshuarit": "A day centre for older people",
    "Shërbime për personat me aftësi të kufizuara": "Services for people with disabilities",
    "Strehim social për familjet në nevojë": "Social housing for families in need",
    "Hapësira sportive për të rinjtë": "Sports grounds for young people",
}


def recommendation_outcomes(rng, year: int, recommendations: pd.DataFrame, reports: pd.DataFrame, n: int) -> list[dict]:
    """Outcomes from recommendations accepted in the year, in different municipalities."""
    recs = recommendations.merge(reports[["report_id", "municipality_code"]], on="report_id")
    answered = pd.to_datetime(recs.response_date)
    pool = recs[(recs.response == "accepted") & (answered.dt.year == year) & recs.text_sq.isin(list(RECOMMENDATION_OUTCOMES))]
    pool = pool.drop_duplicates("municipality_code")
    rows = []
    for _, rec in pool.iloc[rng.permutation(len(pool))[:n]].iterrows():
        actor_type, actor_sq, actor_en, change_sq, change_en = RECOMMENDATION_OUTCOMES[rec.text_sq]
        answered_on = pd.Timestamp(rec.response_date).date()
        observed = answered_on + timedelta(days=int(rng.integers(3, 15)))
        observed = observed if observed.year == year else answered_on
        rows.append(dict(
            municipality_code=rec.municipality_code, observed_date=observed, actor_type=actor_type,
            actor_sq=actor_sq, actor_en=actor_en, change_sq=change_sq, change_en=change_en,
            contribution_sq=f"Rekomandim i raportit të monitorimit {rec.report_id}, i ndjekur në takimet e dialogut me bashkinë.",
            contribution_en=f"A recommendation of monitoring report {rec.report_id}, followed up in dialogue meetings with the municipality.",
            recommendation_id=rec.recommendation_id, priority_id=None,
        ))
    return rows


def priority_outcomes(rng, year: int, frames: dict, status: str, n: int, exclude: set[str]) -> list[dict]:
    """Outcomes from priorities that reached a status in the year's monitoring."""
    assessed = frames["assessments"].merge(frames["priorities"], on="priority_id").merge(
        frames["social_contracts"][["contract_id", "municipality_code", "cycle"]], on="contract_id")
    when = pd.to_datetime(assessed.assessed_date)
    in_cycle = (assessed.cycle.str[:4].astype(int) <= year) & (assessed.cycle.str[-4:].astype(int) >= year)
    pool = assessed[(assessed.status == status) & (when.dt.year == year) & in_cycle & assessed.text_sq.isin(list(PRIORITY_EN))
                    & ~assessed.municipality_code.isin(list(exclude))].drop_duplicates("municipality_code")
    rows = []
    for _, item in pool.iloc[rng.permutation(len(pool))[:n]].iterrows():
        text_en = PRIORITY_EN[item.text_sq]
        if status == "full":
            actor = dict(actor_type="mayor_office", actor_sq="Zyra e kryetarit të bashkisë", actor_en="Mayor's office",
                         change_sq=f"Bashkia përmbushi prioritetin e kontratës sociale „{item.text_sq}“.",
                         change_en=f"The municipality delivered the social-contract priority “{text_en}”.")
        else:
            actor = dict(actor_type="citizens_group", actor_sq="Grup qytetarësh i njësisë administrative",
                         actor_en="Citizens' group of an administrative unit",
                         change_sq=f"Një grup qytetarësh kërkoi me shkrim zbatimin e prioritetit „{item.text_sq}“ dhe bashkia e futi në planin e punës.",
                         change_en=f"A citizens' group asked in writing for the priority “{text_en}” and the municipality put it in its work plan.")
        rows.append(dict(
            municipality_code=item.municipality_code,
            observed_date=pd.Timestamp(item.assessed_date).date() - timedelta(days=int(rng.integers(5, 40))),
            **actor,
            contribution_sq=f"Prioritet i kontratës sociale {item.contract_id}, i ndjekur në monitorimin vjetor.",
            contribution_en=f"A priority of social contract {item.contract_id}, followed up in the annual monitoring.",
            priority_id=item.priority_id, recommendation_id=None,
        ))
    return rows


def sample_outcomes(frames: dict[str, pd.DataFrame], seed: int, years) -> pd.DataFrame:
    """Plausible outcomes for the sample data, drawn from its accepted recommendations and
    addressed priorities (frames: the sample tables generated from the same seed)."""
    rng = np.random.default_rng(seed + 9)
    rows = []
    for year in years:
        found = recommendation_outcomes(rng, year, frames["recommendations"], frames["reports"], n=2)
        used = {r["municipality_code"] for r in found}
        found += priority_outcomes(rng, year, frames, "full", 1, used)
        used |= {r["municipality_code"] for r in found}
        found += priority_outcomes(rng, year, frames, "partial", 1, used)
        for i, row in enumerate(sorted(found, key=lambda r: (r["observed_date"], r["municipality_code"])), 1):
            row["outcome_id"] = f"{row['municipality_code']}-O-{year}-{i:02d}"
            row["significance"] = str(rng.choice(SIGNIFICANCE, p=[0.3, 0.5, 0.2]))
            row["evidence"] = f"https://example.org/{row['municipality_code'].lower()}/rezultate/{row['outcome_id'].lower()}"
            rows.append(row)
    return pd.DataFrame(rows).reindex(columns=list(OUTCOME_COLUMNS))
