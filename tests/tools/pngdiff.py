#!/usr/bin/env python3
"""pngdiff.py A.png B.png [TOLERANCE]: compare two screenshots pixel by
pixel (8-bit RGB or RGBA, not interlaced, as Chromium writes them) with no
library beyond Python's own. Prints "same" or "N pixels differ in
x0,y0-x1,y1 (largest channel difference D)" for pixels that differ by more
than TOLERANCE (default 0) in some channel."""
import struct
import sys
import zlib


def decode(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit("%s: not a PNG" % path)
    pos, idat, ihdr = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    w, h, depth, ctype, _, _, interlace = ihdr
    if depth != 8 or ctype not in (2, 6) or interlace:
        sys.exit("%s: unsupported PNG (depth %d, colour type %d)" % (path, depth, ctype))
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(h):
        f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[x] = (line[x] + pr) & 255
        rows.append(bytes(line))
        prev = line
    return w, h, bpp, rows


def main():
    tol = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    wa, ha, ba, ra = decode(sys.argv[1])
    wb, hb, bb, rb = decode(sys.argv[2])
    if (wa, ha) != (wb, hb):
        print("sizes differ: %dx%d and %dx%d" % (wa, ha, wb, hb))
        return
    n, box, worst = 0, None, 0
    for y in range(ha):
        if ra[y] == rb[y]:
            continue
        for x in range(wa):
            pa = ra[y][x * ba:x * ba + 3]
            pb = rb[y][x * bb:x * bb + 3]
            d = max(abs(p - q) for p, q in zip(pa, pb))
            if d > tol:
                n += 1
                worst = max(worst, d)
                box = (min(box[0], x), min(box[1], y), max(box[2], x), max(box[3], y)) if box else (x, y, x, y)
    if n == 0:
        print("same")
    else:
        print("%d pixels differ in %d,%d-%d,%d (largest channel difference %d)" % ((n,) + box + (worst,)))


main()
