"""The application layer: what both front ends (``coach.cli`` and ``coach.tui``) call.

:class:`~coach.app.context.AppContext` is made once per process (by ``coach.cli.main.main`` or
the TUI app) and carries the data folder, the repository, the routine library, the clocks and
the time zone. The use-case modules next to it take a context and plain values and return plain
results: the CLI parses and prints around them, the TUI asks and shows around them.

Layering (enforced by ``tests/test_architecture.py``): ``domain`` → ``storage`` / ``library`` →
``services`` → ``app`` → ``cli``, ``tui``. Nothing here imports textual, argparse front-end code
or either front end.
"""
