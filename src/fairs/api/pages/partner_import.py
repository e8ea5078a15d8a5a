"""Pages: partner organisations and their staff accounts from a spreadsheet (organisers).

Download the template, upload it filled in (a preview of every row with its errors; nothing written),
confirm (every row checked again, then all written in one transaction, or nothing). The preview carries
the rows as typed in a hidden field: the confirmation trusts none of it and checks it all again.
"""

from __future__ import annotations

import base64
import json
import zlib
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, File, Form, Request, UploadFile
from fastapi.responses import Response

from fairs.api.deps import PageOrganiser, SessionDep, csrf_protect
from fairs.api.pages.common import render
from fairs.api.routing import Router, on_refusal
from fairs.errors import DomainError
from fairs.i18n import _
from fairs.models import User
from fairs.services import partner_import

router = Router(tags=["pages"], dependencies=[Depends(csrf_protect)], include_in_schema=False)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEMPLATE_NAME = "partners-template.xlsx"


def attachment(filename: str, fallback: str) -> str:
    """Content-Disposition for a download whose name is not ASCII (RFC 6266: `filename*`)."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"


def _rows_of(file: UploadFile | None) -> dict:
    return partner_import.read_upload(file.file if file else None, file.filename if file else None)


def carry(rows: dict) -> str:
    """The rows as typed, packed for the confirmation form's hidden field (compressed: Cyrillic text
    percent-encoded would take six bytes a letter)."""
    packed = zlib.compress(json.dumps(rows, ensure_ascii=False).encode(), 9)
    return base64.urlsafe_b64encode(packed).decode("ascii")


def unpack(carried: str) -> object:
    """The rows back from the hidden field, or None when it is not what `carry` made (checked later)."""
    try:
        data = zlib.decompressobj().decompress(base64.urlsafe_b64decode(carried), 4 * 1024 * 1024)
        return json.loads(data)
    except (ValueError, zlib.error):
        return None


def _page(
    request: Request,
    user: User,
    *,
    check: partner_import.ImportCheck | None = None,
    result: partner_import.ImportResult | None = None,
    error: str | None = None,
    status: int = 200,
) -> Response:
    context = {
        "check": check,
        "result": result,
        "carried": carry(check.raw()) if check is not None and check.ok else "",
        "max_rows": partner_import.MAX_ROWS,
        "max_kb": partner_import.MAX_BYTES // 1024,
        "messages": [{"kind": "error", "text": error, "where": "import"}] if error else [],
    }
    return render(request, "organisations_import.html", context, user=user, status=status)


@router.get("/organisations/template.xlsx")
def template(session: SessionDep, user: PageOrganiser) -> Response:
    """The import template: organisations, staff accounts, and the reference lists (kinds, directions)."""
    content = partner_import.template_for(session, actor=user)
    name = _("Partners import template") + ".xlsx"
    headers = {"Content-Disposition": attachment(name, TEMPLATE_NAME)}
    return Response(content, media_type=XLSX, headers=headers)


@router.get("/organisations/import")
def import_form(request: Request, user: PageOrganiser) -> Response:
    """What the import does, the template to download, and the upload form."""
    return _page(request, user)


@router.post("/organisations/import")
def preview(
    request: Request,
    session: SessionDep,
    user: PageOrganiser,
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """Every row of the uploaded file with its errors; nothing is written."""
    on_refusal(lambda error: _page(request, user, error=error.message, status=error.status))
    check = partner_import.check_import(session, actor=user, rows=_rows_of(file))
    status = 200 if check.ok else 400
    return _page(request, user, check=check, status=status)


@router.post("/organisations/import/confirm")
def confirm(
    request: Request,
    session: SessionDep,
    user: PageOrganiser,
    rows: Annotated[str, Form(max_length=500_000)] = "",
) -> Response:
    """Check every row again and write them all in one transaction (or nothing); show the passwords once."""

    def refused(error: DomainError) -> Response:
        if error.code == "import_invalid":  # show the rows again, each with its errors
            check = partner_import.check_import(session, actor=user, rows=parsed)
            return _page(request, user, check=check, error=error.message, status=error.status)
        return _page(request, user, error=error.message, status=error.status)

    on_refusal(refused)
    parsed = unpack(rows)
    result = partner_import.import_rows(session, actor=user, rows=parsed)
    return _page(request, user, result=result)
