"""Names and versions of the files specgen writes and reads back (one place, so writer and reader cannot drift)."""

SPEC_JSON_FORMAT = "specgen-spec/1"
SPEC_JSON_FAMILY = "specgen-spec/"
ANSWER_SHEET_FORMAT = "specgen-answer-sheet/1"
OUTPUT_NAMES = ("spec.docx", "spec_internal.docx", "requirements.xlsx", "spec.json", "spec.md", "spec_internal.md")  # generate
COMBINED_NAMES = ("spec.docx", "requirements.xlsx", "spec.json", "spec.md")  # generate --combined
ANSWER_SHEET_META = "_specgen"  # the hidden sheet of requirements.xlsx holding weights, class, service, period end
