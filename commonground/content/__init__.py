"""The course content in ``content/``: the outline and prompts, the evaluation form, the
support lines, and the one reader of every YAML file a facilitator edits.
"""
