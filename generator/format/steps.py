"""The seven steps of the method: number, model field, heading and stable anchor."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StepInfo:
    number: int
    field: str
    title: str
    slug: str

    @property
    def anchor(self) -> str:
        return f"step-{self.number}-{self.slug}"


STEPS: tuple[StepInfo, ...] = (
    StepInfo(1, "requirements", "Requirements clarification", "requirements"),
    StepInfo(2, "estimation", "Back-of-the-envelope estimation", "estimation"),
    StepInfo(3, "interface", "System interface", "interface"),
    StepInfo(4, "data_model", "Data model", "data-model"),
    StepInfo(5, "high_level_design", "High-level design", "high-level-design"),
    StepInfo(6, "detailed_design", "Detailed design", "detailed-design"),
    StepInfo(7, "bottlenecks", "Bottlenecks", "bottlenecks"),
)
