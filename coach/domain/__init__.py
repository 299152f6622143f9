"""The pure domain: routine model, session plan, timer engine, check-ins, stats, reminder schedule.

Nothing in this package imports textual, touches the database or the terminal; a test enforces it.
"""
