"""``python -m pretix oicmeetup_parse FILE``: a website post's meetup data as one JSON object."""
import json
import sys

from django.core.management.base import BaseCommand

from ...posts.parse import read_and_parse
from ...posts.structure import PostParseError


class Command(BaseCommand):
    help = (
        "Parse a website post (an announcement or a Rückblick; Jekyll markdown) and print its data as one JSON "
        "object. "
        "Runs with pretix's settings, so it needs a pretix configuration (PRETIX_CONFIG_FILE, or /etc/pretix/"
        "pretix.cfg, ~/.pretix.cfg, ./pretix.cfg) whose [pretix] datadir is a writable directory: pretix creates "
        "it on start (secret key, logs), by default as data/ in the current directory. Without any pretix "
        "configuration, `python -m pretix_oicmeetup.posts FILE` prints the same and writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the post (.md); - reads standard input")

    def handle(self, *args, file, **options):
        try:
            post = read_and_parse(file)
        except PostParseError as e:
            # One line on stderr and a non-zero exit, for scripts and checks.
            self.stderr.write(" ".join(str(e).split()))
            sys.exit(1)
        self.stdout.write(json.dumps(post.as_json(), ensure_ascii=False, indent=2))
