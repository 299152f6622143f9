"""coach: a terminal home-exercise coach that runs a therapist's routine exactly as written."""

__version__ = "0.1.0"
