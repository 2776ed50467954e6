"""``python -m pretix_oicmeetup.posts FILE``: parse a post without pretix (see ``parse.main``)."""
import sys

from .parse import main

sys.exit(main())
