"""The line chart of shares over quarters (reports.charts.lines_svg)."""

from __future__ import annotations

from casequality.reports.charts import Series, lines_svg

COLUMNS = ["Jan–Mar 2026", "Apr–Jun 2026", "Jul–Sep 2026"]


def test_a_point_is_drawn_for_each_known_share_with_its_figure_in_a_tooltip():
    svg = lines_svg([Series("Protecting the public", (0.4, None, 0.5))], columns=COLUMNS, title="t")
    assert svg.count("<circle") == 2
    assert "<title>Protecting the public, Jan–Mar 2026: 40%</title>" in svg
    assert "<title>Protecting the public, Jul–Sep 2026: 50%</title>" in svg


def test_a_line_across_a_quarter_without_a_share_is_dashed_and_between_neighbours_solid():
    gap = lines_svg([Series("A", (0.4, None, 0.5))], columns=COLUMNS, title="t")
    next_to = lines_svg([Series("A", (0.4, 0.5, None))], columns=COLUMNS, title="t")
    assert gap.count("<line") - gap.count("stroke-dasharray") == next_to.count("<line") - 1
    assert 'stroke-dasharray="6 4"' in gap and "stroke-dasharray" not in next_to


def test_labels_and_title_are_escaped():
    svg = lines_svg([Series("<b>x</b>", (0.5,))], columns=["Q <1>"], title="a & b")
    assert "<b>" not in svg and "&lt;b&gt;x&lt;/b&gt;" in svg
    assert 'aria-label="a &amp; b"' in svg and "&lt;1&gt;" in svg


def test_a_chart_of_one_line_can_leave_out_its_legend():
    with_legend = lines_svg([Series("Named line", (0.5,))], columns=["Q"], title="t")
    without = lines_svg([Series("Named line", (0.5,))], columns=["Q"], title="t", legend=False)
    assert ">Named line</text>" in with_legend and ">Named line</text>" not in without
