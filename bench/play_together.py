"""Playing together: time from a group's vote to every member's page moving on, for a
cohort in one live session (protocol clients, SQLite), beside the room's move banner
measured in the same run.

    .venv/bin/python bench/play_together.py              # 30 trainees
    .venv/bin/python bench/play_together.py --people 15

A `commonground serve` on a fresh database in a temporary folder; a cohort of N trainees
(a multiple of 3), in groups playing the three-seat role-play (``care_team_together``):
one group play per 15 people, five on each seat (the most a seat takes), fewer when N
is smaller. Each person opens module 01 (where "Play together" is) as a browser does,
without the browser (``harness.kernel_client.Visitor``), keeping the kernel socket open.
Then, three times, every seat's group votes (all but the deciding vote placed first),
and the deciding votes are cast, one seat after another, as the page's button does
(``commonground.pages.play_together.PlayTogether.vote``); each page's time until its
new scene arrives on its socket is recorded: twice the seats meet (the last seat's vote
moves every seat on), the third time each seat reaches an ending on its own. In the same
run, with the same pages, the facilitator moves the room and each page's time until its
banner says so is recorded (``bench/room_move.py``'s measure). Prints p50, p95 and max of
each and their ratio. The issue's target: p95 <= 2 s at 30 on this machine.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._live import PAGE, close, on_fresh_server, summary, watch_round  # noqa: E402
from commonground import load_course, open_store  # noqa: E402
from commonground.admin.cohorts import ensure_facilitator  # noqa: E402
from commonground.pages.play_together import PlayTogether  # noqa: E402
from commonground.pages.room import RoomControl  # noqa: E402
from commonground.scenario import titles  # noqa: E402
from harness.kernel_client import Visitor  # noqa: E402
from widgets.play_together import INTERVAL  # noqa: E402

SEATS = ("carmen", "farah", "tania")
# Per round: each seat's choice, and the words its members' pages show once moved on.
ROUNDS = (
    {"carmen": ("carmen_says_hello", "Round the table"),
     "farah": ("farah_asks_tania", "Round the table"),
     "tania": ("tania_writes_notes", "Round the table")},
    {"carmen": ("carmen_plain_words", "The question about counselling"),
     "farah": ("farah_says_tania_decides", "turns a page in her file"),
     "tania": ("tania_says_mum", "The question about counselling")},
    {"carmen": ("carmen_asks_tania", "Ending: A plan with Tania in it"),
     "farah": ("farah_asks_tania_in_room", "Ending: Trust kept"),
     "tania": ("tania_asks_why", "Ending: Heard")},
)


async def _run(base: str, url: str, people: int, moves: int) -> None:
    store = open_store(url, create=False)
    course = load_course()
    scenario = titles.find_scenario("care_team_together", course)
    assert scenario is not None
    cohort = store.people.create_cohort("Bench together", "Robin Ng")
    ids = [store.people.add_participant(cohort.id, f"Trainee {i}", f"Agency {i % 5}")
           for i in range(people)]
    tokens = [store.people.issue_link(pid) for pid in ids]
    persons = [store.people.get(pid) for pid in ids]
    lead = store.people.get(ensure_facilitator(store, cohort))
    # Groups: one group play per 15 people (five a seat), the rest in a smaller one.
    seat_of: dict[int, tuple[int, str]] = {}  # person index -> (table, seat)
    tables: list[int] = []
    per_table = 15 if people >= 15 else people
    for start in range(0, people, per_table):
        members = list(range(start, min(people, start + per_table)))
        code = store.group_play.start(persons[members[0]], scenario)
        for n, i in enumerate(members):
            seat = SEATS[n % 3]
            play_id = store.group_play.join(persons[i], code, seat, scenario)
            seat_of[i] = (play_id, seat)
        tables.append(play_id)
    visitors = [Visitor(base, PAGE, token=t) for t in tokens]
    begin = time.perf_counter()
    visits = await asyncio.gather(*(v.open(600) for v in visitors))
    bad = [v.problem for v in visits if not v.ok]
    print(f"{people} pages opened in {time.perf_counter() - begin:.1f} s; "
          f"{len(tables)} group plays, up to 5 people a seat"
          + (f"; problems: {bad[:3]}" if bad else ""))
    opened = {i for i, visit in enumerate(visits) if visit.ok}
    try:
        votes: list[float] = []
        for n, round_ in enumerate(ROUNDS, start=1):
            deciding: list[tuple[int, str]] = []  # (person index, choice)
            for play_id in tables:
                for seat in SEATS:
                    group = [i for i, (p, s) in seat_of.items() if p == play_id and s == seat]
                    choice = round_[seat][0]
                    need = len(group) // 2 + 1  # a majority
                    for i in group[:need - 1]:
                        PlayTogether(store, persons[i], scenario).vote(choice)
                    deciding.append((group[need - 1], choice))

            def act(deciding: list[tuple[int, str]] = deciding) -> None:
                for i, choice in deciding:
                    PlayTogether(store, persons[i], scenario).vote(choice)

            pages = [(visitors[i], round_[seat_of[i][1]][1]) for i in sorted(opened)]
            votes += await watch_round(pages, act)
            print(f"  round {n}: {len(deciding)} seats decided")
        control = RoomControl(store, lead, course)
        banner: list[float] = []
        open_ones = [visitors[i] for i in sorted(opened)]
        for activity in [a for a in control.activities if a.anchor][:moves]:
            banner += await watch_round(
                [(v, f"The group is now at: {activity.title}") for v in open_ones],
                lambda key=activity.key: control.move(key))
        print(f"\n{len(opened)} pages; Play together and the banner each poll every "
              f"{INTERVAL:.0f} s")
        _v50, v95 = summary("group's deciding vote -> every member's page moved on",
                             votes)
        _b50, b95 = summary("room move -> banner on every page", banner)
        print(f"vote p95 / room move p95: {v95 / b95:.2f}; target p95 <= 2 s: "
              f"{'met' if v95 <= 2 else 'not met'}")
    finally:
        await close(visitors, store)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=30)
    parser.add_argument("--moves", type=int, default=3)
    args = parser.parse_args()
    if args.people < 3 or args.people % 3:
        parser.error("--people must be a multiple of 3 (a group on each seat)")
    on_fresh_server("cg-together-",
                    lambda base, url: _run(base, url, args.people, args.moves))


if __name__ == "__main__":
    main()
