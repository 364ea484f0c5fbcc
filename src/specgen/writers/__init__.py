"""Writers turn a resolved Spec into files; each writer has one output format."""
