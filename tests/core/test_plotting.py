from core.plotting import plot_text


def test_plot_text_escapes_the_markup_plotly_would_draw():
    assert plot_text('<a href="x">go</a> <br> & <span style="a">') == (
        '&lt;a href="x"&gt;go&lt;/a&gt; &lt;br&gt; &amp; &lt;span style="a"&gt;'
    )
    assert plot_text("Sep 2018: 96%") == "Sep 2018: 96%"
