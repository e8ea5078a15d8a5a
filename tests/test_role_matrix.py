"""The role matrix: every route of the app × every role → allowed or refused, in one table.

The routes come from the app's own route table (`create_app().routes`, flattened), so a new route without a
row in `MATRIX` fails `test_every_route_has_a_row`, and so does a row whose route is gone.

Size: 239 routes × 11 roles = 2629 cells (`test_matrix_size` keeps the count honest).

Columns (roles): anonymous, organiser (district A), partner A (employment centre), partner B (hospital),
committee (district A), admin, prison (a social worker of a prison of district A, who registered the people
expected after release that `{expected_id}` points at: DESIGN.md §2, sees only the people they added),
curator (a curator of district A, made by its organiser, the curator of the planted client: reads that
client's journey and keeps their plan, issues and prints their coupons between fairs and records their
checks, never the personal fields, nothing else of the district); then,
after the `|`, district B's (Slutsk) roles acting on district A's records: organiser_b, partner_b_district
(staff of the Slutsk employment centre, an organisation of district B; not partner B, which is the hospital
of district A) and committee_b. Cells:

* `A` allowed: any answer except 401/403 and the redirect to the login page; never 5xx, never 422 (a 404
  or 409 from the business rules still counts as allowed: the request got past authorisation);
* `D` denied: 403;
* `L` login: anonymous on a page → 303/307 to /login; on the JSON API → 401;
* `N` not found by design: 404, where existence must not leak to this role.

District B's columns (DESIGN.md §2: every fair, client, coupon, organisation and user belongs to a
district; organisers act in theirs, the committee reads its own): a route whose path names one of district
A's records is `N` where the role could act on such a record in its own district (to district B, A's
fair, booth, client, coupon, QR token, pad, organisation, account or export job does not exist), and `D`
where the role may never use the route (a partner scheduling a fair, the committee opening a coupon): that
403 comes before any look-up. Either way the refusal must not tell that the record is there:
in a district B role's run, every such route with a `D` or `N` cell gets the same answer (status and problem
code) as for a made-up id, code or token (`made_up_answers`, asked first: nothing there exists to change).
Routes that act on the caller's own district (lists, the schedule, registering a client or an organisation,
reports, the caller's account) are `A`, and what they answer is scoped: every answer to a district B role,
allowed or refused, GET or not, is scanned for district A's coupon codes and tokens, client codes, planted
personal fields, partner usernames, organiser's name and export token (beyond the reference sent in the
URL). tests/test_district_isolation.py does the same for GET routes on both backends.

Each role gets its own fresh database with a small world built through the JSON API (an open fair of
district A with booths of both partner organisations, clients with planted personal fields, coupons to
either organisation, planned, closed and spare fairs, a spare user, a finished export job). State-changing
routes get a valid body (JSON for /api; for pages a form with the session's CSRF token, sent as htmx sends
it, so that a refusal shows in the status instead of a flash after a redirect) and point at objects kept for
them (a spare fair to cancel, a spare user to block, a spare client to withdraw consent); district B's roles
get the very same requests, so their bodies point at district A's objects too (partner A's organisation and
booth, A's client) and the cell tests authorisation, not validation; the few that change the caller's own
session (log out on every device, language, login, logout) run last. The accounts page
answers a refusal with the same redirect as a success, so that cell looks at the account itself
(`OBSERVERS`): any refusal there reads `D`, organiser_b's "no such user" included (the API's rows show `N`).
District B's partner and committee member are made by organiser_b through the API at the start of their run
(`second_district_user`); the base world has only organiser_b and the Slutsk employment centre.

Besides the table: every body the committee (and the curator) receives from a GET (JSON, HTML, the sheets
of a workbook) is scanned for the personal fields planted on the client; partner A on organisation B's
coupon by short code must get the same answer (status and problem code) as for a made-up valid-looking code,
and by QR token a 403 `other_organisation` with nothing of the coupon (docs/coupon-lookup.md); the committee
must get the same 404 for the organiser's export job as for a made-up token.

The matrix runs on SQLite only: authorisation is decided in the routers and services, which do not depend on
the backend; the rest of the suite runs every route on PostgreSQL too.

Every cell holds what DESIGN.md §2 asks, and every cell is checked. A gap between the app and the design
is not written into the table as an observed value: it gets its own test held to the design and marked
`xfail(strict=True, reason="bug: …")`, so the table never documents a bug as the rule. Today none: the two
found when district B's columns came (blocking an account told district B's partners and committee whether
the user id exists; a partner account for district A's organisation told organiser_b that it exists) were
fixed, and are held by the made-up comparison and
`test_organiser_b_cannot_tell_a_first_district_organisation_from_none`.
"""

from __future__ import annotations

import datetime as dt
import io
import secrets
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from fairs.models import District, Organisation, User
from fairs.models.exports import ExportChunk, ExportJob
from tests import world as base_world
from tests.api import curation_world, region_world, release_world
from tests.api import helpers as h
from tests.pages.conftest import HX, csrf_of

ROUTES_CHECKED = 239  # routes × 11 roles, see test_matrix_size
# District B's roles (Slutsk) act on district A's records: the last three columns, after the `|`.
SECOND_DISTRICT = ("organiser_b", "partner_b_district", "committee_b")
ROLES = (
    "anonymous",
    "organiser",
    "partner_a",
    "partner_b",
    "committee",
    "admin",
    "prison",
    "curator",
    *SECOND_DISTRICT,
)
USERNAMES = {
    "organiser": "organiser",
    "partner_a": "partner_employment",
    "partner_b": "partner_hospital",
    "committee": "committee",
    "admin": "admin",
    "prison": "prison_social",
    "curator": "curator_matrix",
    "organiser_b": "organiser_b",
    "partner_b_district": "partner_slutsk",
    "committee_b": "committee_b",
}
SLUTSK_EMPLOYMENT = "Центр занятости (Слуцк)"  # district B's organisation (tests/world.py)
SKIPPED = {"/api/v1/openapi.json", "/api/docs"}

# Personal fields planted on the client: the committee must never receive them.
FULL_NAME = "Матриксова Зинаида Павловна"
PHONE = "+375 29 555-01-23"
BIRTH_DATE = "1987-03-14"
# Planted on the person the prison worker registered for district A: only they and A's organisers see it.
EXPECTED_NAME = "Ожидаемова Вероника Львовна"

# fmt: off
# (method, path): "anonymous organiser partner_a partner_b committee admin prison curator
#                   | organiser_b partner_b_district committee_b" (district B's roles on district A's records)
MATRIX: dict[tuple[str, str], str] = {
    # --- meta and sign-in
    ("GET", "/healthz"):                                         "A A A A A A A A | A A A",
    ("POST", "/api/v1/auth/token"):                              "A A A A A A A A | A A A",
    ("GET", "/"):                                                "L A A A A A A A | A A A",
    ("GET", "/login"):                                           "A A A A A A A A | A A A",
    ("POST", "/login"):                                          "A A A A A A A A | A A A",
    ("POST", "/logout"):                                         "A A A A A A A A | A A A",
    ("POST", "/lang"):                                           "A A A A A A A A | A A A",
    # --- directions (reference data: read by staff, edited by admin)
    ("GET", "/api/v1/directions"):                               "L A A A A A A A | A A A",
    ("PUT", "/api/v1/directions/{code}"):                        "L D D D D A D D | D D D",
    ("POST", "/api/v1/directions"):                              "L D D D D A D D | D D D",
    ("POST", "/api/v1/directions/{code}/outcomes"):              "L D D D D A D D | D D D",
    ("PUT", "/api/v1/directions/{code}/outcomes/{outcome_code}"): "L D D D D A D D | D D D",
    ("GET", "/admin/directions"):                                "L D D D D A D D | D D D",
    ("POST", "/admin/directions"):                               "L D D D D A D D | D D D",
    ("POST", "/admin/directions/{code}"):                        "L D D D D A D D | D D D",
    ("POST", "/admin/directions/{code}/active"):                 "L D D D D A D D | D D D",
    ("POST", "/admin/directions/{code}/outcomes"):               "L D D D D A D D | D D D",
    ("POST", "/admin/directions/{code}/outcomes/{outcome_code}"): "L D D D D A D D | D D D",
    ("POST", "/admin/directions/{code}/outcomes/{outcome_code}/active"): "L D D D D A D D | D D D",
    # --- categories of persons (reference data: read by staff, edited by admin; a client's: organisers)
    ("GET", "/api/v1/categories"):                               "L A A A A A A A | A A A",
    ("POST", "/api/v1/categories"):                              "L D D D D A D D | D D D",
    ("PUT", "/api/v1/categories/{code}"):                        "L D D D D A D D | D D D",
    ("GET", "/admin/categories"):                                "L D D D D A D D | D D D",
    ("POST", "/admin/categories"):                               "L D D D D A D D | D D D",
    ("POST", "/admin/categories/{code}"):                        "L D D D D A D D | D D D",
    # --- reasons why a job fell through (reference data: read by staff, edited by admin)
    ("GET", "/api/v1/nonhire-reasons"):                          "L A A A A A A A | A A A",
    ("POST", "/api/v1/nonhire-reasons"):                         "L D D D D A D D | D D D",
    ("PUT", "/api/v1/nonhire-reasons/{code}"):                   "L D D D D A D D | D D D",
    ("GET", "/admin/nonhire-reasons"):                           "L D D D D A D D | D D D",
    ("POST", "/admin/nonhire-reasons"):                          "L D D D D A D D | D D D",
    ("POST", "/admin/nonhire-reasons/{code}"):                   "L D D D D A D D | D D D",
    ("GET", "/api/v1/clients/{client_id}/categories"):           "L A D D D D D D | N D D",
    ("PUT", "/api/v1/clients/{client_id}/categories"):           "L A D D D D D D | N D D",
    ("POST", "/clients/{client_id}/categories"):                 "L A D D D D D D | N D D",
    # --- regions and districts (admins set them up; district A's own region and district as targets)
    ("GET", "/api/v1/regions"):                                  "L D D D D A D D | D D D",
    ("POST", "/api/v1/regions"):                                 "L D D D D A D D | D D D",
    ("PUT", "/api/v1/regions/{region_id}"):                      "L D D D D A D D | D D D",
    ("GET", "/api/v1/districts"):                                "L D D D D A D D | D D D",
    ("POST", "/api/v1/districts"):                               "L D D D D A D D | D D D",
    ("PUT", "/api/v1/districts/{district_id}"):                  "L D D D D A D D | D D D",
    ("GET", "/admin/districts"):                                 "L D D D D A D D | D D D",
    ("POST", "/admin/districts"):                                "L D D D D A D D | D D D",
    ("POST", "/admin/districts/{district_id}"):                  "L D D D D A D D | D D D",
    ("POST", "/admin/regions"):                                  "L D D D D A D D | D D D",
    ("POST", "/admin/regions/{region_id}"):                      "L D D D D A D D | D D D",
    # --- organisations (the organiser registers partners; the directory itself is no secret)
    ("GET", "/api/v1/organisations"):                            "L A A A A D D D | A A A",
    ("POST", "/api/v1/organisations"):                           "L A D D D D D D | A D D",
    ("PUT", "/api/v1/organisations/{organisation_id}"):          "L A D D D D D D | N D D",
    ("GET", "/organisations"):                                   "L A A A A D D D | A A A",
    ("GET", "/organisations/new"):                               "L A D D D D D D | A D D",
    ("GET", "/organisations/{organisation_id}/edit"):            "L A D D D D D D | N D D",
    ("POST", "/organisations"):                                  "L A D D D D D D | A D D",
    ("POST", "/organisations/{organisation_id}"):                "L A D D D D D D | N D D",
    # Import from a spreadsheet, into the organiser's own district (no file sent: 400, past authorisation).
    ("POST", "/api/v1/organisations/import"):                    "L A D D D D D D | A D D",
    ("GET", "/organisations/template.xlsx"):                     "L A D D D D D D | A D D",
    ("GET", "/organisations/import"):                            "L A D D D D D D | A D D",
    ("POST", "/organisations/import"):                           "L A D D D D D D | A D D",
    ("POST", "/organisations/import/confirm"):                   "L A D D D D D D | A D D",
    # --- fairs (the organiser schedules and runs them; staff and the committee read the schedule)
    ("GET", "/api/v1/fairs"):                                    "L A A A A D D D | A A A",
    ("POST", "/api/v1/fairs"):                                   "L A D D D D D D | A D D",
    ("POST", "/api/v1/fairs/schedule"):                          "L A D D D D D D | A D D",
    ("GET", "/api/v1/fairs/defaults"):                           "L A D D D D D D | A D D",
    ("PUT", "/api/v1/fairs/defaults"):                           "L A D D D D D D | A D D",
    ("GET", "/api/v1/fairs/closed-days"):                        "L A D D D D D D | A D D",
    ("POST", "/api/v1/fairs/closed-days"):                       "L A D D D D D D | A D D",
    ("DELETE", "/api/v1/fairs/closed-days/{closed_day_id}"):     "L A D D D D D D | N D D",
    ("GET", "/api/v1/fairs/{fair_id}"):                          "L A A A A D D D | N N N",
    ("POST", "/api/v1/fairs/{fair_id}/open"):                    "L A D D D D D D | N D D",
    ("POST", "/api/v1/fairs/{fair_id}/close"):                   "L A D D D D D D | N D D",
    ("POST", "/api/v1/fairs/{fair_id}/cancel"):                  "L A D D D D D D | N D D",
    ("POST", "/api/v1/fairs/{fair_id}/move"):                    "L A D D D D D D | N D D",
    ("GET", "/api/v1/fairs/{fair_id}/booths"):                   "L A A A A D D D | N N N",
    ("POST", "/api/v1/fairs/{fair_id}/booths"):                  "L A D D D D D D | N D D",
    ("POST", "/api/v1/fairs/{fair_id}/visits"):                  "L A D D D D D D | N D D",
    ("GET", "/fairs"):                                           "L A A A A D D D | A A A",
    ("POST", "/fairs"):                                          "L A D D D D D D | A D D",
    ("POST", "/fairs/schedule"):                                 "L A D D D D D D | A D D",
    ("POST", "/fairs/defaults"):                                 "L A D D D D D D | A D D",
    ("POST", "/fairs/closed-days"):                              "L A D D D D D D | A D D",
    ("POST", "/fairs/closed-days/{closed_day_id}/delete"):       "L A D D D D D D | N D D",
    ("GET", "/fairs/{fair_id}/open"):                            "L A D D D D D D | N D D",
    ("POST", "/fairs/{fair_id}/open"):                           "L A D D D D D D | N D D",
    ("POST", "/fairs/{fair_id}/close"):                          "L A D D D D D D | N D D",
    ("GET", "/fairs/{fair_id}/cancel"):                          "L A D D D D D D | N D D",
    ("POST", "/fairs/{fair_id}/cancel"):                         "L A D D D D D D | N D D",
    ("GET", "/fairs/{fair_id}/move"):                            "L A D D D D D D | N D D",
    ("POST", "/fairs/{fair_id}/move"):                           "L A D D D D D D | N D D",
    ("GET", "/fairs/{fair_id}"):                                 "L A A A D D D D | N N D",
    ("POST", "/fairs/{fair_id}/booths"):                         "L A D D D D D D | N D D",
    ("POST", "/fairs/{fair_id}/visitors"):                       "L A D D D D D D | N D D",
    ("GET", "/fairs/{fair_id}/visitors/matches"):                "L A D D D D D D | N D D",
    ("POST", "/fairs/{fair_id}/active"):                         "L A D D D D D D | N D D",
    ("POST", "/fairs/{fair_id}/active/clear"):                   "L A D D D D D D | N D D",
    ("GET", "/fairs/{fair_id}/print"):                           "L A A A D D D D | N N D",
    ("GET", "/fairs/{fair_id}/clients/{client_id}/print"):       "L A A A D D D D | N N D",
    # --- clients (known to the inspection; partners get the code without personal fields, the committee
    #     nothing; test_planted_personal_fields_are_there_to_find shows the organiser does get them)
    ("POST", "/api/v1/clients"):                                 "L A D D D D D D | A D D",
    ("GET", "/api/v1/clients"):                                  "L A D D D D D D | A D D",
    ("GET", "/api/v1/clients/by-code/{code}"):                   "L A A A D D D D | N N D",
    # the spare client, whom no partner's organisation dealt with: unknown to partners (item 12.4)
    ("GET", "/api/v1/clients/{client_id}"):                      "L A N N D D D D | N N D",
    ("POST", "/api/v1/clients/{client_id}/withdraw-consent"):    "L A D D D D D D | N D D",
    ("GET", "/clients"):                                         "L A D D D D D D | A D D",
    ("GET", "/clients/{client_id}"):                             "L A D D D D D D | N D D",
    ("POST", "/clients/{client_id}"):                            "L A D D D D D D | N D D",
    ("POST", "/clients/{client_id}/withdraw-consent"):           "L A D D D D D D | N D D",
    # a coupon between fairs: organisers of the client's district and the client's own curator
    # (services/coupons/between.py)
    ("POST", "/api/v1/clients/{client_id}/coupons"):             "L A D D D D D A | N D D",
    ("POST", "/clients/{client_id}/coupons"):                    "L A D D D D D A | N D D",
    # --- booths ({booth_id} is partner A's booth; to district B's partner it does not exist)
    ("POST", "/api/v1/booths/{booth_id}/consultations"):         "L A A D D D D D | N N D",
    ("POST", "/api/v1/booths/{booth_id}/coupons"):               "L A A D D D D D | N N D",
    ("POST", "/booths/{booth_id}/consultations"):                "L A A D D D D D | N N D",
    ("POST", "/booths/{booth_id}/coupons"):                      "L A A D D D D D | N N D",
    ("POST", "/api/v1/booths/{booth_id}/coupons/batch"):         "L A A D D D D D | N N D",
    ("POST", "/booths/{booth_id}/coupons/batch"):                "L A A D D D D D | N N D",
    ("POST", "/booths/{booth_id}/serve"):                        "L A A D D D D D | N N D",
    # --- coupons ({ref}, {code}, {token}: coupons addressed to partner A's organisation)
    # Partner B: by short code organisation A's coupon is the same 404 "unknown_code" as a code that does
    # not exist; by QR token (a bearer secret: holding it means holding the paper) 403 "other_organisation"
    # with nothing of the coupon (docs/coupon-lookup.md,
    # test_partner_cannot_tell_another_organisations_coupon_from_none).
    ("GET", "/api/v1/coupons"):                                  "L A A A D D D D | A A D",
    ("GET", "/api/v1/coupons/{ref}"):                            "L A A N D D D D | N N D",
    ("POST", "/api/v1/coupons/{ref}/redeem"):                    "L A A N D D D D | N N D",
    ("POST", "/api/v1/coupons/{ref}/outcome"):                   "L A A N D D D D | N N D",
    ("POST", "/api/v1/coupons/{ref}/cancel"):                    "L A D N D D D D | N N D",
    ("POST", "/api/v1/coupons/{ref}/annul"):                     "L A D N D D D D | N N D",
    ("GET", "/api/v1/coupons/{ref}/scans"):                      "L A D D D D D D | N D D",
    ("GET", "/redeem"):                                          "L A A A D D D D | A A D",  # 308 to /scan
    ("GET", "/scan"):                                            "L A A A D D D D | A A D",
    ("GET", "/c/{token}"):                                       "L A A D D D D D | N N D",
    ("GET", "/coupons/{code}"):                                  "L A A N D D D D | N N D",
    ("POST", "/coupons/{ref}/redeem"):                           "L A A N D D D D | N N D",
    ("POST", "/coupons/{ref}/outcome"):                          "L A A N D D D D | N N D",
    ("POST", "/coupons/{ref}/cancel"):                           "L A D N D D D D | N N D",
    ("POST", "/coupons/{ref}/annul"):                            "L A D N D D D D | N N D",
    ("GET", "/coupons/{code}/print"):                            "L A A N D D D A | N N D",
    # --- the scan log (organisers; {organisation_id} is partner A's organisation)
    ("GET", "/api/v1/organisations/{organisation_id}/scans"):    "L A D D D D D D | N D D",
    ("GET", "/organisations/{organisation_id}/scans"):           "L A D D D D D D | N D D",
    # --- pads of blank coupons (organisers print and void them; booth staff bind a blank of their booth)
    ("POST", "/api/v1/fairs/{fair_id}/booths/{booth_id}/pads"):  "L A D D D D D D | N D D",
    # Partner B binding partner A's blank by code: as for a code that does not exist (404, not 403).
    ("POST", "/api/v1/coupons/{ref}/bind"):                      "L A A N D D D D | N N D",
    ("POST", "/api/v1/fairs/{fair_id}/pads/void"):               "L A D D D D D D | N D D",
    ("GET", "/fairs/{fair_id}/booths/{booth_id}/pad"):           "L A D D D D D D | N D D",
    ("POST", "/fairs/{fair_id}/booths/{booth_id}/pad"):          "L A D D D D D D | N D D",
    ("GET", "/pads/{pad_id}"):                                   "L A D D D D D D | N D D",
    ("GET", "/booths/{booth_id}/bind"):                          "L A A D D D D D | N N D",
    ("POST", "/booths/{booth_id}/bind"):                         "L A A D D D D D | N N D",
    ("GET", "/fairs/{fair_id}/pads/void"):                       "L A D D D D D D | N D D",
    ("POST", "/fairs/{fair_id}/pads/void"):                      "L A D D D D D D | N D D",
    # --- the partner's inbox (coupons addressed to its organisation; the API call asks for partner A's,
    #     which a partner of another organisation is refused whatever its district)
    ("GET", "/api/v1/inbox"):                                    "L A A D D D D D | N D D",
    ("GET", "/inbox"):                                           "L A A A D D D D | A A D",
    ("POST", "/inbox/coupons/{code}/outcome"):                   "L A A N D D D D | N N D",
    # --- the issuing organisation's outgoing referrals (the API call asks for partner A's, like the inbox)
    ("GET", "/api/v1/coupons/issued"):                           "L A A D D D D D | N D D",
    ("GET", "/referrals"):                                       "L A A A D D D D | A A D",
    # --- follow-up of unused coupons (the inspection contacts its clients)
    ("GET", "/api/v1/followup"):                                 "L A D D D D D D | A D D",
    ("POST", "/api/v1/coupons/{ref}/contacted"):                 "L A D D D D D D | N D D",
    ("POST", "/api/v1/coupons/{ref}/reissue"):                   "L A D D D D D D | N D D",
    ("GET", "/followup"):                                        "L A D D D D D D | A D D",
    ("POST", "/followup/clients/{client_id}/contacts"):          "L A D D D D D D | N D D",
    ("POST", "/followup/coupons/{code}/contacted"):              "L A D D D D D D | N D D",
    ("GET", "/followup/coupons/{code}/reissue"):                 "L A D D D D D D | N D D",
    ("POST", "/followup/coupons/{code}/reissue"):                "L A D D D D D D | N D D",
    ("GET", "/followup/coupons/{code}/reissued"):                "L A D D D D D D | N D D",
    # --- users (organisers in their district, admins everywhere)
    ("GET", "/api/v1/users"):                                    "L A D D D A D D | A D D",
    # organiser_b asking for a partner of A's organisation: past authorisation (organiser_b manages its own
    # district's accounts), then 400 `organisation_required`, as for an organisation that does not exist
    # (test_organiser_b_cannot_tell_a_first_district_organisation_from_none).
    ("POST", "/api/v1/users"):                                   "L A D D D A D D | A D D",
    ("POST", "/api/v1/users/{user_id}/deactivate"):              "L A D D D A D D | N D D",
    ("POST", "/api/v1/users/{user_id}/activate"):                "L A D D D A D D | N D D",
    ("PATCH", "/api/v1/users/{user_id}"):                        "L A D D D A D D | N D D",
    ("POST", "/api/v1/users/{user_id}/reset-password"):          "L A D D D A D D | N D D",
    ("POST", "/api/v1/users/me/password"):                       "L A A A A A A A | A A A",
    ("PUT", "/api/v1/users/me/language"):                        "L A A A A A A A | A A A",
    ("GET", "/users"):                                           "L A D D D A D D | A D D",
    ("POST", "/users"):                                          "L A D D D A D D | A D D",
    ("POST", "/users/{user_id}/active"):                         "L A D D D A D D | D D D",  # OBSERVERS
    ("GET", "/users/{user_id}"):                                 "L A D D D A D D | N D D",
    ("POST", "/users/{user_id}"):                                "L A D D D A D D | N D D",
    ("POST", "/users/{user_id}/password"):                       "L A D D D A D D | N D D",
    ("GET", "/audit"):                                           "L A D D D D D D | A D D",
    ("GET", "/reports"):                                         "L A D D A A D D | A D A",
    ("GET", "/account/password"):                                "L A A A A A A A | A A A",
    ("POST", "/account/password"):                               "L A A A A A A A | A A A",
    ("POST", "/account/language"):                               "L A A A A A A A | A A A",
    ("POST", "/account/sessions/end-all"):                       "L A A A A A A A | A A A",
    # --- the committee's report and exports
    ("GET", "/api/v1/reports/committee"):                        "L A D D A A D D | A D A",
    ("GET", "/exports/{identifier}.xlsx"):                       "L A D D A A D D | A D A",
    ("GET", "/exports/jobs/{token}"):                            "L A D D A A D D | N D N",
    ("GET", "/exports/jobs/{token}/download"):                   "L A D D A A D D | N D N",
    ("GET", "/api/v1/reports/settings"):                         "L A D D D D D D | A D D",
    ("PUT", "/api/v1/reports/settings"):                         "L A D D D D D D | A D D",
    ("POST", "/reports/settings"):                               "L A D D D D D D | A D D",
    ("GET", "/api/v1/reports/submissions"):                      "L A D D A A D D | A D A",
    ("POST", "/api/v1/reports/submissions"):                     "L A D D D D D D | A D D",
    ("POST", "/api/v1/reports/submissions/{submission_id}/reopen"): "L D D D A A D D | D D N",
    ("POST", "/reports/submissions"):                            "L A D D D D D D | A D D",
    ("POST", "/reports/submissions/{submission_id}/reopen"):     "L D D D A A D D | D D N",
    # --- before release (the prison's social worker registers people and sees only their own; the organisers
    #     of the district released to read them; {expected_id}: a person the prison worker registered for
    #     district A; the deletes remove spare ones)
    ("GET", "/api/v1/expected/districts"):                       "L D D D D D A D | D D D",
    ("POST", "/api/v1/expected"):                                "L D D D D D A D | D D D",
    ("GET", "/api/v1/expected"):                                 "L A D D D D A D | A D D",
    ("GET", "/api/v1/expected/{expected_id}"):                   "L A D D D D A D | N D D",
    ("PATCH", "/api/v1/expected/{expected_id}"):                 "L D D D D D A D | D D D",
    ("DELETE", "/api/v1/expected/{expected_id}"):                "L D D D D D A D | D D D",
    ("GET", "/release"):                                         "L D D D D D A D | D D D",
    ("POST", "/release"):                                        "L D D D D D A D | D D D",
    ("POST", "/release/{expected_id}"):                          "L D D D D D A D | D D D",
    ("POST", "/release/{expected_id}/delete"):                   "L D D D D D A D | D D D",
    ("GET", "/expected"):                                        "L A D D D D D D | A D D",
    ("GET", "/expected/{expected_id}/invitation"):               "L A D D D D D D | N D D",
    # --- curation (the district's organisers assign a client's curator; the organisers and the client's own
    #     curator read the journey, keep the plan and add notes; {client_id}: the planted client, whose
    #     curator the matrix's curator is; {need_id}: a need of that client's plan, the deletes spare ones)
    ("GET", "/api/v1/curators"):                                 "L A D D D D D D | A D D",
    ("PUT", "/api/v1/clients/{client_id}/curator"):              "L A D D D D D D | N D D",
    ("GET", "/api/v1/clients/{client_id}/journey"):              "L A D D D D D A | N D D",
    ("GET", "/api/v1/clients/{client_id}/plan"):                 "L A D D D D D A | N D D",
    ("POST", "/api/v1/clients/{client_id}/plan"):                "L A D D D D D A | N D D",
    ("PATCH", "/api/v1/clients/{client_id}/plan/{need_id}"):     "L A D D D D D A | N D D",
    ("DELETE", "/api/v1/clients/{client_id}/plan/{need_id}"):    "L A D D D D D A | N D D",
    ("POST", "/api/v1/clients/{client_id}/notes"):               "L A D D D D D A | N D D",
    ("GET", "/api/v1/curator/people"):                           "L D D D D D D A | D D D",
    ("GET", "/curator"):                                         "L D D D D D D A | D D D",
    ("GET", "/clients/{client_id}/journey"):                     "L A D D D D D A | N D D",
    ("POST", "/clients/{client_id}/curator"):                    "L A D D D D D D | N D D",
    ("POST", "/clients/{client_id}/plan"):                       "L A D D D D D A | N D D",
    ("POST", "/clients/{client_id}/plan/{need_id}"):             "L A D D D D D A | N D D",
    ("POST", "/clients/{client_id}/plan/{need_id}/delete"):      "L A D D D D D A | N D D",
    ("POST", "/clients/{client_id}/notes"):                      "L A D D D D D A | N D D",
    # --- peers bring peers (organisers give a client slips for peers, void them and record the incentive;
    #     {invitation_id}: a slip given to district A's client; the voids take spare ones)
    ("POST", "/api/v1/peers/invitations"):                       "L A D D D D D D | A D D",
    ("GET", "/api/v1/peers/invitations"):                        "L A D D D D D D | A D D",
    ("POST", "/api/v1/peers/invitations/{invitation_id}/void"):  "L A D D D D D D | N D D",
    ("POST", "/api/v1/peers/invitations/{invitation_id}/incentive"): "L A D D D D D D | N D D",
    ("GET", "/peers"):                                           "L A D D D D D D | A D D",
    ("POST", "/peers/invitations"):                              "L A D D D D D D | A D D",
    ("GET", "/peers/slips"):                                     "L A D D D D D D | A D D",
    ("POST", "/peers/invitations/{invitation_id}/void"):         "L A D D D D D D | N D D",
    ("POST", "/peers/invitations/{invitation_id}/incentive"):    "L A D D D D D D | N D D",
    # --- handovers to another district (organisers of either side; {handover_id}: a client of district C
    #     handed over to district A, so A's organiser acknowledges it; district B is neither side)
    ("POST", "/api/v1/handovers"):                               "L A D D D D D D | A D D",
    ("GET", "/api/v1/handovers"):                                "L A D D D D D D | A D D",
    ("GET", "/api/v1/handovers/{handover_id}"):                  "L A D D D D D D | N D D",
    ("GET", "/api/v1/handovers/{handover_id}/history"):          "L A D D D D D D | N D D",
    ("POST", "/api/v1/handovers/{handover_id}/accept"):          "L A D D D D D D | N D D",
    ("GET", "/handovers"):                                       "L A D D D D D D | A D D",
    ("GET", "/handovers/{handover_id}"):                         "L A D D D D D D | N D D",
    ("POST", "/handovers/{handover_id}/accept"):                 "L A D D D D D D | N D D",
    ("POST", "/clients/{client_id}/handover"):                   "L A D D D D D D | N D D",
    # --- checks a year later (the organisers of the district of the person's first fair record them, and
    #     the person's own curator of that district;
    #     {client_id}: district A's client, {milestone}: 6 — not due yet, so nothing is recorded)
    ("GET", "/api/v1/checks/due"):                               "L A D D D D D A | A D D",
    ("GET", "/api/v1/checks/clients/{client_id}"):               "L A D D D D D A | N D D",
    ("PUT", "/api/v1/checks/clients/{client_id}/{milestone}"):   "L A D D D D D A | N D D",
    ("GET", "/checks"):                                          "L A D D D D D A | A D D",
    ("GET", "/checks/{client_id}"):                              "L A D D D D D A | N D D",
    ("POST", "/checks/{client_id}/{milestone}"):                 "L A D D D D D A | N D D",
}
# fmt: on


def app_routes() -> set[tuple[str, str]]:
    """(method, path template) of every route of the app, without the docs and the static mount."""
    from fairs.app import create_app

    keys: set[tuple[str, str]] = set()
    for route in iter_route_contexts(create_app().routes):
        if not isinstance(route.original_route, APIRoute) or route.path in SKIPPED:
            continue
        keys.update((method, route.path) for method in route.methods or () if method != "HEAD")
    return keys


def cell(method: str, path: str, role: str) -> str:
    """The table's cell."""
    return row_cells(MATRIX[method, path])[ROLES.index(role)]


def row_cells(row: str) -> list[str]:
    """The cells of a row; the `|` only separates district A's roles from district B's."""
    left, _, right = row.partition("|")
    return left.split() + right.split()


def expected(method: str, path: str, role: str) -> str:
    """The value the matrix checks."""
    return cell(method, path, role)


# ---------------------------------------------------------------------------------------------- the world


@dataclass
class World:
    """The objects the path parameters point at (JSON of the API's answers)."""

    fair: dict  # open today, district A, booths of both partners
    planned: dict  # planned, to open and move
    spare_fair: dict  # planned, to cancel
    closed: dict  # held in the past
    booth_a: dict
    booth_b: dict
    client: dict  # with the planted personal fields
    spare_client: dict  # to withdraw consent from
    coupon_a: dict  # issued, to partner A's organisation
    coupon_a_redeemed: dict  # redeemed, to partner A's organisation (for outcomes)
    coupon_a_spare: dict  # issued, to partner A's organisation (to cancel)
    coupon_b: dict  # issued, to partner B's organisation
    organisation_id: int  # partner A's organisation
    organisation: dict
    spare_user: int
    direction: dict
    job_token: str = ""  # a finished export job of the caller (organiser or committee) or of the organiser
    extra: dict = field(default_factory=dict)


def _district_a(session: Session) -> dict[str, int]:
    """District A's id and its region's (the path values of the region and district routes)."""
    district = session.exec(select(District).where(District.name == "Солигорский район")).one()
    return {"id": district.id, "region_id": district.region_id}


def build_world(client: TestClient, session: Session, org_ids: dict[str, int]) -> World:
    """The small world of one matrix run, built through the JSON API as the organiser."""
    org = _bearer(session, "organiser")
    fair = h.make_open_fair(client, org)
    booth_a = h.add_booth(client, org, fair=fair, org=org_ids["employment"])
    booth_b = h.add_booth(client, org, fair=fair, org=org_ids["hospital"])
    closed = h.make_open_fair(client, org, day=h.today() - dt.timedelta(days=35))
    h.close_fair(client, org, fair=closed)
    planned = h.make_fair(client, org, day=h.today() + dt.timedelta(days=40))
    spare_fair = h.make_fair(client, org, day=h.today() + dt.timedelta(days=70))
    person = h.register(client, org, full_name=FULL_NAME, phone=PHONE, birth_date=BIRTH_DATE)
    spare = h.register(client, org, mother="Ева", father="Глеб", sex="F", birth_year=1991)
    assert h.visit(client, org, fair=fair, client_id=person["id"]).status_code in (200, 201)

    def issue(booth: dict, to: str, direction: str) -> dict:
        return h.issue(client, org, booth=booth, client_id=person["id"], org=org_ids[to], direction=direction)

    coupon_a = issue(booth_a, "employment", "employment_counselling")
    redeemed = issue(booth_a, "employment", "employment_counselling")
    h.expect(h.redeem(client, org, redeemed["code"]), 200)
    coupon_a_spare = issue(booth_a, "employment", "employment_counselling")
    coupon_b = issue(booth_b, "hospital", "hiv_testing")
    organisations = h.expect(client.get(f"{h.API}/organisations", headers=org), 200)
    organisation = next(o for o in organisations if o["id"] == org_ids["employment"])
    spare_user = h.expect(
        client.post(
            f"{h.API}/users",
            json={
                "username": "spare_partner",
                "password": base_world.PASSWORD,
                "role": "partner",
                "organisation_id": org_ids["redcross"],
            },
            headers=org,
        ),
        201,
    )
    directions = h.expect(client.get(f"{h.API}/directions", headers=org), 200)
    direction = next(d for d in directions if d["code"] == "rehab")
    pads_url = f"{h.API}/fairs/{fair['id']}/booths/{booth_a['id']}/pads"
    pad = h.expect(client.post(pads_url, json={"count": 2}, headers=org), 201)
    closed_day = {"date": (h.today() + dt.timedelta(days=300)).isoformat(), "reason": "ремонт"}
    closed_day = h.expect(client.post(f"{h.API}/fairs/closed-days", json=closed_day, headers=org), 201)
    period = {"period": f"{h.today().year - 1}-02"}  # a past month with no record: nothing else is locked
    submission = h.expect(client.post(f"{h.API}/reports/submissions", json=period, headers=org), 201)
    prisoners = _expected_people(client, session)
    curated = _curated(client, session, person["id"], org)
    arriving = _arriving(client, session)
    slips = h.expect(
        client.post(f"{h.API}/peers/invitations", json={"client_id": person["id"]}, headers=org), 201
    )
    return World(
        fair=fair,
        planned=planned,
        spare_fair=spare_fair,
        closed=closed,
        booth_a=booth_a,
        booth_b=booth_b,
        client=person,
        spare_client=spare,
        coupon_a=coupon_a,
        coupon_a_redeemed=redeemed,
        coupon_a_spare=coupon_a_spare,
        coupon_b=coupon_b,
        organisation_id=org_ids["employment"],
        organisation=organisation,
        spare_user=spare_user["id"],
        direction=direction,
        extra={
            "pad": pad,
            "district_a": _district_a(session),
            "closed_day": closed_day,
            "submission": submission,
            **prisoners,
            **curated,
            **arriving,
            **dict(zip(("invitation", "spare_invitation", "spare_invitation_page"), slips, strict=True)),
        },
    )


def _expected_people(client: TestClient, session: Session) -> dict[str, dict]:
    """A prison of district A, its social worker, and the people they registered for district A: one with
    the planted name, and two spares to remove (API and page)."""
    worker = release_world.prison_worker(
        client,
        session,
        username=USERNAMES["prison"],
        organisation_id=release_world.prison(client, session),
    )
    district = _district_a(session)["id"]
    expect = release_world.expect_person
    return {
        "expected": expect(client, worker, district=district, consent=True, full_name=EXPECTED_NAME),
        "spare_expected": expect(client, worker, district=district, mother="Дина", father="Глеб"),
        "spare_expected_page": expect(client, worker, district=district, mother="Инна", father="Марк"),
    }


def _curated(client: TestClient, session: Session, client_id: int, org: dict[str, str]) -> dict[str, Any]:
    """The matrix's curator (district A), assigned to the planted client, whose plan holds a need and two
    spares to remove (API and page)."""
    curator_id, headers = curation_world.curator(client, session, username=USERNAMES["curator"])
    curation_world.assign(client, org, client_id=client_id, curator_id=curator_id)
    url = f"{h.API}/clients/{client_id}/plan"
    needs = {
        key: h.expect(client.post(url, json={"direction": direction}, headers=headers), 201)
        for key, direction in (("need", "housing"), ("spare_need", "documents"), ("spare_need_page", "legal"))
    }
    return {"curator_id": curator_id, **needs}


def _arriving(client: TestClient, session: Session) -> dict[str, Any]:
    """District C of the region (its organiser `organiser_c`), a client of C handed over to district A, and
    C's id (the district the POSTs hand district A's spare client over to)."""
    district_c = region_world._district_c(session)
    org_c = _bearer(session, "organiser_c")
    person = h.register(client, org_c, mother="Нина", father="Олег", sex="F", birth_year=1982)
    district_a = session.exec(select(User).where(User.username == "organiser")).one().district_id
    body = {"client_id": person["id"], "to_district_id": district_a, "consent": True}
    handover = h.expect(client.post(f"{h.API}/handovers", json=body, headers=org_c), 201)
    return {"handover": handover, "district_c": district_c}


def second_district_user(client: TestClient, session: Session, role: str) -> None:
    """District B's partner (of the Slutsk employment centre) or committee member, made by organiser_b (the
    base world has organiser_b already)."""
    org_b = _bearer(session, "organiser_b")
    slutsk = session.exec(select(Organisation).where(Organisation.name == SLUTSK_EMPLOYMENT)).one()
    organiser_a = session.exec(select(User).where(User.username == "organiser")).one()
    extras = {"partner_b_district": {"organisation_id": slutsk.id}, "committee_b": {}}
    for extra in [extras[role]] if role in extras else []:
        body = {"username": USERNAMES[role], "password": base_world.PASSWORD, "role": role.split("_")[0]}
        created = h.expect(client.post(f"{h.API}/users", json={**body, **extra}, headers=org_b), 201)
        assert created["district_id"] not in (None, organiser_a.district_id), created
        # Made by an organiser, the account must change its password first: done here, as its owner would.
        account = session.get(User, created["id"])
        account.must_change_password = False
        session.add(account)
        session.commit()


def finished_job(session: Session, username: str, tmp: Path) -> str:
    """A done export job owned by `username`, its file stored in the database; returns its token."""
    owner = session.exec(select(User).where(User.username == username)).one()
    data = b"PK\x05\x06" + b"\0" * 18  # an empty zip: enough for a download
    job = ExportJob(
        token=secrets.token_urlsafe(32),
        user_id=owner.id,
        exporter="committee",
        district_ids=[owner.district_id] if owner.district_id else [],
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
        status="done",
        size=len(data),
        filename="committee.xlsx",
    )
    session.add(job)
    session.flush()
    session.add(ExportChunk(job_id=job.id, seq=0, data=data))
    session.commit()
    return job.token


def _bearer(session: Session, username: str) -> dict[str, str]:
    from fairs import security

    user = session.exec(select(User).where(User.username == username)).one()
    return {"Authorization": f"Bearer {security.create_access_token(user.id)}"}


# ------------------------------------------------------------------------------- requests for each route


def path_values(w: World) -> dict[str, Any]:
    """Default values of the path parameters."""
    return {
        "fair_id": w.fair["id"],
        "booth_id": w.booth_a["id"],
        "client_id": w.client["id"],
        "organisation_id": w.organisation_id,
        "user_id": w.spare_user,
        "ref": w.coupon_a["code"],
        "code": w.coupon_a["code"],
        "token": w.coupon_a["token"],
        "identifier": "committee",
        "outcome_code": "service_provided",
        "pad_id": w.extra["pad"]["id"],
        "district_id": w.extra["district_a"]["id"],
        "region_id": w.extra["district_a"]["region_id"],
        "closed_day_id": w.extra["closed_day"]["id"],
        "submission_id": w.extra["submission"]["id"],
        "expected_id": w.extra["expected"]["id"],
        "need_id": w.extra["need"]["id"],
        "invitation_id": w.extra["invitation"]["id"],
        "handover_id": w.extra["handover"]["id"],
        "milestone": 6,
    }


# Routes whose parameters point elsewhere than the defaults.
OVERRIDES: dict[tuple[str, str], Callable[[World], dict[str, Any]]] = {
    ("PUT", "/api/v1/directions/{code}"): lambda w: {"code": w.direction["code"]},
    ("POST", "/admin/directions/{code}"): lambda w: {"code": w.direction["code"]},
    ("POST", "/api/v1/directions/{code}/outcomes"): lambda w: {"code": w.direction["code"]},
    ("PUT", "/api/v1/directions/{code}/outcomes/{outcome_code}"): lambda w: {"code": w.direction["code"]},
    ("POST", "/admin/directions/{code}/active"): lambda w: {"code": w.direction["code"]},
    ("POST", "/admin/directions/{code}/outcomes"): lambda w: {"code": w.direction["code"]},
    ("POST", "/admin/directions/{code}/outcomes/{outcome_code}"): lambda w: {"code": w.direction["code"]},
    ("POST", "/admin/directions/{code}/outcomes/{outcome_code}/active"): lambda w: {
        "code": w.direction["code"]
    },
    ("PUT", "/api/v1/categories/{code}"): lambda w: {"code": "relatives"},
    ("POST", "/admin/categories/{code}"): lambda w: {"code": "relatives"},
    ("PUT", "/api/v1/nonhire-reasons/{code}"): lambda w: {"code": "other"},
    ("POST", "/admin/nonhire-reasons/{code}"): lambda w: {"code": "other"},
    ("POST", "/api/v1/fairs/{fair_id}/open"): lambda w: {"fair_id": w.planned["id"]},
    ("POST", "/fairs/{fair_id}/open"): lambda w: {"fair_id": w.planned["id"]},
    ("GET", "/fairs/{fair_id}/open"): lambda w: {"fair_id": w.planned["id"]},
    ("POST", "/api/v1/fairs/{fair_id}/move"): lambda w: {"fair_id": w.planned["id"]},
    ("POST", "/fairs/{fair_id}/move"): lambda w: {"fair_id": w.planned["id"]},
    ("GET", "/fairs/{fair_id}/move"): lambda w: {"fair_id": w.planned["id"]},
    ("POST", "/api/v1/fairs/{fair_id}/cancel"): lambda w: {"fair_id": w.spare_fair["id"]},
    ("POST", "/fairs/{fair_id}/cancel"): lambda w: {"fair_id": w.spare_fair["id"]},
    ("GET", "/fairs/{fair_id}/cancel"): lambda w: {"fair_id": w.spare_fair["id"]},
    ("POST", "/api/v1/clients/{client_id}/withdraw-consent"): lambda w: {"client_id": w.spare_client["id"]},
    ("POST", "/clients/{client_id}/withdraw-consent"): lambda w: {"client_id": w.spare_client["id"]},
    ("POST", "/api/v1/coupons/{ref}/outcome"): lambda w: {"ref": w.coupon_a_redeemed["code"]},
    ("POST", "/coupons/{ref}/outcome"): lambda w: {"ref": w.coupon_a_redeemed["code"]},
    ("POST", "/inbox/coupons/{code}/outcome"): lambda w: {"code": w.coupon_a_redeemed["code"]},
    ("POST", "/api/v1/coupons/{ref}/cancel"): lambda w: {"ref": w.coupon_a_spare["code"]},
    ("POST", "/coupons/{ref}/cancel"): lambda w: {"ref": w.coupon_a_spare["code"]},
    ("GET", "/api/v1/clients/by-code/{code}"): lambda w: {"code": w.client["code"]},
    ("GET", "/api/v1/clients/{client_id}"): lambda w: {"client_id": w.spare_client["id"]},
    ("GET", "/api/v1/fairs/{fair_id}"): lambda w: {"fair_id": w.closed["id"]},
    ("GET", "/exports/jobs/{token}"): lambda w: {"token": w.job_token},
    ("GET", "/exports/jobs/{token}/download"): lambda w: {"token": w.job_token},
    # Each bind gets its own blank of partner A's booth; voiding asks for the fair that is over.
    ("POST", "/api/v1/coupons/{ref}/bind"): lambda w: {"ref": w.extra["pad"]["blanks"][0]["code"]},
    ("POST", "/api/v1/fairs/{fair_id}/pads/void"): lambda w: {"fair_id": w.closed["id"]},
    ("POST", "/fairs/{fair_id}/pads/void"): lambda w: {"fair_id": w.closed["id"]},
    ("GET", "/fairs/{fair_id}/pads/void"): lambda w: {"fair_id": w.closed["id"]},
    ("DELETE", "/api/v1/expected/{expected_id}"): lambda w: {"expected_id": w.extra["spare_expected"]["id"]},
    ("POST", "/release/{expected_id}/delete"): lambda w: {
        "expected_id": w.extra["spare_expected_page"]["id"]
    },
    ("DELETE", "/api/v1/clients/{client_id}/plan/{need_id}"): lambda w: {
        "need_id": w.extra["spare_need"]["id"]
    },
    ("POST", "/clients/{client_id}/plan/{need_id}/delete"): lambda w: {
        "need_id": w.extra["spare_need_page"]["id"]
    },
    ("POST", "/api/v1/peers/invitations/{invitation_id}/void"): lambda w: {
        "invitation_id": w.extra["spare_invitation"]["id"]
    },
    ("POST", "/peers/invitations/{invitation_id}/void"): lambda w: {
        "invitation_id": w.extra["spare_invitation_page"]["id"]
    },
    ("POST", "/clients/{client_id}/handover"): lambda w: {"client_id": w.spare_client["id"]},
}


def _organisation_body(w: World) -> dict[str, Any]:
    o = w.organisation
    return {k: o[k] for k in ("name", "kind", "address", "phone", "hours", "directions") if k in o}


# Bodies of state-changing routes: JSON for /api, form fields for pages (the CSRF token is added).
BODIES: dict[tuple[str, str], Callable[[World, str], dict[str, Any]]] = {
    ("POST", "/api/v1/auth/token"): lambda w, u: {
        "username": u or "organiser",
        "password": base_world.PASSWORD,
    },
    ("POST", "/login"): lambda w, u: {"username": u or "organiser", "password": base_world.PASSWORD},
    ("POST", "/lang"): lambda w, u: {"lang": "ru", "next": "/"},
    ("PUT", "/api/v1/directions/{code}"): lambda w, u: {
        "name_ru": w.direction["name_ru"],
        "name_en": w.direction["name_en"],
        "is_active": True,
    },
    ("POST", "/admin/directions/{code}"): lambda w, u: {
        "name_ru": w.direction["name_ru"],
        "name_en": w.direction["name_en"],
    },
    ("POST", "/api/v1/directions"): lambda w, u: {
        "code": f"api_{u or 'anonymous'}",
        "name_ru": "Новое направление",
        "name_en": "New direction",
    },
    ("POST", "/api/v1/directions/{code}/outcomes"): lambda w, u: {
        "code": f"api_{u or 'anonymous'}",
        "name_ru": "Новый результат",
        "name_en": "New outcome",
    },
    ("PUT", "/api/v1/directions/{code}/outcomes/{outcome_code}"): lambda w, u: {
        "name_ru": "Услуга оказана",
        "name_en": "Service provided",
    },
    ("POST", "/admin/directions"): lambda w, u: {
        "code": f"page_{u or 'anonymous'}",
        "name_ru": "Новое направление (стр.)",
        "name_en": "New direction (page)",
    },
    ("POST", "/admin/directions/{code}/active"): lambda w, u: {"active": "true"},
    ("POST", "/admin/directions/{code}/outcomes"): lambda w, u: {
        "outcome_code": f"page_{u or 'anonymous'}",
        "name_ru": "Новый результат (стр.)",
        "name_en": "New outcome (page)",
    },
    ("POST", "/admin/directions/{code}/outcomes/{outcome_code}"): lambda w, u: {
        "name_ru": "Услуга оказана",
        "name_en": "Service provided",
    },
    ("POST", "/admin/directions/{code}/outcomes/{outcome_code}/active"): lambda w, u: {"active": "true"},
    ("POST", "/api/v1/categories"): lambda w, u: {
        "code": f"api_{u or 'anonymous'}",
        "name_ru": "Новая категория",
        "name_en": "New category",
    },
    ("PUT", "/api/v1/categories/{code}"): lambda w, u: {
        "name_ru": "Родственники и близкие",
        "name_en": "Relatives",
        "is_active": True,
    },
    ("POST", "/admin/categories"): lambda w, u: {
        "code": f"page_{u or 'anonymous'}",
        "name_ru": "Новая категория (стр.)",
        "name_en": "New category (page)",
    },
    ("POST", "/admin/categories/{code}"): lambda w, u: {
        "name_ru": "Родственники и близкие",
        "name_en": "Relatives",
        "active": "true",
    },
    ("POST", "/api/v1/nonhire-reasons"): lambda w, u: {
        "code": f"api_{u or 'anonymous'}",
        "name_ru": "Новая причина",
        "name_en": "New reason",
    },
    ("PUT", "/api/v1/nonhire-reasons/{code}"): lambda w, u: {
        "name_ru": "Другое",
        "name_en": "Other",
        "is_active": True,
    },
    ("POST", "/admin/nonhire-reasons"): lambda w, u: {
        "code": f"page_{u or 'anonymous'}",
        "name_ru": "Новая причина (стр.)",
        "name_en": "New reason (page)",
    },
    ("POST", "/admin/nonhire-reasons/{code}"): lambda w, u: {
        "name_ru": "Другое",
        "name_en": "Other",
        "active": "true",
    },
    ("PUT", "/api/v1/clients/{client_id}/categories"): lambda w, u: {"categories": ["relatives"]},
    ("POST", "/clients/{client_id}/categories"): lambda w, u: {"categories": ["relatives"]},
    ("POST", "/api/v1/regions"): lambda w, u: {"name": f"Область {u}"},
    ("PUT", "/api/v1/regions/{region_id}"): lambda w, u: {"name": "Минская область", "retired": False},
    ("POST", "/api/v1/districts"): lambda w, u: {
        "name": f"Район {u}",
        "region_id": w.extra["district_a"]["region_id"],
    },
    ("PUT", "/api/v1/districts/{district_id}"): lambda w, u: {"name": "Солигорский район", "retired": False},
    ("POST", "/admin/regions"): lambda w, u: {"name": f"Область {u} (стр.)"},
    ("POST", "/admin/regions/{region_id}"): lambda w, u: {"name": "Минская область"},
    ("POST", "/admin/districts"): lambda w, u: {
        "name": f"Район {u} (стр.)",
        "region_id": str(w.extra["district_a"]["region_id"]),
    },
    ("POST", "/admin/districts/{district_id}"): lambda w, u: {"name": "Солигорский район"},
    ("POST", "/api/v1/organisations"): lambda w, u: {"name": f"НКО {u}", "kind": "ngo"},
    ("PUT", "/api/v1/organisations/{organisation_id}"): lambda w, u: _organisation_body(w),
    ("POST", "/organisations"): lambda w, u: {"name": f"НКО {u} (стр.)", "kind": "ngo"},
    ("POST", "/organisations/{organisation_id}"): lambda w, u: _organisation_body(w),
    ("POST", "/api/v1/fairs"): lambda w, u: {"date": (h.today() + dt.timedelta(days=100)).isoformat()},
    ("POST", "/fairs"): lambda w, u: {"day": (h.today() + dt.timedelta(days=130)).isoformat()},
    ("POST", "/api/v1/fairs/schedule"): lambda w, u: {"year": h.today().year + 2},
    ("POST", "/fairs/schedule"): lambda w, u: {"year": h.today().year + 3},
    ("PUT", "/api/v1/fairs/defaults"): lambda w, u: {
        "venue": "УИИ",
        "starts_at": "09:00",
        "ends_at": "17:00",
    },
    ("POST", "/fairs/defaults"): lambda w, u: {"venue": "УИИ", "starts_at": "09:00", "ends_at": "17:00"},
    ("PUT", "/api/v1/reports/settings"): lambda w, u: {"executor_name": "Сидорова В. В."},
    ("POST", "/reports/settings"): lambda w, u: {"executor_name": "Сидорова В. В."},
    ("POST", "/api/v1/reports/submissions"): lambda w, u: {"period": f"{h.today().year - 1}-01"},
    ("POST", "/reports/submissions"): lambda w, u: {"period": f"{h.today().year - 1}-03", "confirm": "yes"},
    ("POST", "/api/v1/reports/submissions/{submission_id}/reopen"): lambda w, u: {"reason": "ошибка"},
    ("POST", "/reports/submissions/{submission_id}/reopen"): lambda w, u: {"reason": "ошибка"},
    ("POST", "/api/v1/fairs/closed-days"): lambda w, u: {
        "date": (h.today() + dt.timedelta(days=310)).isoformat(),
        "reason": "ремонт",
    },
    ("POST", "/fairs/closed-days"): lambda w, u: {
        "day": (h.today() + dt.timedelta(days=311)).isoformat(),
        "reason": "ремонт",
    },
    ("POST", "/api/v1/fairs/{fair_id}/cancel"): lambda w, u: {"reason": "паводок"},
    ("POST", "/fairs/{fair_id}/cancel"): lambda w, u: {"reason": "паводок"},
    ("POST", "/api/v1/fairs/{fair_id}/move"): lambda w, u: {
        "date": (h.today() + dt.timedelta(days=45)).isoformat()
    },
    ("POST", "/fairs/{fair_id}/move"): lambda w, u: {"day": (h.today() + dt.timedelta(days=46)).isoformat()},
    ("POST", "/api/v1/fairs/{fair_id}/booths"): lambda w, u: {"organisation_id": _org(w, "redcross")},
    ("POST", "/fairs/{fair_id}/booths"): lambda w, u: {"organisation_id": _org(w, "rehab")},
    ("POST", "/api/v1/fairs/{fair_id}/visits"): lambda w, u: {"client_id": w.client["id"]},
    ("POST", "/api/v1/handovers"): lambda w, u: {
        "client_id": w.spare_client["id"],
        "to_district_id": w.extra["district_c"],
        "consent": True,
    },
    ("POST", "/clients/{client_id}/handover"): lambda w, u: {
        "to_district_id": str(w.extra["district_c"]),
        "consent": "true",
        "confirm": "true",
    },
    ("POST", "/api/v1/clients/{client_id}/coupons"): lambda w, u: {
        "organisation_id": w.organisation_id,
        "direction": "employment_counselling",
        "confirm_duplicate": True,
    },
    ("POST", "/clients/{client_id}/coupons"): lambda w, u: {
        "target": f"{w.organisation_id}:employment_counselling",
        "confirm_duplicate": "true",
    },
    ("POST", "/fairs/{fair_id}/visitors"): lambda w, u: {
        "mother_name": "Анна",
        "father_name": "Иван",
        "sex": "M",
        "birth_year": "1985",
        "consent": "true",
    },
    # Not the planted client's attributes: district B would get its own client with the same code, which
    # the look-up by code would then find.
    ("POST", "/api/v1/clients"): lambda w, u: {
        "mother_name": "Мария",
        "father_name": "Пётр",
        "sex": "F",
        "birth_year": 1979,
    },
    ("POST", "/clients/{client_id}"): lambda w, u: {
        "consent": "true",
        "full_name": FULL_NAME,
        "phone": PHONE,
        "birth_date": BIRTH_DATE,
    },
    ("POST", "/api/v1/booths/{booth_id}/coupons/batch"): lambda w, u: {
        "client_id": w.client["id"],
        "items": [{"organisation_id": w.organisation_id, "direction": "employment_counselling"}],
    },
    ("POST", "/fairs/{fair_id}/active"): lambda w, u: {"code": w.client["code"]},
    ("POST", "/booths/{booth_id}/serve"): lambda w, u: {
        "client_code": w.client["code"],
        "direction": "employment_counselling",
        "targets": [f"{w.organisation_id}:employment_counselling"],
    },
    ("POST", "/booths/{booth_id}/coupons/batch"): lambda w, u: {
        "client_code": w.client["code"],
        "targets": [f"{w.organisation_id}:employment_counselling"],
    },
    ("POST", "/api/v1/booths/{booth_id}/consultations"): lambda w, u: {
        "client_id": w.client["id"],
        "direction": "employment_counselling",
    },
    ("POST", "/api/v1/booths/{booth_id}/coupons"): lambda w, u: {
        "client_id": w.client["id"],
        "organisation_id": w.organisation_id,
        "direction": "employment_counselling",
    },
    ("POST", "/booths/{booth_id}/consultations"): lambda w, u: {
        "client_code": w.client["code"],
        "direction": "employment_counselling",
    },
    ("POST", "/booths/{booth_id}/coupons"): lambda w, u: {
        "client_code": w.client["code"],
        "target": f"{w.organisation_id}:employment_counselling",
    },
    ("POST", "/api/v1/coupons/{ref}/outcome"): lambda w, u: {"outcome": "registered_jobseeker"},
    ("POST", "/api/v1/fairs/{fair_id}/booths/{booth_id}/pads"): lambda w, u: {"count": 1},
    ("POST", "/fairs/{fair_id}/booths/{booth_id}/pad"): lambda w, u: {"count": "1"},
    ("POST", "/api/v1/coupons/{ref}/bind"): lambda w, u: {
        "client_id": w.client["id"],
        "organisation_id": w.organisation_id,
        "direction": "employment_counselling",
    },
    ("POST", "/booths/{booth_id}/bind"): lambda w, u: {
        "code": w.extra["pad"]["blanks"][1]["code"],
        "client_code": w.client["code"],
        "target": f"{w.organisation_id}:employment_counselling",
    },
    ("POST", "/coupons/{ref}/outcome"): lambda w, u: {"outcome": "registered_jobseeker"},
    ("POST", "/inbox/coupons/{code}/outcome"): lambda w, u: {"outcome": "registered_jobseeker"},
    ("POST", "/api/v1/coupons/{ref}/cancel"): lambda w, u: {"reason": "issued in error"},
    ("POST", "/coupons/{ref}/cancel"): lambda w, u: {"reason": "issued in error"},
    ("POST", "/api/v1/coupons/{ref}/annul"): lambda w, u: {"reason": "redeemed in error"},
    ("POST", "/coupons/{ref}/annul"): lambda w, u: {"reason": "redeemed in error", "confirm": "yes"},
    ("POST", "/api/v1/coupons/{ref}/contacted"): lambda w, u: {"note": "called"},
    ("POST", "/followup/coupons/{code}/contacted"): lambda w, u: {"note": "called"},
    ("POST", "/api/v1/users"): lambda w, u: {
        "username": f"new_{u or 'anon'}_api",
        "password": base_world.PASSWORD,
        "role": "partner",
        "organisation_id": _org(w, "rehab"),
    },
    ("POST", "/users"): lambda w, u: {
        "username": f"new_{u or 'anon'}_page",
        "password": base_world.PASSWORD,
        "role": "partner",
        "organisation_id": str(_org(w, "rehab")),
    },
    ("POST", "/users/{user_id}/active"): lambda w, u: {"active": "false"},
    ("PATCH", "/api/v1/users/{user_id}"): lambda w, u: {"full_name": "Запасной Партнёр"},
    ("POST", "/users/{user_id}"): lambda w, u: {
        "full_name": "Запасной Партнёр",
        "role": "partner",
        "organisation_id": str(_org(w, "redcross")),
    },
    ("POST", "/api/v1/users/me/password"): lambda w, u: {"current": "not-the-password", "new": "x"},
    ("POST", "/account/password"): lambda w, u: {"current": "not-the-password", "new": "x", "repeat": "x"},
    ("POST", "/account/sessions/end-all"): lambda w, u: {"confirm": "yes"},
    # Blank: the deployment's language, as every account starts (the rest of the run reads the same pages).
    ("PUT", "/api/v1/users/me/language"): lambda w, u: {"locale": ""},
    ("POST", "/account/language"): lambda w, u: {"locale": ""},
    ("POST", "/api/v1/peers/invitations"): lambda w, u: {"client_id": w.spare_client["id"], "count": 1},
    ("POST", "/peers/invitations"): lambda w, u: {"client_code": w.spare_client["code"], "count": "1"},
    ("POST", "/api/v1/expected"): lambda w, u: {
        "district_id": w.extra["district_a"]["id"],
        "release_on": (h.today() + dt.timedelta(days=12)).isoformat(),
        "mother_name": "Вера",
        "father_name": "Юрий",
        "sex": "F",
        "birth_year": 1988,
    },
    ("PUT", "/api/v1/checks/clients/{client_id}/{milestone}"): lambda w, u: {
        "checked_on": h.today().isoformat(),
        "findings": ["working"],
    },
    ("POST", "/checks/{client_id}/{milestone}"): lambda w, u: {
        "checked_on": h.today().isoformat(),
        "findings": "working",
    },
    ("PATCH", "/api/v1/expected/{expected_id}"): lambda w, u: {
        "release_on": (h.today() + dt.timedelta(days=14)).isoformat()
    },
    ("POST", "/release"): lambda w, u: {
        "district_id": str(w.extra["district_a"]["id"]),
        "release_on": (h.today() + dt.timedelta(days=13)).isoformat(),
        "mother_name": "Галина",
        "father_name": "Семён",
        "sex": "F",
        "birth_year": "1989",
    },
    ("POST", "/release/{expected_id}"): lambda w, u: {
        "district_id": str(w.extra["district_a"]["id"]),
        "release_on": (h.today() + dt.timedelta(days=15)).isoformat(),
    },
    ("PUT", "/api/v1/clients/{client_id}/curator"): lambda w, u: {"curator_id": w.extra["curator_id"]},
    ("POST", "/clients/{client_id}/curator"): lambda w, u: {"curator_id": str(w.extra["curator_id"])},
    ("POST", "/api/v1/clients/{client_id}/plan"): lambda w, u: {"direction": "social_services"},
    ("POST", "/clients/{client_id}/plan"): lambda w, u: {"direction": "psychological"},
    ("PATCH", "/api/v1/clients/{client_id}/plan/{need_id}"): lambda w, u: {"status": "in_progress"},
    ("POST", "/clients/{client_id}/plan/{need_id}"): lambda w, u: {"status": "met"},
    ("POST", "/clients/{client_id}/plan/{need_id}/delete"): lambda w, u: {"confirm": "yes"},
    ("POST", "/api/v1/clients/{client_id}/notes"): lambda w, u: {"note": "встреча назначена"},
    ("POST", "/clients/{client_id}/notes"): lambda w, u: {"note": "встреча состоялась"},
}
# JSON API routes that take a form (OAuth2 password flow).
API_FORMS = {("POST", "/api/v1/auth/token")}


def _year(w: World) -> dict[str, Any]:
    return {"from": f"{h.today().year}-01-01", "to": f"{h.today().year}-12-31"}


# Query strings some routes need to get past their own validation.
QUERIES: dict[tuple[str, str], Callable[[World], dict[str, Any]]] = {
    ("GET", "/api/v1/reports/committee"): _year,
    ("GET", "/exports/{identifier}.xlsx"): _year,
    ("GET", "/api/v1/inbox"): lambda w: {"organisation_id": w.organisation_id},
    ("GET", "/api/v1/coupons/issued"): lambda w: {"organisation_id": w.organisation_id},
    ("GET", "/peers/slips"): lambda w: {"ids": str(w.extra["invitation"]["id"])},
}


def _blocked_or_refused(session: Session, w: World, got: str) -> str:
    """The accounts page answers a refusal with a flash and the same redirect: look at the account."""
    user = session.exec(select(User).where(User.id == w.spare_user)).one()
    if user.is_active:
        return "D" if got == "A" else got
    user.is_active = True  # unblock it again for the next cells
    session.add(user)
    session.commit()
    return got


# Routes whose refusal is not in the status: how to tell from the database.
OBSERVERS: dict[tuple[str, str], Callable[[Session, World, str], str]] = {
    ("POST", "/users/{user_id}/active"): _blocked_or_refused,
}

# Routes that change the caller's own session run last, in this order.
LAST = [("POST", "/account/sessions/end-all"), ("POST", "/lang"), ("POST", "/login"), ("POST", "/logout")]
# Routes that end the caller's session on purpose: their plain /login (no `next=`) is a success.
SESSION_ENDING = {("POST", "/logout"), ("POST", "/account/sessions/end-all")}


def _org(w: World, key: str) -> int:
    return w.extra["orgs"][key]


def ordered(keys: set[tuple[str, str]]) -> list[tuple[str, str]]:
    """Table order, the session-changing routes last."""
    rest = [k for k in MATRIX if k in keys and k not in LAST]
    return rest + [k for k in LAST if k in keys]


# ----------------------------------------------------------------------------------------------- callers


class Caller:
    """One role, talking to the API with a bearer token and to the pages with its session cookie."""

    def __init__(self, client: TestClient, session: Session, role: str) -> None:
        self.client = client
        self.role = role
        self.username = USERNAMES.get(role, "")
        self.bearer = _bearer(session, self.username) if self.username else {}
        self.client.cookies.clear()
        if self.username:
            page = client.get("/login")
            form = {
                "username": self.username,
                "password": base_world.PASSWORD,
                "csrf_token": csrf_of(page.text),
            }
            resp = client.post("/login", data=form, follow_redirects=False)
            assert resp.status_code == 303, resp.text
        self.refresh_csrf()

    def refresh_csrf(self) -> None:
        """Read the session's CSRF token from a page that has a form (the login form for anyone)."""
        page = self.client.get("/login")
        self.csrf = csrf_of(page.text) if 'name="csrf_token"' in page.text else ""
        if not self.csrf:
            page = self.client.get("/")
            self.csrf = csrf_of(page.text)

    def call(self, method: str, path: str, url: str, body: dict[str, Any] | None, query: dict) -> Any:
        """The request of one cell; page forms go as htmx sends them, so a refusal shows in the status."""
        if url.startswith("/api/"):
            kind = "data" if (method, path) in API_FORMS else "json"
            return self.client.request(
                method, url, params=query, headers=self.bearer, follow_redirects=False, **{kind: body}
            )
        if method == "GET":
            return self.client.get(url, params=query, follow_redirects=False)
        form = {"csrf_token": self.csrf, **(body or {})}
        return self.client.request(method, url, data=form, headers=HX, follow_redirects=False)


def classify(method: str, path: str, resp: Any) -> str:
    """A, D, L or N (or the status itself for a server error)."""
    status = resp.status_code
    if status >= 500:
        return f"5xx({status})"
    if status == 422:
        return "422"  # the bodies are valid: a 422 would hide whether authorisation refused
    if status == 401:
        return "L"
    target = resp.headers.get("location") or resp.headers.get("hx-redirect") or ""
    ends_session = (method, path) in SESSION_ENDING and "next=" not in target
    if target.split("?")[0].endswith("/login") and not ends_session:
        return "L"  # logging out (here, or on every device) ends on the login page by design
    if status == 403:
        return "D"
    if status == 404:
        return "N"
    return "A"


def matches(want: str, got: str) -> bool:
    """`A` accepts any answer past authorisation (a business 404 included); the others are exact."""
    return got == want or (want == "A" and got == "N")


PERSONAL = (FULL_NAME, PHONE, BIRTH_DATE, "Матриксова", "555-01-23", "14.03.1987", EXPECTED_NAME)


def body_texts(resp: Any) -> list[str]:
    """A response body: JSON, HTML, or the sheets of a workbook."""
    content = resp.content
    if content[:2] != b"PK":
        return [resp.text]
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return [archive.read(name).decode("utf-8", "replace") for name in archive.namelist()]
    except zipfile.BadZipFile:
        return []


def personal_leaks(resp: Any) -> list[str]:
    """The planted personal values found in a response body."""
    texts = body_texts(resp)
    return sorted({v for v in PERSONAL for text in texts if v in text})


def first_district_traces(w: World, resp: Any, url: str) -> list[str]:
    """What of district A's records shows in an answer to district B beyond the reference sent in the URL:
    coupon codes (plain and dashed) and QR tokens, client codes, the planted personal fields, A's partner
    usernames and organiser's name, the export job's token."""
    values = [*PERSONAL, "partner_employment", "partner_hospital", "spare_partner", "Иванова А. А."]
    for coupon in (w.coupon_a, w.coupon_a_redeemed, w.coupon_a_spare, w.coupon_b, *w.extra["pad"]["blanks"]):
        code = coupon["code"]
        values += [code, f"{code[:4]}-{code[4:8]}-{code[8:]}", coupon.get("token") or ""]
    values += [w.client["code"], w.spare_client["code"], w.job_token]
    values += [w.extra[key]["code"] for key in ("expected", "spare_expected", "spare_expected_page")]
    texts = body_texts(resp)
    return sorted({v for v in values if v and v not in url for text in texts if v in text})


# ------------------------------------------------------------------------------------------------ running


@pytest.fixture(params=["sqlite"])
def db_url(request, sqlite_backend, monkeypatch, tmp_path) -> Iterator[str]:  # noqa: ANN001
    """The suite's fresh database, on SQLite only (see the module docstring)."""
    from tests import conftest

    url = sqlite_backend.new_database()
    monkeypatch.setenv("FAIRS_DATABASE_URL", url)
    monkeypatch.setenv("FAIRS_SECRET_KEY", "test-secret-key-" + "x" * 32)
    monkeypatch.setenv("FAIRS_BASE_URL", "https://fairs.example.test")
    monkeypatch.setenv("FAIRS_SECRET_KEY_FILE", str(tmp_path / "secret"))
    monkeypatch.setenv("FAIRS_EXPORT_DIR", str(tmp_path / "exports"))
    conftest._clear_caches()
    yield url
    from fairs import db

    db.get_engine().dispose()
    db.get_read_engine().dispose()
    conftest._clear_caches()
    sqlite_backend.drop(url)


@pytest.fixture
def world(client: TestClient, session: Session, orgs: dict[str, int], tmp_path: Path) -> World:
    """The matrix's world on a fresh database."""
    client.base_url = "https://testserver"  # the session cookie is Secure in the tests
    w = build_world(client, session, orgs)
    w.extra["orgs"] = orgs
    w.extra["tmp"] = tmp_path
    return w


@dataclass
class Cell:
    """One observed cell."""

    method: str
    path: str
    role: str
    got: str
    status: int
    body: str
    url: str = ""


def run_cells(
    client: TestClient, session: Session, w: World, role: str, keys: list[tuple[str, str]]
) -> list[tuple[Cell, Any]]:
    """Call every route of `keys` as `role` on the world; returns the cells and responses."""
    owner = USERNAMES[role] if role in ("organiser", "committee") else "organiser"
    w.job_token = finished_job(session, owner, w.extra["tmp"])
    caller = Caller(client, session, role)
    out = []
    for method, path in keys:
        values = {**path_values(w), **OVERRIDES.get((method, path), lambda _w: {})(w)}
        url = path.format(**values)
        query = QUERIES.get((method, path), lambda _w: {})(w)
        body_of = BODIES.get((method, path))
        body = body_of(w, caller.username) if body_of else None
        resp = caller.call(method, path, url, body, query)
        if (method, path) in (("POST", "/login"), ("POST", "/account/sessions/end-all")):
            caller.refresh_csrf()  # a login (or logging out everywhere) starts a new session, a new token
        got = classify(method, path, resp)
        if (method, path) in OBSERVERS:
            got = OBSERVERS[method, path](session, w, got)
        out.append((Cell(method, path, role, got, resp.status_code, resp.text[:300], url), resp))
    return out


def test_every_route_has_a_row() -> None:
    """A route without a row, or a row without a route, fails here by name."""
    routes = app_routes()
    missing = sorted(routes - MATRIX.keys())
    stale = sorted(MATRIX.keys() - routes)
    assert not missing, f"routes without a row in MATRIX: {missing}"
    assert not stale, f"rows in MATRIX for routes that no longer exist: {stale}"
    for key, row in MATRIX.items():
        cells = row_cells(row)
        assert row.count("|") == 1 and len(row.partition("|")[0].split()) == len(ROLES) - len(SECOND_DISTRICT)
        assert len(cells) == len(ROLES) and set(cells) <= set("ADLN"), (key, row)


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(role: str, client: TestClient, session: Session, world: World) -> None:
    """Every route as `role`: allowed or refused as the table says; the committee never sees names."""
    keys = ordered(app_routes())
    if role in SECOND_DISTRICT:
        second_district_user(client, session, role)
    fakes = made_up_answers(client, session, world, role) if role in SECOND_DISTRICT else {}
    cells = run_cells(client, session, world, role, keys)
    wrong = [
        f"{c.method} {c.path} as {role}: want {expected(c.method, c.path, role)}, got {c.got} "
        f"({c.status}: {c.body[:120]!r})"
        for c, _resp in cells
        if not matches(expected(c.method, c.path, role), c.got)
    ]
    leaks = []
    if role in ("committee", "curator"):  # the curator reads their people's journey, never personal fields
        leaks = [
            f"{c.method} {c.path}: {personal_leaks(resp)}"
            for c, resp in cells
            if c.method == "GET" and personal_leaks(resp)
        ]
    if role in SECOND_DISTRICT:  # every answer, allowed or refused, GET or not
        traces = [(c, first_district_traces(world, resp, c.url)) for c, resp in cells]
        leaks = [f"{c.method} {c.path} ({c.status}): {found}" for c, found in traces if found]
        told = [
            f"{c.method} {c.path}: district A's record {answer(resp)}, none {fakes[c.method, c.path]}"
            for c, resp in cells
            if (c.method, c.path) in fakes and answer(resp) != fakes[c.method, c.path]
        ]
        assert len(fakes) >= 40, fakes
        wrong += [f"refusal tells the record is there: {t}" for t in told]
    assert not wrong and not leaks, (
        f"{len(keys)} routes × 1 role ({role}) checked; "
        f"{len(wrong)} cells differ from the table:\n"
        + "\n".join(wrong)
        + "\npersonal fields (district B: anything of district A's records):\n"
        + "\n".join(leaks)
    )


# ------------------------------------------------------------------------------------ object-level checks


def made_up_code() -> str:
    """A valid-looking short code (right length, right check symbol) that no coupon has."""
    body = "".join(secrets.choice(h.CROCKFORD) for _ in range(8))
    return body + h.luhn32_check(body)


def answer(resp: Any) -> tuple[int, str]:
    """What a caller can tell from a refusal: the status and the problem code (or the page's status)."""
    code = ""
    if resp.headers.get("content-type", "").startswith(("application/json", h.PROBLEM_JSON)):
        code = resp.json().get("code", "")
    return resp.status_code, code


# (label, method, path template with {ref}, JSON or form body, reference kind: code or token)
FOREIGN_COUPON_CALLS = [
    ("api read by code", "GET", "/api/v1/coupons/{ref}", None, "code"),
    ("api read by token", "GET", "/api/v1/coupons/{ref}", None, "token"),
    ("api redeem by code", "POST", "/api/v1/coupons/{ref}/redeem", None, "code"),
    ("api redeem by token", "POST", "/api/v1/coupons/{ref}/redeem", None, "token"),
    ("api outcome", "POST", "/api/v1/coupons/{ref}/outcome", {"outcome": "service_provided"}, "code"),
    ("api annul", "POST", "/api/v1/coupons/{ref}/annul", {"reason": "error"}, "code"),
    ("page by code", "GET", "/coupons/{ref}", None, "code"),
    ("page by QR token", "GET", "/c/{ref}", None, "token"),
    ("page redeem", "POST", "/coupons/{ref}/redeem", {}, "code"),
    ("page outcome", "POST", "/coupons/{ref}/outcome", {"outcome": "service_provided"}, "code"),
    ("page annul", "POST", "/coupons/{ref}/annul", {"reason": "error", "confirm": "yes"}, "code"),
    ("page inbox outcome", "POST", "/inbox/coupons/{ref}/outcome", {"outcome": "service_provided"}, "code"),
    ("page print", "GET", "/coupons/{ref}/print", None, "code"),
]


def coupon_traces(w: World, resp: Any, kind: str) -> list[str]:
    """What of organisation B's coupon shows in an answer beyond the reference the caller sent: the other
    reference, the client code, the receiving organisation."""
    coupon = w.coupon_b
    code = coupon["code"]
    others = [coupon["token"]] if kind == "code" else [code, f"{code[:4]}-{code[4:8]}-{code[8:]}"]
    values = [*others, coupon["client_code"], coupon["organisation"]]
    return [v for v in values if v and v in resp.text]


@pytest.mark.parametrize("call", FOREIGN_COUPON_CALLS, ids=[c[0] for c in FOREIGN_COUPON_CALLS])
def test_partner_cannot_tell_another_organisations_coupon_from_none(
    call: tuple, client: TestClient, session: Session, world: World
) -> None:
    """Partner A on organisation B's coupon (docs/coupon-lookup.md): by short code, the very answer for a code
    that does not exist; by QR token, 403 `other_organisation` with nothing of the coupon (a made-up token:
    404)."""
    label, method, template, body, kind = call
    caller = Caller(client, session, "partner_a")
    real = world.coupon_b["code"] if kind == "code" else world.coupon_b["token"]
    fake = made_up_code() if kind == "code" else secrets.token_urlsafe(24)
    responses = [caller.call(method, template, template.format(ref=ref), body, {}) for ref in (real, fake)]
    answers = [answer(resp) for resp in responses]
    api = template.startswith("/api/")
    if kind == "code":
        assert answers[0] == answers[1], (
            f"{label}: other organisation's coupon {answers[0]} vs none {answers[1]}"
        )
        assert answers[0] == (404, "unknown_code" if api else ""), f"{label}: {answers[0]}"
        if api:
            assert responses[0].json()["detail"] == responses[1].json()["detail"], label
    else:
        assert answers[0] == (403, "other_organisation" if api else ""), f"{label}: {answers[0]}"
        assert answers[1] == (404, "unknown_code" if api else ""), f"{label}: {answers[1]}"
        if api:
            assert set(responses[0].json()) == {"type", "title", "status", "detail", "code"}, label
    traces = coupon_traces(world, responses[0], kind)
    assert traces == [], f"{label}: {traces}"


def test_committee_cannot_tell_someone_elses_export_from_none(
    client: TestClient, session: Session, world: World
) -> None:
    """An export job of the organiser is, to the committee, the same 404 as a token that does not exist."""
    token = finished_job(session, "organiser", world.extra["tmp"])
    caller = Caller(client, session, "committee")
    for suffix in ("", "/download"):
        real = client.get(
            f"/exports/jobs/{token}{suffix}", headers={**caller.bearer, "Accept": "application/json"}
        )
        fake = client.get(
            f"/exports/jobs/{secrets.token_urlsafe(32)}{suffix}",
            headers={**caller.bearer, "Accept": "application/json"},
        )
        assert answer(real) == answer(fake) == (404, "export_not_found"), (suffix, real.text, fake.text)


def made_up_values(w: World) -> dict[str, Any]:
    """Path parameters that point at nothing: ids no row has, a valid-looking code, a random token."""
    nothing = 987_654
    code = made_up_code()
    return {
        **{
            key: nothing
            for key in (
                "fair_id",
                "booth_id",
                "client_id",
                "organisation_id",
                "user_id",
                "pad_id",
                "district_id",
                "region_id",
                "closed_day_id",
                "submission_id",
                "expected_id",
                "need_id",
                "invitation_id",
                "handover_id",
            )
        },
        "ref": code,
        "code": code,
        "token": secrets.token_urlsafe(24),
        "identifier": "committee",
        "outcome_code": "made_up_outcome",
        "milestone": 6,
    }


# Path parameters that name no district's record.
NEUTRAL_PARAMS = {"identifier", "milestone"}
# A made-up value of another shape where the route's parameter is not a coupon's.
MADE_UP_OVERRIDES: dict[tuple[str, str], Callable[[World], dict[str, Any]]] = {
    ("GET", "/api/v1/clients/by-code/{code}"): lambda w: {"code": "ЮЮЮЮ170"},
    ("GET", "/exports/jobs/{token}"): lambda w: {"token": secrets.token_urlsafe(32)},
    ("GET", "/exports/jobs/{token}/download"): lambda w: {"token": secrets.token_urlsafe(32)},
}


def names_a_record(path: str) -> bool:
    """Whether the path's parameters name a record (of district A, in the matrix's world)."""
    return bool({p.split("}")[0] for p in path.split("{")[1:]} - NEUTRAL_PARAMS)


def made_up_answers(
    client: TestClient, session: Session, w: World, role: str
) -> dict[tuple[str, str], tuple]:
    """Every route whose path names one of district A's records and that the table refuses to `role` (`D` or
    `N`), asked with made-up ids, codes and tokens instead: its answer (status and problem code) by route.
    Nothing exists to change, so these run before the cells."""
    caller = Caller(client, session, role)
    out = {}
    for method, path in ordered(app_routes()):
        key = (method, path)
        if not names_a_record(path) or expected(method, path, role) not in "DN" or key in LAST:
            continue
        fake = {**made_up_values(w), **MADE_UP_OVERRIDES.get(key, lambda _w: {})(w)}
        query = QUERIES.get(key, lambda _w: {})(w)
        body_of = BODIES.get(key)
        body = body_of(w, caller.username) if body_of else None
        out[key] = answer(caller.call(method, path, path.format(**fake), body, query))
    return out


@pytest.mark.parametrize("route", ["/api/v1/users", "/users"])
def test_organiser_b_cannot_tell_a_first_district_organisation_from_none(
    route: str, client: TestClient, session: Session, orgs: dict[str, int]
) -> None:
    """A partner account for organisation A (district A) asked by organiser_b is refused with the same answer
    as one for an organisation that does not exist (district B does not see A's organisations: 404 on
    /api/v1/organisations/{id})."""
    client.base_url = "https://testserver"  # the session cookie is Secure in the tests
    caller = Caller(client, session, "organiser_b")
    answers = []
    for name, organisation_id in (("real", orgs["employment"]), ("fake", 987_654)):
        body = {
            "username": f"x_{name}",
            "password": base_world.PASSWORD,
            "role": "partner",
            "organisation_id": organisation_id if route.startswith("/api/") else str(organisation_id),
        }
        answers.append(answer(caller.call("POST", route, route, body, {})))
    assert ("POST", route) in MATRIX
    assert answers[0] == answers[1], f"{route}: district A's organisation {answers[0]}, none {answers[1]}"


def test_planted_personal_fields_are_there_to_find(
    client: TestClient, session: Session, world: World
) -> None:
    """The committee's and district B's scans are not vacuous: the organiser does see the planted fields, and
    district A's client and coupon codes."""
    caller = Caller(client, session, "organiser")
    api = caller.call("GET", "", f"{h.API}/clients/{world.client['id']}", None, {})
    page = caller.call("GET", "", f"/clients/{world.client['id']}", None, {})
    assert {FULL_NAME, PHONE, BIRTH_DATE} <= set(personal_leaks(api)), api.text
    assert FULL_NAME in personal_leaks(page)
    traces = first_district_traces(world, page, "")
    assert {world.client["code"], world.coupon_a["code"], FULL_NAME} <= set(traces), traces


def test_matrix_size() -> None:
    """The size of what the matrix checks (printed in the message when it changes)."""
    routes = len(app_routes())
    assert (routes, len(ROLES), routes * len(ROLES)) == (ROUTES_CHECKED, 11, ROUTES_CHECKED * 11), (
        f"{routes} routes × {len(ROLES)} roles = {routes * len(ROLES)} cells"
    )
