"""The paper a printed report is laid out on: Letter where the locale says so, A4 elsewhere.

glibc keeps the paper size in the LC_PAPER category; like every category it is taken from
LC_ALL, then LC_PAPER, then LANG. Letter is the paper of the United States and Canada and of
most of the Americas that follow them (glibc's locales for those countries say so); the rest
of the world uses A4.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

MM_PER_IN = 25.4


@dataclass(frozen=True, slots=True)
class Paper:
    name: str
    width_in: float
    height_in: float

    @property
    def size(self) -> tuple[float, float]:
        return (self.width_in, self.height_in)


A4 = Paper("A4", 210 / MM_PER_IN, 297 / MM_PER_IN)
LETTER = Paper("Letter", 8.5, 11.0)

#: Countries whose glibc locales give LC_PAPER as Letter (8.5 × 11 in).
LETTER_COUNTRIES = frozenset(
    {"US", "CA", "MX", "PR", "PH", "CL", "CO", "CR", "GT", "PA", "SV", "NI", "DO", "VE", "BZ"}
)

_COUNTRY = re.compile(r"^[a-zA-Z]{2,3}_([A-Za-z]{2})(?:[.@]|$)")


def paper_for(environ: Mapping[str, str] | None = None) -> Paper:
    """The locale's paper: LC_ALL, then LC_PAPER, then LANG (the first that is set), as the
    C library reads them; "C", "POSIX" or nothing set is A4."""
    env = os.environ if environ is None else environ
    value = next((env[k] for k in ("LC_ALL", "LC_PAPER", "LANG") if env.get(k)), "")
    match = _COUNTRY.match(value.strip())
    if match and match.group(1).upper() in LETTER_COUNTRIES:
        return LETTER
    return A4
