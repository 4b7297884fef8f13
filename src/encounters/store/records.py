"""Reviewers' records: users, their sessions and API tokens, failed logins, standing field reviews, the audit log
and accuracy reports.

In: an engine (through ``Store``, which mixes this in), usernames with password hashes made by
the review stage, field decisions with the incident version the reviewer saw. Out: rows read back
as plain dicts. Sessions and tokens are stored only as sha256 hashes of their secrets. ``add_review`` is the optimistic lock: it bumps the incident's version only if it is
still the one the reviewer read, in the same transaction that records the decision and its audit
entry, and raises ``ConflictError`` otherwise, so two editors never overwrite each other silently.
Nothing here deletes a decision: the newest review per field stands, older ones stay. Accuracy
reports (``encounters evaluate``) are kept newest first, the last ``KEEP_REPORTS`` of them.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from encounters.core.errors import ConflictError, EncountersError, NotFoundError
from encounters.store import schema as t


KEEP_REPORTS = 10


def now() -> datetime:
    return datetime.now(timezone.utc)


def aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes: they were written in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


class ReviewRecords:
    """Mixed into ``Store``."""

    engine: Engine

    # ------------------------------------------------------------ users
    def add_user(self, username: str, password_hash: str, role: str) -> None:
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(t.users).values(username=username, password_hash=password_hash, role=role,
                                                    disabled=False, created_at=now()))
        except IntegrityError:
            raise EncountersError(f"user {username!r} already exists",
                                  hint="`encounters users password NAME` sets a new password") from None

    def update_user(self, username: str, **values: Any) -> None:
        with self.engine.begin() as conn:
            done = conn.execute(update(t.users).where(t.users.c.username == username).values(**values)).rowcount
        if not done:
            raise NotFoundError(f"no user {username!r}", hint="`encounters users list` shows them")

    def user(self, username: str) -> dict | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(t.users).where(t.users.c.username == username)).first()
        return dict(row._mapping) if row else None

    def users(self) -> list[dict]:
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(select(t.users).order_by(t.users.c.username))]

    # ------------------------------------------------------------ sessions, tokens, failed logins
    def add_session(self, id_hash: str, username: str, expires_at: datetime) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(t.sessions).where(t.sessions.c.expires_at < now()))  # expired ones go
            conn.execute(insert(t.sessions).values(id_hash=id_hash, username=username, created_at=now(),
                                                   expires_at=expires_at))

    def session_owner(self, id_hash: str) -> str | None:
        """The user of a live session (None when it ended, expired or never was)."""
        with self.engine.connect() as conn:
            row = conn.execute(select(t.sessions.c.username, t.sessions.c.expires_at)
                               .where(t.sessions.c.id_hash == id_hash)).first()
        if row is None or aware(row.expires_at) < now():
            return None
        return row.username

    def end_sessions(self, *, id_hash: str | None = None, username: str | None = None) -> int:
        q = delete(t.sessions)
        q = q.where(t.sessions.c.id_hash == id_hash) if id_hash else q.where(t.sessions.c.username == username)
        with self.engine.begin() as conn:
            return conn.execute(q).rowcount

    def add_token(self, token_hash: str, username: str, scope: str, label: str | None) -> int:
        with self.engine.begin() as conn:
            return conn.execute(insert(t.api_tokens).values(token_hash=token_hash, username=username, scope=scope,
                                                            label=label, created_at=now())).inserted_primary_key[0]

    def token(self, token_hash: str) -> dict | None:
        """A live token's row (not revoked), its last use noted."""
        with self.engine.begin() as conn:
            row = conn.execute(select(t.api_tokens).where(t.api_tokens.c.token_hash == token_hash,
                                                          t.api_tokens.c.revoked_at.is_(None))).first()
            if row is not None:
                conn.execute(update(t.api_tokens).where(t.api_tokens.c.id == row.id).values(last_used_at=now()))
        return dict(row._mapping) if row else None

    def tokens(self, username: str | None = None) -> list[dict]:
        q = select(*[c for c in t.api_tokens.c if c.name != "token_hash"]).order_by(t.api_tokens.c.id)
        if username:
            q = q.where(t.api_tokens.c.username == username)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    def revoke_tokens(self, *, token_id: int | None = None, username: str | None = None) -> int:
        q = update(t.api_tokens).where(t.api_tokens.c.revoked_at.is_(None))
        q = q.where(t.api_tokens.c.id == token_id) if token_id is not None else q.where(t.api_tokens.c.username == username)
        with self.engine.begin() as conn:
            return conn.execute(q.values(revoked_at=now())).rowcount

    def login_failures(self, key: str) -> dict | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(t.login_failures).where(t.login_failures.c.key == key)).first()
        if row is None:
            return None
        return {"failures": row.failures, "first_at": aware(row.first_at),
                "locked_until": aware(row.locked_until) if row.locked_until else None}

    def set_login_failures(self, key: str, failures: int, first_at: datetime, locked_until: datetime | None) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(t.login_failures).where(t.login_failures.c.key == key))
            if failures:
                conn.execute(insert(t.login_failures).values(key=key, failures=failures, first_at=first_at,
                                                             locked_until=locked_until))

    # ------------------------------------------------------------ reviews and audit
    def incident_version(self, incident_id: str) -> int:
        with self.engine.connect() as conn:
            v = conn.execute(select(t.incidents.c.version).where(t.incidents.c.id == incident_id)).scalar()
        if v is None:
            raise NotFoundError(f"no incident {incident_id!r}", hint="`encounters incidents` lists the ids")
        return v

    def claim_version(self, incident_id: str, expected: int) -> None:
        """Take the incident for a change made on version ``expected`` (``ConflictError`` if it moved on)."""
        with self.engine.begin() as conn:
            self.bump_version(conn, incident_id, expected)

    def bump_version(self, conn: Connection, incident_id: str, expected: int | None) -> None:
        """Take the incident for this change, or raise ``ConflictError`` if it moved on."""
        q = update(t.incidents).where(t.incidents.c.id == incident_id)
        if expected is not None:
            q = q.where(t.incidents.c.version == expected)
        if conn.execute(q.values(version=t.incidents.c.version + 1, updated_at=now())).rowcount:
            return
        row = conn.execute(select(t.incidents.c.version).where(t.incidents.c.id == incident_id)).first()
        if row is None:
            raise NotFoundError(f"no incident {incident_id!r}", hint="it may have been merged into another")
        last = conn.execute(select(t.audit_log.c.author, t.audit_log.c.created_at)
                            .where(t.audit_log.c.incident_id == incident_id)
                            .order_by(t.audit_log.c.id.desc()).limit(1)).first()
        who = f" by {last.author} at {last.created_at:%Y-%m-%d %H:%M}" if last else " by a new source or a re-extraction"
        raise ConflictError(f"incident {incident_id} was changed{who} since you opened it (version {expected}, now "
                            f"{row.version}); your change was not saved",
                            hint="reload the incident, check the other change, and make yours again")

    def add_review(self, incident_id: str, field: str, action: str, value: Any, *, old: Any, reason: str,
                   author: str, expected_version: int | None) -> None:
        """Record a reviewer's decision on a field, with its audit entry, under the optimistic lock."""
        with self.engine.begin() as conn:
            self.bump_version(conn, incident_id, expected_version)
            at = now()
            conn.execute(insert(t.field_reviews).values(incident_id=incident_id, field=field, action=action,
                                                        value=value, reason=reason, author=author, created_at=at))
            conn.execute(insert(t.audit_log).values(incident_id=incident_id, action=action, field=field, old=old,
                                                    new=value, reason=reason, author=author, created_at=at))

    def add_audit(self, incident_id: str, action: str, *, reason: str, author: str, field: str | None = None,
                  old: Any = None, new: Any = None) -> None:
        with self.engine.begin() as conn:
            conn.execute(insert(t.audit_log).values(incident_id=incident_id, action=action, field=field, old=old,
                                                    new=new, reason=reason, author=author, created_at=now()))

    def standing_reviews(self, incident_id: str, conn: Connection | None = None) -> dict[str, dict]:
        """field → the newest decision on it (``reopen`` included: it ends the one before)."""
        q = select(t.field_reviews).where(t.field_reviews.c.incident_id == incident_id).order_by(t.field_reviews.c.id)
        if conn is None:
            with self.engine.connect() as c:
                rows = c.execute(q).all()
        else:
            rows = conn.execute(q).all()
        out: dict[str, dict] = {}
        for r in rows:
            out[r.field] = {"action": r.action, "value": r.value, "reason": r.reason, "author": r.author,
                            "at": r.created_at.isoformat() if r.created_at else None}
        return out

    def move_reviews(self, from_id: str, to_id: str) -> None:
        """A merged-away incident's reviews follow its mentions (older than the kept ones' own)."""
        with self.engine.begin() as conn:
            conn.execute(update(t.field_reviews).where(t.field_reviews.c.incident_id == from_id)
                         .values(incident_id=to_id))
            self.move_decisions(conn, from_id, to_id)  # people and sources too (``OverlayRecords``)

    def history(self, incident_id: str) -> list[dict]:
        """Every change to an incident and to the incidents merged into it (each row says which), newest first."""
        ids = [incident_id, *self.merged_ids(incident_id)]
        q = select(t.audit_log).where(t.audit_log.c.incident_id.in_(ids)).order_by(t.audit_log.c.id.desc())
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    # ------------------------------------------------------------ accuracy reports
    def save_accuracy_report(self, report: dict, *, gold: str, author: str) -> int:
        """Keep a report of ``encounters evaluate`` (and only the newest ``KEEP_REPORTS``); returns its id."""
        with self.engine.begin() as conn:
            new_id = conn.execute(insert(t.accuracy_reports).values(
                created_at=now(), gold=gold[:512], author=author[:255], summary=report.get("summary", ""),
                report=report)).inserted_primary_key[0]
            keep = select(t.accuracy_reports.c.id).order_by(t.accuracy_reports.c.id.desc()).limit(KEEP_REPORTS)
            conn.execute(delete(t.accuracy_reports).where(t.accuracy_reports.c.id.not_in(keep.scalar_subquery())))
        return new_id

    def last_accuracy_report(self) -> dict | None:
        """The newest accuracy report: id, created_at, gold, author, summary and the report itself."""
        q = select(t.accuracy_reports).order_by(t.accuracy_reports.c.id.desc()).limit(1)
        with self.engine.connect() as conn:
            row = conn.execute(q).first()
        return dict(row._mapping) if row else None
