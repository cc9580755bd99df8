from minutes.text import render_minutes


def test_it_escapes_html_typed_into_the_minutes():
    html = render_minutes('<script>alert("x")</script> & <b>bold</b>')
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html


def test_it_turns_blank_line_blocks_into_paragraphs():
    html = render_minutes("First paragraph\nstill first.\n\n  \nSecond.")
    assert html == (
        '<p class="govuk-body">First paragraph<br>still first.</p>\n'
        '<p class="govuk-body">Second.</p>'
    )


def test_it_turns_dash_and_star_lines_into_a_bulleted_list():
    html = render_minutes("Points:\n- one\n* two <i>\nAfter.")
    assert html == (
        '<p class="govuk-body">Points:</p>'
        '<ul class="govuk-list govuk-list--bullet"><li>one</li><li>two &lt;i&gt;</li></ul>'
        '<p class="govuk-body">After.</p>'
    )


def test_it_renders_nothing_for_empty_minutes():
    assert render_minutes("") == ""
    assert render_minutes(None) == ""
