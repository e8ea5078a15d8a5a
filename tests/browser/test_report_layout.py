"""/reports in Chromium at a laptop's and a phone's width: every figure card holds its label whole (no word
broken in the middle, «Проконсультировано» included, nothing wider than its card), and on the phone nothing
scrolls sideways (the per-organisation table shows its rows stacked).
"""

from __future__ import annotations

from datetime import timedelta

from tests.browser.helpers import DEMO, has_horizontal_scroll, local_today, login, screenshot_to_docs

WIDTHS = {"report-laptop": {"width": 1366, "height": 768}, "report-phone": {"width": 360, "height": 740}}

# For every card: the label's overflow, and every word of it laid out on more than one line.
CARDS = """() => [...document.querySelectorAll('.stat-grid .stat')].map(card => {
  const label = card.querySelector('.stat-label');
  const box = card.getBoundingClientRect(), own = label.getBoundingClientRect();
  const broken = [];
  const walker = document.createTreeWalker(label, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const match of node.data.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
      if (lines.size > 1) broken.push(match[0]);
    }
  }
  return {text: label.innerText, overflow: label.scrollWidth > label.clientWidth + 1,
          outside: own.right > box.right + 1 || own.left < box.left - 1, broken};
})"""


def test_figure_cards_fit_at_laptop_and_phone_widths(live_server, browser) -> None:  # noqa: ANN001
    start, end = local_today() - timedelta(days=365), local_today()
    for name, viewport in WIDTHS.items():
        page = browser.new_context(viewport=viewport, is_mobile=viewport["width"] < 600).new_page()
        login(page, live_server.url, "organiser", DEMO["organiser"])
        page.goto(f"{live_server.url}/reports?from={start.isoformat()}&to={end.isoformat()}")
        page.locator(".stat-grid .stat").first.wait_for()
        cards = page.evaluate(CARDS)
        assert len(cards) >= 8, cards
        assert any("Проконсультировано" in card["text"] for card in cards), cards
        wrong = [card for card in cards if card["overflow"] or card["outside"] or card["broken"]]
        assert wrong == [], f"{name}: {wrong}"
        assert not has_horizontal_scroll(page), name
        organisations = page.locator('table[data-table="organisations"]')
        assert organisations.count() == 1, name
        if viewport["width"] < 600:  # stacked: no header row shown, each row a block with labelled numbers
            assert organisations.evaluate("t => getComputedStyle(t.querySelector('tr')).display") == "block"
            assert organisations.evaluate("t => t.scrollWidth <= t.parentElement.clientWidth")
        # The laptop's shot from the top (the period and the first cards), the phone's from the cards.
        page.evaluate(
            "w => w ? window.scrollTo(0, 0) : document.querySelector('.summary').scrollIntoView()",
            viewport["width"] >= 600,
        )
        screenshot_to_docs(page, name)
        page.context.close()
