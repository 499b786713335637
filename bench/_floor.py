"""The bare Voila floor page (one Markdown cell and one text box) the benchmarks compare
the course with."""

__all__ = ["FLOOR_NOTEBOOK"]

FLOOR_NOTEBOOK = {
    "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Floor\n", "One text box."]},
        {
            "cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
            "source": ["import ipywidgets as w; w.Textarea(description='Floor box')"],
        },
    ],
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                "language": "python"}},
    "nbformat": 4, "nbformat_minor": 5,
}
