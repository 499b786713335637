"""``python -m commonground.kernel``: a course page's kernel (see the package)."""

from . import main

main()
