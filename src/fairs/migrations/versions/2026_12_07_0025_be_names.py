"""Belarusian names of directions, outcomes and categories

Revision ID: 0025_i15names_be_names
Revises: 0024_i14cat_categories
Create Date: 2026-12-07 02:00:00

* `direction.name_be`, `outcome.name_be`, `category.name_be`: the name shown in Belarusian; "" (the default)
  means the Russian name is shown.
* The seeded rows get their Belarusian names, each only while its Russian name is still the seeded one (a
  row an admin has renamed keeps "" and shows its own Russian name until an admin gives it a Belarusian one).

Downgrade drops the three columns.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0025_i15names_be_names"
down_revision: str | None = "0024_i14cat_categories"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("direction", "outcome", "category")

# Written out here (not imported) so this migration stays the same whatever the app becomes:
# code, the seeded Russian name, the Belarusian name.
DIRECTIONS = [
    (
        "employment_counselling",
        "Профориентация и содействие занятости (центр занятости)",
        "Прафарыентацыя і садзейнічанне занятасці (цэнтр занятасці)",
    ),
    (
        "employment_referral",
        "Направление на трудоустройство в организации и на предприятия",
        "Накіраванне на працаўладкаванне ў арганізацыі і на прадпрыемствы",
    ),
    (
        "psychoneuro",
        "Психоневрологический диспансер (заместительная терапия, лечение, пункт обмена шприцев)",
        "Псіханеўралагічны дыспансер (замяшчальная тэрапія, лячэнне, пункт абмену шпрыцаў)",
    ),
    (
        "social_services",
        "Территориальный центр социального обслуживания населения",
        "Тэрытарыяльны цэнтр сацыяльнага абслугоўвання насельніцтва",
    ),
    ("rehab", "Реабилитационный центр", "Рэабілітацыйны цэнтр"),
    ("infectious", "Врач-инфекционист", "Урач-інфекцыяніст"),
    (
        "hiv_testing",
        "Тестирование на ВИЧ и услуги снижения вреда",
        "Тэсціраванне на ВІЧ і паслугі зніжэння шкоды",
    ),
    (
        "humanitarian",
        "Общественные и религиозные организации: гуманитарная помощь",
        "Грамадскія і рэлігійныя арганізацыі: гуманітарная дапамога",
    ),
    ("psychological", "Психологическая помощь", "Псіхалагічная дапамога"),
    ("legal", "Юридическая помощь", "Юрыдычная дапамога"),
    (
        "documents",
        "Восстановление документов, удостоверяющих личность",
        "Аднаўленне дакументаў, якія сведчаць асобу",
    ),
    ("housing", "Жильё", "Жыллё"),
    (
        "tb_screening",
        "Обследование на туберкулёз (флюорография)",
        "Абследаванне на туберкулёз (флюараграфія)",
    ),
    ("hepatitis_c", "Обследование и лечение гепатита C", "Абследаванне і лячэнне гепатыту C"),
    ("pension_disability", "Оформление пенсии и инвалидности", "Афармленне пенсіі і інваліднасці"),
    (
        "family_ties",
        "Восстановление социально полезных (семейных) связей",
        "Аднаўленне сацыяльна карысных (сямейных) сувязей",
    ),
]
OUTCOMES = [
    ("employed", "Трудоустроен", "Працаўладкаваны"),
    ("not_hired", "Не принят на работу", "Не прыняты на работу"),
    ("did_not_apply", "Не обратился к работодателю", "Не звярнуўся да наймальніка"),
    (
        "registered_jobseeker",
        "Зарегистрирован как нуждающийся в трудоустройстве",
        "Зарэгістраваны як той, хто мае патрэбу ў працаўладкаванні",
    ),
    ("vacancies_offered", "Предложены вакансии", "Прапанаваны вакансіі"),
    ("service_provided", "Услуга оказана", "Паслуга аказана"),
    ("treatment_started", "Начато лечение", "Пачата лячэнне"),
    ("aid_given", "Оказана помощь", "Аказана дапамога"),
    ("declined_by_client", "Клиент отказался", "Кліент адмовіўся"),
    ("not_eligible", "Не имеет права на услугу", "Не мае права на паслугу"),
]
CATEGORIES = [
    ("released", "Освободившиеся из мест лишения свободы", "Вызваленыя з месцаў пазбаўлення волі"),
    (
        "registered",
        "Состоящие на учёте в уголовно-исполнительной инспекции",
        "Якія стаяць на ўліку ў крымінальна-выканаўчай інспекцыі",
    ),
    (
        "non_custodial",
        "Осуждённые к наказанию без изоляции от общества",
        "Асуджаныя да пакарання без ізаляцыі ад грамадства",
    ),
    ("relatives", "Родственники и близкие", "Сваякі і блізкія"),
    ("drug_use", "Потребители наркотиков", "Спажыўцы наркотыкаў"),
]


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column(
                    "name_be", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False, server_default=""
                )
            )
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("name_be", server_default=None)
    conn = op.get_bind()
    for table, rows in (("direction", DIRECTIONS), ("outcome", OUTCOMES), ("category", CATEGORIES)):
        named = sa.table(
            table,
            sa.column("code", sa.String),
            sa.column("name_ru", sa.String),
            sa.column("name_be", sa.String),
        )
        for code, name_ru, name_be in rows:
            conn.execute(
                named.update().where(named.c.code == code, named.c.name_ru == name_ru).values(name_be=name_be)
            )


def downgrade() -> None:
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("name_be")
