"""Which of a PDF's fonts are bold, read the way a careful tool reads them.

A font's name often says its weight ("AAAAAA+LiberationSans-Bold",
"Arial,BoldItalic"), but not always: a browser or a word processor may
embed a bold face under a name like "F12" or "ABCDEF+Plain12". Then the
font descriptor's ``/FontWeight`` or ForceBold flag, or the weight class
that the embedded TrueType/OpenType program declares (``OS/2``
``usWeightClass``, or the bold bit of ``head.macStyle``), say it.
"""
from __future__ import annotations

import io
import logging
import re
from typing import Any

from pdfminer.pdftypes import PDFStream, resolve1
from pdfminer.psparser import PSLiteral

# Weight words that font names carry after the family, e.g.
# "AAAAAA+LiberationSans-Bold", "Arial,BoldItalic", "Roboto-SemiBold".
BOLD_FONT = re.compile(r"(bold|black|heavy|semibold|demi)", re.IGNORECASE)
# CSS/OpenType weight from which a face reads as bold (600 = semibold).
BOLD_WEIGHT = 600
# Bit 19 of the descriptor's /Flags: ForceBold.
FORCE_BOLD = 1 << 18
# Bit 0 of a TrueType head table's macStyle: bold.
MAC_STYLE_BOLD = 1
# Forms drawn inside forms: deeper nesting is not looked into (and cannot loop).
MAX_FORM_DEPTH = 4

log = logging.getLogger(__name__)


def literal(value: Any) -> str:
    """A PDF name as text.

    >>> literal(PSLiteral("AAAAAA+F12"))
    'AAAAAA+F12'
    """
    value = resolve1(value)
    if isinstance(value, PSLiteral):
        value = value.name
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    return str(value) if value is not None else ""


def descriptor_of(font: dict) -> dict:
    """The font's descriptor, looking into a Type0 font's descendant."""
    descriptor = resolve1(font.get("FontDescriptor"))
    if descriptor is None and "DescendantFonts" in font:
        descendants = resolve1(font["DescendantFonts"]) or []
        if descendants:
            descriptor = resolve1(resolve1(descendants[0]).get("FontDescriptor"))
    return descriptor if isinstance(descriptor, dict) else {}


def program_weight(descriptor: dict) -> int | None:
    """Weight class the embedded TrueType/OpenType program declares, if any."""
    stream = resolve1(descriptor.get("FontFile2") or descriptor.get("FontFile3"))
    if not isinstance(stream, PDFStream):
        return None
    try:
        from fontTools.ttLib import TTFont

        program = TTFont(io.BytesIO(stream.get_data()), lazy=True)
        if "OS/2" in program:
            return int(program["OS/2"].usWeightClass)
        if "head" in program and program["head"].macStyle & MAC_STYLE_BOLD:
            return 700
    except Exception as exc:  # noqa: BLE001 - a font program we cannot read says nothing about weight
        log.debug("unreadable font program: %s", exc)
    return None


def is_bold_font(font: dict) -> bool:
    """Bold from the name, else the descriptor, else the embedded program."""
    if BOLD_FONT.search(literal(font.get("BaseFont"))):
        return True
    descriptor = descriptor_of(font)
    if BOLD_FONT.search(literal(descriptor.get("FontName"))):
        return True
    weight = resolve1(descriptor.get("FontWeight"))
    if isinstance(weight, (int, float)) and weight > 0:
        return weight >= BOLD_WEIGHT
    flags = resolve1(descriptor.get("Flags"))
    if isinstance(flags, int) and flags & FORCE_BOLD:
        return True
    weight = program_weight(descriptor)
    return weight is not None and weight >= BOLD_WEIGHT


def page_fonts(resources: Any, depth: int = 0) -> dict[str, dict]:
    """Font dictionaries of a page's resources and of the forms it draws, by base name."""
    found: dict[str, dict] = {}
    resources = resolve1(resources)
    if not isinstance(resources, dict) or depth > MAX_FORM_DEPTH:
        return found
    fonts = resolve1(resources.get("Font"))
    for ref in fonts.values() if isinstance(fonts, dict) else ():
        font = resolve1(ref)
        if isinstance(font, dict):
            found.setdefault(literal(font.get("BaseFont")), font)
    xobjects = resolve1(resources.get("XObject"))
    for ref in xobjects.values() if isinstance(xobjects, dict) else ():
        form = resolve1(ref)
        if isinstance(form, PDFStream) and literal(form.get("Subtype")) == "Form":
            for name, font in page_fonts(form.get("Resources"), depth + 1).items():
                found.setdefault(name, font)
    return found


class FontWeights:
    """Bold or not for each font name met in a document, decided once per font."""

    def __init__(self) -> None:
        self._bold: dict[str, bool] = {}

    def learn(self, resources: Any) -> None:
        for name, font in page_fonts(resources).items():
            if name not in self._bold:
                self._bold[name] = is_bold_font(font)

    def is_bold(self, fontname: str) -> bool:
        """Whether ``fontname`` is bold; an unseen font is judged by its name.

        >>> FontWeights().is_bold("Helvetica-Bold"), FontWeights().is_bold("Helvetica")
        (True, False)
        """
        known = self._bold.get(fontname)
        return known if known is not None else bool(BOLD_FONT.search(fontname))
