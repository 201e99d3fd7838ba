"""History: what each change did to each work, recorded in the same transaction.

A session whose ``info`` holds a ``"command"`` records its changes: the first
time a flush touches a work, its stored state (read with Core, before the flush
writes) is kept as *before*; at commit each touched work's state is read again
as *after*, and one ``changes`` row with a ``change_works`` row per work is
written. A work made by the change has no *before*; a removed one no *after*.
Works made in bulk (an import) are recorded without an *after*: their first
state is the row itself, and any later change keeps its own *before*.

Core writes that bypass the ORM tell the recorder themselves (``touch`` before
changing or deleting works, ``created`` after inserting them). A change may be
split into groups (``start_group``): an undo of three changes records three.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Table, delete, event, func, insert, select
from sqlalchemy.orm import Session, UOWTransaction

from sourcebox.db import bulk
from sourcebox.db.base import Base, UTCDateTime, utcnow
from sourcebox.db.models import QuoteRow, SnapshotRow, WorkCreatorRow, WorkRow

Doc = dict[str, Any]

_TABLES = Base.metadata.tables
_WORKS, _LINKS, _CREATORS = _TABLES["works"], _TABLES["work_creators"], _TABLES["creators"]
_TAGS, _WORK_TAGS = _TABLES["tags"], _TABLES["work_tags"]
_QUOTES, _SNAPSHOTS = _TABLES["quotes"], _TABLES["snapshots"]
_CHANGES, _CHANGE_WORKS = _TABLES["changes"], _TABLES["change_works"]
_CHUNK = 500


@dataclass
class Group:
    """The works one change touched: their states before it, and the ones it made."""

    command: str
    summary: str = ""
    undoes: int | None = None
    before: dict[int, Doc | None] = field(default_factory=dict)
    after: dict[int, Doc] | None = None  # read when the group is closed early

    def __bool__(self) -> bool:
        return bool(self.before)


@dataclass
class Recorder:
    """The groups of the current transaction; written at commit."""

    groups: list[Group]
    written: list[int] = field(default_factory=list)

    @property
    def current(self) -> Group:
        """The group now recording."""
        return self.groups[-1]


def recorder(session: Session) -> Recorder | None:
    """The session's recorder, made on first use when the session names a command."""
    found = session.info.get("history")
    if isinstance(found, Recorder):
        return found
    command = session.info.get("command")
    if not command:
        return None
    made = Recorder([Group(str(command), str(session.info.get("summary", "")))])
    session.info["history"] = made
    return made


def touch(session: Session, ids: Iterable[int]) -> None:
    """Keep the stored state of these works before a Core statement changes them."""
    record = recorder(session)
    if record is None:
        return
    todo = [i for i in dict.fromkeys(ids) if i not in record.current.before]
    if todo:
        docs = read_docs(session, todo)
        for work_id in todo:
            record.current.before[work_id] = docs.get(work_id)


def created(session: Session, ids: Iterable[int]) -> None:
    """Note works just inserted (they had no state before)."""
    record = recorder(session)
    if record is None:
        return
    for work_id in ids:
        record.current.before.setdefault(work_id, None)


def start_group(
    session: Session, command: str, summary: str = "", undoes: int | None = None
) -> None:
    """Close the current group and start another in the same transaction."""
    record = recorder(session)
    if record is None:
        return
    session.flush()
    if not record.current:
        record.groups.pop()
    else:
        record.current.after = read_docs(session, list(record.current.before))
    record.groups.append(Group(command, summary, undoes))


# --- states as JSON -------------------------------------------------------------------


def _plain(table: Table, row: Any) -> Doc:
    out: Doc = {}
    for column in table.c:
        value = getattr(row, column.name)
        if isinstance(value, datetime):
            value = value.isoformat()
        out[column.name] = value
    return out


def _typed(table: Table, doc: Doc) -> Doc:
    out = dict(doc)
    for column in table.c:
        if isinstance(column.type, UTCDateTime) and isinstance(out.get(column.name), str):
            out[column.name] = datetime.fromisoformat(out[column.name])
    return out


def read_docs(session: Session, ids: Sequence[int]) -> dict[int, Doc]:
    """The stored state of these works (absent ones left out), as JSON-able documents."""
    docs: dict[int, Doc] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        for row in session.execute(select(_WORKS).where(_WORKS.c.id.in_(chunk))):
            docs[row.id] = {
                "work": _plain(_WORKS, row),
                "creators": [],
                "tags": [],
                "quotes": [],
                "snapshots": [],
            }
        names = select(_LINKS.c.work_id, _LINKS.c.position, _LINKS.c.role, *(
            getattr(_CREATORS.c, part) for part in bulk.NAME_PARTS
        )).join(_CREATORS, _CREATORS.c.id == _LINKS.c.creator_id)  # fmt: skip
        for link in session.execute(
            names.where(_LINKS.c.work_id.in_(chunk)).order_by(_LINKS.c.work_id, _LINKS.c.position)
        ):
            docs[link.work_id]["creators"].append(
                {"role": link.role, **{p: getattr(link, p) for p in bulk.NAME_PARTS}}
            )
        tags = select(_WORK_TAGS.c.work_id, _TAGS.c.name).join(
            _TAGS, _TAGS.c.id == _WORK_TAGS.c.tag_id
        )
        for work_id, name in session.execute(
            tags.where(_WORK_TAGS.c.work_id.in_(chunk)).order_by(_TAGS.c.name)
        ):
            docs[work_id]["tags"].append(name)
        for table, part in ((_QUOTES, "quotes"), (_SNAPSHOTS, "snapshots")):
            query = select(table).where(table.c.work_id.in_(chunk)).order_by(table.c.id)
            for row in session.execute(query):
                docs[row.work_id][part].append(_plain(table, row))
    return docs


def same_state(a: Doc | None, b: Doc | None) -> bool:
    """Two states alike apart from when they were last touched."""
    if a is None or b is None:
        return a is b

    def strip(doc: Doc) -> Doc:
        work = {k: v for k, v in doc["work"].items() if k != "updated_at"}
        return {**doc, "work": work}

    return strip(a) == strip(b)


def _identity(creator: Doc) -> bulk.Identity:
    return (
        creator["family"], creator["given"], creator["particle"], creator["suffix"],
        creator["literal"],
    )  # fmt: skip


def write_doc(session: Session, doc: Doc) -> None:
    """Put a work back exactly as ``doc`` holds it (same ids), replacing what is there."""
    work_id = doc["work"]["id"]
    session.execute(delete(_WORKS).where(_WORKS.c.id == work_id))
    session.execute(insert(_WORKS), [_typed(_WORKS, doc["work"])])
    people = bulk.creator_ids(session, (_identity(c) for c in doc["creators"]))
    if doc["creators"]:
        session.execute(
            insert(_LINKS),
            [
                {
                    "work_id": work_id,
                    "position": n,
                    "role": c["role"],
                    "creator_id": people[_identity(c)],
                }
                for n, c in enumerate(doc["creators"])
            ],
        )
    if doc["tags"]:
        labels = bulk.tag_ids(session, doc["tags"])
        session.execute(
            insert(_WORK_TAGS), [{"work_id": work_id, "tag_id": labels[t]} for t in doc["tags"]]
        )
    for table, part in ((_QUOTES, "quotes"), (_SNAPSHOTS, "snapshots")):
        if doc[part]:
            session.execute(insert(table), [_typed(table, row) for row in doc[part]])


# --- recording through ORM flushes and at commit ---------------------------------------


def _owner(obj: object) -> int | None:
    if isinstance(obj, WorkRow):
        return obj.id
    if isinstance(obj, WorkCreatorRow | QuoteRow):
        return obj.work_id if obj.work_id is not None else getattr(obj.work, "id", None)
    if isinstance(obj, SnapshotRow):
        if obj.work_id is not None:
            return obj.work_id
        return getattr(obj.work, "id", None) if obj.work is not None else None
    return None


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _context: UOWTransaction, _instances: object) -> None:
    record = recorder(session)
    if record is None:
        return
    owners = {_owner(obj) for obj in (*session.dirty, *session.deleted, *session.new)}
    owners.discard(None)
    touch(session, [i for i in owners if i is not None])


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _context: UOWTransaction) -> None:
    record = recorder(session)
    if record is None:
        return
    created(session, [obj.id for obj in session.new if isinstance(obj, WorkRow)])


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    record = session.info.get("history")
    if not isinstance(record, Recorder) or session.in_nested_transaction():
        return  # a savepoint's release: the change is written when the transaction commits
    session.flush()
    for group in record.groups:
        after = group.after if group.after is not None else _after_states(session, group)
        _write_group(session, record, group, after)
    session.info.pop("history", None)


def _after_states(session: Session, group: Group) -> dict[int, Doc]:
    """The states a group's rows need: every changed work's, and a lone new work's.

    Works made in bulk (an import) keep no after-state, so for them only whether
    they still exist is asked (a savepoint may have rolled them back): a stand-in
    document marks the ones that do.
    """
    made = [i for i, before in group.before.items() if before is None]
    wanted = [i for i, before in group.before.items() if before is not None]
    if len(made) <= 1:
        return read_docs(session, wanted + made)
    states = read_docs(session, wanted)
    asked = set(made)
    runs = bulk.id_runs(made, _CHUNK)
    if runs is None:
        where = [_WORKS.c.id.in_(made[n : n + _CHUNK]) for n in range(0, len(made), _CHUNK)]
    else:
        where = [_WORKS.c.id.between(low, high) for low, high in runs]
    for condition in where:
        for work_id, key in bulk.plain_rows(
            session, select(_WORKS.c.id, _WORKS.c.key).where(condition)
        ):
            if work_id in asked:
                states[work_id] = {"work": {"id": work_id, "key": key}, "bulk": True}
    return states


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop("history", None)


def _write_group(session: Session, record: Recorder, group: Group, after: dict[int, Doc]) -> None:
    rows = []
    for work_id, before in group.before.items():
        now = after.get(work_id)
        if before is None and now is None:
            continue  # made and removed again (or rolled back to a savepoint)
        if before is not None and same_state(before, now):
            continue
        rows.append(
            {
                "work_id": work_id,
                "key_before": before["work"]["key"] if before else "",
                "key_after": now["work"]["key"] if now else "",
                "before": before,
                # One work added keeps its state for the log; an import's do not.
                "after": None if now is None or now.get("bulk") else now,
            }
        )
    if not rows:
        return
    summary = group.summary or _summary(group.command, rows)
    change_id = session.execute(
        insert(_CHANGES).returning(_CHANGES.c.id),
        {"at": utcnow(), "command": group.command, "summary": summary, "undoes": group.undoes},
    ).scalar_one()
    for row in rows:
        row["change_id"] = change_id
    bulk.execute_many(session, _CHANGE_WORKS, rows)
    if group.undoes is not None:
        session.execute(
            _CHANGES.update().where(_CHANGES.c.id == group.undoes).values(undone_by=change_id)
        )
    record.written.append(change_id)


def _summary(command: str, rows: Sequence[Doc]) -> str:
    made = [r["key_after"] for r in rows if r["before"] is None]
    gone = [r["key_before"] for r in rows if r["key_after"] == ""]
    changed = [r["key_after"] for r in rows if r["before"] is not None and r["key_after"]]
    parts = []
    for verb, keys in (("added", made), ("removed", gone), ("changed", changed)):
        if len(keys) == 1:
            parts.append(f"{verb} {keys[0]}")
        elif keys:
            parts.append(f"{verb} {len(keys):,} works")
    return "; ".join(parts)


# --- reading the history ----------------------------------------------------------------


@dataclass(frozen=True)
class WorkChange:
    """One work's part in a change."""

    work_id: int
    key_before: str
    key_after: str
    before: Doc | None
    after: Doc | None


@dataclass(frozen=True)
class Change:
    """A change as stored: when, what command, and the works it touched."""

    id: int
    at: datetime
    command: str
    summary: str
    undoes: int | None
    undone_by: int | None
    works: tuple[WorkChange, ...] = ()


def _change(row: Any, works: Sequence[WorkChange] = ()) -> Change:
    return Change(row.id, row.at, row.command, row.summary, row.undoes, row.undone_by, tuple(works))


def changes(
    session: Session, key: str | None = None, limit: int | None = None, with_works: bool = True
) -> list[Change]:
    """Changes newest first; with ``key``, only those that touched a work with that key."""
    query = select(_CHANGES).order_by(_CHANGES.c.id.desc())
    if key is not None:
        touched = select(_CHANGE_WORKS.c.change_id).where(
            (_CHANGE_WORKS.c.key_before == key) | (_CHANGE_WORKS.c.key_after == key)
        )
        query = query.where(_CHANGES.c.id.in_(touched))
    if limit is not None:
        query = query.limit(limit)
    rows = list(session.execute(query))
    if not with_works:
        return [_change(row) for row in rows]
    parts: dict[int, list[WorkChange]] = {}
    ids = [row.id for row in rows]
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        part_query = select(_CHANGE_WORKS).where(_CHANGE_WORKS.c.change_id.in_(chunk))
        if key is not None:
            part_query = part_query.where(
                (_CHANGE_WORKS.c.key_before == key) | (_CHANGE_WORKS.c.key_after == key)
            )
        for part in session.execute(part_query.order_by(_CHANGE_WORKS.c.id)):
            parts.setdefault(part.change_id, []).append(
                WorkChange(part.work_id, part.key_before, part.key_after, part.before, part.after)
            )
    return [_change(row, parts.get(row.id, ())) for row in rows]


def get_change(session: Session, change_id: int) -> Change | None:
    """One change with all its works, or None."""
    row = session.execute(select(_CHANGES).where(_CHANGES.c.id == change_id)).first()
    if row is None:
        return None
    parts = session.execute(
        select(_CHANGE_WORKS).where(_CHANGE_WORKS.c.change_id == change_id)
    ).all()
    works = [WorkChange(p.work_id, p.key_before, p.key_after, p.before, p.after) for p in parts]
    return _change(row, works)


def undoable(session: Session, count: int) -> list[int]:
    """Ids of the newest ``count`` changes that are neither undone nor undos themselves."""
    query = (
        select(_CHANGES.c.id)
        .where(_CHANGES.c.undone_by.is_(None), _CHANGES.c.undoes.is_(None))
        .order_by(_CHANGES.c.id.desc())
        .limit(count)
    )
    return list(session.scalars(query))


def blocking(
    session: Session, change_id: int, work_ids: Sequence[int], undone: Iterable[int] = ()
) -> Change | None:
    """The earliest later change, still in effect, that touched one of these works.

    ``undone``: changes already reverted in this transaction (marked only at commit).
    """
    skip = list(undone)
    for start in range(0, len(work_ids), _CHUNK):
        chunk = work_ids[start : start + _CHUNK]
        later = select(_CHANGE_WORKS.c.change_id).where(_CHANGE_WORKS.c.work_id.in_(chunk))
        row = session.execute(
            select(_CHANGES)
            .where(
                _CHANGES.c.id > change_id,
                _CHANGES.c.id.in_(later),
                _CHANGES.c.undone_by.is_(None),
                _CHANGES.c.undoes.is_(None),
                _CHANGES.c.id.not_in(skip),
            )
            .order_by(_CHANGES.c.id)
            .limit(1)
        ).first()
        if row is not None:
            return _change(row)
    return None


def last_removal(session: Session, key: str) -> tuple[Change, WorkChange] | None:
    """The latest change in effect that removed the work with this key."""
    row = session.execute(
        select(_CHANGE_WORKS, _CHANGES.c.id.label("cid"))
        .join(_CHANGES, _CHANGES.c.id == _CHANGE_WORKS.c.change_id)
        .where(
            _CHANGE_WORKS.c.key_before == key,
            _CHANGE_WORKS.c.key_after == "",
            _CHANGES.c.undone_by.is_(None),
        )
        .order_by(_CHANGES.c.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    change = get_change(session, row.cid)
    assert change is not None
    part = WorkChange(row.work_id, row.key_before, row.key_after, row.before, row.after)
    return change, part


def work_exists(session: Session, work_id: int) -> bool:
    """Whether a work with this id is stored."""
    return session.scalar(select(_WORKS.c.id).where(_WORKS.c.id == work_id)) is not None


def key_holder(session: Session, key: str) -> int | None:
    """The id of the work with this key, if any."""
    return session.scalar(select(_WORKS.c.id).where(_WORKS.c.key == key))


def next_work_id(session: Session) -> int:
    """An id no work has."""
    return int(session.scalar(select(func.max(_WORKS.c.id))) or 0) + 1
