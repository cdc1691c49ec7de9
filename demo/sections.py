"""The demo's texts fitted to each instrument type's sections.

The scenario texts give every draft the five sections of a 检察建议; a type composed of fewer
(抗诉书: 基本案情 · 抗诉理由和法律依据 · 抗诉意见; 移送线索函: 线索情况 · 移送事项 …, see
``recommendations.choices.instrument_sections``) would not print a section it does not have.
So the reasons move into the section that carries them in that type: before the legal basis
where the type has one, else at the end of the facts (as does a legal basis) — nothing the scenario says is lost."""

from __future__ import annotations

from recommendations.choices import instrument_sections


def fitted(instrument_type, **texts: str) -> dict[str, str]:
    """``texts`` (the section fields) with the ones ``instrument_type`` lacks folded in: the
    reasons into the legal basis, or else the facts; a legal basis into the facts."""
    used = {section.field for section in instrument_sections(instrument_type)}
    texts = dict(texts)
    for field, homes in (("problems", ("legal_basis", "facts")), ("legal_basis", ("facts",))):
        text = texts.get(field, "")
        home = next((h for h in homes if h in used), None)
        if text and field not in used and home is not None:
            texts[field] = ""
            joined = (text, texts.get(home, "")) if home == "legal_basis" else (texts.get(home, ""), text)
            texts[home] = "\n".join(t for t in joined if t)
    return texts
