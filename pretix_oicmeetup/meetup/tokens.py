"""The plugin's placeholders as they stand in pretix's texts, ``{meetup_…}``: written and found by these
alone. pretix knows them only while the plugin is on for the event (``mail.switching`` takes them out when
it goes off); ``mail.placeholders`` declares what each one shows."""
import re

MARK = "{meetup_"  # the start of every one: a text without it holds none
PATTERN = re.compile(re.escape(MARK) + r"[a-z_]+\}")
# The widget option's placeholder in the front page text: the plugin's business, not the organiser's text.
ESSENTIALS_TOKEN = MARK + "essentials}"
