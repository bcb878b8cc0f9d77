"""The one rendering stack: a sandboxed, autoescaping, strict Jinja environment and one JSON escaper."""

from __future__ import annotations

import json

import pytest
from jinja2 import UndefinedError
from jinja2.sandbox import SecurityError

from coursekit.templating import ENV, script_json


def test_script_json_cannot_close_the_script_element_or_break_a_line():
    text = script_json({"t": "</script><!--&'\u2028\u2029"})
    assert text == '{"t":"\\u003c/script\\u003e\\u003c!--\\u0026\\u0027\\u2028\\u2029"}'
    assert json.loads(text) == {"t": "</script><!--&'\u2028\u2029"}


def test_tojson_in_templates_is_the_same_escaper():
    value = {"b": "</script>", "a": "\u00e9"}
    assert ENV.from_string("{{ v|tojson }}").render(v=value) == script_json(value)


def test_values_are_escaped_and_undefined_names_are_errors():
    assert ENV.from_string("<p title='{{ v }}'>{{ v }}</p>").render(v="<b>'\"&") == (
        "<p title='&lt;b&gt;&#39;&#34;&amp;'>&lt;b&gt;&#39;&#34;&amp;</p>")
    with pytest.raises(UndefinedError):
        ENV.from_string("{{ missing }}").render()


@pytest.mark.parametrize("source", [
    "{{ cycler.__init__.__globals__.os }}",
    "{{ self.__init__.__globals__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
])
def test_the_environment_is_sandboxed(source):
    with pytest.raises((SecurityError, UndefinedError)):
        ENV.from_string(source).render()


def test_every_package_template_loads():
    names = ENV.list_templates()
    assert {"maps/figure.html.j2", "maps/runtime.js.j2", "quiz/quiz.html.j2", "quiz/widget.html.j2",
            "figures/timeline.html.j2", "exercises/feedback.html.j2"} <= set(names)
    for name in names:
        ENV.get_template(name)
