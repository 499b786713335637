"""Role-plays on paper: every seat's cards follow the same paths as the app's engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from commonground.pack.paper import Card, Deck, paper_play
from commonground.scenario import Play, load_scenarios, load_text

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = load_scenarios(ROOT / "content" / "scenarios")


def _scene_of(deck: Deck, node: str) -> Card:
    return next(c for c in deck.cards if c.node_id == node and c.kind != "outcome")


def _lands_on(deck: Deck, number: int) -> Card:
    card = deck.card(number)
    return deck.card(card.goes_to) if card.kind == "outcome" and card.goes_to else card


@pytest.mark.parametrize("sid", sorted(SCENARIOS))
def test_every_go_to_names_a_card_in_the_same_deck(sid):
    play = paper_play(SCENARIOS[sid])
    numbers = [c.number for c in play.cards]
    assert numbers == list(range(1, len(numbers) + 1)), "cards numbered 1 to N, once each"
    for deck in play.decks:
        mine = {c.number for c in deck.cards}
        assert deck.start in mine
        for card in deck.cards:
            targets = [o.goes_to for o in card.options]
            targets += [card.goes_to] if card.goes_to is not None else []
            assert set(targets) <= mine, (deck.role.id, card.number)
            if card.kind == "outcome":
                assert card.goes_to is not None and not card.options


@pytest.mark.parametrize("sid", sorted(SCENARIOS))
def test_paper_follows_the_engine_on_every_path(sid):
    """Walk the app's engine down every path (from every seat) and check that the card for
    each scene offers the same choices, each leading to the card of the scene it leads to;
    options the engine does not offer at that moment carry an 'Only if' condition."""
    scenario = SCENARIOS[sid]
    play = paper_play(scenario)
    for deck in play.decks:
        seen: set[tuple] = set()
        stack = [Play(scenario, deck.role.id).to_dict()]
        while stack and len(seen) < 3000:
            engine = Play.from_dict(scenario, stack.pop())
            key = (engine.node.id, tuple(sorted(engine.state.items())),
                   tuple(sorted(engine.chosen)))
            if key in seen:
                continue
            seen.add(key)
            card = _scene_of(deck, engine.node.id)
            offered = {c.id: c for c in engine.choices()}
            by_choice = {o.choice_id: o for o in card.options}
            for choice in offered.values():
                option = by_choice[choice.id]
                assert option.label == " ".join(choice.label.split())
                after = Play.from_dict(scenario, engine.to_dict())
                after.choose(choice.id)
                assert _lands_on(deck, option.goes_to) == _scene_of(deck, after.node.id)
                stack.append(after.to_dict())
            for option in card.options:
                if option.choice_id not in offered:
                    assert option.condition, (deck.role.id, card.number, option.label)
        assert seen, deck.role.id


def test_seat_only_conditions_are_settled_and_the_rest_are_said_in_words():
    scenario = load_text("""
schema_version: 1
id: tiny
title: Tiny
summary: Two seats, one meter, one remembered choice.
module: 00_welcome
roles:
  a: {name: Ari, brief: You are Ari.}
  b: {name: Bea, brief: You are Bea.}
variables:
  trust: {label: Trust, initial: 1, min: 0, max: 3}
start: s
nodes:
  s:
    title: Start
    text:
      - Everyone reads this.
      - text: Only Ari reads this.
        when: {role: a}
    choices:
      - id: warm
        label: Say hello warmly
        target: t
        effects: {trust: 1}
        feedback: It lands well.
      - id: cool
        label: Nod
        target: t
        when: {role: b}
  t:
    title: Then
    text:
      - text: You were warm before.
        when: {chose: warm}
    choices:
      - id: go_good
        label: Carry on
        target: good
        when: {state: {trust: ">= 2"}}
      - id: go_bad
        label: Carry on
        target: bad
        when: {state: {trust: "< 2"}}
  good: {text: Fine., ending: {title: Good end, debrief: It went well.}}
  bad: {text: Hmm., ending: {title: Hard end, debrief: It was hard.}}
""")
    ari, bea = paper_play(scenario).decks
    start = ari.card(ari.start)
    assert [line.text for line in start.lines] == ["Everyone reads this.", "Only Ari reads this."]
    assert all(not line.condition for line in start.lines)
    assert [o.label for o in start.options] == ["Say hello warmly"]  # Nod is Bea's only
    assert [o.label for o in bea.card(bea.start).options] == ["Say hello warmly", "Nod"]
    outcome = ari.card(start.options[0].goes_to)
    assert outcome.kind == "outcome" and outcome.changes == ("Trust: add 1",)
    assert outcome.ticks == ("Tick “I chose: Say hello warmly” on your score sheet.",)
    then = ari.card(outcome.goes_to)
    assert then.lines[0].condition == "you chose “Say hello warmly”"
    assert [o.condition for o in then.options] == [
        "your score for “Trust” is 2 or more", "your score for “Trust” is 1 or less"]
    assert ari.checklist == ("I chose: Say hello warmly",)
    assert {c.title for c in ari.cards if c.kind == "ending"} == {"Good end", "Hard end"}


def test_the_person_at_the_centre_steps_out_of_the_role_on_paper_too():
    from commonground.pack.paper_html import paper_html

    scenario = SCENARIOS["first_care_team_meeting"]
    play = paper_play(scenario)
    html = paper_html(play)
    tania = next(d for d in play.decks if d.role.id == "tania")
    endings = [c for c in tania.cards if c.kind == "ending"]
    assert endings and html.count("Stepping out of the role") == len(endings)
    assert "You have been playing Tania" in html
