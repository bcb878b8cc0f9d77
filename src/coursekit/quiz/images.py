"""The one check of a question's image, by its bytes: what ``coursekit check`` reports, and what
the site, the notebook widget and every export run again on the bytes they embed.

A file's suffix says what it should be; its first bytes say what it is. An HTML page or an SVG
renamed ``map.png`` is refused (an LMS serves an embedded file by its suffix, and a browser that
sniffs it may run it as a page), and so is an empty file or one over :data:`IMAGE_BYTES`. An SVG
must be plain XML with an ``<svg>`` root in the SVG namespace, without active content (scripts,
event handlers, ``javascript:`` links, embedded HTML, style sheets that transform it) and without
anything it would load from elsewhere (the course is offline and private).
"""

from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ET
from typing import cast

IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
               ".svg": "image/svg+xml", ".webp": "image/webp"}
IMAGE_BYTES = 300_000  # an image is embedded in the page and in every export: keep it small
IMAGE_PIXELS = 25_000_000  # width x height of a raster image (5,000 x 5,000), decoded in full
SVG = "{http://www.w3.org/2000/svg}"

_KINDS = {"image/png": ("a PNG image", ".png"), "image/jpeg": ("a JPEG image", ".jpg"),
          "image/gif": ("a GIF image", ".gif"), "image/webp": ("a WebP image", ".webp"),
          "image/svg+xml": ("an SVG image", ".svg")}
_ACTIVE_TAGS = ("script", "foreignobject", "iframe", "embed", "object", "handler", "listener")
_ACTIVE_URLS = ("javascript:", "vbscript:", "data:text/html", "data:application/xhtml", "data:image/svg")
# what an attribute or a style sheet may point at: a part of the same file, or a raster image in it
_URL = re.compile(r"""url\(\s*(['"]?)([^'")]*)\1\s*\)|@import\s+(?:url\(\s*)?['"]?([^'");\s]*)""", re.I)
_FETCHERS = re.compile(r"(?<![\w-])(-webkit-image-set|image-set|cross-fade|image|element|src)\s*\(", re.I)
_LOCAL = ("#", "data:image/png", "data:image/jpeg", "data:image/gif", "data:image/webp")


def sniffed(content: bytes) -> str | None:
    """The kind of file ``content`` is, by its first bytes: a MIME type, "html", "xml" or None."""
    head = content[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if content.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if content.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    if re.match(rb"(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<svg[\s>/]", head, re.S):
        return "image/svg+xml"
    if head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<script")) or b"<html" in head:
        return "html"
    if head.startswith(b"<?xml"):
        return "xml"
    return None


def dimensions(mime: str, content: bytes) -> tuple[int, int] | None:
    """(width, height) in pixels from a raster image's header, or None if it holds none."""
    try:
        if mime == "image/png":
            return struct.unpack(">II", content[16:24]) if content[12:16] == b"IHDR" else None
        if mime == "image/gif":
            return struct.unpack("<HH", content[6:10])
        if mime == "image/webp":
            chunk = content[12:16]
            if chunk == b"VP8X":
                w, h = (int.from_bytes(content[n:n + 3], "little") + 1 for n in (24, 27))
                return w, h
            if chunk == b"VP8 " and content[23:26] == b"\x9d\x01\x2a":
                w, h = struct.unpack("<HH", content[26:30])
                return w & 0x3FFF, h & 0x3FFF
            if chunk == b"VP8L" and content[20:21] == b"\x2f":
                bits = int.from_bytes(content[21:25], "little")
                return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
            return None
        if mime == "image/jpeg":  # the first frame header (SOFn) among the segments
            at = 2
            while at + 9 <= len(content) and content[at] == 0xFF:
                marker, length = content[at + 1], struct.unpack(">H", content[at + 2:at + 4])[0]
                if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF):
                    h, w = struct.unpack(">HH", content[at + 5:at + 9])
                    return w, h
                at += 2 + length
            return None
    except struct.error:  # a header cut short
        return None
    return None


_RENAMED = {"html": "HTML", "xml": "XML", "image/svg+xml": "SVG"}


def _what(kind: str | None) -> str:
    if kind in _RENAMED:
        return f"{_RENAMED[kind]} (a file renamed?)"
    if kind in _KINDS:
        name, suffix = _KINDS[kind]
        return f"{name} (give it the suffix {suffix})"
    return "not one coursekit recognises"


def image_problem(file: str, mime: str, content: bytes) -> str | None:
    """Why the bytes ``content`` of the image ``file`` (of type ``mime``, from its suffix) may not
    be shown or exported, as a message starting with the quoted file name; None if they may."""
    if not content:
        return f"image {file!r} is empty"
    if len(content) > IMAGE_BYTES:
        return (f"image {file!r} is {len(content):,} bytes; it is embedded in every page and export, "
                f"so keep it under {IMAGE_BYTES:,}")
    kind = sniffed(content)
    name = _KINDS[mime][0]
    if mime == "image/svg+xml" and kind in (None, "html", "xml", mime):
        why = _svg_problem(content)
        return f"image {file!r} {why}" if why else None
    if kind != mime:
        return f"image {file!r} is not {name}: its bytes are {_what(kind)}"
    size = dimensions(mime, content)
    if size is None or 0 in size:
        return f"image {file!r} is not {name} coursekit can read: its header gives no size in pixels"
    if size[0] * size[1] > IMAGE_PIXELS:  # a few kilobytes can declare a picture no browser can hold
        return (f"image {file!r} is {size[0]:,} x {size[1]:,} pixels: keep it under "
                f"{IMAGE_PIXELS:,} pixels (a browser decodes every one)")
    return None


def _svg_problem(content: bytes) -> str | None:
    """Why an SVG image may not be shipped: it must parse as plain XML (no DOCTYPE, so no entities)
    with an ``<svg>`` root, and carry no active content, which would run wherever the file is opened
    on its own (an LMS serves embedded files from its own origin), and load nothing from elsewhere."""
    unreadable = "is not an SVG image coursekit can read (plain XML, no DOCTYPE or entities)"
    if b"<!DOCTYPE" in content.upper() or b"<!ENTITY" in content.upper():
        return unreadable
    parser: ET.XMLPullParser = ET.XMLPullParser(events=("start", "pi"))
    root: ET.Element | None = None
    try:
        parser.feed(content)
        parser.close()
    except ET.ParseError:
        return unreadable
    for event, el in cast("list[tuple[str, ET.Element]]", list(parser.read_events())):
        if event == "pi":  # the XML declaration is not a processing instruction
            target = (el.text or "?").split()[0]
            return f"has active content (<?{target}?>); draw it without scripts or embedded HTML"
        root = el if root is None else root
        if (why := _element_problem(el)) is not None:
            return why
    if root is None or root.tag != f"{SVG}svg":
        local = str(getattr(root, "tag", "")).rsplit("}", 1)[-1]
        if local == "svg":
            return "is not an SVG image: its root element is <svg> outside the SVG namespace " \
                   "(add xmlns=\"http://www.w3.org/2000/svg\")"
        return f"is not an SVG image: its root element is <{local}>, not <svg>"
    return None


def _element_problem(el: ET.Element) -> str | None:
    active = "; draw it without scripts or embedded HTML"
    tag = str(el.tag).rsplit("}", 1)[-1].lower()
    if tag in _ACTIVE_TAGS:
        return f"has active content (<{tag}>){active}"
    values = list(el.attrib.items())
    if tag == "style":
        values.append(("", el.text or ""))
    for name, value in values:
        attr = name.rsplit("}", 1)[-1].lower()
        if attr.startswith("on"):
            return f"has active content ({attr}=){active}"
        if "\\" in value:  # CSS escapes spell @import or url( without those letters (@\\69mport)
            return "has a backslash escape (\\) in a style or attribute: write the characters out"
        if fetcher := _FETCHERS.search(value):
            return f"uses {fetcher.group(1).lower()}() in its style: give images with url(#id) only"
        squeezed = "".join(value.split()).lower()
        # anywhere in the value: <animate values="#a;javascript:..."> sets a link to the second
        if scheme := next((url for url in _ACTIVE_URLS if url in squeezed), None):
            return f"has active content ({scheme.removesuffix(':')}: link){active}"
        targets = [m.group(2) if m.group(2) is not None else m.group(3) for m in _URL.finditer(value)]
        if attr in ("href", "src"):
            targets.append(value)
        for target in (t.strip() for t in targets):
            if target and not target.lower().startswith(_LOCAL):
                what = f"links to {target!r}" if tag == "a" else f"loads {target!r} from elsewhere"
                return f"{what}; a course image holds everything it shows (nothing is fetched)"
    return None
