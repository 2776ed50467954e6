"""Sections as markdown in the website's post structure (``### Heading``, bold schedule lines with
``<br>``), for the post export."""
from django.utils.translation import pgettext

from .fragments import escape_markdown


def render_markdown(sections) -> str:
    parts = []
    for section in sections:
        body = "\n\n".join(p for p in (_block_markdown(block) for block in section.blocks) if p.strip())
        parts.append(f"### {section.heading}\n{body}" if section.heading else body)
    return "\n\n".join(p for p in parts if p.strip())


def _block_markdown(block) -> str:
    if block.kind == "paragraph":
        return block.content.source
    if block.kind == "items":
        return "\n".join("- " + item.source.replace("\n", " ") for item in block.items)
    if block.kind == "facts":
        lines, groups = [], []
        for key, label, fragment in block.rows:
            if key in ("venue", "date"):
                if lines:
                    groups.append(lines)
                lines = [f"**{fragment.source}**"]
                if key == "venue":
                    groups.append(lines)
                    lines = []
            else:
                lines.append(f"**{label}:** {fragment.source}")
        if lines:
            groups.append(lines)
        return "\n\n".join("<br>\n".join(group) for group in groups)
    if block.kind == "gallery":  # the post shows its photos with the website's gallery include (posts.export)
        return ""
    if block.kind == "speaker":
        head = f"**{escape_markdown(block.name)}**"
        if block.profile_link:
            head += " " + block.profile_link.source
        if block.role:
            head += " " + pgettext("oicmeetup post", "is {role}.").format(role=block.role.source)
        return head + (" " + block.bio.source if block.bio else "")
    raise ValueError(f"Unknown block kind {block.kind}")
