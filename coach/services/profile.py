"""Reading and keeping the client's profile (the settings key ``profile``).

A stored profile that is damaged is refused with a message (:class:`ProfileError`), never read
as empty.
"""

from __future__ import annotations

from typing import Any

from coach.domain.profile import Profile, ProfileError, parse_profile

PROFILE = "profile"
"""Setting: the client's details (see :mod:`coach.domain.profile`)."""

__all__ = ["PROFILE", "Profile", "ProfileError", "load_profile", "save_profile"]


def load_profile(repo: Any) -> Profile:
    """The stored profile (empty when never set); ProfileError when it is damaged."""
    return parse_profile(
        repo.get_setting(PROFILE), where=f"{repo.store.folder / 'coach.json'}, setting 'profile'",
    )


def save_profile(repo: Any, profile: Profile) -> None:
    """Keep ``profile`` (an empty one removes every detail)."""
    repo.set_setting(PROFILE, profile.model_dump(exclude_none=True))
