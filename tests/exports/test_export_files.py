"""A background export's scratch file is 0600 in a 0700 folder, whatever the umask; a folder an earlier
version left open is closed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from fairs import config
from fairs.exports import store
from tests.api import helpers as h
from tests.api.test_file_modes import mode, open_umask  # noqa: F401  (a fixture)
from tests.exports.test_jobs import JSON, small_threshold, wait_done  # noqa: F401  (a fixture)

REGISTER = "/exports/register.xlsx"


@pytest.mark.usefixtures("small_threshold", "open_umask")
@pytest.mark.parametrize("existing", [False, True])
def test_a_background_export_writes_only_private_files(
    client, auth, history, monkeypatch, tmp_path, existing
):
    folder = tmp_path / "scratch" / "exports"
    if existing:
        folder.mkdir(parents=True, mode=0o755)
        os.chmod(folder, 0o755)  # noqa: S103  (as an earlier version left it)
    monkeypatch.setenv("FAIRS_EXPORT_DIR", str(folder))
    config.get_settings.cache_clear()
    seen: list[tuple[int, int, list[int]]] = []
    real_store = store.store

    def store_and_look(job_id: int, source) -> int:  # noqa: ANN001
        # The finished workbook, still on disk: its mode, its folder's, and every file's in the folder.
        seen.append(
            (os.fstat(source.fileno()).st_mode & 0o777, mode(folder), [mode(p) for p in folder.iterdir()])
        )
        return real_store(job_id, source)

    monkeypatch.setattr(store, "store", store_and_look)
    headers = auth("organiser")
    token = h.expect(client.get(REGISTER, params=history.params(), headers={**headers, **JSON}), 202)["job"]
    assert wait_done(client, headers, token)["status"] == "done"
    [(file_mode, folder_mode, others)] = seen
    assert (file_mode, folder_mode) == (0o600, 0o700)
    assert all(m == 0o600 for m in others), others
    if not existing:
        assert mode(Path(folder).parent) == 0o700  # the missing parent too
