"""The classifier: tables of facts that must fire and facts that must stay silent."""

from __future__ import annotations

import pickle
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flake8_neveragain.classify.classifier import Classifier
from flake8_neveragain.classify.lexicon import load_lexicon
from flake8_neveragain.facts import FieldFact, Match, Span
from flake8_neveragain.rules.registry import CATEGORIES

SPAN = Span(1, 1, 1, 10)
CLASSIFIER = Classifier(load_lexicon())


def field(name: str, owner: str | None = "Person", **details: Any) -> FieldFact:
    return FieldFact(name=name, source="django-model", span=SPAN, owner=owner, **details)


def model(name: str, **details: Any) -> FieldFact:
    return FieldFact(name=name, source="enum", span=SPAN, kind="model", **details)


def categories(fact: FieldFact, classifier: Classifier = CLASSIFIER) -> list[str]:
    return [match.category for match in classifier.classify(fact)]


RACE, RELIGION, ORIGIN = "race_ethnicity", "religion", "national_origin"
POLITICAL, SEXUAL, HEALTH = "political", "sexual_orientation", "health"

MUST_FIRE = [
    # NEV101
    (field("race"), RACE),
    (field("racial_group"), RACE),
    (field("userRace"), RACE),
    (field("race_id"), RACE),
    (field("race_code"), RACE),
    (field("race", owner="Resident"), RACE),
    (field("race_id", owner="Applicant"), RACE),
    (field("race", owner="SurveyResult"), RACE),
    (field("race", owner="TeamMember"), RACE),
    (field("race", owner="EventAttendee"), RACE),
    (field("races"), RACE),
    (field("ethnicity"), RACE),
    (field("ethnicity_id"), RACE),
    (field("ethnicityCode"), RACE),
    (field("ETHNICITY_CD"), RACE),
    (field("ethnicities"), RACE),
    (field("ethnic_grp"), RACE),
    (field("ethnic_origin"), RACE),
    (field("skin_colour"), RACE),
    (field("skin_tone"), RACE),
    (field("ancestry"), RACE),
    (field("tribe"), RACE),
    (field("tribal_affiliation"), RACE),
    (field("caste"), RACE),
    (field("jati"), RACE),
    (field("indigenous_status"), RACE),
    (field("aboriginal_status"), RACE),
    (field("raza"), RACE),
    (field("etnia"), RACE),
    (field("is_hispanic"), RACE),
    (field("hispanic_flag"), RACE),
    (field("is_african_american"), RACE),
    (field("hispanic_latino"), RACE),
    # NEV102
    (field("religion"), RELIGION),
    (field("religion_id"), RELIGION),
    (field("religions"), RELIGION),
    (field("religious_affiliation"), RELIGION),
    (field("religious_belief"), RELIGION),
    (field("faith"), RELIGION),
    (field("creed"), RELIGION),
    (field("denomination", owner="Member"), RELIGION),
    (field("place_of_worship"), RELIGION),
    (field("church_membership"), RELIGION),
    (field("mosque_attendance"), RELIGION),
    (field("belief_system"), RELIGION),
    (field("belief"), RELIGION),
    (field("beliefs", owner="Applicant"), RELIGION),
    (field("diet_belief", owner="PatientLifestyle"), RELIGION),
    (field("religião"), RELIGION),
    (field("religión"), RELIGION),
    (field("konfession"), RELIGION),
    (field("religious_holiday"), RELIGION),  # on a person: which holidays they keep
    (field("is_muslim"), RELIGION),
    (field("isJewish"), RELIGION),
    (field("is_jehovahs_witness"), RELIGION),
    (field("catholic", is_boolean=True), RELIGION),
    # NEV103
    (field("nationality"), ORIGIN),
    (field("national_origin"), ORIGIN),
    (field("countryOfBirth"), ORIGIN),
    (field("country_of_birth"), ORIGIN),
    (field("birth_country"), ORIGIN),
    (field("birthCountryCode"), ORIGIN),
    (field("birthplace"), ORIGIN),
    (field("place_of_birth"), ORIGIN),
    (field("country_of_origin"), ORIGIN),
    (field("place_of_origin"), ORIGIN),
    (field("country_code_of_birth"), ORIGIN),
    (field("native_country"), ORIGIN),
    (field("citizenship"), ORIGIN),
    (field("citizenship_status"), ORIGIN),
    (field("immigration_status"), ORIGIN),
    (field("immig_stat"), ORIGIN),
    (field("visa_status"), ORIGIN),
    (field("visa_type"), ORIGIN),
    (field("asylum_status"), ORIGIN),
    (field("refugee_status"), ORIGIN),
    (field("residency_status"), ORIGIN),
    (field("permanent_resident"), ORIGIN),
    (field("naturalization_date"), ORIGIN),
    (field("alien_registration_number"), ORIGIN),
    (field("green_card_number"), ORIGIN),
    (field("mother_tongue"), ORIGIN),
    (field("native_language"), ORIGIN),
    (field("passport_country"), ORIGIN),
    (field("is_immigrant"), ORIGIN),
    (field("is_refugee"), ORIGIN),
    (field("has_refugee_status"), ORIGIN),
    (field("is_citizen"), ORIGIN),
    (field("is_us_citizen"), ORIGIN),
    (field("foreign_born"), ORIGIN),
    (field("undocumented", is_boolean=True), ORIGIN),
    (field("is_undocumented"), ORIGIN),
    (field("nacionalidad"), ORIGIN),
    (field("staatsangehörigkeit"), ORIGIN),
    (field("nationalité"), ORIGIN),
    (field("lieu_de_naissance"), ORIGIN),
    (field("geburtsort"), ORIGIN),
    # NEV104 .. NEV106 (off by default, still classified)
    (field("political_party"), POLITICAL),
    (field("politicalOpinion"), POLITICAL),
    (field("party_affiliation"), POLITICAL),
    (field("trade_union_member"), POLITICAL),
    (field("union_membership", owner="Employee"), POLITICAL),
    (field("is_union_member", owner="Employee"), POLITICAL),
    (field("sexual_orientation"), SEXUAL),
    (field("sexualOrientation"), SEXUAL),
    (field("gender_identity"), SEXUAL),
    (field("is_gay"), SEXUAL),
    (field("is_transgender"), SEXUAL),
    (field("has_disability"), HEALTH),
    (field("genetic_marker"), HEALTH),
    (field("dna_sequence"), HEALTH),
    (field("blood_type"), HEALTH),
    (field("biometric_template"), HEALTH),
    (field("fingerprint_template"), HEALTH),
    (field("face_embedding"), HEALTH),
    (field("hiv_status"), HEALTH),
    (field("is_pregnant"), HEALTH),
    (field("medical_history"), HEALTH),
    (field("health_status", owner="Patient"), HEALTH),
    (field("diagnosis", owner="Patient"), HEALTH),
    # Neutral names whose values tell
    (field("group", values=("muslim", "Muslim", "hindu", "Hindu")), RELIGION),
    (field("community", values=("Hindu", "Sunni Muslim", "Sikh")), RELIGION),
    (field("background", values=("Hispanic or Latino", "Asian", "White")), RACE),
    (field("category", values=("White", "Black", "Asian")), RACE),
    (field("status", values=("citizen", "permanent resident", "refugee", "undocumented")), ORIGIN),
    (field("origin", values=("American", "British", "Nigerian", "Other")), ORIGIN),
    (field("group", values=("White", "Black or African American", "Asian", "American Indian or Alaska Native")), RACE),
    (field("category", values=("General", "Scheduled Caste", "Scheduled Tribe", "Other Backward Class")), RACE),
    (field("status", values=("US Citizen", "Permanent Resident", "H-1B", "Other")), ORIGIN),
    (field("affiliation", values=("Democrat", "Republican", "Independent")), POLITICAL),
    (field("identity", values=("straight", "gay", "lesbian", "bisexual")), SEXUAL),
    (field("condition", values=("diabetes", "asthma", "none")), HEALTH),
    (field("kind", type_refs=("EthnicGroup",)), RACE),
    (field("attr_a", aliases=("ethnicity",)), RACE),
    (field("col", aliases=("is_muslim",)), RELIGION),
    # Models
    (model("Ethnicity"), RACE),
    (model("EthnicGroup"), RACE),
    (model("ethnic_groups"), RACE),
    (model("Religion"), RELIGION),
    (model("ReligiousAffiliation"), RELIGION),
    (model("Nationality"), ORIGIN),
    (model("Race", values=("White", "Black", "Asian", "Hispanic")), RACE),
    (model("Faith", values=("CHRISTIAN", "HINDU", "MUSLIM")), RELIGION),
    (model("Lookup", aliases=("religions",)), RELIGION),
]


@pytest.mark.parametrize(("fact", "category"), MUST_FIRE, ids=lambda item: getattr(item, "symbol", item))
def test_must_fire(fact: FieldFact, category: str) -> None:
    assert category in categories(fact)


MUST_STAY_SILENT = [
    # Words inside words, homographs of race
    field("trace_id"),
    field("embrace"),
    field("brace"),
    field("race_condition"),
    field("raceCondition"),
    field("race_results"),
    field("race_start_time"),
    field("race_track"),
    field("race_team"),
    field("race_event_id"),
    field("race", owner="RaceResult"),
    field("race", owner="Lap"),
    field("race", owner="Marathon"),
    field("race", siblings=("lap_time", "runner", "finish_position")),
    field("race", owner="Character", siblings=("faction", "level")),
    model("Race"),
    field("winner", type_refs=("Race",)),
    field("race", owner="RaceEntry"),
    field("denomination", owner="DenominationOption"),
    # origin and country
    field("origin"),
    field("cors_origin"),
    field("allowed_origins"),
    field("origin_url"),
    field("user_origin"),
    field("signup_origin"),
    field("country"),
    field("shipping_country"),
    field("billing_country"),
    field("country_code"),
    field("phone_country_code"),
    field("currency_country"),
    field("country_of_origin", owner="Product"),
    field("origin_country", owner="Shipment"),
    field("nationality", owner="Country"),
    # national
    field("national_id"),
    field("national_park"),
    field("national_insurance_number"),
    field("nationwide"),
    field("native"),
    field("language"),
    field("preferred_language"),
    field("locale"),
    # other substrings
    field("passenger"),
    field("compass"),
    field("statement"),
    field("estate"),
    field("sequence"),
    field("condition"),
    field("invoice"),
    field("typeface"),
    field("face_id"),
    # health look-alikes
    field("health_check"),
    field("healthcheck_url"),
    field("service_health"),
    field("health_status", owner="Service"),
    field("hearing_aids"),
    field("raids"),
    field("fingerprint"),
    field("file_fingerprint"),
    field("is_disabled"),
    field("disabled", is_boolean=True),
    field("genetic_algorithm"),
    # belief states of models, parties of contracts, union types, orientation, gender
    field("belief_state"),
    field("belief_propagation_score", owner="Node"),
    field("party"),
    field("party_id"),
    field("counterparty"),
    field("union"),
    field("union_type"),
    field("union_members", owner="StructType"),
    field("orientation"),
    field("screen_orientation"),
    field("gender"),
    field("sex"),
    # religion homographs
    field("religious_holiday", owner="Event"),
    field("religious_holiday", owner="Holiday"),
    field("religious_holiday", owner="Calendar"),
    field("religion", owner="Holiday"),
    field("denomination", owner="Banknote"),
    field("denomination", owner="GiftCard"),
    field("denomination", siblings=("amount", "currency")),
    field("good_faith_estimate"),
    # Value words outside flag position
    field("christian_name"),
    field("hindu_calendar_date"),
    field("indian_ocean_region"),
    field("jewish_holiday_calendar"),
    field("is_jewish_holiday"),
    field("is_undocumented_api"),
    field("undocumented"),  # not a boolean: undocumented what?
    field("is_jewish", owner="Holiday"),
    field("muslim_population"),
    # ancestry, tribe, caste in other senses
    field("ancestry", owner="TreeNode"),
    field("ancestry", siblings=("parent", "depth")),
    field("tribe_count"),
    field("caste", owner="AntColony"),
    field("skin_tone", owner="EmojiPreference"),
    field("skin_color", owner="Theme"),
    # Generic names with nothing behind them
    field("grp"),
    field("category"),
    field("group"),
    field("kind"),
    field("type"),
    field("status"),
    # Values that are not about people
    field("color", values=("white", "black", "red", "blue")),
    field("variant", values=("white", "black", "grey")),
    field("language", values=("French", "German", "Spanish", "Italian")),
    field("preferred_language", values=("English", "French", "Chinese")),
    field("cuisine", values=("Italian", "Mexican", "Chinese", "Indian")),
    field("country", values=("France", "American Samoa", "British Virgin Islands", "Dominican Republic")),
    field("calendar", values=("gregorian", "islamic", "hebrew", "buddhist", "chinese", "japanese")),
    field("breed", values=("German Shepherd", "French Bulldog", "Siamese", "Afghan Hound")),
    field("risk_profile", values=("conservative", "moderate", "progressive")),
    field("doc_status", values=("documented", "undocumented", "deprecated")),
    field("group", values=("muslim",)),
    field("payment", values=("visa", "mastercard", "american express")),
    field("origin", owner="Product", values=("Italian", "French", "German")),
    field("tag", owner="Article", values=("american", "british", "canadian")),
    field("tradition", owner="Holiday", values=("Christian", "Jewish", "Muslim", "Hindu")),
    field("risk", owner="Fund", values=("conservative", "moderate", "aggressive")),
    field("origin", owner="Plant", values=("native", "indigenous", "introduced", "invasive")),
    field("get_resource_record_sets_enable_health_checking"),
    model("Language", values=("FRENCH", "GERMAN", "SPANISH", "DUTCH")),
    model("Colour", values=("WHITE", "BLACK", "RED")),
]


@pytest.mark.parametrize("fact", MUST_STAY_SILENT, ids=lambda fact: fact.symbol)
def test_must_stay_silent(fact: FieldFact) -> None:
    assert CLASSIFIER.classify(fact) == []


# --- evidence -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fact", "evidence"),
    [
        (field("religion"), "name token 'religion'"),
        (field("religion_id"), "name token 'religion'"),
        (field("race_ethnicity"), "name token 'ethnicity'"),
        (field("countryOfBirth"), "name tokens 'country of birth'"),
        (field("religião"), "name token 'religião'"),
        (field("attr_a", aliases=("race",)), "stored as 'race'; on a person record: model name 'Person'"),
        (field("is_muslim"), "flag 'is_muslim'"),
        (field("kind", type_refs=("EthnicGroup",)), "related type 'EthnicGroup'"),
        (field("community", values=("Hindu", "Sunni Muslim", "Sikh")), "choices list Hindu, Sunni Muslim, Sikh"),
        (
            field("community", values=("Hindu", "Sunni Muslim", "Sikh", "Jain")),
            "choices list Hindu, Sunni Muslim, Sikh, ...",
        ),
        (field("group", values=("muslim", "Muslim", "hindu", "Hindu")), "choices list Muslim, Hindu"),
        (model("Ethnicity"), "model name 'Ethnicity'"),
        (model("Faith", values=("Christian", "Hindu", "Muslim")), "model name 'Faith'"),
        (model("Belief", values=("Christian", "Hindu", "Muslim")), "members Christian, Hindu, Muslim"),
    ],
    ids=lambda item: getattr(item, "symbol", item),
)
def test_evidence_says_why(fact: FieldFact, evidence: str) -> None:
    matches = CLASSIFIER.classify(fact)
    assert len(matches) == 1
    assert matches[0].evidence == evidence


def test_evidence_prefers_the_name_over_values() -> None:
    fact = field("religion", values=("Christian", "Muslim"))
    assert CLASSIFIER.classify(fact) == [Match(RELIGION, "name token 'religion'")]


def test_one_match_per_category_in_category_order() -> None:
    fact = field(
        "religion",
        aliases=("ethnicity", "religious_affiliation"),
        values=("Hispanic", "Latino", "Sikh", "Jain"),
    )
    assert CLASSIFIER.classify(fact) == [
        Match(RACE, "stored as 'ethnicity'"),
        Match(RELIGION, "name token 'religion'"),
    ]


# --- configuration --------------------------------------------------------------------


def test_extra_terms_fire_as_name_terms() -> None:
    classifier = Classifier(load_lexicon({"national_origin": ["herkunftsland", "land of birth"]}))
    assert categories(field("herkunftsland"), classifier) == [ORIGIN]
    assert categories(field("birthLand"), classifier) == [ORIGIN]
    assert categories(field("land"), classifier) == []


@pytest.mark.parametrize(
    ("patterns", "fact"),
    [
        (["race"], field("race")),
        (["RACE"], field("race")),
        (["race*"], field("race_code")),
        (["Person.race"], field("race")),
        (["Person.*"], field("ethnicity")),
        (["*.ethnicity"], field("ethnicity", owner="Applicant")),
        (["legacy_*"], field("attr_a", aliases=("legacy_race",))),
    ],
)
def test_allow_names_silences_matching_facts(patterns: list[str], fact: FieldFact) -> None:
    assert CLASSIFIER.classify(fact)
    assert Classifier(load_lexicon(), allow_names=patterns).classify(fact) == []


def test_allow_names_leaves_other_facts_alone() -> None:
    classifier = Classifier(load_lexicon(), allow_names=["Person.race", "legacy_*"])
    assert categories(field("race", owner="Applicant"), classifier) == [RACE]
    assert categories(field("religion"), classifier) == [RELIGION]


def test_classifier_survives_pickling() -> None:
    # Process pools that spawn workers pickle what they are given.
    classifier = pickle.loads(pickle.dumps(Classifier(load_lexicon(), allow_names=["legacy_*"])))
    assert categories(field("religion"), classifier) == [RELIGION]
    assert categories(field("legacy_race"), classifier) == []


# --- robustness ---------------------------------------------------------------------------

IDENTIFIERS = st.from_regex(r"\A[A-Za-z_][A-Za-z0-9_]{0,30}\Z")
NAMES = st.one_of(IDENTIFIERS, st.text(max_size=40))


@settings(max_examples=300, deadline=None)
@given(
    name=NAMES,
    owner=st.one_of(st.none(), NAMES),
    kind=st.sampled_from(["field", "model"]),
    aliases=st.lists(NAMES, max_size=3).map(tuple),
    type_refs=st.lists(NAMES, max_size=2).map(tuple),
    values=st.lists(NAMES, max_size=6).map(tuple),
    siblings=st.lists(NAMES, max_size=4).map(tuple),
    is_boolean=st.booleans(),
)
def test_any_fact_classifies_without_error(
    name: str,
    owner: str | None,
    kind: str,
    aliases: tuple[str, ...],
    type_refs: tuple[str, ...],
    values: tuple[str, ...],
    siblings: tuple[str, ...],
    is_boolean: bool,
) -> None:
    fact = FieldFact(
        name=name, source="dataclass", span=SPAN, owner=owner, kind=kind,  # type: ignore[arg-type]
        aliases=aliases, type_refs=type_refs, values=values, siblings=siblings, is_boolean=is_boolean,
    )
    matches = CLASSIFIER.classify(fact)
    found = [match.category for match in matches]
    assert set(found) <= set(CATEGORIES)
    assert found == sorted(set(found), key=CATEGORIES.index)
    assert all(match.evidence for match in matches)


# Run-together lower-case names: Django migrations write relation targets as
# "app.ethnicgroup", and legacy SQL columns look like countryofbirth.
@pytest.mark.parametrize(
    ("name", "category"),
    [
        ("countryofbirth", "national_origin"),
        ("placeofbirth", "national_origin"),
        ("immigrationstatus", "national_origin"),
        ("ethnicgroup", "race_ethnicity"),
        ("religionid", "religion"),
        ("religiousaffiliation", "religion"),
    ],
)
def test_run_together_names_are_split_into_lexicon_words(name, category):
    fact = FieldFact(name, "sql-ddl", Span(1, 1, 1, 2), owner="person")
    assert [m.category for m in CLASSIFIER.classify(fact)] == [category]


@pytest.mark.parametrize(
    "name",
    ["racetrack", "racecondition", "passenger", "broadcaster", "nationalid", "nationalpark",
     "shippingcountry", "countrycode", "healthcheck", "tracelogger", "originurl"],
)
def test_run_together_names_that_are_not_compounds_of_terms_stay_silent(name):
    fact = FieldFact(name, "sql-ddl", Span(1, 1, 1, 2), owner="person")
    assert CLASSIFIER.classify(fact) == []


def test_related_type_in_django_migration_spelling():
    fact = FieldFact("group", "django-migration", Span(1, 1, 1, 2), owner="resident",
                     type_refs=("ethnicgroup",))
    assert [m.evidence for m in CLASSIFIER.classify(fact)] == ["related type 'ethnicgroup'"]
