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


def test_hidden_tables_stay_closed_by_url_and_a_private_record_needs_a_login(sample_store):
    import base64

    from encounters.publish.datasette import PLUGINS_DIR
    from encounters.review.users import create_token

    db = sample_store.engine.url.database
    if sample_store.user("erin") is None:
        create_user(sample_store, "erin", "correct horse battery", "viewer")
    name = datasette_metadata(db)["databases"].popitem()[0]
    ds = Datasette([db], metadata=datasette_metadata(db, public=True), plugins_dir=str(PLUGINS_DIR))
    for table in ("documents", "ingest_runs", "mentions", "pins", "sessions", "api_tokens", "users"):
        assert fetch(ds, f"/{name}/{table}.json").status_code == 403, table
    docs = fetch(ds, f"/{name}/document_list.json?_shape=array").json()
    assert docs and "source" not in docs[0]  # no server paths
    private = Datasette([db], metadata=datasette_metadata(db, public=False), plugins_dir=str(PLUGINS_DIR))

    def get(path: str, **headers):
        async def run():
            return await private.client.get(path, headers=headers)

        return asyncio.run(run())

    anon = get(f"/{name}/incident_list.json")
    assert anon.status_code == 401 and anon.headers["www-authenticate"].startswith("Basic")
    basic = "Basic " + base64.b64encode(b"erin:correct horse battery").decode()
    assert get(f"/{name}/incident_list.json?_shape=array", authorization=basic).status_code == 200
    wrong = "Basic " + base64.b64encode(b"erin:wrong password!").decode()
    assert get(f"/{name}/incident_list.json", authorization=wrong).status_code == 401
    _, token = create_token(sample_store, "erin", "read")
    assert get(f"/{name}/incident_list.json", authorization=f"Bearer {token}").status_code == 200
    assert get(f"/{name}/users.json", authorization=f"Bearer {token}").status_code == 403
