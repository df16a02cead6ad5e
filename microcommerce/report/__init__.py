"""The report layer: notebooks run into an HTML report, and the charts they draw.

- :mod:`~microcommerce.report.reproduce`: ``microcommerce reproduce`` — every study
  notebook executed offline in a fresh kernel, exported to HTML with an index, and the
  key-figure tables written beside it.
- :mod:`~microcommerce.report.plot`: the seaborn theme with an embedded Chinese font and
  the few chart types the notebooks share.

The report layer may import every layer below it (io, parse, cleaning, datasets,
analyses, simulation); only the command line imports it. Its modules are imported on
their own (``from microcommerce.report import plot``), so drawing a chart does not load
the notebook machinery.
"""
