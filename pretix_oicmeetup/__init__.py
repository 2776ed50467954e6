"""pretix-oicmeetup: meetup announcements of Open Innovation City Bielefeld, entered once in pretix."""
__version__ = "1.0.0"
