import json
import sys

from django.core.management.base import BaseCommand

from ...postparser import PostParseError, parse_post


class Command(BaseCommand):
    help = "Parse a website announcement post (Jekyll markdown) and print its meetup data as one JSON object."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the post (.md); - reads standard input")

    def handle(self, *args, file, **options):
        try:
            if file == "-":
                text = sys.stdin.read()
            else:
                with open(file, encoding="utf-8") as f:
                    text = f.read()
            post = parse_post(text)
        except (OSError, UnicodeDecodeError) as e:
            self._fail(f"cannot read {file}: {getattr(e, 'strerror', None) or e}")
        except PostParseError as e:
            self._fail(f"{file}: {e}")
        self.stdout.write(json.dumps(post.as_json(), ensure_ascii=False, indent=2))

    def _fail(self, message):
        # One line on stderr and a non-zero exit, for scripts and checks.
        self.stderr.write(" ".join(str(message).split()))
        sys.exit(1)
