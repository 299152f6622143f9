"""Who the progress report is about: the client's own details, set once (pure).

Printed at the top of ``coach report`` and used as the FHIR ``Patient`` of ``coach export
--format fhir`` (instead of the ``Patient/self`` placeholder). Every field is optional and one
line of plain text (no control, bidi or zero-width characters), at most 200 characters.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from coach.domain.bounds import Name, plain_error

FIELDS: dict[str, str] = {
    "name": "Name",
    "client_id": "Client ID",
    "therapist": "Therapist",
    "clinic": "Clinic",
}
"""Each field and how it is labelled (report, CLI, settings screen)."""


class ProfileError(ValueError):
    """A detail that cannot be kept; the message says which and why."""


class Profile(BaseModel):
    """The client's details; empty until the client sets them."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    name: Name | None = None
    client_id: Name | None = None
    therapist: Name | None = None
    clinic: Name | None = None

    @property
    def empty(self) -> bool:
        """True when no detail is set."""
        return not any(self.model_dump().values())

    def lines(self) -> list[tuple[str, str]]:
        """(label, value) of each detail that is set, in order."""
        return [(FIELDS[k], v) for k, v in self.model_dump().items() if v]

    def with_changes(self, **changes: str | None) -> Profile:
        """A copy with these fields changed ("" clears a field); ProfileError when one is bad."""
        doc = self.model_dump()
        for key, value in changes.items():
            if key not in FIELDS:
                raise ProfileError(f"unknown detail '{key}'")
            if value is not None:
                doc[key] = value.strip() or None
        return parse_profile(doc)


def parse_profile(doc: Any, where: str = "profile") -> Profile:
    """A profile from stored or typed data; ProfileError naming the field and the problem."""
    if doc is None:
        return Profile()
    if not isinstance(doc, dict):
        raise ProfileError(f"{where}: expected the details (an object), not {type(doc).__name__}")
    try:
        return Profile.model_validate(doc)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        label = FIELDS.get(field, field)
        if first["type"] == "string_too_long":
            why = "at most 200 characters"
        elif first["type"] == "extra_forbidden":
            why = "not a detail coach keeps"
        else:
            why = plain_error(first)
        raise ProfileError(f"{where}: {label}: {why}") from None
