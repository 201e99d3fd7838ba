"""History: the log of changes, undo, and restoring removed works.

Every command that writes records one change (``sourcebox.db.history``). Undo
reverts the newest changes still in effect, newest first, each recorded as a
change of its own that names the one it reverted; a change is refused when a
later change still in effect touched the same works, or when a work is no
longer as the change left it. Everything happens in the caller's transaction:
a refusal leaves the library as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sourcebox.db import history, search
from sourcebox.db import repository as repo
from sourcebox.db.history import Change, Doc, WorkChange
from sourcebox.errors import ConflictError, NotFoundError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

_QUIET = {"id", "created_at", "updated_at"}


@dataclass(frozen=True)
class Undone:
    """A change that was reverted, and the keys it put back or took away."""

    change: Change
    keys: tuple[str, ...]


def log(session: Session, key: str | None = None, limit: int | None = 20) -> list[Change]:
    """Changes newest first (only those touching ``key`` when given)."""
    return history.changes(session, key, limit)


def action(part: WorkChange) -> str:
    """What a change did to one work: added, removed, restored or changed."""
    if part.before is None:
        return "added"
    if part.after is None and not part.key_after:
        return "removed"
    return "changed"


def diff(before: Doc | None, after: Doc | None) -> dict[str, list[Any]]:
    """Field -> [before, after] for what differs between two states of a work."""
    if before is None or after is None:
        return {}
    out: dict[str, list[Any]] = {}
    for name in sorted(set(before["work"]) | set(after["work"])):
        if name in _QUIET:
            continue
        old, new = before["work"].get(name), after["work"].get(name)
        if old != new:
            out[name] = [old, new]
    for part in ("creators", "tags", "quotes", "snapshots"):
        old_part = [_quiet(x) for x in before[part]]
        new_part = [_quiet(x) for x in after[part]]
        if old_part != new_part:
            out[part] = [before[part], after[part]]
    return out


def _quiet(item: Any) -> Any:
    if isinstance(item, dict):
        return {k: v for k, v in item.items() if k not in _QUIET}
    return item


def to_json(change: Change) -> dict[str, Any]:
    """A change as JSON: when, command, summary, undo links, and each work's diff."""
    return {
        "id": change.id,
        "at": change.at.isoformat(),
        "command": change.command,
        "summary": change.summary,
        "undoes": change.undoes,
        "undone_by": change.undone_by,
        "works": [
            {
                "key_before": part.key_before,
                "key_after": part.key_after,
                "action": action(part),
                "changed": diff(part.before, part.after),
                **({"before": part.before} if action(part) == "removed" else {}),
            }
            for part in change.works
        ],
    }


def undo(session: Session, count: int = 1, change_id: int | None = None) -> list[Undone]:
    """Revert the newest ``count`` changes still in effect, or just ``change_id``."""
    if change_id is not None:
        ids = [change_id]
    else:
        ids = history.undoable(session, count)
        if not ids:
            raise NotFoundError("Nothing to undo: the history holds no change in effect.")
    done: list[Undone] = []
    for i in ids:
        done.append(_undo_one(session, i, [d.change.id for d in done]))
    return done


def _undo_one(session: Session, change_id: int, undone: list[int]) -> Undone:
    change = history.get_change(session, change_id)
    if change is None:
        raise NotFoundError(f"No change {change_id} in the history.", "See 'sourcebox log'.")
    if change.undone_by is not None:
        raise ConflictError(
            f"Change {change_id} was undone already (by change {change.undone_by})."
        )
    if change.undoes is not None:
        raise ConflictError(
            f"Change {change_id} is itself an undo of change {change.undoes}.",
            "Make the change again instead.",
        )
    later = history.blocking(session, change.id, [p.work_id for p in change.works], undone)
    if later is not None:
        raise ConflictError(
            f"Cannot undo change {change.id} ({change.command}: {change.summary}): "
            f"change {later.id} ({later.command}: {later.summary}) changed the same works "
            "after it.",
            f"Undo change {later.id} first, or both with 'sourcebox undo "
            f"{_depth(session, change.id)}'.",
        )
    history.start_group(
        session, "undo", f"undo of change {change.id} ({change.command}: {change.summary})",
        undoes=change.id,
    )  # fmt: skip
    keys = []
    for part in change.works:
        keys.append(_revert(session, change, part))
    repo.remove_orphans(session)
    return Undone(change, tuple(k for k in keys if k))


def _depth(session: Session, change_id: int) -> int:
    """How many changes in effect are newer than or equal to ``change_id``."""
    newest = history.undoable(session, 10_000)
    return sum(1 for i in newest if i >= change_id)


def _revert(session: Session, change: Change, part: WorkChange) -> str:
    current = history.read_docs(session, [part.work_id]).get(part.work_id)
    name = part.key_after or part.key_before
    if part.after is not None and not history.same_state(current, part.after):
        raise ConflictError(
            f"Cannot undo change {change.id}: '{name}' is no longer as that change left it "
            "(it was changed outside the recorded history).",
            "Nothing was undone; change it back by hand with 'sourcebox edit'.",
        )
    if part.before is None:
        if current is not None:
            search.unindex(session, [part.work_id])
            repo.delete_works(session, [part.work_id])
        return part.key_after
    _put_back(session, part.before, replacing=current is not None)
    return part.key_before


def _put_back(session: Session, doc: Doc, *, replacing: bool) -> int:
    """Write a stored state back; the key must be free; a taken id gets a new one."""
    key = doc["work"]["key"]
    holder = history.key_holder(session, key)
    work_id = int(doc["work"]["id"])
    if holder is not None and holder != work_id:
        raise ConflictError(
            f"Cannot put '{key}' back: another work has that key now.",
            f"Rekey that work first ('sourcebox rekey {key} NEW'), then try again.",
        )
    if not replacing and history.work_exists(session, work_id):
        work_id = history.next_work_id(session)
        doc = {**doc, "work": {**doc["work"], "id": work_id}}
    history.touch(session, [work_id])
    if replacing:
        search.unindex(session, [work_id])
    history.write_doc(session, doc)
    search.reindex(session, [work_id])
    return work_id


def restore(session: Session, key: str) -> Change:
    """Bring back the work last removed with this key, as it was; the removal it undid."""
    if history.key_holder(session, key) is not None:
        raise ConflictError(f"A work with key '{key}' exists; there is nothing to restore.")
    found = history.last_removal(session, key)
    if found is None:
        raise NotFoundError(
            f"No removed work with key '{key}' in the history.",
            "See 'sourcebox log' for what was removed.",
        )
    change, part = found
    assert part.before is not None
    history.start_group(session, "restore", f"restored {key} (removed by change {change.id})")
    _put_back(session, part.before, replacing=False)
    repo.remove_orphans(session)
    return change
