"""Exit codes and the one error type the command line turns into a one-line message.

Exit codes are decided here and nowhere else; `--help` and the README list them.
"""

from __future__ import annotations

EXIT_OK = 0  # report written; nothing matched --fail-on
EXIT_FINDINGS = 1  # report written; unacknowledged findings matched --fail-on
EXIT_USAGE = 2  # bad option or argument, or a path that does not exist
EXIT_NO_ARTICLES = 3  # nothing readable to check (empty folder, every file skipped)
EXIT_OUTPUT = 4  # the report folder or the cache cannot be written
EXIT_INTERNAL = 5  # a bug: run again with --verbose and report the traceback
EXIT_SERVICE = 6  # the service named by --server cannot be reached or failed

EXIT_CODES = {
    EXIT_OK: "report written, no finding matched --fail-on",
    EXIT_FINDINGS: "report written, unacknowledged findings matched --fail-on",
    EXIT_USAGE: "usage error: bad option, or a path that does not exist",
    EXIT_NO_ARTICLES: "no readable article to check (empty folder, or every file skipped)",
    EXIT_OUTPUT: "the report folder cannot be written",
    EXIT_INTERNAL: "internal error (run with --verbose for the traceback)",
    EXIT_SERVICE: "the service given with --server cannot be reached, or failed",
}


class ClaimcheckError(Exception):
    """An error the user can act on: printed as one line, mapped to an exit code."""

    def __init__(self, message: str, exit_code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code

    def __reduce__(self) -> tuple:
        # Pickled whole, exit code included: an error raised in a forked child is raised again here.
        return (type(self), (self.message, self.exit_code))
