"""The engine under the store: URLs, writers that queue, read snapshots, and on PostgreSQL
the connections each kernel holds and the time zone of the times it reads."""

from __future__ import annotations

import datetime as _dt
import multiprocessing
import threading
from urllib.parse import quote

import pytest
from sqlalchemy import func, select

from commonground import open_store
from commonground.data import _schema as t
from commonground.data._engine import make_engine, normalise_url
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
