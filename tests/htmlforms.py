"""The forms of a rendered page, read from its HTML as a browser would submit them.

The hostile-input test (tests/test_hostile_input.py) fills every field of every form
the URL walk finds; a new form joins it by being on a page.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin


@dataclass
class HtmlForm:
    method: str  # "get" or "post"
    action: str  # absolute path
    fields: dict = field(default_factory=dict)  # name -> value the browser would send
    hidden: set = field(default_factory=set)  # names of hidden inputs (csrf, version…)

    @property
    def editable(self) -> list[str]:
        return [name for name in self.fields if name not in self.hidden]


class _FormParser(HTMLParser):
    def __init__(self, page_url: str):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[HtmlForm] = []
        self._form = None
        self._select = None  # (name, first option value)
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = {key: value or "" for key, value in attrs}
        if tag == "form":
            action = urljoin(self.page_url, attrs.get("action") or self.page_url)
            self._form = HtmlForm(method=attrs.get("method", "get").lower(), action=action)
            self.forms.append(self._form)
        elif self._form is not None and attrs.get("name"):
            self._field(tag, attrs)
        elif tag == "option" and self._select is not None:
            self._option(attrs)

    def _field(self, tag, attrs):
        name, kind = attrs["name"], attrs.get("type", "text").lower()
        if tag == "input" and kind in ("submit", "button", "image", "reset", "file"):
            return
        if tag == "input" and kind in ("checkbox", "radio"):
            if "checked" in attrs or name not in self._form.fields:
                self._form.fields[name] = attrs.get("value", "on")
            return
        if tag == "input":
            self._form.fields[name] = attrs.get("value", "")
            if kind == "hidden":
                self._form.hidden.add(name)
        elif tag == "select":
            self._select = name
            self._form.fields.setdefault(name, "")
        elif tag == "textarea":
            self._textarea = name
            self._form.fields[name] = ""

    def _option(self, attrs):
        value = attrs.get("value", "")
        # The selected option, else the first with a value: the likeliest to be valid.
        if "selected" in attrs or not self._form.fields.get(self._select):
            self._form.fields[self._select] = value

    def handle_data(self, data):
        if self._textarea is not None:
            self._form.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def page_forms(html: str, page_url: str) -> list[HtmlForm]:
    """Every <form> on the page with the values a browser would submit unchanged."""
    parser = _FormParser(page_url)
    parser.feed(html)
    return parser.forms
