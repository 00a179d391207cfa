"""The seven steps of the method: number, model field, heading, stable anchor and time budget.

The budget shares out a 45-minute interview; practice mode's timer on a case study uses it, and
the method page shows it (a test keeps the page and this table the same).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StepInfo:
    number: int
    field: str
    title: str
    slug: str
    minutes: int  # time budget in a 45-minute interview

    @property
    def anchor(self) -> str:
        return f"step-{self.number}-{self.slug}"


STEPS: tuple[StepInfo, ...] = (
    StepInfo(1, "requirements", "Requirements clarification", "requirements", 5),
    StepInfo(2, "estimation", "Back-of-the-envelope estimation", "estimation", 5),
    StepInfo(3, "interface", "System interface", "interface", 5),
    StepInfo(4, "data_model", "Data model", "data-model", 5),
    StepInfo(5, "high_level_design", "High-level design", "high-level-design", 10),
    StepInfo(6, "detailed_design", "Detailed design", "detailed-design", 10),
    StepInfo(7, "bottlenecks", "Bottlenecks", "bottlenecks", 5),
)
