"""Feedback on vendor responses: annotated copies of the vendor's own files, the 質問書 (clarification questions)
and the vendor's replies read back as evidence.

One library API for the CLI (`specgen score|compare --annotate/--questions/--answers`), the web page and tests.
Everything here is a function of judged results (`scoring.ResponseResult`, or the score JSON) plus the original
files, which are read through `files.safety` and never written:

* `annotated_copies(resp)` → [(file name, bytes, notes)] — one copy per file the response was read from;
* `build_questions(resp, spec_info)` → `VendorQuestions` — one polite question per result that needs one;
* `questions_docx_bytes(vq, spec_info)` / `questions_xlsx_bytes([vq…], spec_info)` → bytes;
* `read_answers(path)` → replies; `apply_answers(score, replies)` re-judges the answered requirements;
* `write_feedback(responses, spec_info, annotate_dir, questions_dir)` writes all of it as one `OutputSet`.
"""

from __future__ import annotations

from ..lazy import lazy_api

__all__, __getattr__ = lazy_api(__name__, {
    "copies": ("annotated_copies", "write_feedback", "FeedbackOutcome"),
    "questions": ("build_questions", "Question", "VendorQuestions"),
    "questions_docx": ("questions_docx_bytes",),
    "questions_xlsx": ("questions_xlsx_bytes",),
    "answers": ("read_answers", "apply_answers", "Reply"),
    "results": ("SpecInfo", "responses_from_score"),
}, rename=lambda name: name.removesuffix("_bytes"))
