"""Extractors: each reads some of the meetup's fields from a post's structure (``posts.structure``) into a
``ParsedPost``. Regular expressions only look at short, already isolated pieces (a date line, a time line,
one sentence), with bounded quantifiers."""


def sections_of(sections, key):
    return [s for s in sections if s.key == key]


def paragraph_lines(section):
    for block in section.blocks:
        if block.kind in ("paragraph", "heading"):
            yield from block.lines
        elif block.kind == "list":
            for item in block.items:
                yield from item


def intro_lines(sections):
    """The lines of the post's text before any known section (its introduction)."""
    return [line for section in sections if section.key is None for line in paragraph_lines(section)]


def description_blocks(sections):
    for section in sections:
        if section.key == "registration":
            return
        if section.key is None:
            yield from section.blocks
