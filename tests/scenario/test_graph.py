"""Pictures of the branches: Mermaid text and SVG."""

from __future__ import annotations

import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from commonground.scenario import load_scenario, load_text, render_graph, to_mermaid, to_svg

ROOT = Path(__file__).resolve().parents[2]
SVG = "{http://www.w3.org/2000/svg}"

SMALL = textwrap.dedent("""\
    schema_version: 1
    id: small
    title: Small "quoted" <title>
    summary: Small.
    module: 01_safe_environment
    variables: {trust: {initial: 1}}
    roles: {worker: {name: Worker, brief: Work.}}
    start: a
    nodes:
      a:
        title: Opening
        text: Start.
        choices:
          - {id: go, label: Go on, target: b}
          - {id: skip, label: Skip "ahead", target: end, when: {state: {trust: ">= 2"}}}
      b:
        text: Middle.
        choices:
          - {id: loop, label: Back to start, target: a}
          - {id: finish, label: Finish, target: end}
      end:
        text: End.
        ending: {title: The end, tone: hopeful, debrief: Done.}
    """)


@pytest.fixture
def scenario():
    return load_text(SMALL, "small.yaml")


def test_mermaid_lists_nodes_and_edges(scenario):
    text = to_mermaid(scenario)
    assert text.startswith("flowchart TD\n")
    assert 'n_a["a: Opening"]' in text
    assert 'n_end(["end: END: The end"])' in text
    assert 'n_a -->|"Go on"| n_b' in text
    assert 'n_a -.->|"Skip #quot;ahead#quot; [if trust #gt;= 2]"| n_end' in text
    assert 'n_b -->|"Back to start"| n_a' in text
    assert "class n_end hopeful" in text and "class n_a start" in text


def test_svg_is_well_formed_with_a_box_per_node_and_a_path_per_edge(scenario):
    root = ET.fromstring(to_svg(scenario))
    assert root.tag == f"{SVG}svg"
    assert len(root.findall(f"{SVG}g")) == 3
    paths = root.findall(f"{SVG}path")
    assert len(paths) == 4
    assert sum(1 for p in paths if p.get("stroke-dasharray")) == 1
    assert root.find(f"{SVG}title").text == 'Small "quoted" <title>'


@pytest.mark.parametrize("fmt", ["mermaid", "svg"])
def test_every_shipped_scenario_can_be_drawn(fmt):
    for path in sorted((ROOT / "content" / "scenarios").glob("*.yaml")):
        out = render_graph(load_scenario(path), fmt)
        if fmt == "svg":
            ET.fromstring(out)
        else:
            assert out.count("n_") > 5


def test_unknown_format_is_refused(scenario):
    with pytest.raises(ValueError, match="unknown graph format"):
        render_graph(scenario, "png")
