"""Whose a routine's advice and pain limit are, in the client's words (pure).

A routine file the client added comes from their therapist: "From your therapist:", "the limit
your therapist set". coach's own library (origin ``bundled``) was written by coach's authors, not
by the client's therapist: "Advice:", "this routine's limit". (``origin``:
:attr:`coach.library.LoadedRoutine.origin`.)
"""

from __future__ import annotations


def whose_advice(origin: str) -> str:
    """Whose a routine's advice and pain limit are, as a client reads them: ``your
    therapist's`` for a file the client added (from their therapist), ``the routine's`` for
    coach's own library (written by coach's authors, not by the client's therapist)."""
    return "the routine's" if origin == "bundled" else "your therapist's"


def limit_words(whose: str) -> str:
    """``the limit your therapist set`` or ``this routine's limit`` (``whose``: from
    :func:`whose_advice`)."""
    return "the limit your therapist set" if whose == "your therapist's" else "this routine's limit"


def advice_heading(origin: str) -> str:
    """The words before a routine's advice: ``From your therapist:`` or ``Advice:`` (coach's
    own library: see :func:`whose_advice`)."""
    return "Advice: " if origin == "bundled" else "From your therapist: "
