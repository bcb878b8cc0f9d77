"""The Jupyter Book 2 (MyST-MD) build of the course, offline: ``make book2``.

- :mod:`.config` writes ``myst.yml`` from the JB1 ``_config.yml``/``_toc.yml`` (and checks it);
- :mod:`.stage` copies the book and executes its notebooks for JB2;
- :mod:`.theme` is the coursekit MyST site template: the server JB2 starts to turn each page's
  MyST tree into HTML, with :mod:`.render` doing the conversion;
- :mod:`.build` runs the whole build, JB2 itself in a network namespace when one can be made.
"""
