"""The management commands' progress bar: drawn on a terminal, silent in cron."""

import io

from archive.progress import ProgressBar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_sees_the_bar_fill_and_end_its_line():
    screen = Terminal()
    bar = ProgressBar("transcripts", screen)

    bar(1, 4)
    bar(4, 4)

    drawn = screen.getvalue()
    assert drawn.startswith("\rtranscripts [#######-----------------------] 1/4")
    assert drawn.endswith("[##############################] 4/4\n")


def test_a_pipe_gets_nothing():
    pipe = io.StringIO()
    bar = ProgressBar("transcripts", pipe)

    for done in range(1, 101):
        bar(done, 100)

    assert pipe.getvalue() == ""


def test_redraws_are_limited_but_the_last_one_is_always_drawn():
    screen = Terminal()
    bar = ProgressBar("items", screen)

    for done in range(1, 5001):
        bar(done, 5000)

    assert screen.getvalue().count("\r") < 50
    assert screen.getvalue().endswith("5000/5000\n")
