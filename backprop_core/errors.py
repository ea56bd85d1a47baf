"""One exception type for every invalid input, so the UI can say it in the user's language."""

from __future__ import annotations


class ScenarioError(ValueError):
    """An input the lesson's algorithm cannot take.

    ``str(error)`` is a plain English sentence naming the lesson symbol and the limit.
    ``code`` and ``params`` let a UI render the same message in another language.
    """

    def __init__(self, code: str, message: str, **params: object) -> None:
        super().__init__(message)
        self.code = code
        self.params = params
