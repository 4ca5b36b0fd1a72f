"""The widget in a real browser: Debian's chromium driven by Playwright, over the real service.

It types with the keyboard, waits for cited results, follows a citation by keyboard to the source
view, runs axe-core (WCAG 2.1 A/AA) and checks that markup inside a protocol never runs. No
request is faked: the widget talks to uvicorn on a loopback port.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from protokoll.index.embedding import Embedder
from protokoll.service.app import create_app
from protokoll.service.facade import Protokollsok
from protokoll.service.settings import Settings

from tests.conftest import EXAMPLES
from tests.serving import build_index, request, running_server

HERE = Path(__file__).resolve().parent
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
WIDGET_JS = HERE.parents[1] / "service" / "static" / "widget.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
MISSION = "vem ersatte Karin Torstensson?"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
TIMEOUT = 60_000  # ms; the machine may be busy with other test processes

pytestmark = pytest.mark.slow  # a browser and a server

XSS_PROTOCOL = """Protokoll Kulturnämnden i Ugglemossa 2024-02-02

1. Skyltning vid Ugglemossa naturreservat

Nämnden diskuterar skyltningen. Förslaget innehöll texten
<script>window.__xss = "script"; alert("xss")</script>
och bilden <img src=x onerror="window.__xss = 'img'"> samt
<a href="javascript:window.__xss='link'">en länk</a>.

Beslut: Nämnden beslutar att ta fram nya skyltar vid Ugglemossa.
"""


def screenshot(page: Any, name: str) -> None:
    """Screenshots for a person to look at, only when PROTOKOLL_SCREENSHOTS names a folder."""
    folder = os.environ.get("PROTOKOLL_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def unavailable(reason: str) -> None:
    """CI installs the browser and axe-core (scripts/test.sh); there, missing ones are a failure."""
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed (pip install -e '.[dev]')")
    if not Path(CHROMIUM).exists():
        unavailable(f"no chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, embedder: Embedder, seeds: Path
) -> Iterator[str]:
    data = tmp_path_factory.mktemp("widget")
    extra = tmp_path_factory.mktemp("xss") / "ugglemossa.txt"
    extra.write_text(XSS_PROTOCOL, encoding="utf-8")
    build_index(data, embedder, [seeds, EXAMPLES])  # a copy, if the HTTP tests built it already
    with Protokollsok(Settings(data=data), embedder=embedder) as facade:
        assert not facade.ingest([extra]).failed
    settings = Settings(data=data, rate_limit=0)
    with running_server(create_app(settings, embedder=embedder)) as base:
        yield base


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1024, "height": 900})
    context.set_default_timeout(TIMEOUT)
    p = context.new_page()
    yield p
    context.close()


ACTIVE = """() => { let a = document.activeElement;
  while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
  return a ? {tag: a.tagName, type: a.type || null, name: a.getAttribute('aria-label') ||
    a.textContent.trim().slice(0, 80), href: a.getAttribute('href')} : null; }"""


def tab_until(page: Any, wanted: Callable[[dict[str, Any]], bool], limit: int = 20) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        active = page.evaluate(ACTIVE)
        if active and wanted(active):
            return active  # type: ignore[no-any-return]
    raise AssertionError(f"Tab never reached the element; last focus: {active}")


def is_searchbox(a: dict[str, Any]) -> bool:
    return a["tag"] == "INPUT" and a["type"] == "search"


def axe_violations(page: Any) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    found: list[dict[str, Any]] = page.evaluate(
        """async (tags) => {
        const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
          nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ': ' + n.failureSummary)}));
        }""",
        WCAG,
    )
    return found


def need_axe() -> None:
    if not AXE.exists():
        unavailable(f"axe-core is not installed at {AXE} (cd tests/widget && npm ci)")


def feature_available(base: str, path: str) -> bool:
    return request(base, "GET", path).status != 501


def test_keyboard_search_shows_cited_results_and_follows_the_citation(
    page: Any, server: str
) -> None:
    from playwright.sync_api import expect

    page.goto(server + "/")
    tab_until(page, is_searchbox)
    page.keyboard.type(MISSION, delay=10)
    first = page.locator("protokoll-sok ol.results > li").first
    expect(first.locator("a")).to_have_text("Protokoll Läns-gemensam ledning 2023-09-29")
    expect(first.locator(".meta")).to_contain_text("2023-09-29")
    expect(first.locator(".meta")).to_contain_text("punkt 7 Beslutspunkter")
    expect(first.locator(".snippet")).to_contain_text("Karin Jilkén")
    assert "Torstensson" in first.locator("mark").all_inner_texts()

    status = page.locator("protokoll-sok .status")
    count = page.locator("protokoll-sok ol.results > li").count()
    expect(status).to_have_text(f"{count} träffar")
    assert status.get_attribute("role") == "status"
    assert status.get_attribute("aria-live") == "polite"

    screenshot(page, "widget-search")
    link = tab_until(page, lambda a: a["tag"] == "A" and "/protokoll/" in (a["href"] or ""))
    assert link["name"] == "Protokoll Läns-gemensam ledning 2023-09-29"  # the first result
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/protokoll/000-416a57efa1acaea5-[0-9a-f]+\?start=\d+"))
    assert page.url.endswith("#citat")
    cited = page.evaluate(
        """() => { const m = document.getElementById('citat');
        return {section: m.closest('section').id, focused: document.activeElement === m,
          marked: [...document.querySelectorAll('mark')].map(x => x.textContent).join(' ')}; }"""
    )
    screenshot(page, "source-view")
    assert cited["section"] == "punkt-7"
    assert cited["focused"]
    assert "Karin Jilkén" in cited["marked"]


def test_focus_is_visible_on_the_search_field(page: Any, server: str) -> None:
    page.goto(server + "/")
    tab_until(page, is_searchbox)
    outline = page.evaluate(
        """() => { const a = document.querySelector('protokoll-sok').shadowRoot.activeElement;
        const s = getComputedStyle(a); return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"""
    )
    assert outline[0] == "solid" and outline[1] >= 2


def test_ask_mode_by_keyboard(page: Any, server: str) -> None:
    from playwright.sync_api import expect

    page.goto(server + "/")
    tab_until(page, lambda a: a["type"] == "radio")
    page.keyboard.press("ArrowRight")  # "Ställ en fråga"
    tab_until(page, is_searchbox, limit=3)
    page.keyboard.type(MISSION, delay=5)
    page.keyboard.press("Enter")
    status = page.locator("protokoll-sok .status")
    if not feature_available(server, "/api/ask?" + urlencode({"q": MISSION})):
        expect(status).to_contain_text("Frågefunktionen finns inte")
        return
    answer = page.locator("protokoll-sok .answer")
    expect(answer).to_contain_text("Karin Jilkén")
    # The calibrated confidence is said in words a reader understands (issue 13).
    expect(answer.locator(".certainty")).to_have_text(re.compile(r"^Säkerhet: (hög|medel|låg)$"))
    screenshot(page, "widget-ask")
    expect(status).to_contain_text("Svar med")
    sources = answer.locator("ol.sources > li")
    assert sources.count() >= 1
    assert "/protokoll/" in (sources.first.locator("a").get_attribute("href") or "")


def test_decisions_mode_finds_decisions_by_theme(page: Any, server: str) -> None:
    from playwright.sync_api import expect

    page.goto(server + "/")
    tab_until(page, lambda a: a["type"] == "radio")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")  # "Beslut"
    tab_until(page, is_searchbox, limit=3)
    page.keyboard.type("elevhälsa", delay=5)
    page.keyboard.press("Enter")
    status = page.locator("protokoll-sok .status")
    if not feature_available(server, "/api/decisions?theme=x"):
        expect(status).to_contain_text("Beslutssökningen finns inte")
        return
    expect(status).to_have_text(re.compile(r"^\d+ beslut$"))
    first = page.locator("protokoll-sok ol.results > li").first
    expect(first.locator("a")).to_have_attribute("href", re.compile(r"/protokoll/.+#citat$"))
    screenshot(page, "widget-decisions")


def test_follow_offers_the_feed_of_the_theme_and_of_the_search_by_keyboard(
    page: Any, server: str
) -> None:
    import feedparser
    from playwright.sync_api import expect

    page.goto(server + "/")
    tab_until(page, lambda a: a["type"] == "radio")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")  # "Beslut"
    tab_until(page, is_searchbox, limit=3)
    page.keyboard.type("elevhälsa", delay=5)
    page.keyboard.press("Enter")
    expect(page.locator("protokoll-sok .status")).to_have_text(re.compile(r"^\d+ beslut$"))
    link = tab_until(page, lambda a: a["tag"] == "A" and a["name"] == "Följ")
    assert link["href"] == f"{server}/feeds/beslut.atom?tema=elevh%C3%A4lsa"
    # The address is written out beside the link and named as its description.
    described = page.evaluate(
        """() => { const r = document.querySelector('protokoll-sok').shadowRoot;
        const a = r.querySelector('a.follow-link');
        return r.getElementById(a.getAttribute('aria-describedby')).textContent; }"""
    )
    assert link["href"] in described and "Atom" in described
    feed = feedparser.parse(request(server, "GET", link["href"].removeprefix(server)).body)
    assert not feed.bozo and feed.entries
    screenshot(page, "widget-follow")

    page.goto(server + "/")
    tab_until(page, is_searchbox)
    page.keyboard.type(MISSION, delay=5)
    expect(page.locator("protokoll-sok ol.results > li").first).to_be_visible()
    # Search runs as the user types: wait for the results of the whole question, not of a
    # half-typed one that answered first.
    feed_url = f"{server}/feeds/sok.atom?" + urlencode({"q": MISSION})
    expect(page.locator("protokoll-sok a.follow-link")).to_have_attribute("href", feed_url)
    link = tab_until(page, lambda a: a["tag"] == "A" and a["name"] == "Följ")
    assert link["href"] == feed_url
    page.keyboard.press("Enter")  # a plain link: the browser opens the feed itself
    page.wait_for_url(re.compile(r"/feeds/sok\.atom\?q="))


def test_axe_finds_no_wcag_21_aa_violations(browser: Any, server: str) -> None:
    from playwright.sync_api import expect

    need_axe()
    # axe is injected as a script, which the pages' CSP would (rightly) refuse.
    context = browser.new_context(bypass_csp=True, viewport={"width": 1024, "height": 900})
    context.set_default_timeout(TIMEOUT)
    try:
        page = context.new_page()
        page.goto(server + "/")
        page.get_by_role("searchbox", name="Sök i protokollen").fill(MISSION)
        expect(page.locator("protokoll-sok ol.results > li").first).to_be_visible()
        assert axe_violations(page) == []
        href = page.locator("protokoll-sok ol.results > li a").first.get_attribute("href")
        page.goto(href)
        assert axe_violations(page) == []
    finally:
        context.close()


def test_markup_in_a_protocol_is_shown_as_text_and_never_runs(browser: Any, server: str) -> None:
    from playwright.sync_api import expect

    # Without the CSP, so that escaping alone is what is tested.
    context = browser.new_context(bypass_csp=True)
    context.set_default_timeout(TIMEOUT)
    dialogs: list[str] = []
    try:
        page = context.new_page()

        def on_dialog(dialog: Any) -> None:
            dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.goto(server + "/")
        page.get_by_role("searchbox", name="Sök i protokollen").fill("skyltning Ugglemossa")
        first = page.locator("protokoll-sok ol.results > li").first
        expect(first.locator(".snippet")).to_contain_text("<script>")
        state = """() => { const r = document.querySelector('protokoll-sok').shadowRoot;
            return {xss: window.__xss || null,
              injected: r.querySelectorAll('script, img, .snippet a').length}; }"""
        assert page.evaluate(state) == {"xss": None, "injected": 0}
        page.goto(first.locator("a").get_attribute("href"))
        text = page.locator("#citat").inner_text()
        assert "Ugglemossa" in text or "Skyltning" in text
        assert '<img src=x onerror="window.__xss' in page.locator("article").inner_text()
        found = page.evaluate(
            "() => ({xss: window.__xss || null, imgs: document.querySelectorAll('img').length,"
            " scripts: [...document.scripts].map(s => s.getAttribute('src'))})"
        )
        assert found == {"xss": None, "imgs": 0, "scripts": ["/static/source.js"]}
        assert dialogs == []
    finally:
        context.close()


def test_empty_and_rate_limited_states_are_said_in_words(
    browser: Any, tmp_path_factory: pytest.TempPathFactory, embedder: Embedder
) -> None:
    from playwright.sync_api import expect

    settings = Settings(data=tmp_path_factory.mktemp("limited-ui"), rate_limit=1, rate_burst=1)
    with running_server(create_app(settings, embedder=embedder)) as base:
        context = browser.new_context()
        context.set_default_timeout(TIMEOUT)
        try:
            page = context.new_page()
            page.goto(base + "/")
            box = page.get_by_role("searchbox", name="Sök i protokollen")
            box.fill("nära vård")
            status = page.locator("protokoll-sok .status")
            expect(status).to_have_text("Inga träffar.")
            box.fill("elevhälsa")
            expect(status).to_have_text(
                re.compile(r"^Fel: För många sökningar just nu\. Vänta \d+ sekunder")
            )
        finally:
            context.close()


def test_misconfigured_widget_says_so_in_the_console(page: Any) -> None:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.set_content('<html lang="sv"><body><protokoll-sok></protokoll-sok></body></html>')
    page.add_script_tag(content=WIDGET_JS.read_text(encoding="utf-8"))  # no src: no base URL
    status = page.locator("protokoll-sok .status")
    assert status.inner_text() == "Fel: Sökningen är inte rätt inställd."
    assert any("[protokoll-sok] Ingen API-adress" in e for e in errors), errors


def test_narrow_screen_reduced_motion_and_english(page: Any, server: str) -> None:
    from playwright.sync_api import expect

    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(server + "/")
    page.get_by_role("searchbox", name="Sök i protokollen").fill("kompetensförsörjning")
    expect(page.locator("protokoll-sok ol.results > li").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320  # no sideways scrolling

    busy_animation = (
        "() => getComputedStyle(document.querySelector('protokoll-sok')"
        ".shadowRoot.querySelector('.busy')).animationName"
    )
    assert page.evaluate(busy_animation) == "ps-slide"
    page.emulate_media(reduced_motion="reduce")
    assert page.evaluate(busy_animation) == "none"

    page.evaluate(
        "() => { const e = document.createElement('protokoll-sok'); e.lang = 'en';"
        " e.id = 'en'; document.querySelector('main').append(e); }"
    )
    assert page.get_by_role("searchbox", name="Search the minutes").count() == 1
