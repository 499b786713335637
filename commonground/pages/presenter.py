"""The presenter view's model: the cohort's shared things as slides for a projector.

Plain Python, no widgets (``widgets.presenter`` draws it). Only the cohort's facilitator
may open it, and it never shows a name: not a trainee's, not an author's, not an agency
beside a choice. What it shows is what the cohort already shares, as the anonymity rule
(:mod:`commonground.data.anonymity`) lets anyone see it, with no dates at all:

- how far the room has got (people who opened and completed each module: counts only);
- the jargon wall (terms and meanings, never who posted them; hidden ones left out);
- the group agreement (the agreed version, or the suggestions and their endorsements);
- the elephants the facilitator brought out of the box;
- reflections shared with the cohort, a question at a time (their own words only);
- role-play choices across the room, a decision at a time, only choices at least
  :data:`MIN_PEOPLE` people made (the rest said to be left out, never counted);
- the course evaluation, once enough people answered (its own rule).

Long lists run over several slides of at most :data:`PER_SLIDE` items.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from commonground.content.course import Course
from commonground.data.people import Participant, cohort_members
from commonground.data.reflections import cohort_shared
from commonground.data.store import Store
from commonground.scenario import titles
from commonground.spaces import Agreement, ElephantBox, JargonWall

from .dashboard import FACILITATORS_ONLY, MIN_CELL, Dashboard, NotFacilitator

__all__ = ["MIN_PEOPLE", "PER_SLIDE", "Bar", "Presenter", "Slide"]

PER_SLIDE = 6  # items on one slide: legible from the back of a room
MIN_PEOPLE = MIN_CELL  # the fewest people a choice on the screen may stand for (as on
# the dashboard's choices by agency)


@dataclass(frozen=True)
class Bar:
    """A count drawn as a bar: ``value`` out of ``of``."""

    label: str
    value: int
    of: int


@dataclass(frozen=True)
class Slide:
    key: str  # stays the same while the slide's subject does (the screen keeps its place)
    title: str
    items: tuple[str, ...] = ()
    bars: tuple[Bar, ...] = ()
    note: str = ""  # a line under the title, in smaller type
    empty: str = ""  # what the slide says when it has nothing yet

    def as_dict(self) -> dict[str, object]:
        return {"key": self.key, "title": self.title, "items": list(self.items),
                "bars": [[b.label, b.value, b.of] for b in self.bars], "note": self.note,
                "empty": self.empty}


@dataclass
class _Deck:
    slides: list[Slide] = field(default_factory=list)

    def add(self, key: str, title: str, items: list[str], note: str = "",
            empty: str = "") -> None:
        """One slide, or several of at most PER_SLIDE items ("(2 of 3)")."""
        if not items:
            self.slides.append(Slide(key, title, note=note, empty=empty))
            return
        pages = [items[i:i + PER_SLIDE] for i in range(0, len(items), PER_SLIDE)]
        for n, page in enumerate(pages, start=1):
            suffix = f" ({n} of {len(pages)})" if len(pages) > 1 else ""
            self.slides.append(Slide(f"{key}:{n}", title + suffix, tuple(page), note=note))


class Presenter:
    def __init__(self, store: Store, person: Participant, course: Course):
        if not person.is_facilitator or person.cohort_id is None:
            raise NotFacilitator(FACILITATORS_ONLY)
        self.store = store
        self.person = person
        self.cohort_id = person.cohort_id
        self.cohort_name = person.cohort_name or ""
        self.course = course

    # -- the deck ----------------------------------------------------------------------
    def slides(self) -> list[Slide]:
        deck = _Deck()
        with self.store.read():  # one snapshot of everything on the screen
            trainees = sum(1 for m in self.store.people.members(self.cohort_id)
                           if m.kind == "trainee")
            room = self.store.room.state(self.cohort_id)
            session = room.session if room is not None else ""
            deck.slides.append(Slide(
                "welcome", session or self.cohort_name or "Common Ground",
                note=(f"{self.cohort_name}. " if session and self.cohort_name else "")
                + f"{trainees} trainee{'' if trainees == 1 else 's'} in this cohort. "
                  "No names are shown on this screen."))
            deck.slides.append(self._progress(trainees))
            checkin = self._checkin()
            if checkin is not None:
                deck.slides.append(checkin)
            deck.add("jargon", "Jargon wall", list(self._jargon()),
                     note="Terms and what they mean, in plain words.",
                     empty="No terms on the wall yet.")
            agreed, items = self._agreement()
            deck.add("agreement", "Our group agreement" if agreed else
                     "Suggestions for our group agreement", items,
                     empty="No suggestions yet.")
            deck.add("elephants", "From the elephant box", self._elephants(),
                     note="Brought out by the facilitator; nobody is told who wrote them.",
                     empty="Nothing brought out of the box yet.")
            for prompt_id, heading, texts in self._reflections():
                deck.add(f"reflections:{prompt_id}", heading, texts,
                         note="Shared with the cohort, without names.")
            for key, heading, bars, left_out in self._choices():
                deck.slides.append(Slide(key, heading, bars=tuple(bars), note=left_out))
            deck.slides.extend(self._together())
            deck.slides.extend(self._evaluation())
        return deck.slides

    def fingerprint(self) -> tuple:
        """Changes when anything on the screen may have (the live refresh asks): what the
        dashboard watches, and the shared spaces."""
        with self.store.read():
            return (
                Dashboard(self.store, self.person).fingerprint(),
                JargonWall(self.store, self.person).fingerprint(),
                Agreement(self.store, self.person).fingerprint(),
                ElephantBox(self.store, self.person).fingerprint(),
                self.store.room.fingerprint(self.cohort_id),
                self.store.room.checkin_fingerprint(self.cohort_id),
                self.store.group_play.cohort_fingerprint(self.cohort_id),
            )

    # -- each part ---------------------------------------------------------------------
    def _progress(self, trainees: int) -> Slide:
        visits = self.store.progress.visits(cohort_members(self.cohort_id, "trainee"))
        opened: dict[str, int] = defaultdict(int)
        done: dict[str, int] = defaultdict(int)
        for v in visits:
            opened[v.module_id] += 1
            done[v.module_id] += v.completed
        bars = []
        for m in self.course.modules:
            if opened.get(m.id):
                name = f"Module {m.number}: {m.title}"
                bars.append(Bar(f"{name}: opened", opened[m.id], trainees))
                bars.append(Bar(f"{name}: completed", done[m.id], trainees))
        return Slide("progress", "Where the room has got to", bars=tuple(bars),
                     note="How many people have opened and completed each module.",
                     empty="Nobody has opened a module yet.")

    def _checkin(self) -> Slide | None:
        """The latest live check-in, in aggregate only (the anonymity rule decides): how
        the room is arriving, a word cloud (each word once, with how many wrote it), or
        how many agree and disagree."""
        state = self.store.room.state(self.cohort_id)
        if state is None or state.checkin_round == 0:
            return None
        summary = self.store.room.checkin_summary(self.cohort_id, state.checkin_round)
        answered = f"{summary.people} answered" if summary.people != 1 else "1 answered"
        title = state.checkin_question or "How are you arriving?"
        key = f"checkin:{state.checkin_round}"
        if not summary.shown:
            return Slide(key, title,
                         note=f"{answered}. The answers appear once enough people have "
                              "answered; they are anonymous.",
                         empty="Waiting for more answers.")
        if state.checkin_kind == "word":
            return Slide(key, title, items=tuple(
                w if n == 1 else f"{w} ({n})" for w, n in summary.words[:PER_SLIDE * 2]),
                note=f"{answered}, anonymously: the words, most often first.")
        if state.checkin_kind == "agree":
            agree, disagree = summary.agree
            return Slide(key, title, bars=(Bar("Agree", agree, summary.people),
                                           Bar("Disagree", disagree, summary.people)),
                         note=f"{answered}, anonymously.")
        bars = tuple(Bar(f"{score} of 5", count, summary.people)
                     for score, count in enumerate(summary.counts, start=1))
        words = ", ".join(w if n == 1 else f"{w} ({n})" for w, n in summary.words)
        return Slide(key, title, bars=bars,
                     note=f"{answered}, anonymously." + (f" In a word: {words}." if words
                                                          else ""))

    def _jargon(self) -> Iterator[str]:
        for group in JargonWall(self.store, self.person).groups():
            shown = [e for e in group.entries if not e.hidden and not e.waiting]
            if not shown:
                continue
            names = " = ".join(e.term for e in shown)
            meaning = next((e.meaning for e in shown if e.meaning), "")
            yield f"{names}: {meaning}" if meaning else names

    def _agreement(self) -> tuple[bool, list[str]]:
        model = Agreement(self.store, self.person)
        agreed = model.agreed()
        if agreed is not None:
            return True, list(agreed.items)
        items = [i for i in model.items() if not i.hidden and not i.waiting]
        return False, [
            i.text + (f" ({i.endorsements} endorsement{'' if i.endorsements == 1 else 's'})"
                      if i.endorsements else "")
            for i in items]

    def _elephants(self) -> list[str]:
        return [e.text for e in ElephantBox(self.store, self.person).surfaced()
                if not e.hidden]

    def _reflections(self) -> Iterator[tuple[str, str, list[str]]]:
        by_prompt: dict[str, list[str]] = defaultdict(list)
        for shared in cohort_shared(self.store, self.cohort_id):
            by_prompt[shared.prompt_id].append(shared.text)
        for prompt_id, texts in by_prompt.items():
            yield prompt_id, titles.prompt_heading(prompt_id, "", self.course), texts

    def _choices(self) -> Iterator[tuple[str, str, list[Bar], str]]:
        made = self.store.plays.choices(cohort_members(self.cohort_id, "trainee"))
        people: dict[tuple[str, str], dict[str, set[int]]] = defaultdict(
            lambda: defaultdict(set))
        for c in made:
            people[(c.scenario_id, c.node_id)][c.choice_id].add(c.participant_id)
        for (sid, node_id), choices in sorted(people.items()):
            everyone = set().union(*choices.values())
            if len(everyone) < MIN_PEOPLE:
                continue
            scenario = titles.find_scenario(sid)
            node = scenario.nodes.get(node_id) if scenario is not None else None
            if scenario is None or node is None:
                continue
            labels = {c.id: c.label for c in node.choices}
            bars = [Bar(labels.get(cid, "A choice no longer in the role-play"), len(who),
                        len(everyone))
                    for cid, who in sorted(choices.items(), key=lambda kv: -len(kv[1]))
                    if len(who) >= MIN_PEOPLE]
            left_out = sum(1 for who in choices.values() if len(who) < MIN_PEOPLE)
            note = (f"{len(everyone)} people made this decision."
                    + (f" Choices made by fewer than {MIN_PEOPLE} people are not shown."
                       if left_out else ""))
            heading = f"{scenario.title}: {node.title or 'a decision'}"
            yield f"choices:{sid}:{node_id}", heading, bars, note

    def _together(self) -> Iterator[Slide]:
        """Groups playing together: the code to join each, how many are on each seat (no
        names); then, side by side, what each seat's group saw and chose, and the endings."""
        from commonground.scenario.engine import Play

        from .play_together import debrief_slides

        for play_id, code, scenario_id in self.store.group_play.of_cohort(self.cohort_id):
            scenario = titles.find_scenario(scenario_id, self.course)
            now = self.store.group_play.now(play_id)
            if scenario is None or scenario.together is None or now is None:
                continue
            plays = [Play.from_dict(scenario, s.saved, others=now.known)
                     for s in now.seats.values()]
            if all(p.finished for p in plays):
                continue
            items = tuple(
                f"{scenario.roles[s.seat].name.split(',')[0]}'s seat: "
                f"{s.members} {'person' if s.members == 1 else 'people'}"
                for s in now.seats.values())
            yield Slide(f"together-join:{code}", f"Play together: {scenario.title}",
                        items=items, note=f"Join on the role-play's page with the code {code}.")
        for d in debrief_slides(self.store, self.cohort_id, self.course):
            yield Slide(d.key, d.title, items=d.items, note=d.note)

    def _evaluation(self) -> Iterable[Slide]:
        from commonground.content.evaluation_form import load_evaluation_form

        form = load_evaluation_form()
        summary = self.store.evaluation.summary(self.cohort_id, form)
        if not summary.shown:
            return []
        slides = []
        for n, statement in enumerate(summary.statements, start=1):
            bars = tuple(Bar(f"{score} {words}", count, summary.responses)
                         for score, (words, count) in enumerate(
                             zip(form.scale, statement.counts, strict=True), start=1))
            slides.append(Slide(f"evaluation:{n}", statement.text, bars=bars,
                                note=f"Course evaluation: {summary.responses} answers."))
        return slides

