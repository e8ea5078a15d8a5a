"""A district sets itself up in a real browser, from an empty database, as the README tells a newcomer to.

The same script as tests/test_first_run.py, through the pages on a 1366×768 laptop: the administrator (made
by `fairs users create … --no-temporary`) adds the region, two districts and the first organiser; the
organiser changes the temporary password, imports two partners and a staff account from the downloaded
template, generates 2027 (08.03.2027, a second Monday, is Women's Day: the fair moves to the 9th), plans and
opens today's fair, registers a visitor, issues and prints a coupon; the imported partner opens the printed
QR on a 390×844 phone, logs in, changes the password, lands back on the coupon and redeems it. Not in demo
mode.

`FAIRS_SCREENSHOTS=1` writes docs/screenshots/setup-*.png (the README's "Setting up a district").
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.browser.conftest import (
    LiveServer,
    _environment,
    _fairs_command,
    _free_port,
    serving,
)
from tests.browser.helpers import decode_qr, local_today, login, phone_page, screenshot_to_docs

LAPTOP = {"width": 1366, "height": 768}
LOCALE = "ru-RU"
ADMIN, ADMIN_PASSWORD = "chief", "granite-harbour-keeper-31"
ORGANISER, TEMPORARY = "anna", "pebble-orchard-lantern-64"
ORGANISER_PASSWORD = "willow-ledger-morning-52"
PARTNER_PASSWORD = "amber-compass-river-17"
REGION, DISTRICT, SECOND_DISTRICT = "Минская область", "Солигорский район", "Слуцкий район"
EMPLOYMENT, HOSPITAL = "Центр занятости", "Городская больница"
VENUE = "ул. Козлова, 23"


@pytest.fixture(scope="module")
def empty_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """`fairs` on an empty SQLite file after `fairs migrate` and the CLI's first admin; not in demo mode."""
    tmp = tmp_path_factory.mktemp("first-run")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    database_url = f"sqlite:///{tmp / 'fairs.db'}"
    env = _environment(tmp, database_url, url)
    env.pop("FAIRS_DEMO")
    steps = (["migrate"], ["users", "create", ADMIN, "--role", "admin", "--no-temporary"])
    for step in steps:
        done = subprocess.run(
            [*_fairs_command(), *step],
            env={**env, "FAIRS_NEW_PASSWORD": ADMIN_PASSWORD},
            cwd=tmp,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, f"fairs {' '.join(step)} failed:\n{done.stdout}\n{done.stderr}"
    with serving(tmp, env, port) as server:
        yield LiveServer(url=server, database_url=database_url)


def _laptop(browser):  # noqa: ANN001, ANN202
    return browser.new_context(viewport=LAPTOP, locale=LOCALE, accept_downloads=True).new_page()


def _submit(page, form) -> None:  # noqa: ANN001
    """Submit a plain form and wait for the page it leads to."""
    with page.expect_navigation():
        form.locator('button[type="submit"]').click()


def _main(page) -> str:  # noqa: ANN001
    return page.locator("main").inner_text()


def _admin_sets_up_the_region(page, base: str) -> None:  # noqa: ANN001
    login(page, base, ADMIN, ADMIN_PASSWORD)
    page.get_by_role("navigation", name="Главное меню").get_by_role("link", name="Районы").click()
    page.wait_for_url(f"{base}/admin/districts")
    assert "Областей пока нет" in _main(page)
    region = page.locator("#new-region")
    region.locator('input[name="name"]').fill(REGION)
    region.locator('button[type="submit"]').click()
    page.locator("#new-district").wait_for()  # htmx swaps the list in: a region can now take districts
    for name in (DISTRICT, SECOND_DISTRICT):
        form = page.locator("#new-district")
        form.locator('input[name="name"]').fill(name)
        form.locator('select[name="region_id"]').select_option(label=REGION)
        form.locator('button[type="submit"]').click()
        page.locator(f'#geo input[name="name"][value="{name}"]').wait_for()
    screenshot_to_docs(page, "setup-districts")

    page.get_by_role("navigation", name="Главное меню").get_by_role("link", name="Пользователи").click()
    page.wait_for_url(f"{base}/users")
    form = page.locator('#new-user form[action="/users"]')
    form.locator('input[name="username"]').fill(ORGANISER)
    form.locator('input[name="full_name"]').fill("Иванова Анна Петровна")
    form.locator('select[name="role"]').select_option(value="organiser")
    form.locator('select[name="district_id"]').select_option(label=DISTRICT)
    form.locator('input[name="password"]').fill(TEMPORARY)
    _submit(page, form)
    accounts = page.locator("#accounts")
    assert "Учётная запись anna создана" in page.locator("#new-user").inner_text()
    row = accounts.locator("tr", has=page.locator("code", has_text=ORGANISER))
    assert "организатор" in row.inner_text() and "временный пароль" in row.inner_text()
    screenshot_to_docs(page, "setup-users")
    _submit(page, page.locator('form[action="/logout"]'))
    assert page.url.startswith(f"{base}/login")


def _organiser_changes_the_password(page, base: str) -> None:  # noqa: ANN001
    login(page, base, ORGANISER, TEMPORARY)
    assert page.url == f"{base}/account/password", page.url
    assert "Ваш пароль задан другим пользователем" in page.locator("#must-change").inner_text()
    screenshot_to_docs(page, "setup-password")
    form = page.locator('form[action="/account/password"]')
    form.locator('input[name="current"]').fill(TEMPORARY)
    form.locator('input[name="new"]').fill(ORGANISER_PASSWORD)
    form.locator('input[name="repeat"]').fill(ORGANISER_PASSWORD)
    _submit(page, form)
    assert page.url.startswith(f"{base}/fairs"), page.url
    assert "Пароль изменён" in _main(page)


def _fill_template(path: Path) -> Path:
    book = load_workbook(path)
    book["Организации"].append(
        [EMPLOYMENT, "employment", "employment_counselling, employment_referral", "ул. Ленина, 1"]
    )
    book["Организации"].append([HOSPITAL, "medical", "hiv_testing, infectious", "ул. Мира, 3"])
    book["Сотрудники"].append(["olga", "Ольга Сергеевна", EMPLOYMENT])
    filled = path.with_name("partners-filled.xlsx")
    book.save(filled)
    return filled


def _organiser_imports_the_partners(page, base: str, tmp: Path) -> tuple[str, str]:  # noqa: ANN001
    """Template downloaded, filled, checked, imported → (login, temporary password) of the staff account."""
    page.get_by_role("navigation", name="Главное меню").get_by_role("link", name="Организации").click()
    page.wait_for_url(f"{base}/organisations")
    assert "Организаций пока нет" in _main(page)
    with page.expect_download() as downloaded:
        page.locator("#import-hint").get_by_role("link", name="Скачать шаблон").click()
    template = tmp / downloaded.value.suggested_filename
    downloaded.value.save_as(template)
    assert template.suffix == ".xlsx"
    filled = _fill_template(template)

    page.locator("#import-hint").get_by_role("link", name="Импорт из таблицы").click()
    page.wait_for_url(f"{base}/organisations/import")
    upload = page.locator("#upload-import")
    upload.locator('input[type="file"]').set_input_files(filled)
    _submit(page, upload)
    preview = page.locator("#import")
    assert "Все строки заполнены верно" in preview.inner_text()
    assert {EMPLOYMENT, HOSPITAL} <= set(page.locator("#preview-organisations td").all_inner_texts())
    assert "olga" in page.locator("#preview-accounts").inner_text()
    screenshot_to_docs(page, "setup-import-preview")

    _submit(page, page.locator("#confirm-import"))
    assert "Импортировано организаций: 2, учётных записей: 1" in preview.inner_text()
    row = page.locator("#passwords tbody tr")
    assert row.count() == 1
    username = row.locator("td").first.inner_text().strip()
    password = row.locator("code.password").inner_text().strip()
    page.get_by_role("link", name="К списку организаций").click()
    page.wait_for_url(f"{base}/organisations")
    assert EMPLOYMENT in _main(page) and HOSPITAL in _main(page)
    return username, password


def _organiser_plans_the_fairs(page, base: str) -> None:  # noqa: ANN001
    page.get_by_role("navigation", name="Главное меню").get_by_role("link", name="Ярмарки").click()
    page.wait_for_url(f"{base}/fairs")
    defaults = page.locator("#fair-defaults")
    defaults.locator('input[name="venue"]').fill(VENUE)
    defaults.locator('input[name="starts_at"]').fill("10:00")
    defaults.locator('input[name="ends_at"]').fill("16:00")
    _submit(page, defaults)
    assert "Место и часы ярмарок района по умолчанию сохранены" in _main(page)

    # Next year's schedule from this year's page: the year typed is the year then shown, heading and all.
    year = page.locator("#year-schedule")
    year.locator('input[name="year"]').fill("2027")
    _submit(page, year)
    assert page.url == f"{base}/fairs?year=2027", page.url
    assert page.locator("h1").inner_text() == "Ярмарки 2027"
    assert "Запланировано ярмарок: 12." in _main(page)
    listed = page.locator("#fair-list table.list tbody tr")
    assert listed.count() == 12
    moved = page.locator("#fair-list tr", has=page.locator("td", has_text="09.03.2027"))
    assert "перенесена с 08.03" in moved.inner_text(), moved.inner_text()
    assert "08.03.2027" not in page.locator("#fair-list").inner_text()
    assert VENUE in moved.inner_text() and "10:00–16:00" in moved.inner_text()
    page.reload()  # the year as the organiser finds it next time: planning folded away
    assert "перенесена с 08.03" in page.locator("#fair-list").inner_text()
    page.evaluate("window.scrollTo(0, 0)")
    screenshot_to_docs(page, "setup-fairs-2027")


def _organiser_opens_todays_fair(page, base: str) -> None:  # noqa: ANN001
    page.goto(f"{base}/fairs")
    today = local_today()
    current = page.locator("#current-fair")
    if not (current.count() and today.strftime("%d.%m.%Y") in current.inner_text()):
        plan = page.locator('form[action="/fairs"]').filter(has=page.locator('input[name="day"]'))
        disclosure = page.locator("details", has=plan)
        if disclosure.get_attribute("open") is None:
            disclosure.locator("summary").click()
        plan.locator('input[name="day"]').fill(today.isoformat())
        _submit(page, plan)
        if page.locator("#plan-confirm").count():  # today is a public holiday or a closed day
            _submit(page, page.locator("#plan-confirm form"))
    current = page.locator("#current-fair")
    assert "Сегодняшняя ярмарка" in current.inner_text()
    _submit(page, current.locator('form[action$="/open"]'))
    assert re.search(r"/fairs/\d+$", page.url), page.url
    assert "Ярмарка открыта" in _main(page)


def _organiser_issues_a_coupon(page) -> str:  # noqa: ANN001
    """A booth of the employment centre, a visitor, a coupon to it → the coupon's short code."""
    booths = page.locator("#booths")
    booths.locator('select[name="organisation_id"]').select_option(label=EMPLOYMENT)
    booths.locator('input[name="staff"]').fill("Ольга Сергеевна")
    booths.locator('form[action$="/booths"] button[type="submit"]').click()
    booth = page.locator("section.booth", has=page.locator("h3", has_text=EMPLOYMENT))
    booth.wait_for()

    visitors = page.locator("#visitors")
    visitors.locator('input[name="mother_name"]').fill("Мария")
    visitors.locator('input[name="father_name"]').fill("Пётр")
    visitors.locator('input[name="sex"][value="M"]').check()
    visitors.locator('input[name="birth_year"]').fill("1984")
    visitors.locator('form[action$="/visitors"] button[type="submit"]').click()
    code_cell = page.locator("#visitors table a.code").first
    code_cell.wait_for()

    # The visitor just registered is the active one: the single-coupon form is under "other forms".
    booth.locator("details.other-forms > summary").click()
    form = booth.locator('form[action$="/coupons"]')
    form.locator('input[name="client_code"]').fill(code_cell.inner_text().strip())
    choice = form.locator(f'optgroup[label="{EMPLOYMENT}"] option[value$=":employment_counselling"]')
    form.locator('select[name="target"]').select_option(value=choice.get_attribute("value"))
    form.locator('button[type="submit"]').click()
    issued = booth.locator(".issued")
    issued.wait_for()
    assert EMPLOYMENT in issued.inner_text()
    page.evaluate("window.scrollTo(0, 0)")
    screenshot_to_docs(page, "setup-fair-day")
    return issued.locator(".issued-code").inner_text().strip()


def _printed_qr(page, base: str, code: str) -> str:  # noqa: ANN001
    """The coupon's print view (a new tab) → the address its QR carries, read back from the picture."""
    booth = page.locator("section.booth", has=page.locator(".issued"))
    with page.context.expect_page() as opened:
        booth.locator(".issued").get_by_role("link", name="Печать").click()
    printed = opened.value
    printed.wait_for_load_state()
    printed.emulate_media(media="print")
    coupon = printed.locator("article.coupon")
    assert code in coupon.locator(".short-code").inner_text()
    url = decode_qr(coupon.screenshot())
    assert url.startswith(f"{base}/c/"), url
    screenshot_to_docs(printed, "setup-coupon-print", clip=coupon.bounding_box())
    return url


def _partner_redeems_on_a_phone(browser, base: str, url: str, username: str, temporary: str) -> None:  # noqa: ANN001
    phone = phone_page(browser, locale=LOCALE)
    phone.goto(url)
    assert phone.url.startswith(f"{base}/login?next="), phone.url
    login(phone, base, username, temporary)
    # The temporary password must go first; the coupon is where the phone returns afterwards.
    assert phone.url.startswith(f"{base}/account/password"), phone.url
    form = phone.locator('form[action="/account/password"]')
    form.locator('input[name="current"]').fill(temporary)
    form.locator('input[name="new"]').fill(PARTNER_PASSWORD)
    form.locator('input[name="repeat"]').fill(PARTNER_PASSWORD)
    _submit(phone, form)
    assert phone.url == url, phone.url
    phone.locator('[data-verdict="valid"]').wait_for()
    assert EMPLOYMENT in _main(phone)
    phone.locator('form[action$="/redeem"] button[type="submit"]').tap()
    phone.locator('[data-verdict="redeemed_now"]').wait_for()
    assert "погашен" in _main(phone).lower()
    screenshot_to_docs(phone, "setup-phone-redeem")
    phone.context.close()


def test_a_district_sets_itself_up_in_the_browser(launch_chromium, empty_server, tmp_path: Path) -> None:  # noqa: ANN001
    base = empty_server.url
    browser = launch_chromium(f"--lang={LOCALE}")  # date and time fields as a Russian-speaking user sees them
    page = _laptop(browser)
    _admin_sets_up_the_region(page, base)
    _organiser_changes_the_password(page, base)
    username, temporary = _organiser_imports_the_partners(page, base, tmp_path)
    _organiser_plans_the_fairs(page, base)
    _organiser_opens_todays_fair(page, base)
    code = _organiser_issues_a_coupon(page)
    url = _printed_qr(page, base, code)
    page.context.close()
    _partner_redeems_on_a_phone(browser, base, url, username, temporary)
