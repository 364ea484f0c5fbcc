"""Vendor-response scoring: read specs and responses, match requirements to answers, judge each one."""
