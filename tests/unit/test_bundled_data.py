"""The bundled Aleris-Hamlet figures, pinned as the report prints them.

A wrong figure is the worst bug goalcheck can have, so every figure in data/aleris-hamlet.toml
is written again here, transcribed separately from the report, and the two must agree.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from conftest import REPO
from goalcheck.loading import load
from goalcheck.model import Entity

# metric id -> {period: figure as printed (Danish "2,82" written 2.82, "1.055" written 1055)}
PRINTED: dict[str, dict[str, str]] = {
    "co2_hospitals": {"2016": "1055", "2017": "1072", "2018": "1064", "2019": "1013"},
    "co2_company_cars": {"2016": "10", "2017": "5", "2018": "23", "2019": "12"},
    "postage_reduction": {"2016": "24.1", "2017": "44.0", "2018": "19.0", "2019": "7.9"},
    "organic_bronze_label": {},
    "whistleblower_awareness": {"2018": "35"},
    "new_hires_anticorruption": {},
    "suppliers_code_of_conduct": {},
    "nps": {"2015": "89", "2016": "90", "2017": "91", "2018": "92", "2019": "92"},
    "medical_secretary_trainees": {"2019": "3"},
    "nursing_students": {"2019": "4"},
    "medical_students": {"2019": "1"},
    "work_placement_trainees": {"2019": "2"},
    "flexjobs": {"2019": "6"},
    "work_trials": {"2019": "2"},
    "hospitals_educating": {},
    "survey_response_rate": {"2016": "70", "2017": "90", "2018": "88", "2019": "93"},
    "engagement_index": {"2018": "4.5"},
    "leader_index": {"2018": "4.5"},
    "organisation_culture_index": {"2018": "4.3"},
    "customer_focus_index": {"2018": "4.4"},
    "work_environment_index": {"2018": "4.2"},
    "sick_leave_short": {
        "2015": "2.59",
        "2016": "2.74",
        "2017": "2.78",
        "2018": "2.74",
        "2019": "2.82",
    },
    "sick_leave_long": {
        "2015": "0.95",
        "2016": "0.80",
        "2017": "1.48",
        "2018": "1.17",
        "2019": "1.37",
    },
    "bullying_yes": {"2018": "2"},
    "bullying_no": {"2018": "96"},
    "bullying_dont_know": {"2018": "2"},
    "sexual_harassment_yes": {"2018": "1"},
    "sexual_harassment_no": {"2018": "98"},
    "sexual_harassment_dont_know": {"2018": "1"},
    "mus_lus_offered": {},
    "board_men": {"2019": "3"},
    "board_women": {"2019": "2"},
    "board_men_share": {"2019": "60"},
    "board_women_share": {"2019": "40"},
    "management_group_men": {"2019": "3"},
    "management_group_women": {"2019": "2"},
    "management_group_men_share": {"2019": "60"},
    "management_group_women_share": {"2019": "40"},
    "staff_heads_hospital_management_men": {"2019": "9"},
    "staff_heads_hospital_management_women": {"2019": "14"},
    "staff_heads_hospital_management_men_share": {"2019": "39"},
    "staff_heads_hospital_management_women_share": {"2019": "61"},
    "middle_managers_men": {"2019": "2"},
    "middle_managers_women": {"2019": "13"},
    "middle_managers_men_share": {"2019": "13"},
    "middle_managers_women_share": {"2019": "87"},
    "employees": {"2019": "1000"},
    "operations_per_year": {"2019": "20500"},
    "specialists": {"2019": "340"},
    "key_facts_unlabelled": {"2019": "30"},
    "revenue": {"2019": "750"},
}

DERIVED: dict[str, dict[str, str]] = {
    "sick_leave_total": {
        "2015": "3.54",
        "2016": "3.54",
        "2017": "4.26",
        "2018": "3.91",
        "2019": "4.19",
    },
    "education_placements": {"2019": "8"},
    "work_placements_and_flexjobs": {"2019": "8"},
}


@pytest.fixture(scope="module")
def aleris() -> Entity:
    entities = {entity.id: entity for entity in load(REPO / "goals.toml").entities}
    return entities["aleris-hamlet"]


def test_every_metric_is_pinned(aleris: Entity) -> None:
    assert sorted(aleris.metrics) == sorted({**PRINTED, **DERIVED})


@pytest.mark.parametrize("metric_id", sorted({**PRINTED, **DERIVED}))
def test_figures_are_as_printed(aleris: Entity, metric_id: str) -> None:
    expected = {**PRINTED, **DERIVED}[metric_id]
    figures = {str(period): value for period, value in aleris.metrics[metric_id].figures.items()}
    assert figures == {period: Decimal(value) for period, value in expected.items()}


def test_every_metric_and_target_names_its_source(aleris: Entity) -> None:
    for metric in aleris.metrics.values():
        assert metric.sources[0].document == "Aleris-Hamlet Sustainability report 2019"
        assert metric.sources[0].section
    for target in aleris.targets:
        assert target.sources[0].section.split(" › ")[-1] in (
            "Mål 2020",
            "Planlagte aktiviteter 2020",
        )


def test_the_targets_the_issue_names_keep_their_ids(aleris: Entity) -> None:
    conditions = {
        t.id: (t.condition, str(t.threshold), t.unit, str(t.period)) for t in aleris.targets
    }
    assert conditions == {
        "organic-bronze-label": ("==", "1", "yes/no", "2020"),
        "whistleblower-awareness": (">=", "75", "%", "2021"),
        "new-hires-anticorruption": ("==", "100", "%", "2020"),
        "suppliers-code-of-conduct": ("==", "100", "%", "2020"),
        "nps": (">=", "90", "NPS", "2020"),
        "internships-flexjobs": (">=", "10", "people", "2020"),
        "education-placements": (">=", "10", "people", "2020"),
        "hospitals-educating": ("==", "100", "%", "2020"),
        "survey-response-rate": (">", "90", "%", "2020"),
        "engagement-index": (">=", "4.5", "index 1-5", "2020"),
        "leader-index": (">=", "4.5", "index 1-5", "2020"),
        "mus-lus-offered": ("==", "100", "%", "2020"),
        "bullying": ("==", "0", "%", "2020"),
        "sexual-harassment": ("==", "0", "%", "2020"),
        "sick-leave-total": ("<", "4", "%", "2020"),
    }
