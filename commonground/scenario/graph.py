"""Pictures of a scenario's branches for authors: Mermaid flowchart text, or a plain SVG.

The SVG is drawn here with a simple layered layout (no Graphviz or browser needed).
"""

from __future__ import annotations

import re
from html import escape

from .model import Choice, Node, Scenario

_Point = tuple[float, float]

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
    """Rows of node ids: longest-path layering, ignoring the edges that close loops."""
    nodes = scenario.nodes
    succ = {n: [c.target for c in node.choices if c.target in nodes] for n, node in nodes.items()}
    starts = [scenario.start] + [r.start for r in scenario.roles.values() if r.start]
    roots = [s for s in dict.fromkeys(starts) if s in nodes] + list(nodes)
    back: set[tuple[str, str]] = set()
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    order: list[str] = []
    for root in roots:
        if root in state:
            continue
        stack = [(root, iter(succ[root]))]
        state[root] = 1
        while stack:
            name, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                state[name] = 2
                order.append(name)
                stack.pop()
            elif state.get(nxt) == 1:
                back.add((name, nxt))
            elif nxt not in state:
                state[nxt] = 1
                stack.append((nxt, iter(succ[nxt])))
    depth = dict.fromkeys(nodes, 0)
    for name in reversed(order):  # topological order of the acyclic part
        for nxt in succ[name]:
            if (name, nxt) not in back:
                depth[nxt] = max(depth[nxt], depth[name] + 1)
    rows: list[list[str]] = [[] for _ in range(max(depth.values(), default=0) + 1)]
    for name in nodes:
        rows[depth[name]].append(name)
    for _ in range(2):  # barycentre passes to reduce crossings
        position = {n: i for row in rows for i, n in enumerate(row)}
        parents: dict[str, list[int]] = {}
        for name in nodes:
            for nxt in succ[name]:
                if depth[nxt] > depth[name]:
                    parents.setdefault(nxt, []).append(position[name])
        for row in rows[1:]:
            row.sort(key=lambda n: sum(parents.get(n, [0])) / len(parents.get(n, [0])))
    return [row for row in rows if row]


def _bezier(p0: _Point, p1: _Point, p2: _Point, p3: _Point, t: float) -> _Point:
    u = 1 - t
    x, y = (u**3 * a + 3 * u * u * t * b + 3 * u * t * t * c + t**3 * d
            for a, b, c, d in zip(p0, p1, p2, p3, strict=True))
    return x, y


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
        grouped: dict[str, list[Choice]] = {}
        for choice in node.choices:
            if choice.target in centre:
                grouped.setdefault(choice.target, []).append(choice)
        for k, (target, choices) in enumerate(grouped.items()):
            (x1, y1), (x2, y2) = centre[node.id], centre[target]
            conditional = all(c.when is not None for c in choices)
            dash = ' stroke-dasharray="5,4"' if conditional else ""
            if row_of[target] > row_of[node.id]:
                p0, p3 = (x1, y1 + BOX_H / 2), (x2, y2 - BOX_H / 2)
                p1, p2 = (p0[0], p0[1] + GAP_Y / 2), (p3[0], p3[1] - GAP_Y / 2)
            else:  # an edge that closes a loop: round the right-hand side
                bulge = max(x1, x2) + BOX_W / 2 + 50 + 14 * k
                p0, p3 = (x1 + BOX_W / 2, y1), (x2 + BOX_W / 2, y2)
                p1, p2 = (bulge, y1), (bulge, y2)
            d = (f"M{p0[0]:.0f},{p0[1]:.0f} C{p1[0]:.0f},{p1[1]:.0f} "
                 f"{p2[0]:.0f},{p2[1]:.0f} {p3[0]:.0f},{p3[1]:.0f}")
            title = escape("\n".join(_edge_label(c, 80) for c in choices))
            out.append(f'<path d="{d}" fill="none" stroke="#555"{dash} marker-end="url(#arrow)">'
                       f"<title>{title}</title></path>")
            lx, ly = _bezier(p0, p1, p2, p3, 0.7)
            short = _plain(choices[0].label, 24)
            if len(choices) > 1:
                short += f" (+{len(choices) - 1})"
            labels.append(f'<text x="{lx:.0f}" y="{ly:.0f}" text-anchor="middle" font-size="10" '
                          f'fill="#333" stroke="white" stroke-width="3" paint-order="stroke">'
                          f"{escape(short)}</text>")
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
