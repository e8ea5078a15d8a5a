"""/reports in Chromium at a laptop's width (1366 px) and two phones' (360 and 390 px), with the comparison
with a year earlier shown and the categories filled in: every figure card holds its label and its «год назад»
line whole (no word broken in the middle, «Проконсультировано» included, nothing wider than its card);
on a phone nothing scrolls sideways, and the per-organisation and per-category tables show their rows
stacked (by direction too), each number beside its label; on the laptop they are plain tables that fit
their card.

The history (arranged through the JSON API, as an organiser would record it): the demo's visitors get
categories from the first day of the period, and a fair a year before the period has visitors (with
categories) and coupons, so that the year-earlier figures are not all zero.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.browser.helpers import (
    DEMO,
    DEMO_ORGANISATION,
    ISSUING_BOOTH,
    api,
    has_horizontal_scroll,
    local_today,
    login,
    screenshot_to_docs,
)

# name → (viewport, phone?, screenshot name or None)
WIDTHS = {
    "laptop": ({"width": 1366, "height": 768}, False, "report-laptop"),
    "phone-360": ({"width": 360, "height": 740}, True, None),
    "phone-390": ({"width": 390, "height": 844}, True, "report-phone"),
}
YEAR_EARLIER_VISITORS = 7  # more than the committee's small-count threshold (5)

# For every card: the label's and the year-earlier line's overflow, and every word laid out on two lines.
CARDS = """() => [...document.querySelectorAll('.stat-grid .stat')].map(card => {
  const box = card.getBoundingClientRect();
  const check = el => {
    if (!el) return null;
    const own = el.getBoundingClientRect(), broken = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(match[0]);
      }
    }
    return {text: el.innerText, overflow: el.scrollWidth > el.clientWidth + 1,
            outside: own.right > box.right + 1 || own.left < box.left - 1, broken};
  };
  return {label: check(card.querySelector('.stat-label')), prev: check(card.querySelector('.stat-prev'))};
})"""

# A table of the report: whether its wrapper scrolls sideways, how its rows are laid out, and for every cell
# whether it pokes out of the wrapper; for stacked rows, the label shown before each number (the cell's
# ::before) and whether the number stands at the right of its label, leaving the label at least half the row.
TABLE = """table => {
  const wrap = table.closest('.table-scroll'), edge = wrap.getBoundingClientRect();
  const rows = [...table.querySelectorAll('tbody tr')];
  const cells = rows.flatMap(row => [...row.children]);
  return {
    scrolls: wrap.scrollWidth > wrap.clientWidth + 1,
    tableWider: table.scrollWidth > wrap.clientWidth + 1,
    rowDisplay: getComputedStyle(rows[0]).display,
    headVisible: table.querySelector('thead').getBoundingClientRect().height > 2,
    outside: cells.filter(c => {
      const r = c.getBoundingClientRect();
      return r.right > edge.right + 1 || r.left < edge.left - 1;
    }).map(c => c.innerText),
    labels: [...table.querySelectorAll('tbody td')].map(td => {
      const before = getComputedStyle(td, '::before').content, box = td.getBoundingClientRect();
      const range = document.createRange();
      range.selectNodeContents(td);  // the number only: the label is the cell's ::before
      const number = range.getBoundingClientRect();
      return {label: td.dataset.label, before, number: td.innerText.trim(),
              beside: number.left >= box.left + box.width / 2 && number.right <= box.right + 1};
    }),
  };
}"""


def _token(base_url: str) -> str:
    form = {"username": "organiser", "password": DEMO["organiser"]}
    return api(base_url, "POST", "/auth/token", data=form)["access_token"]


def _year_earlier_fair(base_url: str, token: str, *, day: date, codes: list[str]) -> None:
    """A fair held on `day` with visitors in the categories `codes` (round robin) and coupons for most."""
    fair = api(base_url, "POST", "/fairs", token=token, json={"date": day.isoformat(), "confirm": True})
    api(base_url, "POST", f"/fairs/{fair['id']}/open", token=token, json={"confirm": True})
    orgs = {o["name"]: o for o in api(base_url, "GET", "/organisations", token=token)}
    booth = api(
        base_url,
        "POST",
        f"/fairs/{fair['id']}/booths",
        token=token,
        json={"organisation_id": orgs[ISSUING_BOOTH]["id"]},
    )
    target = orgs[DEMO_ORGANISATION["partner"]]
    for i in range(YEAR_EARLIER_VISITORS):
        person = {"mother_name": "Анна", "father_name": "Пётр", "sex": "M", "birth_year": 1970 + i}
        client = api(base_url, "POST", "/clients", token=token, json=person)
        visit = {"client_id": client["id"], "categories": [codes[i % len(codes)]]}
        api(base_url, "POST", f"/fairs/{fair['id']}/visits", token=token, json=visit)
        if i % 4 != 3:
            coupon = {
                "client_id": client["id"],
                "organisation_id": target["id"],
                "direction": target["directions"][0],
            }
            api(base_url, "POST", f"/booths/{booth['id']}/coupons", token=token, json=coupon)
    api(base_url, "POST", f"/fairs/{fair['id']}/close", token=token)


@pytest.fixture(scope="module")
def period(live_server) -> tuple[date, date]:  # noqa: ANN001
    """The period shown (the last year), after arranging the history described above."""
    start, end = local_today() - timedelta(days=365), local_today()
    token = _token(live_server.url)
    codes = [c["code"] for c in api(live_server.url, "GET", "/categories", token=token)]
    assert codes, "the seeded categories are missing"
    demo_clients = api(live_server.url, "GET", "/clients?per_page=200", token=token)["items"]
    assert demo_clients, "the demo has no clients"
    for i, client in enumerate(demo_clients):
        held = [codes[i % len(codes)]] + ([codes[(i + 1) % len(codes)]] if i % 3 == 0 else [])
        body = {"categories": held, "on": start.isoformat()}
        api(live_server.url, "PUT", f"/clients/{client['id']}/categories", token=token, json=body)
    _year_earlier_fair(live_server.url, token, day=start - timedelta(days=150), codes=codes)
    return start, end


def _open_report(browser, base_url: str, viewport: dict, phone: bool, period: tuple[date, date]):  # noqa: ANN001, ANN202
    options = {"device_scale_factor": 3, "has_touch": True} if phone else {}
    page = browser.new_context(viewport=viewport, is_mobile=phone, **options).new_page()
    login(page, base_url, "organiser", DEMO["organiser"])
    start, end = period
    page.goto(f"{base_url}/reports?from={start.isoformat()}&to={end.isoformat()}&compare=previous_year")
    page.locator(".stat-grid .stat").first.wait_for()
    return page


@pytest.mark.parametrize("name", list(WIDTHS))
def test_report_fits_laptop_and_phone_widths(live_server, browser, period, name: str) -> None:  # noqa: ANN001
    viewport, phone, shot = WIDTHS[name]
    page = _open_report(browser, live_server.url, viewport, phone, period)

    cards = page.evaluate(CARDS)
    assert len(cards) >= 8, cards
    assert any("Проконсультировано" in card["label"]["text"] for card in cards), cards
    # Every card carries its figure of a year earlier, and the history makes some of them more than zero.
    assert all(card["prev"] and "год назад" in card["prev"]["text"] for card in cards), cards
    previous = dict(
        page.locator(".stat-grid [data-prev]").evaluate_all(
            "els => els.map(e => [e.dataset.prev, e.dataset.value])"
        )
    )
    assert int(previous["persons_consulted"]) == YEAR_EARLIER_VISITORS, previous
    assert int(previous["coupons_issued"]) > 0, previous
    parts = [part for card in cards for part in (card["label"], card["prev"])]
    wrong = [part for part in parts if part["overflow"] or part["outside"] or part["broken"]]
    assert wrong == [], f"{name}: {wrong}"
    assert not has_horizontal_scroll(page), name

    categories = page.locator('table[data-table="categories"]')
    consulted = categories.locator(
        'tbody tr:not([data-category="none"]):not([data-category="total"]) td [data-now]'
    )
    assert any(int(n) > 0 for n in consulted.all_inner_texts()), "no category has a person in it"
    for table in ("directions", "organisations", "categories"):
        located = page.locator(f'table[data-table="{table}"]')
        assert located.count() == 1, (name, table)
        layout = located.evaluate(TABLE)
        assert not layout["scrolls"] and not layout["tableWider"], (name, table, layout)
        assert layout["outside"] == [], (name, table, layout["outside"])
        if phone:  # stacked: no header row shown, each row a block, every number after its label
            assert layout["rowDisplay"] == "block", (name, table, layout)
            assert not layout["headVisible"], (name, table)
            missing = [c for c in layout["labels"] if c["before"] in ("none", "normal", '""')]
            assert missing == [], (name, table, missing)
            assert all(c["before"] == f'"{c["label"]}"' for c in layout["labels"]), (name, table)
            split = [c for c in layout["labels"] if not c["beside"]]
            assert split == [], (name, table, split)
        else:
            assert layout["rowDisplay"] == "table-row", (name, table, layout)
            assert layout["headVisible"], (name, table)

    if shot:  # the laptop's from the top (the period, the first cards), the phone's from the cards
        top = "phone => phone ? document.querySelector('.summary').scrollIntoView() : scrollTo(0, 0)"
        page.evaluate(top, phone)
        screenshot_to_docs(page, shot)
        if phone:  # and the categories' table, stacked
            screenshot_to_docs(page.locator("#report-categories"), f"{shot}-categories")
    page.context.close()
