"""Region Hovedstaden's action plan, pinned as the status report prints it.

Written again here from the document, apart from data/region-hovedstaden.toml: the two must
agree, so a slip in either shows.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from conftest import REPO
from goalcheck.loading import load
from goalcheck.model import Entity

# id -> (priority year, status, objective number as printed, budget years, completed)
INITIATIVES = {
    "senior-framework-agreement": (2022, "started", 1, None, None),
    "full-time-policy": (2022, "started", 1, None, None),
    "other-professions": (2022, "completed", 2, None, None),
    "exit-analysis": (2022, "completed", 3, None, None),  # started 2022-09, see STARTED
    "leader-development": (2022, "completed", 5, None, None),  # started 2023-01
    "advisory-board": (2023, "completed", 1, None, None),
    "youth-summit": (2023, "completed", 1, None, "2023-09-19"),
    "education-strategy": (2023, "completed", 1, None, "2023-06"),
    "shift-work": (2023, "started", 3, None, None),
    "leadership-principles": (2023, "completed", 5, None, "2024-Q1"),
    "compassionate-leadership": (2023, "started", 5, (2023, 2025), None),
    "wellbeing-work": (2023, "started", 1, (2023, 2025), None),
    "clinical-supervisors-pool": (2023, "started", None, (2023, 2025), None),
    "experienced-employees": (2023, "started", 1, (2023, 2025), None),
    "technology": (2023, "started", 1, (2023, 2025), None),
    "branding": (2024, "started", 1, None, None),
    "internships": (2024, "started", 1, None, None),
    "onboarding": (2024, "completed", 4, None, None),
}

PRINTED = {
    "weekly_hours_biomedical_lab_scientists": {"2024-03-05": "32.7"},
    "weekly_hours_midwives": {"2024-03-05": "33.6"},
    "weekly_hours_doctors": {"2024-03-05": "35.1"},
    "weekly_hours_radiographers": {"2024-03-05": "35.5"},
    "weekly_hours_social_health_workers": {"2024-03-05": "31"},
    "weekly_hours_nurses": {"2024-03-05": "33.5"},
    "departments_with_wellbeing_interventions": {"2023": "47"},
    "focused_education_days_held": {"2023": "2", "2024-04": "1"},
    "focused_education_day_1_2023_attendance": {"2023": "70"},
    "focused_education_day_2_2023_attendance": {"2023": "30"},
    "courses_for_experienced_employees": {"2024-04": "2"},
    "clinical_supervisors_pool": {"2024-04": "2"},
    "clinical_supervisors_course_fees": {"2024-04": "16"},
    "technology_budget": {"2024-04": "2"},
    "advisory_board_meetings": {"2024-04": "3"},
    "advisory_board_debate_panels": {"2024-04": "3"},
    "branding_initiatives_launched": {"2024-04": "5"},
    "fellows_per_year": {},
    "new_clinical_supervisors": {},
    "supervisors_in_development_programme": {},
    "shift_work_plans_done": {},
    "revised_wellbeing_survey_ready": {},
    "shift_work_evaluation_done": {},
    "full_time_week": {"2024-03-05": "37"},
}


@pytest.fixture(scope="module")
def region() -> Entity:
    entities = {entity.id: entity for entity in load(REPO / "goals.toml").entities}
    return entities["region-hovedstaden"]


def test_the_five_objectives_as_printed(region: Entity) -> None:
    assert {n: o.name_da for n, o in region.objectives.items()} == {
        1: "Attraktiv arbejdsplads",
        2: "Ny opgaveløsning tæt på patienten",
        3: "Sammen om vagtarbejde",
        4: "God jobstart",
        5: "Nærværende ledelse",
    }


def test_the_eighteen_initiatives(region: Entity) -> None:
    found = {
        i.id: (
            i.priority_year,
            i.status,
            i.objective,
            i.budget_years,
            str(i.completed) if i.completed else None,
        )
        for i in region.initiatives.values()
    }
    assert found == INITIATIVES
    # 'igangsat september 2022', 'igangsat fra januar 2023': launches, not completions.
    started = {i.id: str(i.started) for i in region.initiatives.values() if i.started}
    assert started == {"exit-analysis": "2022-09", "leader-development": "2023-01"}
    statuses = [i.status for i in region.initiatives.values()]
    assert (statuses.count("started"), statuses.count("completed")) == (10, 8)
    status_da = {i.status: i.status_da for i in region.initiatives.values()}
    assert status_da == {"started": "Igangsat", "completed": "Gennemført"}


@pytest.mark.parametrize("metric_id", sorted(PRINTED))
def test_figures_are_as_printed(region: Entity, metric_id: str) -> None:
    figures = {str(p): v for p, v in region.metrics[metric_id].figures.items()}
    assert figures == {p: Decimal(v) for p, v in PRINTED[metric_id].items()}


def test_full_time_shares_are_the_hours_over_37(region: Entity) -> None:
    (share,) = region.metrics["full_time_share_nurses"].figures.values()
    assert share == Decimal("33.5") / 37 * 100
    assert round(share, 2) == Decimal("90.54")


def test_the_two_consistency_warnings(region: Entity) -> None:
    assert [(w.subject, w.message) for w in region.warnings] == [
        (
            "exit-analysis",
            "says it supports objective 3 but names it 'God jobstart'; objective 3 is"
            " 'Sammen om vagtarbejde', and 'God jobstart' is objective 4",
        ),
        ("clinical-supervisors-pool", "names no objective (målsætning) it supports"),
    ]
