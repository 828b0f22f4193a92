"""The few ESC/POS commands a ticket needs, written by hand (see the README: why not a
library). A ticket is built as rows of text with a style; ``render`` turns them into the
bytes a GB18030 receipt printer understands."""

import unicodedata

ESC = b"\x1b"
GS = b"\x1d"
FS = b"\x1c"
INIT = ESC + b"@"
CHINESE_ON = FS + b"&"  # double-byte (GB) characters: most Chinese printers start in it
ALIGN = {"left": ESC + b"a\x00", "center": ESC + b"a\x01", "right": ESC + b"a\x02"}
BOLD_ON, BOLD_OFF = ESC + b"E\x01", ESC + b"E\x00"
INVERT_ON, INVERT_OFF = GS + b"B\x01", GS + b"B\x00"
SIZE_NORMAL, SIZE_BIG = GS + b"!\x00", GS + b"!\x11"  # double width and height
FEED_AND_CUT = GS + b"V\x42\x03"  # feed 3 lines, partial cut
# characters per line in the printer's standard font (a Chinese character takes two)
COLUMNS = {"58": 32, "80": 48}


def text_width(text):
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def wrap(text, columns):
    """Cut ``text`` into lines of at most ``columns`` columns (Chinese counts double)."""
    lines, current, width = [], "", 0
    for char in text.replace("\t", " "):
        if char == "\n":
            lines.append(current)
            current, width = "", 0
            continue
        char_width = 2 if unicodedata.east_asian_width(char) in "WF" else 1
        if width + char_width > columns:
            lines.append(current)
            current, width = "", 0
        current += char
        width += char_width
    lines.append(current)
    return lines


def row(text, big=False, bold=False, invert=False, align="left"):
    """One paragraph of the ticket (JSON-able: it is stored on the print job)."""
    return {"text": str(text), "big": big, "bold": bold, "invert": invert, "align": align}


def rule():
    return {"rule": True}


def render(rows, paper="80", encoding="gb18030", copies=1):
    """The bytes of ``copies`` tickets, each ending with a cut."""
    columns = COLUMNS.get(str(paper), 48)
    out = bytearray(INIT)
    if encoding.lower() in ("gb18030", "gbk", "gb2312"):
        out += CHINESE_ON
    for item in rows:
        if item.get("rule"):
            out += ALIGN["left"] + SIZE_NORMAL + ("-" * columns).encode("ascii") + b"\n"
            continue
        big = bool(item.get("big"))
        out += ALIGN.get(item.get("align"), ALIGN["left"])
        out += SIZE_BIG if big else SIZE_NORMAL
        out += BOLD_ON if item.get("bold") else BOLD_OFF
        out += INVERT_ON if item.get("invert") else INVERT_OFF
        for line in wrap(item.get("text", ""), columns // 2 if big else columns):
            out += line.encode(encoding, errors="replace") + b"\n"
        out += INVERT_OFF + BOLD_OFF + SIZE_NORMAL
    out += FEED_AND_CUT
    return bytes(out) * max(1, int(copies or 1))


def plain_text(rows):
    """The ticket as text, for people reading the job in Odoo."""
    lines = []
    for item in rows:
        if item.get("rule"):
            lines.append("-" * 24)
        else:
            lines.append(("【%s】" if item.get("invert") else "%s") % item.get("text", ""))
    return "\n".join(lines)
