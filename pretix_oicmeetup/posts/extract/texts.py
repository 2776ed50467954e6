"""The post's texts: the introduction (the description), Hinweis, Inhalt (learning outcomes), Materialien
and the contact, each as markdown for the import and, where ``oicmeetup_parse`` prints it, as plain text."""
from ..structure import line_text, normalise_heading, restore_liquid, strip_list_marker
from . import sections_of


def item_source(item) -> str:
    return strip_list_marker(" ".join(line.source for line in item))


def extract_description_and_contact(post, sections, tags):
    description, contact, after_registration = [], [], False
    for section in sections:
        if section.key == "registration":
            after_registration = True
            continue
        if section.key is not None:
            continue
        for block in section.blocks:
            source = restore_liquid(block.source, tags)
            if not source:
                continue
            if after_registration and "mailto:" in source:
                contact.append(source)
            else:
                description.append(source)
    for section in sections_of(sections, "contact"):
        contact += [restore_liquid(block.source, tags) for block in section.blocks]
    post.values["description"] = "\n\n".join(description)
    post.values["contact"] = "\n\n".join(c for c in contact if c)


def extract_hint(post, sections, tags):
    texts, sources = [], []
    for section in sections_of(sections, "hint"):
        for block in section.blocks:
            if block.kind in ("paragraph", "list", "quote"):
                texts.append(line_text(block.lines) if block.lines else
                             " ".join(line_text(item) for item in block.items))
                sources.append(restore_liquid(block.source, tags))
    post.hint = "\n\n".join(t for t in texts if t) or None
    post.values["hint"] = "\n\n".join(s for s in sources if s)


def extract_outcomes(post, sections, tags):
    best = None
    for section in sections_of(sections, "outcomes"):
        intro_lines, intro_sources, items = [], [], None
        for block in section.blocks:
            if block.kind == "list" and items is None:
                items = block.items
                break
            if block.kind == "paragraph":
                intro_lines += block.lines
                intro_sources.append(restore_liquid(block.source, tags))
        if not items:
            continue
        intro = line_text(intro_lines)
        heading = normalise_heading(section.heading)
        priority = 2 if heading.startswith("am ende") or intro.lower().startswith("am ende") else 1
        if best is None or priority > best[0]:
            intro_md = "\n\n".join(intro_sources) if intro_sources else (
                section.heading if heading.startswith("am ende") else "")
            best = (priority, intro_md, items)
    if best:
        _, post.values["outcomes_intro"], items = best
        post.learning_outcomes = [line_text(item) for item in items if line_text(item)]
        post.values["outcomes"] = "\n".join(item_source(item) for item in items if line_text(item))


def extract_materials(post, sections, tags):
    sources = []
    for section in sections_of(sections, "materials"):
        for block in section.blocks:
            if block.kind == "list":
                for item in block.items:
                    if line_text(item):
                        post.materials.append(line_text(item))
                        sources.append(item_source(item))
            elif block.kind == "paragraph":
                for line in block.lines:
                    post.materials.append(line.text)
                    sources.append(strip_list_marker(restore_liquid(line.source, tags)))
    post.values["materials"] = "\n".join(sources)
