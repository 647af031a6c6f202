"""The programme as an IATI activity file (standard 2.03): its results framework with each
indicator's baseline and yearly target and actual, breakdowns by sex, age band and
municipality as dimensions, and the outcomes journal as a qualitative result.

The identifiers and organisations come from the [iati] section of
data/results_framework.toml (popdash.views.results_framework); the actuals are the Results
page's (popdash.views.results).
In each period the actual without a dimension is the total; the actuals with a dimension
are its breakdown, one group each.
"""
from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from popdash.data.named_queries import VersionRunner
from popdash.i18n import translate
from popdash.i18n.safe_text import xml_safe
from popdash.views import outcomes_journal as journal, results, results_format, results_framework

IATI_VERSION = "2.03"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# ResultType codelist: 1 Output, 2 Outcome, 3 Impact (the overall objective).
RESULT_TYPES = {"output": "1", "outcome": "2", "objective": "3"}
# IndicatorMeasure codelist: 1 Unit, 2 Percentage, 5 Qualitative. The transparency index is
# reported in index points (unit), shares in percent (45.5 = 45.5%).
MEASURES = {"count": "1", "index": "1", "percent": "2"}
QUALITATIVE = "5"
REPORTING_ORG_VOCABULARY = "99"
DIMENSION_NAMES = {"sex": "sex", "age_band": "age", "municipality": "municipality"}
SEX_VALUES = {"F": "female", "M": "male", "X": "other or not stated"}
WGS84 = "http://www.opengis.net/def/crs/EPSG/0/4326"
# The IATI 2.03 activity schema, vendored with the files it includes and imports (provenance
# and licence in iati_schemas/README.md).
SCHEMA = Path(__file__).with_name("iati_schemas") / "iati-activities-schema.xsd"


def iati_value(value, unit: str) -> str | None:
    """A value as the file writes it: whole counts, percentages and index points to 1 decimal."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if unit == "percent":
        return f"{float(value) * 100:.1f}"
    if unit == "index":
        return f"{float(value):.1f}"
    return str(int(round(float(value))))


def from_iati_value(text: str, unit: str) -> float:
    """The inverse of iati_value: shares back to fractions."""
    return float(text) / 100 if unit == "percent" else float(text)


def years_of(year_range, available: list[int]) -> list[int]:
    """The years to report: a range, a (first, last) pair (inclusive) or None for all years
    with data; only years with data are kept."""
    if year_range is None:
        wanted = set(available)
    elif isinstance(year_range, range):
        wanted = set(year_range)
    else:
        first, last = year_range
        wanted = set(range(int(first), int(last) + 1))
    return [y for y in available if y in wanted]


def add(parent: ET.Element, tag: str, **attributes) -> ET.Element:
    """A child element; attribute names use - where Python needs _."""
    return ET.SubElement(parent, tag, {k.replace("_", "-"): str(v) for k, v in attributes.items() if v is not None})


def add_narratives(parent: ET.Element, texts: dict[str, str], first: str) -> ET.Element:
    """One narrative per language, the reader's language first; empty texts are left out."""
    for lang in sorted(texts, key=lambda code: code != first):
        if texts[lang]:
            add(parent, "narrative", **{XML_LANG: lang}).text = texts[lang]
    return parent


def add_text(parent: ET.Element, tag: str, texts: dict[str, str], first: str, **attributes) -> ET.Element:
    return add_narratives(add(parent, tag, **attributes), texts, first)


def bilingual(mapping: dict, key: str) -> dict[str, str]:
    return {"sq": mapping.get(f"{key}_sq", ""), "en": mapping.get(f"{key}_en", "")}


def location_ref(identifier: str, code: str) -> str:
    return f"{identifier}-{code}"


def timestamp(run: VersionRunner) -> str:
    """When the runner's data version was written (so the same data gives the same file), else now."""
    written = run.manifest().get("written_at")
    moment = datetime.fromisoformat(written) if written else datetime.now(timezone.utc)
    return moment.replace(microsecond=0).isoformat()


def build_header(activity: ET.Element, framework: results_framework.Framework, lang: str, places: pd.DataFrame) -> None:
    """Identification, organisations, dates, places and sector: everything before the results."""
    iati, programme = framework.iati, framework.programme
    add(activity, "iati-identifier").text = iati["identifier"]
    add_text(activity, "reporting-org", bilingual(iati, "reporting_org_name"), lang,
             ref=iati["reporting_org_ref"], type=iati["reporting_org_type"])
    add_text(activity, "title", bilingual(programme, "title"), lang)
    add_text(activity, "description", bilingual(programme, "description"), lang, type="1")
    add_text(activity, "description", bilingual(programme, "objectives"), lang, type="2")
    add_text(activity, "participating-org", bilingual(iati, "reporting_org_name"), lang,
             ref=iati["reporting_org_ref"], type=iati["reporting_org_type"], role="1")
    add_text(activity, "participating-org", bilingual(iati, "extending_org"), lang, type="21", role="3")
    # Keyed on the English name: the lead partner is also a municipality's partner.
    partners = {iati["implementing_org_en"]: bilingual(iati, "implementing_org")}
    for _, place in places.iterrows():
        partners.setdefault(place.partner_en, {"sq": place.partner_sq, "en": place.partner_en})
    for names in partners.values():
        add_text(activity, "participating-org", names, lang, type="22", role="4")
    owner = add(add(activity, "other-identifier", ref=iati["parent_activity"], type="A9"), "owner-org",
                ref=iati["reporting_org_ref"])
    add_narratives(owner, bilingual(iati, "reporting_org_name"), lang)
    add(activity, "activity-status", code="2")
    add(activity, "activity-date", type="1", iso_date=str(programme["planned_start"]))
    add(activity, "activity-date", type="3", iso_date=str(programme["planned_end"]))
    add(activity, "recipient-country", code=iati["recipient_country"], percentage="100")
    for _, place in places.iterrows():
        location = add(activity, "location", ref=location_ref(iati["identifier"], place.municipality_code))
        add(location, "location-reach", code="1")
        add_text(location, "name", {"sq": place.name_sq, "en": place.name_en}, lang)
        point = add(location, "point", srsName=WGS84)
        add(point, "pos").text = f"{place.seat_lat:.4f} {place.seat_lon:.4f}"
        add(location, "exactness", code="2")
        add(location, "location-class", code="1")
    add(activity, "sector", vocabulary="1", code=iati["sector"], percentage="100")
    if programme.get("website"):
        link = add(activity, "document-link", format="text/html", url=programme["website"])
        add_text(link, "title", bilingual(programme, "title"), lang)
        add(link, "category", code="A12")


def dimension_value(dimension: str, group: str, names: dict[str, str]) -> str:
    if dimension == "sex":
        return SEX_VALUES.get(group, group)
    if dimension == "municipality":
        return names.get(group, group)
    return group


def add_breakdowns(period: ET.Element, indicator: results_framework.Indicator, year: int, members: list[str],
                   run: VersionRunner, identifier: str, names: dict[str, str]) -> None:
    """One actual per group of each dimension, over the year's member municipalities; hidden
    small counts and values resting on too little data are left out."""
    for spec in indicator.disaggregations:
        frame = results.breakdown(run, indicator, spec.dimension, year, municipalities=members)
        for _, row in frame[(frame.mark == "") & frame.valid & frame.value.notna()].iterrows():
            actual = add(period, "actual", value=iati_value(row.value, indicator.unit))
            if spec.dimension == "municipality":
                add(actual, "location", ref=location_ref(identifier, row.group))
            add(actual, "dimension", name=DIMENSION_NAMES[spec.dimension],
                value=dimension_value(spec.dimension, row.group, names))


def build_indicator(result: ET.Element, indicator: results_framework.Indicator, rows: pd.DataFrame, lang: str,
                    members: dict[int, list[str]], run: VersionRunner, identifier: str,
                    names: dict[str, str]) -> None:
    element = add(result, "indicator", measure=MEASURES[indicator.unit], ascending="1" if indicator.ascending else "0",
                  aggregation_status="1" if indicator.aggregatable else "0")
    add_text(element, "title", {"sq": indicator.name_sq, "en": indicator.name_en}, lang)
    add_text(element, "description", {"sq": indicator.definition_sq, "en": indicator.definition_en}, lang)
    add(element, "reference", vocabulary=REPORTING_ORG_VOCABULARY, code=indicator.code)
    baselines = rows.dropna(subset=["baseline", "baseline_year"]).drop_duplicates(["baseline_year", "baseline"])
    for _, b in baselines.iterrows():
        add(element, "baseline", year=int(b.baseline_year), value=iati_value(b.baseline, indicator.unit))
    for _, row in rows.sort_values("year").iterrows():
        period = add(element, "period")
        add(period, "period-start", iso_date=f"{row.year}-01-01")
        add(period, "period-end", iso_date=f"{row.year}-12-31")
        if row.target is not None and not pd.isna(row.target):
            add(period, "target", value=iati_value(row.target, indicator.unit))
        if row.actual is None or pd.isna(row.actual):
            continue
        actual = add(period, "actual", value=iati_value(row.actual, indicator.unit))
        notes = {"sq": results_format.text_or_empty(row.note_sq), "en": results_format.text_or_empty(row.note_en)}
        if any(notes.values()):
            add_text(actual, "comment", notes, lang)
        add_breakdowns(period, indicator, int(row.year), members.get(int(row.year), []), run, identifier, names)


def build_outcomes_result(activity: ET.Element, observed: pd.DataFrame, years: list[int], lang: str,
                          identifier: str, names: dict[str, str]) -> None:
    """The outcomes journal as one qualitative outcome result: per year, one actual per
    outcome, described in its comment, with where, who, how significant and the evidence."""
    result = add(activity, "result", type=RESULT_TYPES["outcome"], aggregation_status="0")
    add_text(result, "title", {g: translate(g, "iati.outcomes_title") for g in ("sq", "en")}, lang)
    add_text(result, "description", {g: translate(g, "iati.outcomes_description") for g in ("sq", "en")}, lang)
    indicator = add(result, "indicator", measure=QUALITATIVE, aggregation_status="0")
    add_text(indicator, "title", {g: translate(g, "iati.outcomes_indicator") for g in ("sq", "en")}, lang)
    for year in years:
        in_year = observed[pd.to_datetime(observed.observed_date).dt.year == year]
        if in_year.empty:
            continue
        period = add(indicator, "period")
        add(period, "period-start", iso_date=f"{year}-01-01")
        add(period, "period-end", iso_date=f"{year}-12-31")
        for _, item in in_year.iterrows():
            actual = add(period, "actual")
            add(actual, "location", ref=location_ref(identifier, item.municipality_code))
            add(actual, "dimension", name="municipality", value=names.get(item.municipality_code, item.municipality_code))
            add(actual, "dimension", name="actor", value=item.actor_type)
            add(actual, "dimension", name="significance", value=item.significance)
            for column, name in (("priority_id", "social-contract priority"), ("recommendation_id", "recommendation")):
                if isinstance(item[column], str) and item[column]:
                    add(actual, "dimension", name=name, value=item[column])
            texts = {}
            for g in ("sq", "en"):
                change = item[f"change_{g}"] if isinstance(item[f"change_{g}"], str) else item.change_sq
                actor = item[f"actor_{g}"] if isinstance(item[f"actor_{g}"], str) else (item.actor_sq or "")
                contribution = item[f"contribution_{g}"] if isinstance(item[f"contribution_{g}"], str) else ""
                texts[g] = " ".join(p for p in (f"{item.observed_date.isoformat()} · {actor}:", change, contribution) if p)
            add_text(actual, "comment", texts, lang)
            if isinstance(item.evidence, str) and item.evidence.startswith(("http://", "https://")):
                link = add(actual, "document-link", url=item.evidence,
                           format="application/pdf" if item.evidence.lower().endswith(".pdf") else "text/html")
                add_text(link, "title", {g: translate(g, "iati.evidence_title", id=item.outcome_id) for g in ("sq", "en")}, lang)
                add(link, "category", code="A08")


def build_iati_xml(run: VersionRunner, year_range=None, lang: str = "sq") -> bytes:
    """The IATI 2.03 activity file of the programme for the years in year_range (a range, a
    (first, last) pair, or None for every year with data), narratives in the reader's
    language first; UTF-8 bytes. `run` is a data-layer runner (ctx.run on a page,
    popdash.data.named_queries.runner() in a command)."""
    framework = results_framework.load_framework()
    years = years_of(year_range, results_framework.data_years(run))
    table = results.results_table(run, years=years, framework=framework)
    members = results_framework.members_by_year(run)
    in_range = sorted({c for y in years for c in members.get(y, [])})
    municipalities = run("municipalities")
    places = municipalities[municipalities.municipality_code.isin(in_range)]
    names = dict(zip(municipalities.municipality_code, municipalities.name_sq))
    identifier = framework.iati["identifier"]
    stamp = timestamp(run)

    root = ET.Element("iati-activities", {"version": IATI_VERSION, "generated-datetime": stamp})
    activity = add(root, "iati-activity", last_updated_datetime=stamp, hierarchy="2", **{XML_LANG: lang})
    build_header(activity, framework, lang, places)
    add(activity, "related-activity", ref=framework.iati["parent_activity"], type="1")
    for statement in framework.statements:
        indicators = framework.indicators_of(statement.code)
        if not indicators:
            continue
        result = add(activity, "result", type=RESULT_TYPES[statement.level])
        add_text(result, "title", {"sq": statement.statement_sq, "en": statement.statement_en}, lang)
        add(result, "reference", vocabulary=REPORTING_ORG_VOCABULARY, code=statement.code)
        for indicator in indicators:
            build_indicator(result, indicator, table[table.code == indicator.code], lang, members, run,
                            identifier, names)
    observed = journal.outcomes_for(run=run)
    observed = observed[observed.municipality_code.isin(in_range)] if not observed.empty else observed
    if not observed.empty:
        build_outcomes_result(activity, observed.sort_values(["observed_date", "outcome_id"]), years, lang, identifier, names)
    ET.indent(root)
    scrub(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def scrub(root: ET.Element) -> None:
    """Make every text and attribute XML 1.0 can hold. ElementTree escapes < > & and quotes but
    writes a control character from the data (a bell or NUL in an imported note) as it is, and
    no parser reads the file back; such characters become U+FFFD (see safe_text.xml_safe)."""
    for element in root.iter():
        if element.text:
            element.text = xml_safe(element.text)
        if element.tail:
            element.tail = xml_safe(element.tail)
        for name, value in list(element.attrib.items()):
            element.set(name, xml_safe(value))


def read_actuals(xml: bytes) -> pd.DataFrame:
    """The totals of a file written by build_iati_xml: columns code, year, value (as written),
    one row per indicator and period with an actual without dimension."""
    root = ET.fromstring(xml)
    rows = []
    for indicator in root.iter("indicator"):
        reference = indicator.find("reference")
        if reference is None:
            continue
        for period in indicator.findall("period"):
            year = int(period.find("period-start").get("iso-date")[:4])
            for actual in period.findall("actual"):
                if actual.find("dimension") is None and actual.get("value") is not None:
                    rows.append((reference.get("code"), year, actual.get("value")))
    return pd.DataFrame(rows, columns=["code", "year", "value"])


def schema_path() -> Path | None:
    """The IATI 2.03 activity schema vendored in iati_schemas/ (None only if the folder is
    missing from a broken install)."""
    return SCHEMA if SCHEMA.exists() else None


def validate(xml: bytes, schema: Path | None = None) -> list[str]:
    """Schema errors of an activity file (empty when valid). Needs lxml and the schema files;
    nothing is fetched from the network."""
    from lxml import etree

    schema = schema or schema_path()
    if schema is None:
        raise FileNotFoundError(f"the IATI 2.03 schema was not found: {SCHEMA}")
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    checker = etree.XMLSchema(etree.parse(str(schema), parser))
    document = etree.fromstring(xml, parser)
    return [] if checker.validate(document) else [f"line {e.line}: {e.message}" for e in checker.error_log]
