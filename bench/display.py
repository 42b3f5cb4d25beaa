"""Room-display benchmark: the question wall with 1,500 cards in headless Chromium, and `state`
with those cards, beside the same measurements of an empty question step in the same run.

    .venv/bin/python bench/display.py              # 1,500 cards in 12 themes
    .venv/bin/python bench/display.py -n 300       # smaller

Starts its own workshop server (run.py, SQLite, the per-connection event limit raised for
the seeding), makes two focus groups in their first question (one empty, one with the
cards, two thirds of them in themes, a few votes shown), and opens each one's room display
at 1920×1080. It measures the first render (navigation until every card is on the wall),
frame times from requestAnimationFrame while the wall is idle and while 20 new cards
arrive (4 a second, each a re-render and a re-fit), Chromium's own layout and script time
(CDP Performance metrics) over the arrival, and `state` over HTTP (size, p50 of 10).
Prints one table with the ratios of the full wall to the empty one.
"""

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import screenshots  # noqa: E402  (the server and the Socket.IO client it starts)
from screenshots import Client  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
THEMES = 12
ARRIVING = 20
WORDS = ("kennis", "regio", "trekker", "tijd", "geld", "draagvlak", "praktijk", "beleid", "context",
         "samenwerking", "vertaalslag", "randvoorwaarden", "gemeente", "huisarts", "energie")

# Frame deltas from requestAnimationFrame for `ms` milliseconds (a long frame is a janky one).
SAMPLE = """ms => new Promise(done => {
  const deltas = []; let last = performance.now(); const end = last + ms;
  function tick(now) {
    deltas.push(now - last); last = now;
    if (now < end) requestAnimationFrame(tick); else done(deltas);
  }
  requestAnimationFrame(tick);
})"""


def start_server(folder: Path) -> tuple[subprocess.Popen, str]:
    """The screenshots' server, with the event limits raised for seeding 1,500 cards."""
    return screenshots.start_server(folder, EVENTS_PER_SECOND="10000", EVENTS_PER_IP_PER_SECOND="10000",
                                    EVENT_BURST_PER_IP="10000")


def text(n: int) -> str:
    """A card of 6 to 14 words, as people write them."""
    return " ".join(WORDS[(n * 7 + i * 3) % len(WORDS)] for i in range(6 + n % 9)).capitalize() + f" ({n})"


def workshop(url: str, cards: int) -> dict:
    body = {"title": f"Wand met {cards} kaartjes", "intervention": "Beweegkuur", "template": "focus_group"}
    created = requests.post(f"{url}/api/workshops", json=body, timeout=10).json()
    fac = Client(url, created["code"], created["facilitator_token"])
    question = next(s for s in fac.state["workshop"]["agenda"] if s["kind"] == "question")
    fac.send("step:set", {"step": question["id"]})
    themes = [fac.send("theme:add", {"step": question["id"], "title": f"Thema {i + 1}"})["theme"]
              for i in range(THEMES if cards else 0)]
    for n in range(cards):
        card = fac.send("card:add", {"text": text(n)})["card"]
        if n % 3:
            fac.send("card:update", {"id": card["id"], "theme_id": themes[n % THEMES]["id"]})
    fac.send("results:show", {"visible": True})
    return {"code": created["code"], "token": created["facilitator_token"], "fac": fac, "cards": cards}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


COUNT = "() => document.querySelector('.phase-question:not([hidden]) .wall')" \
        " ? document.querySelectorAll('.phase-question:not([hidden]) .wall-card:not(.waiting)').length : -1"


def wait_for_cards(page, count: int) -> None:
    """Poll from the test side: the page's CSP (rightly) forbids evaluating strings in it."""
    deadline = time.monotonic() + 120
    while page.evaluate(COUNT) < count:
        if time.monotonic() > deadline:
            raise SystemExit(f"the display did not show {count} cards")
        time.sleep(0.02)


def measure_display(browser, url: str, w: dict) -> dict:
    context = browser.new_context(base_url=url, viewport={"width": 1920, "height": 1080})
    stored = [{"code": w["code"], "token": w["token"], "title": "", "created_at": "2026-01-01T00:00:00Z"}]
    context.add_init_script(
        f"localStorage.setItem('opschalen.facilitated', {json.dumps(json.dumps(stored))})")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    t0 = time.monotonic()
    page.goto(f"/display/{w['code']}")
    wait_for_cards(page, w["cards"])
    first = time.monotonic() - t0
    page.wait_for_timeout(500)
    idle = page.evaluate(SAMPLE, 3000)
    before = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    handle = page.evaluate_handle(SAMPLE, ARRIVING * 250 + 1500)
    for n in range(ARRIVING):
        w["fac"].send("card:add", {"text": text(10_000 + n)})
        time.sleep(0.25)
    arriving = handle.json_value()
    wait_for_cards(page, w["cards"] + ARRIVING)
    after = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    font = page.evaluate("parseFloat(getComputedStyle("
                         "document.querySelector('.phase-question:not([hidden]) .wall')).fontSize)")
    scrolls = page.evaluate("document.scrollingElement.scrollHeight > innerHeight")
    context.close()
    return {"first": first, "idle_p50": percentile(idle, 0.5), "idle_p95": percentile(idle, 0.95),
            "arrive_p95": percentile(arriving, 0.95), "arrive_max": max(arriving),
            "long_frames": sum(1 for d in arriving if d > 50),
            "layout": (after["LayoutDuration"] - before["LayoutDuration"]) / ARRIVING,
            "script": (after["ScriptDuration"] - before["ScriptDuration"]) / ARRIVING,
            "font": font, "scrolls": scrolls}


def measure_state(url: str, w: dict) -> dict:
    times, size = [], 0
    for _ in range(10):
        t0 = time.monotonic()
        response = requests.get(f"{url}/api/workshops/{w['code']}",
                                headers={"Authorization": f"Bearer {w['token']}"}, timeout=30)
        times.append(time.monotonic() - t0)
        size = len(response.content)
    return {"state_bytes": size, "state_p50": percentile(times, 0.5)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--cards", type=int, default=1500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        process, url = start_server(Path(folder))
        try:
            t0 = time.monotonic()
            empty, full = workshop(url, 0), workshop(url, args.cards)
            print(f"seeded {args.cards} cards in {time.monotonic() - t0:.0f} s", file=sys.stderr)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
                rows = {name: {**measure_display(browser, url, w), **measure_state(url, w)}
                        for name, w in (("empty", empty), ("full", full))}
                browser.close()
        finally:
            process.terminate()
            process.wait(timeout=10)
    table(rows, args.cards)


def table(rows: dict, cards: int) -> None:
    def ms(v):
        return f"{v * 1000:,.0f} ms" if v >= 1 else f"{v * 1000:,.1f} ms"

    def frame(v):
        return f"{v:,.1f} ms"

    lines = [
        ("first render (navigation → every card on the wall)", ms, "first"),
        ("frame time idle, p50", frame, "idle_p50"),
        ("frame time idle, p95", frame, "idle_p95"),
        (f"frame time while {ARRIVING} cards arrive (4/s), p95", frame, "arrive_p95"),
        (f"frame time while {ARRIVING} cards arrive, max", frame, "arrive_max"),
        ("frames over 50 ms while they arrive", str, "long_frames"),
        ("layout per arriving card (CDP)", lambda v: f"{v * 1000:,.1f} ms", "layout"),
        ("script per arriving card (CDP)", lambda v: f"{v * 1000:,.1f} ms", "script"),
        ("wall font size (fitted)", lambda v: f"{v:.0f} px", "font"),
        ("page scrolls", lambda v: "yes" if v else "no", "scrolls"),
        ("`state` size (facilitator)", lambda v: f"{v / 1024:,.0f} KiB", "state_bytes"),
        ("`state` over HTTP, p50", ms, "state_p50"),
    ]
    header = f"| | empty question | {cards:,} cards | ratio |"
    print(header)
    print("| --- | ---: | ---: | ---: |")
    for label, fmt, key in lines:
        a, b = rows["empty"][key], rows["full"][key]
        ratio = f"{b / a:.1f}×" if isinstance(a, int | float) and not isinstance(a, bool) and a else "—"
        print(f"| {label} | {fmt(a)} | {fmt(b)} | {ratio} |")


if __name__ == "__main__":
    main()
