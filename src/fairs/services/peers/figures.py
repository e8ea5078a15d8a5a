"""The report's peer figures for districts and a period (docs/report.md): people reached through peers,
the deepest recruiter → recruit chain among them, and incentives handed over."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from sqlmodel import Session, col, func, select

from fairs.models import Fair, PeerIncentive, PeerInvitation


def peer_figures(session: Session, *, district_ids: list[int], start: date, end: date) -> dict[str, int]:
    """`peer_recruited_persons`: distinct persons who came to a fair of the districts held in the period
    with a peer's invitation; `peer_chain_depth`: the longest chain of recruiters above one of them, counted
    in links (a recruit of a client nobody recruited: 1); `peer_incentives`: incentives handed over in the
    period."""
    recruits = session.exec(
        select(PeerInvitation.recruit_client_id, PeerInvitation.recruit_person_id)
        .join(Fair, Fair.id == PeerInvitation.used_fair_id)
        .where(col(PeerInvitation.district_id).in_(district_ids), Fair.date >= start, Fair.date <= end)
    ).all()
    incentives = session.exec(
        select(func.count())
        .select_from(PeerIncentive)
        .where(
            col(PeerIncentive.district_id).in_(district_ids),
            PeerIncentive.handed_on >= start,
            PeerIncentive.handed_on <= end,
        )
    ).one()
    depth = 0
    if recruits:
        above = _recruiters(session, district_ids)
        depth = max(_depth(above, client_id) for client_id, _person in recruits)
    return {
        "peer_recruited_persons": len({person for _client, person in recruits}),
        "peer_chain_depth": depth,
        "peer_incentives": int(incentives),
    }


def _recruiters(session: Session, district_ids: list[int]) -> dict[int, int]:
    """Recruit → recruiter, every link of the districts (earlier links of a chain may lie before the
    period)."""
    rows = session.exec(
        select(PeerInvitation.recruit_client_id, PeerInvitation.recruiter_client_id).where(
            col(PeerInvitation.district_id).in_(district_ids),
            col(PeerInvitation.recruit_client_id).is_not(None),
        )
    ).all()
    return dict(rows)


def _depth(above: dict[int, int], client_id: int) -> int:
    links, seen = 0, {client_id}
    while client_id in above:
        client_id = above[client_id]
        links += 1
        if client_id in seen:  # never made (services refuse it), but never an endless walk
            break
        seen.add(client_id)
    return links


class _Scope(Protocol):
    district_ids: tuple[int, ...]


class _Period(Protocol):
    start: date
    end: date


def report_figures(session: Session, scope: _Scope, period: _Period) -> dict[str, int]:
    """`peer_figures` for the report's scope and period (the one tally's and a kept period's)."""
    return peer_figures(session, district_ids=list(scope.district_ids), start=period.start, end=period.end)
