"""The one exception tree of specgen. The CLI catches SpecgenError once and prints one line."""


class SpecgenError(Exception):
    """Base class: a problem the user can fix; the message is shown as is."""

    exit_code = 1


class ClauseLibraryError(SpecgenError):
    """The clause library (YAML) is missing, malformed or inconsistent."""


class ProjectFileError(SpecgenError):
    """The project file is unreadable, not YAML or does not match the schema."""


class TailoringRefusal(SpecgenError):
    """The sources forbid a specification for this combination (e.g. 自治体機密性3A on a public cloud)."""

    exit_code = 2


class InputFileError(SpecgenError):
    """An input document (spec, response, overrides, list) cannot be read safely."""


class OutputError(SpecgenError):
    """An output could not be written."""
