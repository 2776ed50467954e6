"""Attempts to run script through the meetup's texts. Each one that worked would set ``window.__xss``,
open a dialog or log the marker."""
MARKER = "OICXSS"

PAYLOADS = [
    "<script>window.__xss=1;console.log('OICXSS1')</script>",
    '<img src=x onerror="window.__xss=2">',
    "<svg onload=\"window.__xss=3\">",
    "<svg><script>window.__xss=4</script></svg>",
    '<iframe src="javascript:parent.__xss=5"></iframe>',
    '<a href="javascript:window.__xss=6">klick6</a>',
    "[klick7](javascript:window.__xss=7)",
    "[klick8](data:text/html,<script>alert(8)</script>)",
    "![bild9](javascript:window.__xss=9)",
    "<body onload=window.__xss=10>",
    '"><script>window.__xss=11</script>',
    "'><img src=x onerror=window.__xss=12>",
    "</script><script>window.__xss=13</script>",
    "</textarea><script>window.__xss=14</script>",
    "<style>@import 'javascript:window.__xss=15';</style>",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=16>",
    "<details open ontoggle=window.__xss=17>",
    "<input autofocus onfocus=window.__xss=18>",
    "<video><source onerror=window.__xss=19></video>",
    '<object data="javascript:window.__xss=20"></object>',
    '<embed src="javascript:window.__xss=21">',
    '<form action="javascript:window.__xss=22"><button>x22</button></form>',
    "[x23](JaVaScRiPt:window.__xss=23)",
    "[x24](&#106;avascript:window.__xss=24)",
    '<a href="&#x6A;avascript:window.__xss=25">x25</a>',
    "{{ 7*7 }} {{ request }}",
    "{% load static %}{% debug %}",
    "{meetup_announcement}{meetup_online_link}{code}{url}",
    '<div style="background:url(javascript:window.__xss=29)">x29</div>',
    '<meta http-equiv="refresh" content="0;url=javascript:window.__xss=30">',
    '<base href="javascript:window.__xss=31//">',
    '<!--<img src="--><img src=x onerror=window.__xss=32>-->',
    "<a href=\"https://example.org\" onclick=\"window.__xss=33\">x33</a>",
    "[x34](https://example.org \"title\" onmouseover=window.__xss=34)",
    "<p onmouseover=\"window.__xss=35\">x35</p>",
]
ALL = "\n\n".join(PAYLOADS)
# A web link that passes URL validation but tries to break out of its attribute.
TRICKY_URL = 'https://example.org/"><script>window.__xss=99</script>'
