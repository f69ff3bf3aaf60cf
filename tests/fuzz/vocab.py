"""Words the generators draw from: sensitive terms, their look-alikes, odd identifiers.

Sensitive and innocuous names are mixed on purpose: the classifier's context
rules (subject of the record, sibling fields) only run when both are present.
"""

from __future__ import annotations

# Terms of every category, in the spellings the design names as usual misses
# (`_id`, `Code`, flags, camelCase, abbreviations).
SENSITIVE = (
    "race", "religion", "ethnicity", "nationality", "ethnic_origin", "religious_affiliation",
    "citizenship", "immigration_status", "visa_status", "asylum_status", "birthplace",
    "country_of_birth", "countryOfBirth", "caste", "tribe", "skin_colour", "skin_color", "ancestry",
    "faith", "belief", "is_muslim", "is_jewish", "is_immigrant", "is_refugee", "religion_id",
    "ethnicityCode", "race_fk", "ethnic_grp", "nat_origin", "political_party", "union_member",
    "trade_union", "sexual_orientation", "gender_identity", "diagnosis", "blood_type",
    "genetic_marker", "biometric_template", "health_status", "national_origin", "Religion",
    "RACE", "raceEthnicity", "religiousDenomination", "denomination", "surname_ethnicity",
)
# Homographs and plain fields: must stay silent (or exercise the context rules).
INNOCUOUS = (
    "id", "name", "email", "created_at", "notes", "title", "amount", "status", "origin",
    "country", "race_condition", "race_start_time", "health_check", "sequence", "condition",
    "fingerprint", "national_park", "national_id", "trace_id", "passenger", "city", "group",
    "code", "kind", "value", "data", "state", "team", "vessel", "lap_time", "winner", "score",
)
# Names of the record a field belongs to: people, and the look-alikes the subject rules know.
MODELS = (
    "Person", "Patient", "Applicant", "Resident", "Employee", "Customer", "Member",
    "RacingTeam", "Vessel", "Character", "Election", "Settings", "SavedSearch", "GroupCount",
    "M", "_Private", "Ünïcode", "Model2", "A" * 40,
)
# Identifiers Python accepts that stress splitting and normalisation: NFKC
# (fullwidth letters become ASCII in the AST but not in the text), digits,
# run-together words, non-Latin scripts.
ODD_IDENTIFIERS = (
    "ｒａｃｅ", "rëligion", "раса", "宗教", "ethnicity_", "__race__", "_", "race2",
    "RaCe", "raceRACErace", "religionreligion", "x" * 200, "ethnicity" * 12,
    "ﬁeld_race", "Race_Ethnicity_Code_FK", "IS_MUSLIM", "nationalityCountryCode",
    "religion__id", "self_identified_race", "ετhnicity",
)
# Choice values and labels; the classifier reads values, reports must not print them.
CHOICE_VALUES = (
    "muslim", "christian", "jewish", "hindu", "sikh", "white", "black", "asian", "roma",
    "citizen", "refugee", "asylum seeker", "red", "green", "small", "large", "yes", "no",
)
# A value no report may ever print (issue #11: reports carry identifiers, never values).
SECRET = "S3CR3T-fuzz-"
