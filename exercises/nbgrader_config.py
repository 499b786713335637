"""nbgrader settings for Common Ground's reflection assignments.

Run nbgrader from this folder (cd exercises). The notebooks in source/ are generated from
content/prompts/ by `commonground grading generate`: change the prompts, not the notebooks.
See facilitator_notes/grading.md for the whole grading cycle.
"""

c = get_config()  # noqa: F821 - nbgrader provides get_config()

c.CourseDirectory.course_id = "commonground"

# The gradebook is gradebook.db in this folder. To keep it elsewhere, name a database:
# c.CourseDirectory.db_url = "sqlite:////srv/commonground/gradebook.db"

# What an empty answer box says (the same words as in the generated notebooks).
c.ClearSolutions.text_stub = (
    'Double-click here to write your reflection, then press Shift+Enter. '
    'To pass, leave this box as it is.'
)

# The exchange is nbgrader's folder for handing assignments out and in. Trainees write in
# the course, never through it, but formgrader looks for it: it is exchange/ in this
# folder (the grading run on the dashboard creates it), not /srv/nbgrader/exchange.
import os  # noqa: E402

c.Exchange.root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "exchange")

# Reflections are Markdown only: autograde has no code to run, so it starts no kernel
# (a kernel per submission is slow, and its shutdown logs "KeyboardInterrupt caught in
# kernel", which is only the kernel being stopped).
c.Execute.enabled = False
