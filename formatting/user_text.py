"""The one rule for text a person supplied (titles, publishers, vintages, file names, category values, URL
parameters, messages quoting them) shown where Streamlit renders Markdown: it is shown as text, never as markup."""
from __future__ import annotations

import re

# Every character that opens Markdown, HTML or LaTeX when it starts a construct; escaping one with a backslash
# shows it as itself.
SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~$])")
# ':' before a word or '/' opens Streamlit's own syntax (:red[...], :material/icon:, :smile:) and, with '//', a bare
# link (http://...); '@' before a word, an e-mail link; 'www.' a bare link too. A ':' or '@' before a space or the
# end is prose and stays as it is.
BARE = re.compile(r"(?i)(:(?=[\w/])|@(?=\w)|(?<![\w.])www\.)")
LINE_START = re.compile(r"^(\d*)([+\-=.)])")  # a list item ('- ', '1. '), or a heading's underline ('===')


def plain(text: object) -> str:
    """User-supplied text for a Markdown string, shown literally: on one line, its Markdown characters escaped."""
    flat = " ".join(str(text).split())  # a line break could start a heading, list or table in the text around it
    escaped = BARE.sub(lambda match: "\\" + match.group(1) if match.group(1) in ":@" else match.group(1)[:3] + "\\.",
                       SPECIAL.sub(r"\\\1", flat))
    return LINE_START.sub(r"\1\\\2", escaped)
