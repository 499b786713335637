"""The course's small stylesheet: readable type, visible focus, calm colours."""

STYLE = """<style>
.cg-header .cg-where { font-size: 0.95em; color: #333; margin: 0 0 .4em 0; }
.cg-header details summary { cursor: pointer; font-weight: 600; }
.cg-header nav ol { margin: .4em 0 .6em 1.2em; }
.cg-progress { color: #2d6a4f; font-size: .9em; }
.cg-glossary summary { cursor: pointer; }
.cg-glossary dt { font-weight: 600; margin-top: .3em; }
.cg-glossary dd { margin-left: 1.2em; }
.cg-banner { border-left: 4px solid #1a73e8; background: #e8f0fe; padding: .5em .8em;
  margin: .5em 0; }
.cg-content-note { border-left: 4px solid #b08900; background: #fff8e1; padding: .5em .8em;
  margin: .5em 0; }
.cg-message { padding: .3em .6em; margin: .3em 0; }
.cg-problem { border-left: 4px solid #b00020; background: #fdecea; color: #5f0010; }
.cg-info { color: #1b4332; }
.cg-status { font-size: .9em; }
.cg-status.cg-offline { font-weight: 600; padding: .3em .6em; }
.cg-reflection { border: 1px solid #ccc; border-radius: 6px; padding: .6em; margin: .8em 0; }
.cg-reflection-text.widget-textarea { flex-direction: column; align-items: stretch; }
.cg-reflection-text .widget-label { width: auto; max-width: none; margin-bottom: .3em;
  text-align: left;
  font-weight: 600; }
.cg-reflection textarea { font-size: 1rem; line-height: 1.5; }
.cg-scenario { border: 1px solid #bbb; border-radius: 6px; padding: .6em; margin: .8em 0; }
.cg-choice.jupyter-button { white-space: normal; text-align: left; line-height: 1.4;
  padding: .4em .8em; margin: .2em 0; max-width: 100%; }
.cg-feedback { background: #f1f8e9; border-left: 4px solid #558b2f; padding: .4em .8em; }
.cg-compare-row { display: flex; flex-wrap: wrap; gap: 1em; }
.cg-compare-col { flex: 1 1 18em; border: 1px solid #ddd; padding: .5em; border-radius: 4px; }
.cg-shared summary { cursor: pointer; font-weight: 600; }
.cg-shared-text { border-left: 3px solid #999; margin: .5em 0; padding: .2em .8em;
  white-space: normal; }
.cg-meters { list-style: none; padding-left: 0; }
.cg-entry { border-top: 1px solid #ccc; margin-top: 1em; padding-top: .4em; }
.cg-meta { color: #333; font-size: .92em; }
.cg-text { border-left: 3px solid #888; padding-left: .8em; margin: .4em 0; }
.cg-reflection-feedback { background: #f1f7f3; border-left: 4px solid #2d6a4f;
  padding: .4em .8em; margin: .4em 0; }
.cg-history summary, .cg-journal details summary { cursor: pointer; }
.cg-downloads a.cg-download { font-weight: 600; }
.jupyter-widgets :focus-visible, .cg-header a:focus-visible, .cg-prevnext a:focus-visible {
  outline: 3px solid #1a73e8 !important; outline-offset: 2px; }
</style>"""
