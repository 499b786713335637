"""The floor's kernel (``bench/_floor.py``): ipykernel as ``python -m ipykernel_launcher``
starts it, with debugpy made unimportable first, as a course kernel does
(``commonground.kernel``) but without importing anything of the course."""

import sys

if __name__ == "__main__":
    # As ipykernel_launcher: this script's folder leaves sys.path while the kernel loads.
    if sys.path and sys.path[0] == __file__.rpartition("/")[0]:
        del sys.path[0]
    sys.modules["debugpy"] = None  # type: ignore[assignment]  # Python's "do not import"
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()
