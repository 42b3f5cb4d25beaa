"""The PDF's pictures, drawn with fpdf2's vector primitives: the actor map, the determinant
profile and the strategies' vote bars."""

from fpdf.enums import XPos, YPos

from ...domain.vocab import ACTOR_CATEGORIES
from ..tables import Table
from .layout import ACCENT, FONT, GAP, INK, LIGHT, LINE, MUTED, RULE, Document

# The browser app's category colours (static/css/app.css), so the map reads the same on paper.
CATEGORY_COLOURS = dict(zip(ACTOR_CATEGORIES, [
    (33, 88, 217), (14, 122, 85), (180, 83, 9), (115, 56, 214),
    (192, 38, 122), (11, 114, 133), (71, 84, 103), (138, 90, 43)], strict=True))
MAP_SIZE = 112
MAP_SIZE_MIN = 90  # the map shrinks this far to fit below what came before, rather than leave a gap
MAP_MARGIN = 12  # axis label and space below the map


# --- actor map ----------------------------------------------------------------------------

def actor_map_height(summary: dict) -> float:
    return MAP_SIZE_MIN + MAP_MARGIN if summary["actors"] else 0


def actor_map(doc: Document, summary: dict) -> None:
    """Actors on an influence × interest grid, each labelled where its name overlaps nothing."""
    actors = summary["actors"]
    if not actors:
        return
    x0, y0 = doc.l_margin + 8, doc.get_y() + 2
    size = max(MAP_SIZE_MIN, min(MAP_SIZE, doc.page_break_trigger - y0 - MAP_MARGIN))
    draw_quadrants(doc, x0, y0, size)
    placed: list[tuple[float, float, float, float]] = []
    inset = 3  # points at 0 or 100 stay inside the frame
    span = size - 2 * inset
    points = [(x0 + inset + a["interest"] / 100 * span, y0 + inset + span - a["influence"] / 100 * span, a, i)
              for i, a in enumerate(actors, start=1)]
    for px, py, a, _ in points:
        doc.set_fill_color(*CATEGORY_COLOURS.get(a["category"], MUTED))
        doc.set_draw_color(255, 255, 255)
        doc.set_line_width(0.3)
        doc.circle(px, py, 1.5, style="DF")
        placed.append((px - 1.5, py - 1.5, px + 1.5, py + 1.5))
    doc.set_font(FONT, "", 6.5)
    doc.set_text_color(*INK)
    for px, py, a, number in points:
        place_label(doc, px, py, a["name"], number, placed, (x0, y0, x0 + size, y0 + size))
    legend(doc, x0 + size + 8, y0, actors)
    doc.set_y(y0 + size + MAP_MARGIN - 2)
    doc.body()


def draw_quadrants(doc: Document, x0: float, y0: float, size: float) -> None:
    t, half = doc.t, size / 2
    tints = {(0, 0): (244, 246, 248), (1, 0): (232, 240, 245), (0, 1): (250, 250, 250),
             (1, 1): (244, 246, 248)}
    for (col, row), tint in tints.items():
        doc.set_fill_color(*tint)
        doc.rect(x0 + col * half, y0 + row * half, half, half, style="F")
    doc.set_draw_color(*RULE)
    doc.set_line_width(0.2)
    doc.rect(x0, y0, size, size)
    doc.set_dash_pattern(dash=1, gap=1)
    doc.line(x0 + half, y0, x0 + half, y0 + size)
    doc.line(x0, y0 + half, x0 + size, y0 + half)
    doc.set_dash_pattern()
    doc.set_font(FONT, "B", 7.5)
    doc.set_text_color(*MUTED)
    corners = [("summary.quadrant.satisfy", x0 + 2, y0 + 4, "L"),
               ("summary.quadrant.manage", x0 + size - 2, y0 + 4, "R"),
               ("summary.quadrant.monitor", x0 + 2, y0 + size - 2, "L"),
               ("summary.quadrant.inform", x0 + size - 2, y0 + size - 2, "R")]
    for key, x, y, side in corners:
        text = t(key).upper()
        doc.text(x - (doc.get_string_width(text) if side == "R" else 0), y, text)
    doc.set_font(FONT, "", 8)
    doc.set_text_color(*INK)
    label = f"{t('summary.axis_interest')} →"
    doc.text(x0 + half - doc.get_string_width(label) / 2, y0 + size + 5, label)
    label = f"{t('summary.axis_influence')} →"
    with doc.rotation(90, x0 - 3, y0 + half):
        doc.text(x0 - 3 - doc.get_string_width(label) / 2, y0 + half, label)


def place_label(doc: Document, px: float, py: float, name: str, number: int,
                placed: list, bounds: tuple[float, float, float, float]) -> None:
    """Put the actor's name beside its point where it overlaps nothing; else its number."""
    text = name if len(name) <= 28 else name[:27] + "…"
    for candidate in (text, str(number)):
        w, h = doc.get_string_width(candidate), 2.6
        for x, y in ((px + 2.2, py - h / 2), (px - 2.2 - w, py - h / 2), (px - w / 2, py - 2.2 - h),
                     (px - w / 2, py + 2.2)):
            box = (x, y, x + w, y + h)
            inside = box[0] >= bounds[0] + 0.5 and box[2] <= bounds[2] - 0.5 and box[1] >= bounds[1] + 5 \
                and box[3] <= bounds[3] - 3.5
            if inside and not any(overlaps(box, other) for other in placed):
                doc.text(x, y + h * 0.8, candidate)
                placed.append(box)
                return


def overlaps(a: tuple, b: tuple) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def legend(doc: Document, x: float, y: float, actors: list[dict]) -> None:
    t = doc.t
    present = [c for c in ACTOR_CATEGORIES if any(a["category"] == c for a in actors)]
    doc.set_font(FONT, "B", 8.5)
    doc.set_text_color(*INK)
    doc.text(x, y + 3, t("summary.category"))
    doc.set_font(FONT, "", 8.5)
    for i, category in enumerate(present):
        cy = y + 9 + i * 6
        doc.set_fill_color(*CATEGORY_COLOURS[category])
        doc.circle(x + 1.5, cy - 1, 1.5, style="F")
        count = sum(1 for a in actors if a["category"] == category)
        doc.text(x + 5, cy, f"{t.label('category', category)} ({count})")


# --- determinant profile ------------------------------------------------------------------

PROFILE_ROW = 9


def profile_height(summary: dict) -> float:
    return PROFILE_ROW * len(summary["determinants"]) + 14


def determinant_profile(doc: Document, summary: dict) -> None:
    """A bar per determinant on the 1–5 scale; every weakest one (ties too) in red; in a follow-up
    a tick where the previous workshop stood."""
    t, dets = doc.t, summary["determinants"]
    before = {d["key"]: d["mean_before"] for d in (summary.get("compared_to") or {}).get("determinants", [])}
    weakest = set(summary.get("weakest", []))
    label_w, bar_w, row_h = 52, 84, PROFILE_ROW
    x0, y0 = doc.l_margin, doc.get_y() + 2
    chart_x = x0 + label_w
    doc.set_font(FONT, "", 7.5)
    doc.set_text_color(*MUTED)
    for score in range(1, 6):
        gx = chart_x + (score - 1) / 4 * bar_w
        doc.set_draw_color(*RULE)
        doc.set_line_width(0.2)
        doc.line(gx, y0, gx, y0 + row_h * len(dets))
        doc.text(gx - 0.8, y0 + row_h * len(dets) + 4, str(score))
    for i, d in enumerate(dets):
        y = y0 + i * row_h
        is_weak = d["key"] in weakest
        doc.set_font(FONT, "B" if is_weak else "", 9.5)
        doc.set_text_color(*(GAP if is_weak else INK))
        doc.text(x0, y + 5.5, d["label"])
        if d["mean"] is not None:
            doc.set_fill_color(*(GAP if is_weak else ACCENT))
            doc.rect(chart_x, y + 1.8, max(0.8, (d["mean"] - 1) / 4 * bar_w), 5, style="F")
        if before.get(d["key"]) is not None:
            bx = chart_x + (before[d["key"]] - 1) / 4 * bar_w
            doc.set_draw_color(*INK)
            doc.set_line_width(0.8)
            doc.line(bx, y + 0.8, bx, y + 7.8)
        value = f"{t.number(d['mean'])}  (n={d['count']})" if d["mean"] is not None else "—"
        if is_weak:
            value += f"  ← {t('summary.weakest')}"
        doc.set_font(FONT, "B" if is_weak else "", 9)
        doc.text(chart_x + bar_w + 3, y + 5.5, value)
    doc.set_y(y0 + row_h * len(dets) + 7)
    if before:
        doc.set_draw_color(*INK)
        doc.set_line_width(0.8)
        yy = doc.get_y() + 1
        doc.line(chart_x, yy, chart_x, yy + 3.5)
        doc.set_font(FONT, "", 8)
        doc.set_text_color(*MUTED)
        doc.text(chart_x + 2, yy + 3, t("summary.previous"))
        doc.set_y(yy + 6)
    doc.body()


# --- strategies ---------------------------------------------------------------------------

def strategy_bars(doc: Document, table: Table) -> None:
    """The strategies table as a ranked list per category, each with its vote bar, where it came
    from (when people added it) and its description. A participant's copy while results are
    hidden has no rank or count (None): neither is drawn."""
    if not table.rows:
        doc.table(table)
        return
    t = doc.t
    most = max((row[3] or 0 for row in table.rows), default=0) or 1
    rank_w, title_w, bar_w = 10, 104, 48
    category = None
    for cat, rank, title, votes, origin, description in table.rows:
        if cat != category:
            category = cat
            doc.room(16)
            doc.ln(1)
            doc.set_font(FONT, "B", 10.5)
            doc.set_text_color(*ACCENT)
            doc.cell(0, 7, cat, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        bold = rank is not None and rank <= 3 and votes
        doc.set_font(FONT, "B" if bold else "", 9.5)
        lines = doc.wrap(title, title_w - 2 * doc.c_margin)
        notes = []
        if origin and origin != t("origin.catalog"):
            notes.append(origin)
        if description:
            notes.append(description)
        doc.set_font(FONT, "", 8)
        small = doc.wrap(" · ".join(notes), title_w - 2 * doc.c_margin) if notes else []
        height = max(6.5, len(lines) * LINE + len(small) * 3.8 + 1.9)
        doc.room(height)
        x, y = doc.l_margin, doc.get_y()
        doc.set_text_color(*MUTED)
        doc.set_font(FONT, "", 9)
        doc.set_xy(x, y + 1)
        doc.cell(rank_w - 2, LINE, f"{rank}." if rank is not None else "", align="R")
        doc.set_text_color(*INK)
        doc.set_font(FONT, "B" if bold else "", 9.5)
        for i, text in enumerate(lines):
            doc.set_xy(x + rank_w, y + 1 + i * LINE)
            doc.cell(title_w, LINE, text)
        doc.set_font(FONT, "", 8)
        doc.set_text_color(*MUTED)
        for i, text in enumerate(small):
            doc.set_xy(x + rank_w, y + 1 + len(lines) * LINE + i * 3.8)
            doc.cell(title_w, 3.8, text)
        bx = x + rank_w + title_w + 2
        doc.set_fill_color(*LIGHT)
        doc.rect(bx, y + 1.6, bar_w, 3.4, style="F")
        if votes:
            doc.set_fill_color(*ACCENT)
            doc.rect(bx, y + 1.6, votes / most * bar_w, 3.4, style="F")
        doc.set_font(FONT, "B", 9)
        doc.set_text_color(*INK)
        if votes is not None:
            doc.text(bx + bar_w + 2, y + 4.6, str(votes))
        doc.set_draw_color(*RULE)
        doc.set_line_width(0.15)
        doc.line(x, y + height, x + doc.width, y + height)
        doc.set_y(y + height)
    doc.ln(2)
    doc.body()


# --- line chart (the timeline's determinant means) ----------------------------------------

# The browser's line colours and dashes (static/js/linechart.js): lines told apart without colour too.
LINE_COLOURS = [(33, 88, 217), (14, 122, 85), (180, 83, 9), (115, 56, 214), (192, 38, 122)]
LINE_DASHES = [None, (2.4, 1.5), (0.6, 1.5), (3.6, 1.2)]
LINE_CHART_HEIGHT = 62


def line_chart(doc: Document, series: list[dict], labels: list[str], low: int = 1, high: int = 5) -> None:
    """One line per series over evenly spaced points (`labels` under them), on a `low`–`high`
    scale; a gap where a value is None; each line ends in its label (the legend)."""
    x0, y0 = doc.l_margin + 8, doc.get_y() + 3
    width, height = doc.width - 8 - 46, LINE_CHART_HEIGHT - 16
    inset = 8
    count = len(labels)
    step = (width - 2 * inset) / (count - 1) if count > 1 else 0
    xs = [x0 + inset + i * step if count > 1 else x0 + width / 2 for i in range(count)]

    def y(value: float) -> float:
        return y0 + height - (value - low) / (high - low) * height

    doc.set_font(FONT, "", 7.5)
    doc.set_text_color(*MUTED)
    doc.set_line_width(0.15)
    for score in range(low, high + 1):
        doc.set_draw_color(*RULE)
        doc.line(x0, y(score), x0 + width, y(score))
        doc.text(x0 - 4, y(score) + 1, str(score))
    for x, label in zip(xs, labels, strict=True):
        doc.text(x - doc.get_string_width(label) / 2, y0 + height + 5, label)
    ends = []
    for i, s in enumerate(series):
        colour = LINE_COLOURS[i % len(LINE_COLOURS)]
        doc.set_draw_color(*colour)
        doc.set_fill_color(*colour)
        doc.set_line_width(0.6)
        dash = LINE_DASHES[i % len(LINE_DASHES)]
        points = [(xs[n], y(v)) for n, v in enumerate(s["values"]) if v is not None]
        for n in range(1, len(s["values"])):
            a, b = s["values"][n - 1], s["values"][n]
            if a is None or b is None:
                continue
            if dash:
                doc.set_dash_pattern(dash=dash[0], gap=dash[1])
            doc.line(xs[n - 1], y(a), xs[n], y(b))
            doc.set_dash_pattern()
        for px, py in points:
            doc.circle(px, py, 0.9, style="F")
        if points:
            ends.append([points[-1][1], s["label"], colour])
    ends.sort()
    for n in range(1, len(ends)):  # end labels at least a line apart
        ends[n][0] = max(ends[n][0], ends[n - 1][0] + 3.4)
    doc.set_font(FONT, "", 8)
    for py, label, colour in ends:
        doc.set_text_color(*colour)
        doc.text(x0 + width + 3, py + 1, label)
    doc.set_y(y0 + height + 9)
    doc.body()
