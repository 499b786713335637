"""Running a cohort after it is created: listing, one person's link, archiving, purging
and exporting.

Used by the ``commonground cohort ...`` commands; plain Python with the store passed
in. pandas (exports) is imported inside the functions that need it, so a trainee's
kernel never loads it.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from commonground.access.link import (  # noqa: F401 - re-exported for the cohort tools
    DASHBOARD,
    dashboard_url,
    link_url,
)
from commonground.data import reflections
from commonground.data._purge import PurgeReport, purge_cohort
from commonground.data.anonymity import Cover, present
from commonground.data.people import (  # noqa: F401 - re-exported for the cohort tools
    ARCHIVED_MESSAGE,
    GONE_MESSAGE,
    Cohort,
    CohortArchivedError,
    CohortSummary,
    Participant,
    cohort_members,
    ensure_writable,
)
from commonground.data.store import Store
from commonground.errors import StoreError
from commonground.private_files import create_private, private_folder
from commonground.scenario import titles
from commonground.spaces import cohort_posts, named_post_counts

if TYPE_CHECKING:
    import pandas as pd

    from commonground.content.evaluation_form import EvaluationForm
    from commonground.data.evaluation import EvaluationSummary


# -- links -------------------------------------------------------------------------------
def ensure_facilitator(store: Store, cohort: Cohort) -> int:
    """The cohort's facilitator as a participant (created on first use), so that they
    can have a personal link. Returns their participant id."""
    return store.people.facilitator_of(cohort)


# -- listing -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Member:
    public_id: str
    name: str
    agency: str
    role: str
    kind: str
    link: str  # active | revoked | none
    modules_visited: int
    modules_completed: int


def list_cohorts(store: Store) -> list[CohortSummary]:
    return store.people.summaries()


def list_members(store: Store, cohort_name: str) -> list[Member]:
    cohort = store.people.cohort(cohort_name)
    with store.read():
        states = store.people.link_states(cohort.id)
        totals = store.progress.totals(cohort_members(cohort.id))
    members = []
    for s in states:
        p, done = s.participant, totals.get(s.participant.id)
        members.append(Member(p.public_id, p.display_name, p.agency, p.role, p.kind, s.link,
                              done.visited if done else 0, done.completed if done else 0))
    return members


def find_member(store: Store, cohort_name: str, who: str) -> Participant:
    """One member of a cohort, by their id (as in ``cohort members``) or exact name."""
    cohort = store.people.cohort(cohort_name)
    who = (who or "").strip()
    members = store.people.members(cohort.id)
    by_id = [m for m in members if m.public_id == who]
    if by_id:
        return by_id[0]
    by_name = [m for m in members if m.display_name.casefold() == who.casefold()]
    if len(by_name) == 1:
        return by_name[0]
    if by_name:
        ids = ", ".join(f"{m.public_id} ({m.agency or m.kind})" for m in by_name)
        raise StoreError(
            f"{len(by_name)} people in {cohort.name!r} are called {who!r}: {ids}. "
            "Use the id instead of the name."
        )
    raise StoreError(
        f"Nobody in {cohort.name!r} has the name or id {who!r}. See the members with: "
        f"commonground cohort members {cohort.name!r}"
    )


def revoke_link(store: Store, cohort_name: str, who: str) -> tuple[Participant, int]:
    """Switch off one person's link (at their next page load). Returns them and how many
    links were switched off."""
    person = find_member(store, cohort_name, who)
    return person, store.people.revoke_links(person.id)


def reissue_link(
    store: Store, cohort_name: str, who: str, base_url: str
) -> tuple[Participant, str]:
    """A new link for one person; their earlier link stops working. Returns the URL
    (facilitators get their dashboard's URL)."""
    person = find_member(store, cohort_name, who)
    token = store.people.issue_link(person.id)
    url = dashboard_url(base_url, token) if person.is_facilitator else link_url(base_url, token)
    return person, url


def archive(store: Store, cohort_name: str, archived: bool = True) -> Cohort:
    """Make a cohort read-only (or writable again). Links keep working for reading."""
    cohort = store.people.cohort(cohort_name)
    store.people.set_archived(cohort.id, archived)
    return store.people.cohort(cohort_name)


# -- purging -----------------------------------------------------------------------------
def purge(store: Store, cohort_name: str, confirmation: str) -> PurgeReport:
    """Delete every piece of a cohort's data: its people, their links, progress,
    reflections (every version and all feedback), scenario plays, posts and reactions,
    then the cohort. ``confirmation`` must be the cohort's name, typed again.

    Afterwards it checks that nothing of the cohort remains, and rewrites the database
    (SQLite: VACUUM; PostgreSQL: VACUUM FULL) so the deleted writing does not linger in
    free pages."""
    cohort = store.people.cohort(cohort_name)
    if (confirmation or "").strip() != cohort.name:
        raise StoreError(
            f"Nothing was deleted: the confirmation did not match the cohort's name "
            f"{cohort.name!r} exactly."
        )
    return purge_cohort(store, cohort)


# -- exporting ---------------------------------------------------------------------------
SHARED_COLUMNS = ["space", "about", "text", "author", "reactions", "posted_at"]


def export_tables(store: Store, cohort_name: str) -> dict:
    """The cohort's export as pandas DataFrames, honouring every choice people made:

    - ``participation``: one row a member, counting only what is not private or
      anonymous (modules visited and completed, minutes, reflections they shared
      with the facilitator, posts under their own name, sessions the facilitator
      recorded them attending). People are named, never given by an id.
    - ``modules``: how many trainees visited and completed each module.
    - ``evaluation`` and ``evaluation_comments``: the anonymous course evaluation, only
      in aggregate and only once at least 3 people answered (:func:`evaluation_tables`).
    - ``shared``: what the cohort could see: named and anonymous posts (anonymous ones
      with no author), surfaced elephants, the agreed agreement and reflections shared
      with the cohort (never with an author). Hidden posts, elephants the facilitator
      did not surface, and private or facilitator-only reflections are never included.
    """
    import pandas as pd  # facilitator side only

    from commonground.content.evaluation_form import load_evaluation_form

    cohort = store.people.cohort(cohort_name)
    form = load_evaluation_form()
    with store.read():  # one snapshot of everything the export reads
        participation = _participation_rows(store, cohort.id)
        modules = _module_rows(store, cohort.id)
        shared = list(_shared_rows(store, cohort.id))
        evaluation, comments = evaluation_tables(store.evaluation.summary(cohort.id, form),
                                                 form)
    return {
        "participation": pd.DataFrame(participation, columns=[
            "name", "agency", "role", "kind", "modules_visited", "modules_completed",
            "minutes", "reflections_shared_with_facilitator", "named_posts",
            "sessions_attended",
        ]),
        "modules": pd.DataFrame(modules, columns=["module", "visited", "completed"]),
        "shared": pd.DataFrame(shared, columns=SHARED_COLUMNS),
        "evaluation": evaluation,
        "evaluation_comments": comments,
    }


def evaluation_tables(summary: EvaluationSummary,
                      form: EvaluationForm) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The course evaluation in aggregate as two DataFrames: counts for each statement
    and the free-text answers (random order, no author, no date). Both are empty until
    at least 3 people have answered, and a question's answers until 3 wrote there."""
    import pandas as pd

    counts = pd.DataFrame(
        [(s.text, *s.counts, s.unanswered) for s in summary.statements],
        columns=["statement", *(f"{n} {words}" for n, words in enumerate(form.scale, 1)),
                 "no answer"],
    )
    comments = pd.DataFrame(
        [(form.questions[q], answer) for q, answers in summary.texts.items()
         for answer in answers],
        columns=["question", "answer"],
    )
    return counts, comments


NAMED_SPACES = ("jargon", "agreement")  # where people may post under their own name


def _participation_rows(store: Store, cohort_id: int) -> list[tuple]:
    members = cohort_members(cohort_id)
    totals = store.progress.totals(members)
    to_facilitator = reflections.shared_with_facilitator_counts(store, members)
    with store.read() as conn:
        named = named_post_counts(conn, members, NAMED_SPACES)
    attended: Counter[int] = Counter()
    for session in store.attendance.sessions(cohort_id):
        attended.update(session.present)
    rows = []
    for state in store.people.link_states(cohort_id):
        p = state.participant
        done = totals.get(p.id)
        rows.append((
            p.display_name, p.agency, p.role, p.kind,
            done.visited if done else 0, done.completed if done else 0,
            round((done.seconds if done else 0) / 60),
            to_facilitator.get(p.id, 0), named.get(p.id, 0), attended.get(p.id, 0),
        ))
    return rows


def _module_rows(store: Store, cohort_id: int) -> list[tuple]:
    from commonground.content.course import load_course

    visits = store.progress.visits(cohort_members(cohort_id, "trainee"))
    visited = Counter(v.module_id for v in visits)
    completed = Counter(v.module_id for v in visits if v.completed)
    try:
        order = [m.id for m in load_course().modules]
    except Exception:  # an outline problem must not stop an export
        order = []
    order += sorted(set(visited) - set(order))
    return [(titles.module_label(m), visited[m], completed[m]) for m in order]


@dataclass(frozen=True)
class _SharedRow:
    """One row of the ``shared`` table, with what the anonymity rule needs to know."""

    space: str
    about: str
    text: str
    author: str
    reactions: int
    posted_at: _dt.date
    anonymous: bool = False
    prompt_id: str | None = None  # a reflection's prompt (its question)

    def values(self) -> tuple:
        return (self.space, self.about, self.text, self.author, self.reactions,
                self.posted_at)


def _shared_rows(store: Store, cohort_id: int) -> list[tuple]:
    """What the cohort could see: posts that are not hidden (anonymous ones without an
    author), surfaced elephants, the latest agreed agreement, and the reflections the
    cohort sees (never hidden ones, never with an author). The named rows come first,
    by space and time; the anonymous ones after them, as the anonymity rule lets anyone
    see them (only once enough people could have written each, dated to the day, in an
    order unrelated to time)."""
    rows: list[_SharedRow] = []
    with store.read() as conn:
        posts = cohort_posts(conn, cohort_id)
        latest_agreed = None
        for row in posts:
            body, author = row.body, row.author or ""
            hidden_author = row.anonymous and not row.by_course
            if row.space == "jargon":
                text = body.get("meaning", "")
                if body.get("field"):
                    text = f"{text} [{body['field']}]".strip()
                rows.append(_SharedRow("jargon wall", body.get("term", ""), text, author,
                                       row.reactions, row.created_at, hidden_author))
            elif row.space == "agreement":
                about = "starting point" if body.get("kind") == "starting_point" else "suggestion"
                rows.append(_SharedRow("agreement", about, body.get("text", ""), author,
                                       row.reactions, row.created_at, hidden_author))
            elif row.space == "elephant" and row.surfaced_at is not None:
                rows.append(_SharedRow("elephant box", "surfaced", body.get("text", ""), "", 0,
                                       row.created_at, True))
            elif row.space == "agreed":
                latest_agreed = (body.get("items", []), row.created_at)
        if latest_agreed:
            rows += [_SharedRow("agreed agreement", "agreed", item, "", 0, latest_agreed[1])
                     for item in latest_agreed[0]]
        rows += [
            _SharedRow("reflection (shared with the cohort)",
                       titles.prompt_heading(r.prompt_id, ""), r.text, "", 0,
                       r.submitted_at, True, r.prompt_id)
            for r in reflections.cohort_shared(store, cohort_id)
        ]
        shown = present(rows, Cover(store, cohort_id), anonymous=lambda r: r.anonymous,
                        words=lambda r: r.text, times=("posted_at",),
                        prompt=lambda r: r.prompt_id, group=lambda r: f"{r.space}:{r.about}")
    return [r.values() for r in shown]


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: object) -> object:
    """Stop spreadsheet programs running trainee text as a formula when a CSV opens."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _plain_time(value: object) -> object:
    """A time to the second, a day (all an anonymous item carries) as just the day."""
    if isinstance(value, _dt.datetime):
        return value.replace(tzinfo=None).isoformat(sep=" ", timespec="seconds")
    if isinstance(value, _dt.date):
        return value.isoformat()
    return value


def _plain_times(frame: pd.DataFrame) -> pd.DataFrame:
    for col in frame.columns:
        if frame[col].map(lambda x: isinstance(x, _dt.date)).any():
            frame[col] = frame[col].map(_plain_time)
    return frame


def export(store: Store, cohort_name: str, out: Path | str) -> list[Path]:
    """Write the export: an ``.xlsx`` workbook (one sheet a table), or CSV files into a
    folder (any other ``out``). Returns the files written."""
    frames = {name: _plain_times(f) for name, f in export_tables(store, cohort_name).items()}
    out = Path(out)
    try:
        return _write_export(frames, out)
    except OSError as e:
        raise StoreError(
            f"Could not write the export to {out} ({e.strerror or e}). Check that the folder "
            "exists and that you may write to it, or choose another place with --out."
        ) from e


def _write_export(frames: dict, out: Path) -> list[Path]:
    import pandas as pd

    if out.suffix.lower() == ".xlsx":
        # openpyxl ships no type information (its stubs are a separate package).
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped]

        # control characters (pasted text) cannot go in a workbook
        def cell_text(value: object) -> object:
            return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value

        create_private(out)  # before any writing reaches it
        with pd.ExcelWriter(out, engine="openpyxl") as writer:
            for name, frame in frames.items():
                frame.map(cell_text).to_excel(writer, sheet_name=name, index=False)
                for row in writer.sheets[name].iter_rows():
                    for cell in row:
                        if cell.data_type == "f":  # trainee text starting with "=": text
                            cell.data_type = "s"
        return [out]
    if out.suffix:
        raise StoreError(
            f"Export to a .xlsx file or to a folder for CSV files; {out.name!r} is neither."
        )
    private_folder(out)
    written = []
    for name, frame in frames.items():
        path = create_private(out / f"{name}.csv")
        frame.map(csv_safe).to_csv(path, index=False, encoding="utf-8-sig")
        written.append(path)
    return written
