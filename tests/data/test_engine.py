"""The engine under the store: URLs, writers that queue, read snapshots, and on PostgreSQL
the connections each kernel holds and the time zone of the times it reads."""

from __future__ import annotations

import datetime as _dt
import multiprocessing
import threading
from urllib.parse import quote

import pytest
from sqlalchemy import func, select, update

from commonground import open_store
from commonground.data import _schema as t
from commonground.data._engine import lock_keys, make_engine, normalise_url
from commonground.data.reflections import DraftConflict
from harness.browser import wait_for

MODULE = "00_welcome"


def test_postgresql_urls_without_a_driver_use_psycopg():
    assert normalise_url("postgresql://cg@db.example/course").drivername == "postgresql+psycopg"
    assert normalise_url("postgres://cg@db.example/course").drivername == "postgresql+psycopg"
    assert normalise_url("postgresql+psycopg://cg@db/c").drivername == "postgresql+psycopg"
    assert normalise_url("sqlite:///x.db").drivername == "sqlite"


def test_server_engines_keep_at_most_two_connections():
    pool = make_engine("postgresql://cg@db.example/course").pool
    assert (pool.size(), pool._max_overflow) == (1, 1)
    assert type(make_engine("postgresql://cg@db.example/course?cg_pool=none").pool).__name__ \
        == "NullPool"


def test_unknown_pool_option_is_refused_in_plain_words():
    with pytest.raises(ValueError, match="cg_pool=none"):
        make_engine("postgresql://cg@db.example/course?cg_pool=big")


def test_unknown_write_lock_option_is_refused_in_plain_words():
    with pytest.raises(ValueError, match="cg_write_lock=database"):
        make_engine("postgresql://cg@db.example/course?cg_write_lock=row")


def test_a_writes_lock_keys_name_what_it_touches_in_one_order():
    assert lock_keys() == ()
    person, cohort, login = (lock_keys(participant=7), lock_keys(cohort=7),
                             lock_keys(login="hub:ana"))
    assert len({person, cohort, login}) == 3  # the same number is a different thing
    both = lock_keys(participant=7, cohort=7)
    assert both == tuple(sorted(person + cohort))
    assert lock_keys(cohort=7, participant=7, login=None) == both
    assert all(-2**31 <= n < 2**31 for key in both + login for n in key)  # PostgreSQL ints


# -- writers queue: the read-then-update code never loses an update -----------------------
ROUNDS = 25


def test_two_kernels_saving_the_same_draft_at_once_queue(db_url, store, trainee):
    """Two kernels (two engines) save the same reflection at the same moment from the same
    revision, round after round: each time exactly one save wins and the other is told
    of the conflict; none is lost or applied twice. The first round also races to create
    the row."""
    kernels = [open_store(db_url), open_store(db_url)]
    barrier = threading.Barrier(2, timeout=60)
    outcomes: list[list[str]] = [[], []]

    def save(k: int) -> None:
        for n in range(ROUNDS):
            barrier.wait()
            try:
                kernels[k].reflections.save_draft(trainee.id, MODULE, "p", f"{k}:{n}", n)
                outcomes[k].append("saved")
            except DraftConflict as conflict:
                outcomes[k].append(f"conflict at {conflict.revision}")
            except Exception as e:  # reported below, round by round
                outcomes[k].append(repr(e)[:200])
            barrier.wait()

    _run_all(save, (0, 1), kernels)
    for n in range(ROUNDS):
        got = sorted((outcomes[0][n], outcomes[1][n]))
        assert got == [f"conflict at {n + 1}", "saved"], (n, got)
    record = store.reflections.get(trainee.id, "p")
    assert record.draft_revision == ROUNDS
    winner = 0 if outcomes[0][-1] == "saved" else 1
    assert record.draft_text == f"{winner}:{ROUNDS - 1}"


def test_many_kernels_counting_time_on_one_module_lose_no_second(db_url, store, trainee):
    """Update-or-insert from many kernels at once: no duplicate row, every second kept."""
    kernels = [open_store(db_url) for _ in range(4)]
    errors: list[Exception] = []

    def count(s) -> None:
        try:
            for _ in range(20):
                s.progress.add_time(trainee.id, MODULE, 3)
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    _run_all(count, kernels, kernels)
    assert errors == []
    assert store.progress.seconds_spent(trainee.id) == {MODULE: 4 * 20 * 3}


def test_a_read_sees_one_snapshot(db_url, store, cohort):
    """Inside one read transaction, a write committed meanwhile by another kernel is not
    seen (a WAL reader on SQLite, REPEATABLE READ on PostgreSQL); the next read sees it."""
    other = open_store(db_url)
    count = select(func.count()).select_from(t.participants)
    with store.read() as conn:
        before = conn.execute(count).scalar()
        other.people.add_participant(cohort.id, "Dee Ng")
        assert conn.execute(count).scalar() == before
    other.dispose()
    with store.read() as conn:
        assert conn.execute(count).scalar() == before + 1


# -- PostgreSQL only ----------------------------------------------------------------------
def _with_options(db_url: str, *, application_name: str | None = None, extra: str = "") -> str:
    from harness.postgres import schema_of, schema_url

    url = schema_url(schema_of(db_url), application_name)
    return url + quote(f" {extra}") if extra else url


def _connections(application_name: str) -> int:
    from harness.postgres import admin

    return admin().execute(
        "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s",
        (application_name,),
    ).fetchone()[0]


@pytest.mark.postgresql_only
def test_times_come_back_in_utc_whatever_the_server_time_zone(db_url, store, trainee):
    sydney = open_store(_with_options(db_url, extra="-ctimezone=Australia/Sydney"))
    before = _dt.datetime.now(_dt.UTC)
    sydney.reflections.save_draft(trainee.id, MODULE, "p", "words", 0)
    saved = sydney.reflections.get(trainee.id, "p").draft_saved_at
    sydney.dispose()
    assert saved.utcoffset() == _dt.timedelta(0)
    assert abs(saved - before) < _dt.timedelta(minutes=1)
    assert store.reflections.get(trainee.id, "p").draft_saved_at == saved


@pytest.mark.postgresql_only
def test_without_a_pool_an_idle_kernel_holds_no_connection(db_url, store, trainee):
    url = _with_options(db_url, application_name="cg-nopool") + "&cg_pool=none"
    kernel = open_store(url)
    kernel.reflections.save_draft(trainee.id, MODULE, "p", "words", 0)
    assert kernel.reflections.get(trainee.id, "p").draft_text == "words"
    # A closed connection's server process ends a moment later: give it that moment.
    assert wait_for(lambda: _connections("cg-nopool") == 0, timeout=5, step=0.05)
    kernel.dispose()


# -- 30 kernels' worth of stores: at most two connections each ---------------------------
KERNELS = 30


def _kernel(url: str, participant_id: int, ready, done) -> None:
    """One trainee's kernel: the page's autosave timer and its live refresh, each on its
    own thread, reading and writing at once; then the page sits open."""
    from commonground import open_store as _open

    store = _open(url)

    def autosave() -> None:
        for i in range(10):
            store.reflections.save_draft(participant_id, MODULE, "p", f"draft {i}", i)
            store.progress.add_time(participant_id, MODULE, 1)

    def refresh() -> None:
        for _ in range(10):
            store.reflections.get(participant_id, "p")
            store.progress.for_participant(participant_id)

    threads = [threading.Thread(target=autosave), threading.Thread(target=refresh)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    ready.release()
    done.wait(timeout=120)
    store.dispose()


@pytest.mark.postgresql_only
def test_thirty_open_pages_hold_at_most_two_connections_each(db_url, store, cohort):
    ids = [store.people.add_participant(cohort.id, f"Kernel {i}") for i in range(KERNELS)]
    ctx = multiprocessing.get_context("spawn")
    ready, done = ctx.Semaphore(0), ctx.Event()
    names = [f"cg-kernel-{n}" for n in range(KERNELS)]
    procs = [
        ctx.Process(target=_kernel, args=(_with_options(db_url, application_name=name), pid,
                                          ready, done))
        for name, pid in zip(names, ids, strict=True)
    ]
    for p in procs:
        p.start()
    try:
        for _ in procs:
            assert ready.acquire(timeout=120), "a kernel did not finish its reads and writes"
        held = {name: _connections(name) for name in names}
    finally:
        done.set()
        for p in procs:
            p.join(timeout=60)
    assert all(p.exitcode == 0 for p in procs)
    assert all(1 <= n <= 2 for n in held.values()), held
    assert sum(held.values()) <= 2 * KERNELS
    with store.read() as conn:
        revisions = conn.execute(select(t.reflections.c.draft_revision)).scalars().all()
    assert revisions == [10] * KERNELS


# -- PostgreSQL: a write locks what it touches, not the database --------------------------
HELD = 0.6  # how long a test waits to see that a write is held up


def _in_thread(work):
    """Start ``work()`` on a thread; returns the thread and the list of what it returned
    (or raised)."""
    outcome: list = []

    def run() -> None:
        try:
            outcome.append(work())
        except Exception as e:  # reported by the test
            outcome.append(e)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, outcome


@pytest.mark.postgresql_only
def test_one_trainees_open_write_does_not_hold_up_anothers_save(db_url, store, trainee,
                                                               other_trainee):
    """While a write on Ana's rows is open (her kernel mid-save), Ben's kernel saves, ticks
    his time and plays at once: nothing of his queues behind her."""
    ana, ben = open_store(db_url), open_store(db_url)
    try:
        with ana.write(participant=trainee.id):
            thread, outcome = _in_thread(lambda: (
                ben.reflections.save_draft(other_trainee.id, MODULE, "p", "Ben's", 0),
                ben.progress.add_time(other_trainee.id, MODULE, 5),
                ben.plays.start(other_trainee.id, "s", "r", {}),
            ))
            thread.join(timeout=5)
            assert not thread.is_alive(), "Ben's save waited for Ana's open write"
        assert not isinstance(outcome[0], Exception), outcome
        assert store.reflections.get(other_trainee.id, "p").draft_text == "Ben's"
    finally:
        ana.dispose()
        ben.dispose()


@pytest.mark.postgresql_only
def test_the_same_trainees_second_tab_queues_and_loses_nothing(db_url, store, trainee):
    """Ana's first tab holds her write open, half-way through a read-then-update of her
    draft; her second tab's save of the same revision waits for it, then sees its
    conflict. Without a lock on her rows it would read the old revision and write over
    the first tab's words (READ COMMITTED)."""
    store.reflections.save_draft(trainee.id, MODULE, "p", "first words", 0)
    tab1, tab2 = open_store(db_url), open_store(db_url)
    r = t.reflections
    mine = (r.c.participant_id == trainee.id) & (r.c.prompt_id == "p")
    try:
        with tab1.write(participant=trainee.id) as conn:
            revision = conn.execute(select(r.c.draft_revision).where(mine)).scalar()
            thread, outcome = _in_thread(lambda: tab2.reflections.save_draft(
                trainee.id, MODULE, "p", "tab two", 1))
            thread.join(timeout=HELD)
            assert thread.is_alive(), "the second tab's save did not wait for the first"
            conn.execute(update(r).where(mine).values(draft_text="tab one",
                                                      draft_revision=revision + 1))
        thread.join(timeout=10)
        assert isinstance(outcome[0], DraftConflict) and outcome[0].revision == 2, outcome
        record = store.reflections.get(trainee.id, "p")
        assert (record.draft_text, record.draft_revision) == ("tab one", 2)
    finally:
        tab1.dispose()
        tab2.dispose()


@pytest.mark.postgresql_only
def test_a_whole_database_write_waits_for_open_writes_and_they_for_it(db_url, store, cohort,
                                                                     trainee, other_trainee):
    """Archiving a cohort names no one: it waits for Ana's open write, and Ben's save,
    asked for after it, waits for the archive and is then refused (a save never lands in
    an archived cohort)."""
    from commonground.data.people import CohortArchivedError

    ana, admin, ben = open_store(db_url), open_store(db_url), open_store(db_url)
    try:
        with ana.write(participant=trainee.id):
            archive, _ = _in_thread(lambda: admin.people.set_archived(cohort.id, True))
            archive.join(timeout=HELD)
            assert archive.is_alive(), "the archive did not wait for Ana's open write"
            save, outcome = _in_thread(lambda: ben.reflections.save_draft(
                other_trainee.id, MODULE, "p", "late", 0))
            save.join(timeout=HELD)
            assert save.is_alive(), "Ben's save did not queue behind the archive"
        archive.join(timeout=10)
        save.join(timeout=10)
        assert isinstance(outcome[0], CohortArchivedError), outcome
        assert store.reflections.get(other_trainee.id, "p") is None
    finally:
        for s in (ana, admin, ben):
            s.dispose()


@pytest.mark.postgresql_only
def test_the_whole_database_lock_option_queues_every_write(db_url, store, trainee,
                                                           other_trainee):
    """``cg_write_lock=database`` (what the autosave benchmark compares against): Ben's
    save waits for Ana's open write, as every write did before scoped locks."""
    old = db_url + "&cg_write_lock=database"
    ana, ben = open_store(old), open_store(old)
    try:
        with ana.write(participant=trainee.id):
            thread, outcome = _in_thread(lambda: ben.reflections.save_draft(
                other_trainee.id, MODULE, "p", "Ben's", 0))
            thread.join(timeout=HELD)
            assert thread.is_alive(), "Ben's save did not wait for the database's lock"
        thread.join(timeout=10)
        assert outcome == [1]
    finally:
        ana.dispose()
        ben.dispose()


@pytest.mark.sqlite_only
def test_on_sqlite_every_write_still_queues(db_url, store, trainee, other_trainee):
    """SQLite is unchanged: BEGIN IMMEDIATE takes the database's one write lock, so Ben's
    save waits for Ana's open write whatever it names."""
    ana, ben = open_store(db_url), open_store(db_url)
    try:
        with ana.write(participant=trainee.id):
            thread, outcome = _in_thread(lambda: ben.reflections.save_draft(
                other_trainee.id, MODULE, "p", "Ben's", 0))
            thread.join(timeout=HELD)
            assert thread.is_alive(), "Ben's save did not wait for SQLite's write lock"
        thread.join(timeout=10)
        assert outcome == [1]
    finally:
        ana.dispose()
        ben.dispose()


def _run_all(work, args, kernels) -> None:
    """Run ``work(arg)`` for every arg at once, each in its own thread (as separate
    kernels would), wait for them all, then close the kernels' stores."""
    threads = [threading.Thread(target=work, args=(a,), daemon=True) for a in args]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=120)
    for k in kernels:
        k.dispose()
