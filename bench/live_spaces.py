"""How much the live shared spaces cost: the per-page poll every few seconds, a redraw,
and the facilitator dashboard, for a busy cohort (SQLite).

    .venv/bin/python bench/live_spaces.py
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from commonground import open_store
from commonground.admin import cohorts as cohort_admin
from commonground.spaces import Agreement, JargonWall

TRAINEES, POSTS_EACH, REACTIONS_EACH = 30, 10, 30


def timed(fn, repeat=50):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"sqlite:///{Path(tmp) / 'bench.db'}")
        cohort = store.people.create_cohort("Bench", "Robin")
        people = [
            store.people.get(store.people.add_participant(cohort.id, f"T{i}", f"Agency {i % 5}"))
            for i in range(TRAINEES)
        ]
        fac = store.people.get(cohort_admin.ensure_facilitator(store, cohort))
        posts = []
        for person in people:
            wall = JargonWall(store, person)
            posts += [wall.add(f"Term {person.id}-{k}", "A meaning " * 10, "housing")
                      for k in range(POSTS_EACH)]
        for i, person in enumerate(people):
            wall = JargonWall(store, person)
            for k in range(REACTIONS_EACH):
                wall.mark_didnt_know(posts[(i * 7 + k) % len(posts)])
        Agreement(store, people[0]).items()
        wall = JargonWall(store, people[0])
        print(f"cohort: {TRAINEES} trainees, {len(posts)} jargon posts, "
              f"{TRAINEES * REACTIONS_EACH} reactions")
        med, worst = timed(wall.fingerprint)
        print(f"live poll (fingerprint) per page:  median {med:.2f} ms, worst {worst:.2f} ms")
        print(f"  = {TRAINEES / 3 * med:.0f} ms of database time a second for {TRAINEES} open "
              "pages polling every 3 s")
        med, worst = timed(wall.groups, 20)
        print(f"redraw query (all groups):         median {med:.1f} ms, worst {worst:.1f} ms")
        from widgets.spaces import JargonWallView

        start = time.perf_counter()
        view = JargonWallView(store, people[1], live=False)
        print(f"jargon wall page, first draw:      {time.perf_counter() - start:.2f} s")
        JargonWall(store, people[2]).add("One more", "meaning")
        start = time.perf_counter()
        view.live.poll_once()
        print(f"jargon wall redraw after a post:   {(time.perf_counter() - start) * 1000:.0f} ms")
        view.close()
        from widgets.dashboard import DashboardView

        start = time.perf_counter()
        view = DashboardView(store, fac, live=False)
        print(f"dashboard first build (imports pandas, matplotlib): "
              f"{time.perf_counter() - start:.2f} s")
        med, _ = timed(view.refresh, 5)
        print(f"dashboard redraw:                  median {med:.0f} ms")
        view.close()
        start = time.perf_counter()
        cohort_admin.export(store, "Bench", Path(tmp) / "e.xlsx")
        print(f"export to Excel:                   {time.perf_counter() - start:.2f} s")
        start = time.perf_counter()
        report = cohort_admin.purge(store, "Bench", "Bench")
        print(f"purge ({sum(report.deleted.values())} rows, checked, VACUUM): "
              f"{time.perf_counter() - start:.2f} s")
        store.dispose()


if __name__ == "__main__":
    main()
