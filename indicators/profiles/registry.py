"""The official layouts Patchwork reads, each recognised from a file's header row."""
from __future__ import annotations

from types import ModuleType

from indicators.profiles import proven_reoffending, proven_reoffending_overview, sentencing_outcomes

PROFILES: tuple[ModuleType, ...] = (proven_reoffending, proven_reoffending_overview, sentencing_outcomes)


class UnknownProfileError(ValueError):
    """A profile name that is not one of PROFILES."""


def profile_names() -> list[str]:
    """Every profile's name, for --profile and the upload page."""
    return [profile.NAME for profile in PROFILES]


def get_profile(name: str) -> ModuleType:
    """The profile of this name, or UnknownProfileError naming the known ones."""
    for profile in PROFILES:
        if profile.NAME == name:
            return profile
    raise UnknownProfileError(f"Unknown layout '{name}'. Known layouts: {', '.join(profile_names())}.")


def detect(header: list[str]) -> ModuleType | None:
    """The profile whose columns this header has, or None."""
    return next((profile for profile in PROFILES if profile.matches(header)), None)


def describe() -> list[dict]:
    """Name, label, the official files each profile reads and where they are published (help text, empty views)."""
    return [{"name": profile.NAME, "label": profile.LABEL, "files": list(profile.FILES), "where": profile.FILES_WHERE}
            for profile in PROFILES]
