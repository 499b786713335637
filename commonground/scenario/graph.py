"""Pictures of a scenario's branches for authors: Mermaid flowchart text, or a plain SVG.

The SVG is drawn here with a simple layered layout (no Graphviz or browser needed).
"""

from __future__ import annotations

import re
from collections import deque
from html import escape

from .model import Choice, Node, Scenario

TONE_COLOURS = {"hopeful": "#d9f2e3", "mixed": "#fff3cd", "hard": "#f8d7da"}


def _plain(markdown: str, limit: int) -> str:
    text = re.sub(r"[*_`#>\[\]]", "", markdown)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _node_label(node: Node) -> str:
    if node.ending is not None:
        return f"END: {node.ending.title}"
    if node.title:
        return node.title
    first = node.text[0].text if node.text else ""
    return _plain(first, 40) or node.id


def _edge_label(choice: Choice, limit: int = 40) -> str:
    label = _plain(choice.label, limit)
    if choice.when is not None:
        condition = " ".join(choice.when.describe().split())
        if len(condition) > limit:
            condition = condition[: limit - 1] + "…"
        label += f" [if {condition}]"
    return label


# -- Mermaid ---------------------------------------------------------------------------------
def _mermaid_text(text: str) -> str:
    return text.replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")


def to_mermaid(scenario: Scenario) -> str:
    """A Mermaid ``flowchart`` of nodes and choices (dotted arrows are conditional)."""
    lines = ["flowchart TD", f"  %% {scenario.id}: {_mermaid_text(scenario.title)}"]
    for node in scenario.nodes.values():
        label = _mermaid_text(f"{node.id}: {_node_label(node)}")
        if node.ending is not None:
            lines.append(f'  n_{node.id}(["{label}"])')
        else:
            lines.append(f'  n_{node.id}["{label}"]')
    for node in scenario.nodes.values():
        for choice in node.choices:
            arrow = "-.->" if choice.when is not None else "-->"
            label = _mermaid_text(_edge_label(choice))
            lines.append(f'  n_{node.id} {arrow}|"{label}"| n_{choice.target}')
    lines.append("  classDef start stroke-width:3px")
    for tone, colour in TONE_COLOURS.items():
        lines.append(f"  classDef {tone} fill:{colour}")
    if scenario.start in scenario.nodes:
        lines.append(f"  class n_{scenario.start} start")
    for node in scenario.nodes.values():
        if node.ending is not None:
            lines.append(f"  class n_{node.id} {node.ending.tone}")
    return "\n".join(lines) + "\n"


# -- SVG -------------------------------------------------------------------------------------
BOX_W, BOX_H, GAP_X, GAP_Y, MARGIN = 200, 56, 40, 90, 30


def _layers(scenario: Scenario) -> list[list[str]]:
    depth: dict[str, int] = {}
    starts = [scenario.start] + [r.start for r in scenario.roles.values() if r.start]
    queue = deque(s for s in starts if s in scenario.nodes)
    for s in queue:
        depth.setdefault(s, 0)
    while queue:
        name = queue.popleft()
        for choice in scenario.nodes[name].choices:
            if choice.target in scenario.nodes and choice.target not in depth:
                depth[choice.target] = depth[name] + 1
                queue.append(choice.target)
    deepest = max(depth.values(), default=-1)
    for name in scenario.nodes:  # unreachable nodes go in a last row
        depth.setdefault(name, deepest + 1)
    rows: list[list[str]] = [[] for _ in range(max(depth.values(), default=0) + 1)]
    for name in scenario.nodes:
        rows[depth[name]].append(name)
    # two barycentre passes to reduce crossings
    for _ in range(2):
        position = {n: i for row in rows for i, n in enumerate(row)}
        parents: dict[str, list[int]] = {}
        for node in scenario.nodes.values():
            for c in node.choices:
                if c.target in depth and depth[c.target] == depth[node.id] + 1:
                    parents.setdefault(c.target, []).append(position[node.id])
        for row in rows[1:]:
            row.sort(key=lambda n: sum(parents.get(n, [0])) / len(parents.get(n, [0])))
    return [row for row in rows if row]


def _wrap(text: str, width: int = 28, lines: int = 2) -> list[str]:
    words, out, current = text.split(), [], ""
    for word in words:
        if len(current) + len(word) + 1 > width and current:
            out.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    out.append(current)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: width - 1] + "…"
    return out


def to_svg(scenario: Scenario) -> str:
    """A standalone SVG picture of the branches (dashed arrows are conditional)."""
    rows = _layers(scenario)
    widest = max(len(r) for r in rows)
    width = MARGIN * 2 + widest * BOX_W + (widest - 1) * GAP_X + 160
    height = MARGIN * 2 + 40 + len(rows) * BOX_H + (len(rows) - 1) * GAP_Y
    centre: dict[str, tuple[float, float]] = {}
    for r, row in enumerate(rows):
        row_width = len(row) * BOX_W + (len(row) - 1) * GAP_X
        x0 = (width - 160 - row_width) / 2
        for i, name in enumerate(row):
            centre[name] = (x0 + i * (BOX_W + GAP_X) + BOX_W / 2,
                            MARGIN + 40 + r * (BOX_H + GAP_Y) + BOX_H / 2)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="sans-serif" font-size="12">',
        f"<title>{escape(scenario.title)}</title>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#555"/></marker></defs>',
        '<rect width="100%" height="100%" fill="white"/>',
        f'<text x="{MARGIN}" y="{MARGIN + 10}" font-size="16" font-weight="bold">'
        f"{escape(scenario.title)}</text>",
    ]
    row_of = {n: r for r, row in enumerate(rows) for n in row}
    labels: list[str] = []
    for node in scenario.nodes.values():
        for k, choice in enumerate(node.choices):
            if choice.target not in centre:
                continue
            (x1, y1), (x2, y2) = centre[node.id], centre[choice.target]
            dash = ' stroke-dasharray="5,4"' if choice.when is not None else ""
            if row_of[choice.target] > row_of[node.id]:
                sx, sy, ex, ey = x1, y1 + BOX_H / 2, x2, y2 - BOX_H / 2
                d = (f"M{sx:.0f},{sy:.0f} C{sx:.0f},{sy + GAP_Y / 2:.0f} "
                     f"{ex:.0f},{ey - GAP_Y / 2:.0f} {ex:.0f},{ey:.0f}")
                lx, ly = (sx + ex) / 2, (sy + ey) / 2
            else:  # back or sideways edge: loop round the right-hand side
                sx, sy, ex, ey = x1 + BOX_W / 2, y1, x2 + BOX_W / 2, y2
                bulge = max(sx, ex) + 60 + 12 * k
                d = (f"M{sx:.0f},{sy:.0f} C{bulge:.0f},{sy:.0f} "
                     f"{bulge:.0f},{ey:.0f} {ex:.0f},{ey:.0f}")
                lx, ly = bulge - 10, (sy + ey) / 2
            title = escape(_edge_label(choice, 80))
            out.append(f'<path d="{d}" fill="none" stroke="#555"{dash} marker-end="url(#arrow)">'
                       f"<title>{title}</title></path>")
            short = escape(_plain(choice.label, 26))
            labels.append(f'<text x="{lx:.0f}" y="{ly:.0f}" text-anchor="middle" font-size="10" '
                          f'fill="#333" stroke="white" stroke-width="3" paint-order="stroke">'
                          f"{short}</text>")
    for node in scenario.nodes.values():
        x, y = centre[node.id]
        fill = TONE_COLOURS.get(node.ending.tone, "#eee") if node.ending else "#eef3fb"
        stroke_width = 3 if node.id == scenario.start else 1
        rx = 24 if node.ending else 6
        out.append(f'<g><title>{escape(node.id)}</title><rect x="{x - BOX_W / 2:.0f}" '
                   f'y="{y - BOX_H / 2:.0f}" width="{BOX_W}" height="{BOX_H}" rx="{rx}" '
                   f'fill="{fill}" stroke="#333" stroke-width="{stroke_width}"/>')
        out.append(f'<text x="{x:.0f}" y="{y - 12:.0f}" text-anchor="middle" font-weight="bold">'
                   f"{escape(node.id)}</text>")
        for i, line in enumerate(_wrap(_node_label(node))):
            out.append(f'<text x="{x:.0f}" y="{y + 4 + i * 13:.0f}" text-anchor="middle" '
                       f'font-size="10">{escape(line)}</text>')
        out.append("</g>")
    out += labels
    out.append("</svg>")
    return "\n".join(out) + "\n"


def render_graph(scenario: Scenario, fmt: str = "mermaid") -> str:
    if fmt == "mermaid":
        return to_mermaid(scenario)
    if fmt == "svg":
        return to_svg(scenario)
    raise ValueError(f"unknown graph format {fmt!r} (use mermaid or svg)")
