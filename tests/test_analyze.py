"""The parser's view of a sentence: what it is given to read, laid back on the text as written."""

from __future__ import annotations

from claimcheck.analyze import parse



def test_analyze_foreign_quote_marks_are_punctuation_on_the_text_as_written() -> None:
    text = "Of the paper tickets, «70 %» were «faux», he said."
    (doc,) = parse([text])
    assert doc.text == text
    marks = [t for t in doc if t.text in "«»"]
    assert len(marks) == 4 and all(t.pos_ == "PUNCT" for t in marks)
    assert not any(t.dep_.startswith("nsubj") for t in marks)  # "»" read as a noun was the subject


def test_analyze_spaced_thousands_and_quote_marks_together() -> None:
    text = "«He polled 8,794, 726 votes», the paper said."
    (doc,) = parse([text])
    assert doc.text == text
    assert [t.text for t in doc if t.pos_ == "NUM"] == ["8,794, 726"]
