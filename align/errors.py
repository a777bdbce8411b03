"""User-facing errors: the CLI prints these as one line and exits non-zero, without a traceback."""


class AlignError(Exception):
    """A problem with the user's input or settings, worded for the user."""


class InputError(AlignError):
    """A file that cannot be read as a document (missing, a directory, empty, binary, ...)."""


class ModelError(AlignError):
    """An encoder model that cannot be loaded (unknown name, no network for a hub model, ...)."""
