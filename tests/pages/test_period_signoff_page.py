"""The sign-off section of the report page: the organiser submits the shown month after confirming it, the
page then says who submitted it and when; the committee reopens it with a reason (never without one, never
the organiser), and the history keeps both."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text

from tests.api import helpers as h


def test_the_organiser_submits_and_the_committee_reopens_on_the_report_page(browser, session):
    last = h.today().replace(day=1) - dt.timedelta(days=1)
    month = f"{last:%Y-%m}"
    page_url = f"/reports?month={month}"
    organiser = browser("organiser")
    page = organiser.get(page_url)
    assert page.status_code == 200
    assert 'id="period-signoff"' in page.text and 'data-submitted="no"' in page.text
    assert 'action="/reports/submissions"' in page.text

    # The box must be ticked: the page comes back with the message, nothing is submitted.
    refused = organiser.post("/reports/submissions", {"period": month, "back": page_url})
    assert refused.status_code == 400
    assert "Отметьте флажок, чтобы подтвердить представление." in refused.text
    assert h.count(session, "period_submission") == 0

    done = organiser.post("/reports/submissions", {"period": month, "confirm": "yes", "back": page_url})
    assert done.status_code == 303 and done.headers["location"] == f"{page_url}#period-signoff"
    page = organiser.get(page_url)
    submitted = f"Представлено {h.today():%d.%m.%Y}, Иванова А. А."
    assert submitted in page.text and 'data-submitted="yes"' in page.text
    assert "Период представлен в комитет: его записи закрыты для изменений." in page.text
    assert 'action="/reports/submissions"' not in page.text and "/reopen" not in page.text
    submission_id = session.exec(text("SELECT id FROM period_submission")).scalar_one()
    reopen = f"/reports/submissions/{submission_id}/reopen"
    assert organiser.post(reopen, {"reason": "ошибка", "period": month}).status_code == 403

    committee = browser("committee")
    page = committee.get(page_url)
    assert submitted in page.text and f'action="{reopen}"' in page.text
    refused = committee.post(reopen, {"reason": " ", "period": month, "back": page_url})
    assert refused.status_code == 400 and "Укажите причину." in refused.text, refused.text[-2000:]
    done = committee.post(reopen, {"reason": "исправить талон", "period": month, "back": page_url})
    assert done.status_code == 303
    page = committee.get(page_url)
    assert 'data-submitted="no"' in page.text and "исправить талон" in page.text
    assert "Период открыт снова: его записи можно изменять." in page.text
    # The history: submitted by the organiser, reopened by the committee's account.
    assert f"{h.today():%d.%m.%Y}, Иванова А. А." in page.text
