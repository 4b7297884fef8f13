"""The SQLite record reads sensibly in Datasette: plain-named views, and no way to the password hashes."""
from __future__ import annotations

import asyncio

from datasette.app import Datasette

from encounters.publish.datasette import datasette_metadata
from encounters.review.users import create_user


def fetch(ds: Datasette, path: str):
    async def get():
        return await ds.client.get(path)

    return asyncio.run(get())


def test_views_read_sensibly_and_users_stay_private(sample_store, tmp_path):
    db = sample_store.engine.url.database
    create_user(sample_store, "dana", "correct horse battery", "editor")
    ds = Datasette([db], metadata=datasette_metadata(db))
    name = datasette_metadata(db)["databases"].popitem()[0]
    rows = fetch(ds, f"/{name}/incident_list.json?_shape=array").json()
    assert len(rows) == len(sample_store.incident_rows())
    assert {"id", "date", "city", "state", "killed", "injured", "review_status"} <= set(rows[0])
    accounts = fetch(ds, f"/{name}/incident_accounts.json?_shape=array&side=official").json()
    assert accounts and all(a["incident_id"] and a["quote"] for a in accounts)
    sources = fetch(ds, f"/{name}/incident_sources.json?_shape=array").json()
    assert {s["document_id"] for s in sources} >= {"franklin-park-dhs-statement.txt"}
    assert fetch(ds, f"/{name}/users.json").status_code == 403
    assert fetch(ds, f"/{name}.json?sql=select+password_hash+from+users").status_code == 403
