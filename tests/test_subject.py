"""Whom a record describes: person-like owners and siblings make ambiguous terms fire,
counts, settings, search forms and things keep every demographic term silent.

Each decision rule of classify/subject.py has cases that must fire and cases that must stay
silent; the vocabulary added beside it (other languages, groups, word forms) has a
trap next to every term.
"""

from __future__ import annotations

from typing import Any

import pytest

from flake8_neveragain.classify.classifier import Classifier
from flake8_neveragain.classify.lexicon import load_lexicon
from flake8_neveragain.classify.subject import subject_of
from flake8_neveragain.facts import FieldFact, Span

CLASSIFIER = Classifier(load_lexicon())
SPAN = Span(1, 1, 1, 10)
RACE, RELIGION, ORIGIN, POLITICAL, HEALTH = "race_ethnicity", "religion", "national_origin", "political", "health"


def field(name: str, owner: str | None = None, *siblings: str, **details: Any) -> FieldFact:
    return FieldFact(name=name, source="sqlalchemy-model", span=SPAN, owner=owner, siblings=siblings, **details)


def categories(fact: FieldFact) -> list[str]:
    return [match.category for match in CLASSIFIER.classify(fact)]


MUST_FIRE = [
    # A model named after an ambiguous word, about a person.
    (field("race", "StatePersonRace", "person_race_id", "race_raw_text"), RACE),
    (field("race_code", "ClientRace", "client_id"), RACE),
    (field("RACE_KEY", "PATH_CLIENT_RACE", "CLIENT_KEY", "UPDATE_TIMESTAMP"), RACE),
    (field("race", "IdentityClusterRace", "race_raw_text", "identity_cluster"), RACE),
    (field("race", "RaceRecord", "patient_id", "recorded_at"), RACE),
    # citizen on a person, by owner, by sibling reference or by sibling details.
    (field("citizen", "Applicant"), ORIGIN),
    (field("us_citizen", "Employee"), ORIGIN),
    (field("citizen", "AnonymousConsent", "household_member", "is_minor"), ORIGIN),
    (field("citizen_or_spouse", "HicEnrollment", "dob", "permanent_resident"), ORIGIN),
    (field("is_citizen", "Form", "first_name", "last_name"), ORIGIN),
    (field("citizen", "Intake", "email", "home_address"), ORIGIN),
    # A person named in the field itself.
    (field("father_ancestral_state", "IndiaEthnicity"), RACE),
    (field("mother_ancestral_state", "IndiaEthnicity"), RACE),
    (field("owner_ethnicity", "Vendor"), RACE),
    (field("driver_race", "StopSummary", "count", values=("Asian", "Black", "Native American", "White")), RACE),
    # Unknown subjects change nothing for words that are clear on their own.
    (field("ethnicity", "SurveyResponse"), RACE),
    (field("religion", None), RELIGION),
    (field("nationality", "Record"), ORIGIN),
    # A person beats a count beside it, and a person owner beats election siblings.
    (field("race", "Voter", "last_election_date", "precinct"), RACE),
    (field("ethnicity", "Patient", "visit_count"), RACE),
    # One-letter words in a model name are not counts (SmsN1Mc1).
    (field("race", "SmsN1Mc1", "sex_at_birth", "sample_type"), RACE),
    # party beside a vote.
    (field("last_party_voted", "Voter"), POLITICAL),
    (field("party", "VoterHistory", "election_date", "ballot_style"), POLITICAL),
    (field("party", "AbsenteeBallotApplication", "voter_registration_number"), POLITICAL),
    (field("union_contribute_current_year", "Worker"), POLITICAL),
    # Birthplace parts.
    (field("birth_state_id", "ResPartner", "birth_city"), ORIGIN),
    (field("state_of_birth", "Applicant"), ORIGIN),
]

MUST_STAY_SILENT = [
    # A model named after an ambiguous word that is not about a person.
    field("race", "RaceEntry", "lap_time"),
    field("race", "RaceResult"),
    # Counts per group: by the field, by the owner, by a count beside it.
    field("refugee_seats", "Program"),
    field("hispanic_count", "DailySummary"),
    field("ethnicity_pct", "Report"),
    field("race", "DemographicValue", "count", "year"),
    field("race_ethnicity", "JurisdictionPopulation", "population", "year"),
    field("race", "RacePopulation", "area", "count"),
    field("ethnicity", "Totals", "total"),
    field("population_health", "Workspace"),
    # Settings toggles and configuration.
    field("use_citizenship", "FederationCountryConfig", "country", "code"),
    field("ethnicity_required", "FormSettings"),
    field("show_religion", "Profile"),
    field("religion", "SiteConfiguration"),
    # Search forms and saved searches.
    field("nationality_ids", "SavedSearch", "name", "user_id"),
    field("religion_filter", "Report"),
    field("ethnicity", "PatientSearchCriteria"),
    # Things: organisations, vessels, elections, games, places, projects.
    field("nationality", "RacingTeam", "name", "founded"),
    field("nationality", "Company"),
    field("nationality", "Vessel", "imo_number", "flag"),
    field("races", "FeedImportPreviewResponse", "election_date", "election_name"),
    field("race", "Contest"),
    field("parent_race", "Character", "hit_points"),
    field("nationalities_id", "States", "name", "sail"),
    field("race_ethnicity", "WorkbenchWorkspace", "sex_at_birth", "gender_identity", "age"),
    # citizen where nobody's citizenship is recorded.
    field("citizen", "Thing"),
    field("citizen_dept", "AllegationCategory", "category", "allegation_name"),
    field("citizen", "Portal", "created_by_user", "owner_id"),
    # The office is not the person.
    field("immigration_officer_notes", "Case"),
    field("immigration_customs_capabilities", "Seaport"),
    # A column that repeats its table's name is the row's own label.
    field("refugee_name", "refugee", "refugee_fid"),
    field("religion_id", "religion", "religion_name"),
    # party in contracts and celebrations, and on a person with no vote in sight.
    field("party", "Person"),
    field("party_size", "Booking", "voter_id"),
    # ancestral state of a tree node.
    field("ancestral_state", "Node", "parent", "branch_length"),
    # Motorsport results and seasons: a driver reference is not a person record here.
    field("race_id", "Result", "driver_id", "constructor_id", "position_text"),
    field("races", "SeasonSerializer"),
    # Fictional species with sub-races.
    field("parent_race", "Subrace", "name", "desc"),
    # Counts beside a group.
    field("race", "RaceCounts", "n"),
    field("race", "Breakdown", "cnt"),
]


@pytest.mark.parametrize(("fact", "category"), MUST_FIRE, ids=lambda item: getattr(item, "symbol", item))
def test_must_fire(fact: FieldFact, category: str) -> None:
    assert category in categories(fact)


@pytest.mark.parametrize("fact", MUST_STAY_SILENT, ids=lambda item: item.symbol)
def test_must_stay_silent(fact: FieldFact) -> None:
    assert CLASSIFIER.classify(fact) == []


# --- evidence names the subject --------------------------------------------------------


@pytest.mark.parametrize(
    ("fact", "evidence"),
    [
        (
            field("race", "StatePersonRace"),
            "name token 'race'; on a person record: model name 'StatePersonRace'",
        ),
        (
            field("citizen", "Intake", "first_name", "birth_date", "notes"),
            "name token 'citizen'; on a person record: first_name, birth_date",
        ),
        (
            field("citizen", "Consent", "household_member"),
            "name token 'citizen'; on a person record: household_member",
        ),
        (
            field("father_ancestral_state", "IndiaEthnicity"),
            "name token 'ancestral'; on a person record: field name about a father",
        ),
        # Words that are clear on their own need no subject in the evidence.
        (field("ethnicity", "Patient"), "name token 'ethnicity'"),
    ],
    ids=lambda item: getattr(item, "symbol", item),
)
def test_evidence_names_the_subject(fact: FieldFact, evidence: str) -> None:
    assert [match.evidence for match in CLASSIFIER.classify(fact)] == [evidence]


def test_subject_is_decided_from_the_most_specific_place_first() -> None:
    words = load_lexicon().subjects
    lexicon = load_lexicon()

    def subject(name: str, owner: str | None, *siblings: str) -> str:
        return subject_of(
            words,
            lexicon.words(name).seq,
            lexicon.words(owner).seq if owner else (),
            owner,
            {sibling: lexicon.words(sibling).set for sibling in siblings},
        ).kind

    # The field's purpose beats a person owner; a person owner beats a thing sibling.
    assert subject("member_count", "Member") == "aggregate"
    assert subject("race", "PatientCount") == "aggregate"
    assert subject("race", "Voter", "election_date") == "person"
    # A person in the field beats an organisation owner.
    assert subject("founder_nationality", "Company") == "person"
    # Who edited a record says nothing about whom it describes.
    assert subject("citizen", "Portal", "created_by_user") == "unknown"
    assert subject("x", "Form", "patient_id") == "person"
    assert subject("x", None) == "unknown"


# --- vocabulary: each new term beside a trap --------------------------------------------

VOCABULARY_FIRES = [
    # Indonesian and Malay.
    (field("agama", "Penduduk"), RELIGION),
    (field("suku", "Penduduk"), RACE),
    (field("kewarganegaraan", "Penduduk"), ORIGIN),
    (field("tempat_lahir", "Penduduk"), ORIGIN),
    # Spanish, Portuguese, French, German, Dutch, Italian, Turkish, Arabic.
    (field("religiao", "Pessoa"), RELIGION),
    (field("nacionalidad", "Persona"), ORIGIN),
    (field("lugar_nacimiento", "Persona"), ORIGIN),
    (field("croyance", "Personne"), RELIGION),
    (field("ethnische_herkunft", "Mitarbeiter"), RACE),
    (field("geloof", "Persoon"), RELIGION),
    (field("paese_di_nascita", "Persona"), ORIGIN),
    (field("uyruk", "Kisi"), ORIGIN),
    (field("dogum_yeri", "Kisi"), ORIGIN),
    (field("mezhep", "Kisi"), RELIGION),
    (field("jinsiya", "Employee"), ORIGIN),
    # South Asian transliterations.
    (field("gothram", "Member"), RACE),
    (field("jaati", "Member"), RACE),
    (field("dharm", "Member"), RELIGION),
    (field("dharma", "Member"), RELIGION),
    # Run-together vendor names with _std, _desc, _group parts.
    (field("ethnicgroupcodestd", "Patient"), RACE),
    (field("ethnicgroupdesc", "Patient"), RACE),
    # Flags with a qualifier.
    (field("is_practicing_muslim", "Member"), RELIGION),
    (field("is_devout_catholic", "Member"), RELIGION),
    # ras on a person.
    (field("ras", "Penduduk", "nama", "tanggal_lahir", "first_name"), RACE),
]

VOCABULARY_SILENT = [
    field("suku_bunga", "Pinjaman"),  # interest rate
    field("suku_cadang", "Kendaraan"),  # spare part
    field("belief_state", "Agent"),
    field("dharma", "Framework"),  # not a person
    field("ras_signal", "Memory"),
    field("kras_mutation", "Sample"),
    field("ancestral_sequence", "Tree"),
    field("is_muslim_friendly", "Restaurant"),
    field("afkomst", "Product"),  # product origin: a product is a thing
    field("glaube", "Game"),
]


@pytest.mark.parametrize(("fact", "category"), VOCABULARY_FIRES, ids=lambda item: getattr(item, "symbol", item))
def test_vocabulary_fires(fact: FieldFact, category: str) -> None:
    assert category in categories(fact)


@pytest.mark.parametrize("fact", VOCABULARY_SILENT, ids=lambda item: item.symbol)
def test_vocabulary_traps_stay_silent(fact: FieldFact) -> None:
    assert CLASSIFIER.classify(fact) == []


@pytest.mark.parametrize(
    "values",
    [
        ("han", "uyghur", "tibetan", "hui"),
        ("Armenian", "Kurdish", "Assyrian"),
        ("Bosniak", "Serb", "Croat"),
        ("Japanese American", "Chinese American", "Other"),
        ("Hutu", "Tutsi", "Twa"),
        ("Dalit", "Brahmin", "Other"),
        ("Muslim", "Jew", "Christian"),
    ],
)
def test_groups_the_pledge_names_are_value_evidence(values: tuple[str, ...]) -> None:
    fact = field("heritage", "Resident", values=values)
    assert categories(fact) in ([RACE], [RELIGION], [RACE, RELIGION])


@pytest.mark.parametrize(
    ("name", "values"),
    [
        ("language", ("Tamil", "Malay", "Javanese", "Sundanese")),
        ("cuisine", ("Tibetan", "Armenian", "Berber")),
        ("dialect", ("Han", "Hui", "Tatar")),
        ("state_code", ("Australian Capital Territory", "British Columbia", "Chinese Taipei", "Texas")),
    ],
)
def test_group_names_in_language_and_food_lists_stay_silent(name: str, values: tuple[str, ...]) -> None:
    assert categories(field(name, "Resident", values=values)) in ([], [ORIGIN]) and RACE not in categories(
        field(name, "Resident", values=values)
    )
