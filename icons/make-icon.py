#!/usr/bin/env python3
"""Draws icons/app-icon.png (1024x1024 RGBA), the source of every app icon.

Standard library only (zlib + struct): a rounded square with a calm blue
gradient, a white shield, and a check mark. Polygons are filled with an exact
horizontal coverage and 4 vertical sub-samples, so edges are anti-aliased.
Regenerate the platform icons with:  npm --prefix ui exec -- tauri icon ../icons/app-icon.png -o ../icons
"""
import math
import struct
import sys
import zlib

N = 1024
SUB = 4


def coverage(poly):
    """Per-pixel coverage (0..1) of a closed polygon, as a list of rows."""
    cov = [[0.0] * N for _ in range(N)]
    edges = [(poly[i], poly[(i + 1) % len(poly)]) for i in range(len(poly))]
    for py in range(N):
        row = cov[py]
        for s in range(SUB):
            y = py + (s + 0.5) / SUB
            xs = []
            for (x0, y0), (x1, y1) in edges:
                if (y0 <= y < y1) or (y1 <= y < y0):
                    xs.append(x0 + (y - y0) * (x1 - x0) / (y1 - y0))
            xs.sort()
            for a, b in zip(xs[0::2], xs[1::2]):
                a = max(0.0, min(N, a))
                b = max(0.0, min(N, b))
                ia, ib = int(a), int(b)
                if ia == ib:
                    if ia < N:
                        row[ia] += (b - a) / SUB
                    continue
                row[ia] += (ia + 1 - a) / SUB
                for x in range(ia + 1, min(ib, N)):
                    row[x] += 1.0 / SUB
                if ib < N:
                    row[ib] += (b - ib) / SUB
    return cov


def rounded_rect(x0, y0, x1, y1, r, steps=32):
    pts = []
    for cx, cy, a0 in ((x1 - r, y0 + r, -90), (x1 - r, y1 - r, 0), (x0 + r, y1 - r, 90), (x0 + r, y0 + r, 180)):
        for i in range(steps + 1):
            a = math.radians(a0 + 90 * i / steps)
            pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return pts


def shield(cx, top, w, h, steps=64):
    """A shield: a gently dipped top edge, straight upper sides, curved to a point."""
    half = w / 2
    pts = []
    # Top edge, dipping a little in the middle.
    for i in range(steps + 1):
        t = i / steps
        x = cx - half + w * t
        y = top + 36 * math.sin(math.pi * t)
        pts.append((x, y))
    # Right side: straight for 35 % of the height, then a curve to the point.
    straight = top + h * 0.35
    pts.append((cx + half, straight))
    for i in range(1, steps + 1):
        t = i / steps
        # Quadratic Bezier from (cx+half, straight) via (cx+half, top+h*0.8) to (cx, top+h).
        x = (1 - t) ** 2 * (cx + half) + 2 * (1 - t) * t * (cx + half) + t * t * cx
        y = (1 - t) ** 2 * straight + 2 * (1 - t) * t * (top + h * 0.78) + t * t * (top + h)
        pts.append((x, y))
    for i in range(1, steps + 1):
        t = i / steps
        x = (1 - t) ** 2 * cx + 2 * (1 - t) * t * (cx - half) + t * t * (cx - half)
        y = (1 - t) ** 2 * (top + h) + 2 * (1 - t) * t * (top + h * 0.78) + t * t * straight
        pts.append((x, y))
    # Dedupe the closing point (equal to the first).
    return pts[:-1] if pts[-1] == pts[0] else pts


def stroke(points, width):
    """Outline of a polyline with mitred joins, as one polygon."""
    hw = width / 2
    left, right = [], []
    n = len(points)
    for i in range(n):
        p = points[i]
        dirs = []
        if i > 0:
            dirs.append((p[0] - points[i - 1][0], p[1] - points[i - 1][1]))
        if i < n - 1:
            dirs.append((points[i + 1][0] - p[0], points[i + 1][1] - p[1]))
        normals = []
        for dx, dy in dirs:
            length = math.hypot(dx, dy)
            normals.append((-dy / length, dx / length))
        nx = sum(v[0] for v in normals)
        ny = sum(v[1] for v in normals)
        length = math.hypot(nx, ny)
        nx, ny = nx / length, ny / length
        scale = hw / (nx * normals[0][0] + ny * normals[0][1])
        left.append((p[0] + nx * scale, p[1] + ny * scale))
        right.append((p[0] - nx * scale, p[1] - ny * scale))
    return left + right[::-1]


def lerp(a, b, t):
    return a + (b - a) * t


def main(out):
    bg = coverage(rounded_rect(64, 64, 960, 960, 200))
    sh = coverage(shield(512, 236, 480, 580))
    ck = coverage(stroke([(382, 528), (476, 620), (650, 430)], 64))
    top_c, bottom_c = (70, 96, 214), (34, 48, 128)  # calm indigo gradient
    check_c = (46, 66, 168)
    rows = []
    for y in range(N):
        t = y / (N - 1)
        base = tuple(lerp(top_c[i], bottom_c[i], t) for i in range(3))
        row = bytearray([0])
        for x in range(N):
            a = min(1.0, bg[y][x])
            s = min(1.0, sh[y][x])
            c = min(1.0, ck[y][x]) * s
            rgb = [lerp(base[i], 255.0, s) for i in range(3)]
            rgb = [lerp(rgb[i], check_c[i], c) for i in range(3)]
            row += bytes((int(rgb[0] + 0.5), int(rgb[1] + 0.5), int(rgb[2] + 0.5), int(a * 255 + 0.5)))
        rows.append(bytes(row))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    png = b"\x89PNG\r\n\x1a\n"
    png += chunk(b"IHDR", struct.pack(">IIBBBBB", N, N, 8, 6, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
    png += chunk(b"IEND", b"")
    with open(out, "wb") as f:
        f.write(png)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "app-icon.png")
