"""The one escaping rule for other people's text in Markdown (formatting/user_text.py)."""
from __future__ import annotations

import pytest

from formatting.user_text import JOINER, plain


@pytest.mark.parametrize(("typed", "sent"), [
    ("![chart](http://evil.example/x.png)", f"!\\[chart\\](http{JOINER}\\://evil.example/x.png)"),
    ("[Sign in again](https://evil.example)", f"\\[Sign in again\\](https{JOINER}\\://evil.example)"),
    ("<img src=x onerror=alert(1)>", "\\<img src=x onerror=alert(1)\\>"),
    (":red[big] :material/home: $x^2$", "\\:red\\[big\\] \\:material/home: \\$x^2\\$"),
    ("**bold** _it_ `code` ~~gone~~ | table |", "\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\~\\~gone\\~\\~ \\| table \\|"),
    ("www.evil.example/login", f"www{JOINER}.evil.example/login"),
    ("ann@example.org", f"ann{JOINER}@example.org"),
    ("# Heading", "\\# Heading"),
    ("- not a list", "\\- not a list"),
    ("1. not a list", "1\\. not a list"),
    ("2) not a list", "2\\) not a list"),
    ("-", "\\-"),
    ("=HYPERLINK(1)", "\\=HYPERLINK(1)"),
    ("two\n\n# lines", "two \\# lines"),
])
def test_markup_is_escaped_to_show_as_typed(typed, sent):
    assert plain(typed) == sent


def test_prose_is_left_as_it_is():
    for text in ("Avon & Somerset (2019): rate 26.0%", "Ministry of Justice, October 2024 release", "Bob's file.csv"):
        assert plain(text) == text
    assert plain(None) == "None" and plain(26.5) == "26.5" and plain("-3") == "-3"
    assert plain("2019.") == "2019\\."  # alone on a line, "2019." is a numbered list item
