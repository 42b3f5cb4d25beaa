"""Draws the app's icons: static/icons/icon.svg and the PNG and ICO files browsers and phones
ask for, all from one shape (three rising bars on the brand colour: scaling up).

Usage: .venv/bin/python scripts/icons.py   (writes into static/icons/; the files are committed)
"""

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "static" / "icons"
SIZE = 512
RADIUS = 112
BACKGROUND = "#3b3fc4"  # --primary in app.css
BARS = ((112, 300, 184, 400), (220, 220, 292, 400), (328, 124, 400, 400))  # x0, y0, x1, y1


def svg() -> str:
    bars = "".join(f'<rect x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}" rx="16" fill="#fff"/>'
                   for x0, y0, x1, y1 in BARS)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}">'
            f'<rect width="{SIZE}" height="{SIZE}" rx="{RADIUS}" fill="{BACKGROUND}"/>{bars}</svg>\n')


def png(size: int, rounded: bool = True) -> Image.Image:
    """Drawn four times larger and scaled down, for smooth edges."""
    scale = size * 4 / SIZE
    image = Image.new("RGBA", (size * 4, size * 4), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, size * 4 - 1, size * 4 - 1), radius=RADIUS * scale if rounded else 0,
                           fill=BACKGROUND)
    for x0, y0, x1, y1 in BARS:
        box = (x0 * scale, y0 * scale, x1 * scale, y1 * scale)
        draw.rounded_rectangle(box, radius=16 * scale, fill="white")
    return image.resize((size, size), Image.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "icon.svg").write_text(svg(), encoding="utf-8")
    png(192).save(OUT / "icon-192.png", optimize=True)
    png(512).save(OUT / "icon-512.png", optimize=True)
    png(180, rounded=False).save(OUT / "apple-touch-icon.png", optimize=True)  # iOS rounds it itself
    png(48).save(OUT / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])


if __name__ == "__main__":
    main()
