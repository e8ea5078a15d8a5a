"""The JSON API fuzzed against its own OpenAPI schema: no 5xx, every answer as the schema declares it.

Schemathesis draws requests for every /api/v1 operation (valid ones, and ones that break the schema),
sends them to the app in process with an organiser's bearer token (and a partner's, for the reads), and
checks each answer: not a server error, a declared status code and content type, a body matching the
declared schema (problem+json for every refusal). Path ids are drawn partly from the rows that exist, so
the requests reach the services, not only "404 not found".
"""

from __future__ import annotations

import os
from collections import Counter

import hypothesis
import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from fairs.app import create_app
from tests.api import helpers as h

# Examples per operation and mode; FAIRS_FUZZ_EXAMPLES raises it for a longer run by hand.
EXAMPLES = int(os.environ.get("FAIRS_FUZZ_EXAMPLES", "6"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# Operations not fuzzed, and why.
SKIPPED = {
    ("POST", "/api/v1/auth/token"),  # every wrong password counts towards the login lockout
}
RAN: Counter[str] = Counter()


def _operations(schema, methods: tuple[str, ...]):  # noqa: ANN001, ANN202
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.method.upper() in methods and (operation.method.upper(), operation.path) not in SKIPPED:
            yield operation


def _known_ids(session) -> dict[str, list[int]]:  # noqa: ANN001
    tables = {
        "fair_id": "fair",
        "booth_id": "booth",
        "client_id": "client",
        "user_id": "user",
        "organisation_id": "organisation",
    }
    known = {}
    for name, table in tables.items():
        rows = session.execute(h.text(f'SELECT id FROM "{table}" ORDER BY id')).scalars().all()  # noqa: S608
        known[name] = list(rows)
    return known


def _runner(strategy, *, positive: bool, known: dict, headers: dict, label: str):  # noqa: ANN001, ANN202
    @hypothesis.settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
    )
    @given(case=strategy, data=st.data())
    def run(case, data) -> None:  # noqa: ANN001
        for name in list(case.path_parameters or {}):
            # Half the valid requests name a row that exists, so they get past "not found".
            if positive and known.get(name) and data.draw(st.booleans()):
                case.path_parameters[name] = data.draw(st.sampled_from(known[name]))
        case.call_and_validate(headers=headers, checks=CHECKS)
        RAN[label] += 1

    return run


def _fuzz(app, session, headers: dict, methods: tuple[str, ...], label: str) -> None:  # noqa: ANN001
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    known = _known_ids(session)
    coupons = session.execute(h.text("SELECT code, token FROM coupon")).all()
    known["code"] = [code for code, _token in coupons]
    known["token"] = [token for _code, token in coupons]
    known["ref"] = known["code"] + known["token"]
    for operation in _operations(schema, methods):
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            strategy = operation.as_strategy(generation_mode=mode)
            positive = mode is GenerationMode.POSITIVE
            try:
                _runner(strategy, positive=positive, known=known, headers=headers, label=label)()
            except hypothesis.errors.Unsatisfiable:
                # Nothing to break: an operation without parameters or body has no invalid request.
                assert not positive, operation.path


@pytest.fixture
def fuzz_world(client, hdr, scene, orgs):  # noqa: ANN001, ANN201
    """The scene plus a coupon issued and one redeemed, so reads and actions find real rows."""
    partner = hdr["partner_employment"]
    for _ in range(2):
        h.issue(
            client,
            partner,
            booth=scene.employment_booth,
            client_id=scene.client_id,
            org=orgs["hospital"],
            direction="hiv_testing",
        )
    return scene


def test_api_conforms_to_its_schema(db_url, session, hdr, fuzz_world, record_property):  # noqa: ANN001
    app = create_app()
    RAN.clear()
    _fuzz(app, session, hdr["organiser"], ("GET", "POST", "PUT", "PATCH", "DELETE"), "organiser")
    _fuzz(app, session, hdr["partner_employment"], ("GET",), "partner")
    record_property("fuzz_examples", dict(RAN))
    print(f"fuzz examples run: {dict(RAN)}")  # noqa: T201
    assert RAN["organiser"] > 0 and RAN["partner"] > 0
