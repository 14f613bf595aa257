"""The clinician summary's stylesheet: the page on a screen, and as it prints (a browser's
print or the PDF), where it must hold the demo course on one sheet.

Constants only, so the report's HTML can set them in its ``<style>`` as they are.
"""

from __future__ import annotations

from ketacheck.exchange.report import DISCLAIMER

CSS = """
* { box-sizing: border-box; }
body { font-family: Georgia, "Times New Roman", serif; font-size: 11pt; line-height: 1.35;
  color: #111; background: #fff; max-width: 52rem; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 16pt; margin: 0 0 0.3rem; }
h2 { font-size: 12.5pt; margin: 1.1rem 0 0.35rem; border-bottom: 1px solid #999; }
p { margin: 0.25rem 0; }
.disclaimer { font-style: italic; }
.head { display: flex; flex-wrap: wrap; align-items: baseline; column-gap: 1.5em; }
.head h1, .head .patient { margin: 0 0 0.3rem; } .patient { font-size: 12pt; font-weight: bold; }
.meta { color: #333; }
table { border-collapse: collapse; width: 100%; margin: 0.3rem 0; }
th, td { text-align: left; padding: 0.2rem 0.5rem; border-bottom: 1px solid #ccc;
  vertical-align: top; }
th { border-bottom: 1.5px solid #555; }
td.num { text-align: right; white-space: nowrap; }
td.when { white-space: nowrap; }
td.text { white-space: pre-wrap; overflow-wrap: anywhere; }
td.outcome { width: 36%; }
.small { font-size: 9.5pt; color: #333; }
.sheets { display: flex; gap: 1rem; }
.sheet { flex: 1 1 0; min-width: 0; }
.sheet table { font-size: 9pt; }
.sheet .caption { font-size: 9.5pt; }
.item9 { font-weight: bold; }
.none { display: flex; align-items: baseline; gap: 0.8em; border-bottom: 1px solid #999;
  margin: 0.9rem 0 0.35rem; }
.none h2 { border-bottom: none; margin: 0; }
.none p { margin: 0; }
tr.flagged td { font-weight: bold; border-bottom: 1.5px solid #111; }
ul.notes { margin: 0.2rem 0; padding-left: 1.2em; }
ul.notes li { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0.1rem 0; }
ul.notes .when { white-space: nowrap; color: #333; }
.detail > h1 { font-size: 14pt; margin-top: 1.5rem; }
@page { size: A4; margin: 12mm 14mm 10mm;
  @top-left { content: "ketacheck summary, continued"; font-size: 8pt; font-style: italic; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; } }
@page :first { @top-left { content: none; } }
@media print {
  body { margin: 0; padding: 0; max-width: none; font-size: 8.5pt; line-height: 1.1; }
  h1 { font-size: 14pt; }
  h2 { font-size: 10.5pt; margin: 0.45rem 0 0.15rem; break-after: avoid; page-break-after: avoid; }
  .none { margin: 0.45rem 0 0.15rem; }
  th, td { padding: 1pt 4pt; }
  .small, .sheet .caption { font-size: 8.5pt; }
  .sheet table { font-size: 8.5pt; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  .detail { break-before: page; page-break-before: always; }
  .detail > h1 { margin-top: 0; }
  .closing { display: none; }  /* said at the foot of every printed page instead */
}
""".strip()

#: The printed page's type: a Times-width face wherever there is one (Times New Roman on
#: macOS and Windows, Liberation Serif or Nimbus Roman on Linux), else DejaVu's condensed
#: serif, so the page holds as much on a computer that has only DejaVu (Georgia and
#: DejaVu Serif are wide enough to push the demo course onto a second sheet).
_PRINT_FONTS = (
    '"Times New Roman", "Liberation Serif", "Nimbus Roman", "DejaVu Serif Condensed", serif'
)

#: The disclaimer at the foot of every printed page (a constant, with no quote in it), and
#: the print type for the page and its margins.
PAGE_FOOT = (
    f'@page {{ @bottom-left {{ content: "{DISCLAIMER}"; font-size: 8pt; font-style: italic; '
    f"font-family: {_PRINT_FONTS}; }} @bottom-right {{ font-family: {_PRINT_FONTS}; }} }}\n"
    f"@media print {{ body {{ font-family: {_PRINT_FONTS}; }} }}"
)

#: The paper size, for the PDF and a browser's print: Letter where that is the usual paper.
LETTER_PAGE = "@page { size: letter; }"
