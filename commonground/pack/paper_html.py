"""One role-play on paper as a printable page: how to play, role briefs, a score sheet
and numbered cards for each seat, and the facilitator's debrief sheet."""

from __future__ import annotations

from ..scenario.model import Role, Scenario
from ..text import markdown_to_html
from ._html import esc, page
from .paper import Card, Deck, Line, PaperPlay

__all__ = ["paper_html"]

_CSS = """
.cg-card { border: 1.5px dashed #555; border-radius: 2mm; padding: 3mm 5mm 2mm;
  margin: 0 0 5mm; break-inside: avoid; }
.cg-card-no { float: right; font-size: 16pt; font-weight: bold; margin: 0 0 1mm 4mm;
  border: 2px solid #111; border-radius: 2mm; padding: 0 2.5mm; }
.cg-card h3 { margin-top: .2em; }
.cg-seat { font-size: 9pt; color: #333; margin: 0; text-transform: none; }
.cg-only { font-style: italic; color: #333; margin-bottom: 0; }
.cg-options { list-style: none; padding-left: 0; }
.cg-options li { margin: .35em 0; padding-left: 1.6em; text-indent: -1.6em; }
.cg-go { font-weight: bold; white-space: nowrap; }
.cg-changes { background: #eef4fb; border-left: 4px solid #1d4f91; padding: .3em .7em; }
.cg-ending { border-style: solid; border-width: 2.5px; }
.cg-brief { border: 2px solid #111; border-radius: 2mm; padding: 4mm 6mm; margin: 0 0 6mm;
  break-inside: avoid; }
.cg-boxes { font-size: 14pt; letter-spacing: .15em; white-space: nowrap; }
.cg-tick { font-size: 14pt; }
/* Two cards a row as inline blocks: they never split across pages (floats can), and
   WeasyPrint lays them out once (multi-column text takes it seconds a page). */
.cg-outcomes { font-size: 0; }
.cg-outcomes .cg-card { display: inline-block; vertical-align: top; width: 48.5%;
  box-sizing: border-box; margin: 0 3% 4mm 0; font-size: 9pt; padding: 2mm 4mm 1mm; }
.cg-outcomes .cg-card:nth-child(2n) { margin-right: 0; }
"""


def _md(text: str) -> str:
    return markdown_to_html(text)


def _line(line: Line) -> str:
    if not line.condition:
        return _md(line.text)
    return (f'<p class="cg-only">Only if {esc(line.condition)}:</p>'
            f'<div class="cg-if">{_md(line.text)}</div>')


def _card(deck: Deck, card: Card) -> str:
    seat = esc(deck.role.name)
    head = (f'<p class="cg-card-no">Card {card.number}</p>'
            f'<p class="cg-seat">Seat: {seat}</p>')
    parts = []
    if card.kind == "outcome":
        parts.append(f"<h3>What happened</h3><p><em>{esc(card.title)}</em></p>")
        if card.changes:
            parts.append('<div class="cg-changes"><p><strong>Change your score sheet:</strong>'
                         "</p><ul>" + "".join(f"<li>{esc(c)}</li>" for c in card.changes)
                         + "</ul></div>")
        parts += [_line(line) for line in card.lines]
        parts += [f"<p>{esc(t)}</p>" for t in card.ticks]
        parts.append(f'<p class="cg-go">Now go to card {card.goes_to}.</p>')
        return f'<section class="cg-card cg-outcome">{head}{"".join(parts)}</section>'
    title = f"Ending: {card.title}" if card.kind == "ending" else card.title
    parts.append(f"<h3>{esc(title)}</h3>")
    parts += [f"<p>{esc(t)}</p>" for t in card.ticks]
    parts += [_line(line) for line in card.lines]
    if card.options:
        items = "".join(
            "<li>" + (f'<span class="cg-only">Only if {esc(o.condition)}:</span> '
                      if o.condition else "")
            + f"<strong>{o.letter}.</strong> {esc(o.label)} "
            f'<span class="cg-go">Go to card {o.goes_to}.</span></li>'
            for o in card.options)
        parts.append("<p><strong>What do you do?</strong> Talk it over, then choose one."
                     f'</p><ul class="cg-options">{items}</ul>')
    if card.kind == "ending":
        if card.debrief:
            parts.append("<h4>Debrief</h4>" + "".join(_line(x) for x in card.debrief))
        if card.reflection:
            parts.append(f"<h4>To think about</h4>{_md(card.reflection)}")
        parts.append("<p><strong>This is the end of the role-play.</strong> Stay with your "
                     "group; your facilitator will bring everyone together to talk it "
                     "over.</p>")
        return f'<section class="cg-card cg-ending">{head}{"".join(parts)}</section>'
    return f'<section class="cg-card cg-scene">{head}{"".join(parts)}</section>'


def _brief(role: Role, deck: Deck) -> str:
    parts = [f'<section class="cg-brief"><h3>Role brief: {esc(role.name)}</h3>']
    if role.agency:
        parts.append(f'<p class="cg-meta">{esc(role.agency)}</p>')
    parts.append(_md(role.brief))
    if role.obligations:
        parts.append(f"<p><strong>What you must do:</strong> {esc(role.obligations)}</p>")
    if role.wants:
        parts.append(f"<p><strong>What you want:</strong> {esc(role.wants)}</p>")
    parts.append(f"<p><strong>Your cards are {deck.first} to {deck.last}. Start at card "
                 f"{deck.start}.</strong></p></section>")
    return "".join(parts)


def _score_sheet(scenario: Scenario, deck: Deck) -> str:
    rows = "".join(
        f"<tr><td><strong>{esc(v.label)}</strong>"
        + (f'<br><span class="cg-meta">{esc(v.description)}</span>' if v.description else "")
        + f"</td><td>{v.initial}</td><td>{v.min} to {v.max}</td>"
        f'<td class="cg-boxes">{"☐" * min(v.max - v.min + 1, 12)}</td></tr>'
        for v in deck.variables)
    table = ("" if not rows else
             '<table><thead><tr><th scope="col">Score</th><th scope="col">Start at</th>'
             '<th scope="col">Can go from</th><th scope="col">Keep count here</th></tr>'
             f"</thead><tbody>{rows}</tbody></table>"
             "<p>When a card says to add or take away, change the score, but never "
             "beyond the range shown.</p>")
    ticks = ("" if not deck.checklist else
             "<h3>Tick when it happens</h3><p>Later cards ask about these.</p><ul>"
             + "".join(f'<li><span class="cg-tick">☐</span> {esc(t)}</li>'
                       for t in deck.checklist) + "</ul>")
    return (f'<section class="cg-new-page"><h2>Score sheet: {esc(deck.role.name)}</h2>'
            f"<p>Cards {deck.first} to {deck.last}. Start at card {deck.start}. One person "
            f"in the group keeps this sheet.</p>{table}{ticks}</section>")


def _how_to(play: PaperPlay) -> str:
    s = play.scenario
    seats = "".join(
        f"<li><strong>{esc(d.role.name)}</strong>: cards {d.first} to {d.last}, start at card "
        f"{d.start}" + (" (the person at the centre)" if d.role.is_person else "") + "</li>"
        for d in play.decks)
    notes = "".join(f'<p class="cg-note" role="note"><strong>Content note.</strong> '
                    f"{esc(n)}</p>" for n in s.content_notes)
    minutes = f" It takes about {s.minutes} minutes." if s.minutes else ""
    back = ("<li>You may go back: return to the card you came from and choose again "
            "(undo any change to the score sheet).</li>" if s.allow_back else "")
    sources = ("" if not s.source_sections else
               "<p class=\"cg-meta\">From the source text: "
               + "; ".join(esc(x) for x in s.source_sections) + ".</p>")
    return (
        f"<h1>Role-play on paper: {esc(s.title)}</h1>"
        f'<p class="cg-lead">{esc(" ".join(s.summary.split()))}{minutes}</p>{notes}'
        "<h2>How to play without devices</h2><ol>"
        "<li>Say the content note aloud before you start, and that anyone may sit out or "
        "watch instead, with no reason needed.</li>"
        "<li>Form small groups of two to five. Each group takes one seat: its role brief, "
        "its score sheet and its cards (cut them out, or keep the pages in order).</li>"
        "<li>One person reads the role brief, then the starting card, aloud.</li>"
        "<li>The group talks it over and agrees on one option, then goes to the card it "
        "names. A card marked <em>Only if</em> applies only when the score sheet says so.</li>"
        "<li>After a choice, the card that follows says what happened and how to change the "
        "score sheet.</li>" + back +
        "<li>At an ending, read the debrief together. Then the facilitator brings the groups "
        "together (the debrief sheet is at the back).</li></ol>"
        f"<h2>Seats</h2><ul>{seats}</ul>{sources}"
        f"<p>These cards are made from the role-play in the course "
        f"(<code>content/scenarios/{esc(s.id)}.yaml</code>): the same scenes, choices and "
        "endings as in the app.</p>"
    )


def _debrief_sheet(play: PaperPlay) -> str:
    parts = ['<section class="cg-new-page"><h2>For the facilitator: the endings and the '
             "debrief</h2><p>Each group reaches one of these endings. Ask groups which one "
             "they reached and how; groups that played different seats often saw the same "
             "meeting differently.</p>"]
    seen: dict[str, list[str]] = {}
    for deck in play.decks:
        for card in deck.cards:
            if card.kind == "ending":
                seen.setdefault(card.node_id, []).append(
                    f"{deck.role.name.split(',')[0]}: card {card.number}")
    for node_id in seen:
        node = play.scenario.nodes[node_id]
        assert node.ending is not None
        parts.append(f"<h3>{esc(node.ending.title)}</h3>"
                     f'<p class="cg-meta">{esc("; ".join(seen[node_id]))}</p>')
        parts += [_md(t.text) for t in node.ending.debrief if t.when is None]
        if node.ending.reflection:
            parts.append(f"<h4>Question for the group</h4>{_md(node.ending.reflection)}")
    parts.append("</section>")
    return "".join(parts)


def paper_html(play: PaperPlay) -> str:
    body = [_how_to(play),
            '<section class="cg-new-page"><h2>Role briefs</h2><p>Cut these out: one for each '
            "seat.</p>"
            + "".join(_brief(d.role, d) for d in play.decks) + "</section>"]
    for deck in play.decks:
        body.append(_score_sheet(play.scenario, deck))
        scenes = "".join(_card(deck, c) for c in deck.cards if c.kind != "outcome")
        outcomes = "".join(_card(deck, c) for c in deck.cards if c.kind == "outcome")
        body.append(f'<section class="cg-new-page"><h2>Cards for {esc(deck.role.name)}</h2>'
                    f"{scenes}</section>")
        if outcomes:
            body.append('<section class="cg-new-page"><h2>What happened: cards for '
                        f"{esc(deck.role.name)}</h2><p>Read one of these only when a card "
                        f'sends you to it.</p><div class="cg-outcomes">{outcomes}</div>'
                        "</section>")
    body.append(_debrief_sheet(play))
    return page(f"Role-play on paper: {play.scenario.title}", "".join(body), _CSS)
