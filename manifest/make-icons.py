#!/usr/bin/env python3
"""Draws the Teams app icons with the standard library only (zlib + struct PNG writer).

color.png   192x192 full colour: white chat bubble with a question mark on the accent colour.
outline.png  32x32  white outline of the same bubble on a transparent background.
Teams requires exactly these sizes (PROTOCOL.md §4.8). Run: python3 manifest/make-icons.py
"""
import os
import struct
import zlib

ACCENT = (0x00, 0x78, 0xD4)  # same as accentColor in manifest.json
WHITE = (0xFF, 0xFF, 0xFF)


def write_png(path, width, height, pixel):
    """pixel(x, y) -> (r, g, b, a); written as 8-bit RGBA, filter 0 on every row."""
    rows = bytearray()
    for y in range(height):
        rows.append(0)
        for x in range(width):
            rows.extend(pixel(x, y))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    with open(path, "wb") as png:
        png.write(b"\x89PNG\r\n\x1a\n")
        png.write(chunk(b"IHDR", header))
        png.write(chunk(b"IDAT", zlib.compress(bytes(rows), 9)))
        png.write(chunk(b"IEND", b""))


def in_rounded_rect(x, y, left, top, right, bottom, radius):
    if x < left or x > right or y < top or y > bottom:
        return False
    cx = min(max(x, left + radius), right - radius)
    cy = min(max(y, top + radius), bottom - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2


def in_triangle(x, y, a, b, c):
    def side(p, q):
        return (x - q[0]) * (p[1] - q[1]) - (p[0] - q[0]) * (y - q[1])
    d1, d2, d3 = side(a, b), side(b, c), side(c, a)
    negative = d1 < 0 or d2 < 0 or d3 < 0
    positive = d1 > 0 or d2 > 0 or d3 > 0
    return not (negative and positive)


def bubble(x, y, s):
    """The chat bubble in a unit square scaled by s: rounded body plus a tail at the lower left."""
    body = in_rounded_rect(x, y, 0.12 * s, 0.16 * s, 0.88 * s, 0.70 * s, 0.14 * s)
    tail = in_triangle(x, y, (0.24 * s, 0.62 * s), (0.44 * s, 0.62 * s), (0.20 * s, 0.86 * s))
    return body or tail


def question_mark(x, y, s):
    """A '?' in the middle of the bubble: an arc, a stem and a dot."""
    cx, cy, r = 0.5 * s, 0.34 * s, 0.10 * s
    d = ((x - cx) ** 2 + (y - cy) ** 2) ** 0.5
    arc = abs(d - r) <= 0.032 * s and not (x < cx and y > cy)
    stem = abs(x - cx) <= 0.032 * s and cy + r - 0.03 * s <= y <= 0.52 * s
    dot = (x - cx) ** 2 + (y - 0.60 * s) ** 2 <= (0.038 * s) ** 2
    return arc or stem or dot


def color_pixel(x, y):
    size = 192
    px, py = x + 0.5, y + 0.5
    if bubble(px, py, size) and not question_mark(px, py, size):
        return (*WHITE, 255)
    return (*ACCENT, 255)


def outline_pixel(x, y):
    size = 32
    px, py = x + 0.5, y + 0.5
    # A 2 px white line: bubble pixels that have a pixel outside the bubble within 2 px.
    border = bubble(px, py, size) and any(
        not bubble(px + dx, py + dy, size) for dx in (-2, -1, 0, 1, 2) for dy in (-2, -1, 0, 1, 2) if dx * dx + dy * dy <= 4)
    return (*WHITE, 255) if border else (0, 0, 0, 0)


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    write_png(os.path.join(here, "color.png"), 192, 192, color_pixel)
    write_png(os.path.join(here, "outline.png"), 32, 32, outline_pixel)
