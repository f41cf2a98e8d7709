"""The one rule for text a person supplied (titles, publishers, vintages, file names, category values, URL
parameters, messages quoting them) shown where Streamlit renders Markdown: it is shown as text, never as markup."""
from __future__ import annotations

import re

# Every character that opens Markdown, HTML or LaTeX when it starts a construct; escaping one with a backslash
# shows it as itself.
SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~$])")
# ':' before a word or '/' opens Streamlit's own syntax (:red[...], :material/icon:, :smile:); escaped. A ':' before
# a space or the end is prose and stays as it is.
DIRECTIVE = re.compile(r":(?=[\w/])")
# Bare links (http://…, www.…, a@b.c) are found in the text after escapes are undone (GitHub's autolink rule runs on
# the parsed text), so a backslash cannot stop them: an invisible word joiner (U+2060) inside the marker does.
JOINER = "\u2060"
BARE_LINK = re.compile(r"(?i)(\b(?:https?|ftp|mailto|xmpp)(?=\\?:)|(?<![\w.])www(?=\.)|[\w.+-](?=@\w))")
# At the start: a list item ('- ', '+ ', '1. ', '2) '), or '=' (a heading's underline, and a spreadsheet formula)
LINE_START = re.compile(r"^(\d{0,9})((?<=\d)[.)](?=\s|$)|(?<!\d)[+-](?=\s|$)|(?<!\d)=)")


def plain(text: object) -> str:
    """User-supplied text for a Markdown string, shown literally: on one line, its Markdown characters escaped."""
    flat = " ".join(str(text).split())  # a line break could start a heading, list or table in the text around it
    escaped = DIRECTIVE.sub(r"\\:", SPECIAL.sub(r"\\\1", flat))
    escaped = BARE_LINK.sub(lambda match: match.group(1) + JOINER, escaped)
    return LINE_START.sub(r"\1\\\2", escaped)
