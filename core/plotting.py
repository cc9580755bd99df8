"""Text for plotly figures. Plotly draws a subset of HTML in hover text, labels and
annotations (<a href>, <span style>, <br>…), so text from people is escaped: plotly
shows &lt; &gt; &amp; as the characters, never as markup."""

import html


def plot_text(text) -> str:
    """Text shown literally in a figure, whatever it holds."""
    return html.escape(str(text), quote=False)
