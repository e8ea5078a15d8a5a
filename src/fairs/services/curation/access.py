"""Who may read and keep a client's journey: the organisers of the client's district, and the client's own
curator. Anyone else (another curator, another district) is told the client does not exist."""

from __future__ import annotations

from sqlmodel import Session, select

from fairs.errors import Forbidden, NotFound
from fairs.i18n import _
from fairs.models import Client, ClientCurator, Role, User
from fairs.services import clients

JOURNEY_ROLES = (Role.organiser, Role.curator)


def curator_id_of(session: Session, client_id: int) -> int | None:
    """The id of the client's curator, if one is assigned."""
    return session.exec(select(ClientCurator.curator_id).where(ClientCurator.client_id == client_id)).first()


def curator_of(session: Session, client_id: int) -> User | None:
    """The client's curator's account, if one is assigned."""
    curator_id = curator_id_of(session, client_id)
    return session.get(User, curator_id) if curator_id is not None else None


def journey_client(session: Session, *, actor: User, client_id: int) -> Client:
    """A client whose journey the actor may read and keep: an organiser's of their district, a curator's
    own; else 404 `client_not_found`, as for an id that does not exist."""
    if actor.role not in JOURNEY_ROLES:
        raise Forbidden(_("Only organisers and curators keep a client's journey."))
    client = clients.get_client(session, actor=actor, client_id=client_id)
    if actor.role == Role.curator and curator_id_of(session, client.id) != actor.id:
        raise NotFound(_("No such client."), code="client_not_found")
    return client
