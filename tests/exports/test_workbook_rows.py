"""Every sheet of the committee workbook, whole rows, against figures worked out by hand from a known history.

The history (tests/exports/conftest.py `history`), district A:

  F1 (today − 60 days), booths employment centre and hospital; visitors P1, P2
    c1 P1 employment referral → OAO «Kaliy» (employer), redeemed +2 days, employed
    c2 P1 HIV testing → hospital, redeemed +3 days, treatment started
    c3 P2 HIV testing → hospital, never redeemed (its 30 days are over: expired)
  F2 (today − 20 days), same booths; visitors P1, P3
    c4 P3 employment counselling → employment centre, redeemed +1 day, registered as job-seeking
    c5 P1 infectious → hospital, cancelled
    c6 P3 humanitarian → Red Cross, not redeemed (still valid)

Worked out (a cancelled coupon counts nowhere but the register):
  fairs held 2; visits 4 (F1: P1 P2, F2: P1 P3); persons consulted 3 (P1 P2 P3);
  persons referred 3 (P1: c1 c2; P2: c3; P3: c4 c6);
  coupons issued 5 (c1 c2 c3 c4 c6), redeemed 3 (c1 c2 c4), rate 3/5;
  by fair: F1 referred P1 P2 = 2, issued 3, redeemed 2, rate 2/3; F2 referred P3 = 1 (P1's only coupon there
  was cancelled), issued 2, redeemed 1, rate 1/2;
  by organisation: hospital received c2 c3 = 2, redeemed 1, rate 1/2, expired unused 1 (c3), treatment 1;
  Red Cross 1, 0, rate 0; employer 1, 1, rate 1, employed 1; employment centre 1, 1, rate 1, job-seeking 1;
  by direction: counselling 1 person, 1, 1, median 1 day; employment referral 1, 1, 1, median 2 days;
  HIV testing 2 persons (P1 P2), 2, 1, median 3 days; humanitarian 1, 1, 0, rate 0; infectious 0 (c5
  cancelled).

Client codes are written out from the code rule (mother's and father's first two letters, 1/2 for sex, the
last two digits of the birth year). Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import calendar
import datetime as dt

from tests.api import helpers as h
from tests.exports.conftest import values, workbook

URL = "/exports/committee.xlsx"
REGISTER = "/exports/register.xlsx"  # the organisers' copy, with the coupon register
DISTRICT = "Солигорский район"
HEADING = "Информация о проведении ярмарок услуг для лиц, освобождённых из мест лишения свободы"
BLANK, SIGNATURE = "_" * 36, "_" * 14  # lines left to write on by hand
P1, P2, P3 = "АНИВ185", "МАОЛ290", "ОЛПА279"
HOSPITAL, EMPLOYMENT, REDCROSS, EMPLOYER = (
    "Центральная районная больница",
    "Центр занятости",
    "Красный Крест",
    "ОАО «Калий»",
)
COUNSELLING = "Профориентация и содействие занятости (центр занятости)"
REFERRAL = "Направление на трудоустройство в организации и на предприятия"
HIV = "Тестирование на ВИЧ и услуги снижения вреда"
HUMANITARIAN = "Общественные и религиозные организации: гуманитарная помощь"
INFECTIOUS = "Врач-инфекционист"
TREATMENT, EMPLOYED, JOBSEEKER = (
    "Начато лечение",
    "Трудоустроен",
    "Зарегистрирован как нуждающийся в трудоустройстве",
)
RATE = "Доля погашенных талонов"


def midnight(day: dt.date) -> dt.datetime:
    """A date as openpyxl reads a date cell back."""
    return dt.datetime.combine(day, dt.time())


def ru(day: dt.date) -> str:
    """dd.mm.yyyy."""
    return f"{day.day:02d}.{day.month:02d}.{day.year}"


def year_ago(day: dt.date) -> dt.date:
    """The same date a year earlier; a month's last day stays its last day."""
    last = calendar.monthrange(day.year - 1, day.month)[1]
    if day.day == calendar.monthrange(day.year, day.month)[1]:
        return day.replace(year=day.year - 1, day=last)
    return day.replace(year=day.year - 1, day=min(day.day, last))


def months(start: dt.date, end: dt.date) -> list[dt.date]:
    """First days of the months from `start`'s to `end`'s."""
    out, day = [], start.replace(day=1)
    while day <= end:
        out.append(day)
        day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return out


def download(client, auth, history, *, url: str = URL, username: str = "committee"):  # noqa: ANN001, ANN201
    return workbook(client.get(url, params=history.params(), headers=auth(username)))


def test_summary_sheet_rows(client, auth, history) -> None:  # noqa: ANN001
    rows = values(download(client, auth, history)["Сводка"])
    start, end = (dt.date.fromisoformat(d) for d in history.period)
    earlier = f"за аналогичный период прошлого года ({ru(year_ago(start))}–{ru(year_ago(end))})"
    # No fair a year earlier: every earlier figure 0 (the rate empty), every change the figure itself.
    assert rows[:30] == [
        (f"{HEADING}, {DISTRICT} за период с {ru(start)} по {ru(end)}", None, None, None),
        (f"Ярмарки с {ru(start)} по {ru(end)}; по состоянию на {ru(h.today())}", None, None, None),
        ("Показатель", "Количество", earlier, "изменение (+/−)"),
        ("Проведено ярмарок", 2, 0, 2),
        ("Проконсультировано (человек)", 3, 0, 3),
        ("Посещений", 4, 0, 4),
        ("Консультаций на стендах", 0, 0, 0),
        ("Проконсультировано на стендах (человек)", 0, 0, 0),
        ("Перенаправлены на получение услуг (человек)", 3, 0, 3),
        ("из них:", None, None, None),
        (COUNSELLING, 1, 0, 1),
        (REFERRAL, 1, 0, 1),
        (HIV, 2, 0, 2),
        (HUMANITARIAN, 1, 0, 1),
        ("Направлены для трудоустройства в организации и на предприятия района (человек)", 1, 0, 1),
        ("Трудоустроено по направлению к работодателю или в центр занятости (человек)", 1, 0, 1),
        ("Зарегистрированы как нуждающиеся в трудоустройстве (человек)", 1, 0, 1),
        ("Ожидаемые после освобождения", 0, 0, 0),
        ("Из них пришли на ярмарку", 0, 0, 0),
        ("Выдано талонов между ярмарками", 0, 0, 0),
        ("Перенаправлены между ярмарками (человек)", 0, 0, 0),
        ("Пришли по приглашению сверстников", 0, 0, 0),
        ("Наибольшая длина цепочки приглашений", 0, 0, 0),
        ("Вручено поощрений пригласившим", 0, 0, 0),
        ("Приняты из других районов (человек)", 0, 0, 0),
        ("Переданы в другие районы (человек)", 0, 0, 0),
        ("Выдано талонов", 5, 0, 5),
        ("Погашено талонов", 3, 0, 3),
        (RATE, 3 / 5, None, None),
        (None, None, None, None),
    ]
    assert rows[31] == (None, None, None, None)
    header = ("Месяц", "Посещений", "Проконсультировано (человек)", "Перенаправлено (человек)")
    assert rows[32] == header
    # Month rows: F1's month has P1 P2 (both referred), F2's month P1 P3 (only P3 referred), others zero.
    by_month = {history.first.replace(day=1): (2, 2, 2), history.second.replace(day=1): (2, 2, 1)}
    expected_months = [(midnight(m), *by_month.get(m, (0, 0, 0))) for m in months(start, end)]
    assert rows[33 : 33 + len(expected_months)] == expected_months
    rest = rows[33 + len(expected_months) :]
    assert rest == [
        (None, None, None, None),
        ("Неудачные сканирования", "Сканирования", None, None),
        ("неизвестный код", 0, None, None),
        ("код с опечаткой", 0, None, None),
        ("срок истёк", 0, None, None),
        ("отменено", 0, None, None),
        ("талон другой организации", 0, None, None),
        ("уже погашен", 0, None, None),
        (None, None, None, None),
        (f"Исполнитель: {BLANK}", None, None, None),  # no settings: lines to fill in by hand
        (f"Дата: {ru(h.today())}", None, None, None),
        (None, None, None, None),
        (f"{BLANK} {SIGNATURE} {SIGNATURE}", None, None, None),
    ]


def test_fairs_sheet_rows(client, auth, history) -> None:  # noqa: ANN001
    rows = values(download(client, auth, history)["По ярмаркам"])
    assert rows == [
        (
            "Дата ярмарки",
            "Район",
            "Состояние",
            "Стенды",
            "Посетители",
            "Перенаправлено (человек)",
            "Выдано талонов",
            "Погашено талонов",
            RATE,
        ),
        (midnight(history.first), DISTRICT, "закрыта", 2, 2, 2, 3, 2, 2 / 3),
        (midnight(history.second), DISTRICT, "закрыта", 2, 2, 1, 2, 1, 1 / 2),
    ]


def test_organisations_sheet_rows(client, auth, history) -> None:  # noqa: ANN001
    rows = values(download(client, auth, history)["По организациям"])
    header = (
        "Организация",
        "Получено талонов",
        "Погашено талонов",
        RATE,
        "Просрочены без использования",
        TREATMENT,
        EMPLOYED,
        JOBSEEKER,
    )
    assert rows[0] == header
    assert len(rows) == 5
    assert {row[0]: row[1:] for row in rows[1:]} == {
        HOSPITAL: (2, 1, 1 / 2, 1, 1, 0, 0),
        REDCROSS: (1, 0, 0, 0, 0, 0, 0),
        EMPLOYER: (1, 1, 1, 0, 0, 1, 0),
        EMPLOYMENT: (1, 1, 1, 0, 0, 0, 1),
    }


def test_directions_sheet_rows(client, auth, history) -> None:  # noqa: ANN001
    rows = values(download(client, auth, history)["По направлениям"])
    assert rows[0] == (
        "Направление",
        "Человек",
        "Проконсультировано (человек)",
        "Выдано талонов",
        "Погашено талонов",
        RATE,
        "Медиана дней до погашения",
        TREATMENT,
        EMPLOYED,
        JOBSEEKER,
    )
    zero = (0, 0, 0, 0, None, None, 0, 0, 0)  # the history records no booth consultation
    assert rows[1:] == [
        (COUNSELLING, 1, 0, 1, 1, 1, 1, 0, 0, 1),
        (REFERRAL, 1, 0, 1, 1, 1, 2, 0, 1, 0),
        ("Психоневрологический диспансер (заместительная терапия, лечение, пункт обмена шприцев)", *zero),
        ("Территориальный центр социального обслуживания населения", *zero),
        ("Реабилитационный центр", *zero),
        (INFECTIOUS, *zero),
        (HIV, 2, 0, 2, 1, 1 / 2, 3, 1, 0, 0),
        (HUMANITARIAN, 1, 0, 1, 0, 0, None, 0, 0, 0),
        ("Психологическая помощь", *zero),
        ("Юридическая помощь", *zero),
        ("Восстановление документов, удостоверяющих личность", *zero),
        ("Жильё", *zero),
        ("Обследование на туберкулёз (флюорография)", *zero),
        ("Обследование и лечение гепатита C", *zero),
        ("Оформление пенсии и инвалидности", *zero),
        ("Восстановление социально полезных (семейных) связей", *zero),
    ]


def test_coupons_sheet_rows(client, auth, history) -> None:  # noqa: ANN001
    rows = values(download(client, auth, history, url=REGISTER, username="organiser")["Талоны"])

    def code(key: str) -> str:
        raw = history.codes[key]
        return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"

    f1, f2 = midnight(history.first), midnight(history.second)
    day = dt.timedelta(days=1)
    assert rows == [
        (
            "Талон",
            "Дата ярмарки",
            "Кем выдан",
            "Куда направлен",
            "Направление",
            "Состояние",
            "Дата погашения",
            "Результат",
            "Код клиента",
        ),
        (code("c1"), f1, EMPLOYMENT, EMPLOYER, REFERRAL, "погашен", f1 + 2 * day, EMPLOYED, P1),
        (code("c2"), f1, HOSPITAL, HOSPITAL, HIV, "погашен", f1 + 3 * day, TREATMENT, P1),
        (code("c3"), f1, HOSPITAL, HOSPITAL, HIV, "просрочен", None, None, P2),
        (code("c4"), f2, EMPLOYMENT, EMPLOYMENT, COUNSELLING, "погашен", f2 + day, JOBSEEKER, P3),
        (code("c5"), f2, HOSPITAL, HOSPITAL, INFECTIOUS, "аннулирован", None, None, P1),
        (code("c6"), f2, HOSPITAL, REDCROSS, HUMANITARIAN, "действителен", None, None, P3),
    ]


def test_definitions_sheet_rows(client, auth, history) -> None:  # noqa: ANN001
    rows = values(download(client, auth, history)["Определения"])
    assert rows[0] == ("Показатель", "Определение")
    assert [row[0] for row in rows[1:]] == [
        "Проведено ярмарок",
        "Запланировано ярмарок",
        "Проконсультировано (человек)",
        "Посещений",
        "Консультаций на стендах",
        "Проконсультировано на стендах (человек)",
        "Проконсультировано по направлению (человек)",
        "Перенаправлены на получение услуг (человек)",
        "из них:",
        "Направлены для трудоустройства в организации и на предприятия района (человек)",
        "Трудоустроено по направлению к работодателю или в центр занятости (человек)",
        "Зарегистрированы как нуждающиеся в трудоустройстве (человек)",
        "Ожидаемые после освобождения",
        "Из них пришли на ярмарку",
        "Выдано талонов между ярмарками",
        "Перенаправлены между ярмарками (человек)",
        "Пришли по приглашению сверстников",
        "Наибольшая длина цепочки приглашений",
        "Вручено поощрений пригласившим",
        "Приняты из других районов (человек)",
        "Переданы в другие районы (человек)",
        "Через год, по когортам",
        "Выдано талонов",
        "Погашено талонов",
        RATE,
        "Медиана дней до погашения",
        "Результаты",
        "Просрочены без использования",
        "Не погашены через 14 дней",
        "Неудачные сканирования",
        "за аналогичный период прошлого года",
        "изменение (+/−)",
        "Дата учёта записи",
    ]
    by_name = dict(rows[1:])
    # The rules the figures above rely on, as the committee reads them.
    assert by_name["Проведено ярмарок"] == (
        "Ярмарки с датой в периоде, которые были открыты (проведены) и не отменены."
    )
    assert by_name[RATE] == "Погашенные талоны, делённые на выданные; пусто, если талонов не выдавали."
    assert (
        by_name["Выдано талонов"]
        == "Талоны, выданные в периоде на ярмарках и между ними, кроме аннулированных."
    )
    assert by_name["Просрочены без использования"] == (
        "Талоны, не погашенные и не аннулированные, срок действия которых истёк до дня отчёта."
    )
    assert by_name["Дата учёта записи"].startswith(
        "Каждая запись учитывается в периоде по дате ярмарки, на которой она сделана"
    )
