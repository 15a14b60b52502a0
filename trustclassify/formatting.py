"""Turning results into text for people: match lists and score tables."""

from __future__ import annotations

import textwrap

import click
import pandas as pd

from .matches import Match


def format_matches(text: str, matches: list[Match], *, color: bool = False) -> str:
    """Return a readable block: the text, then each match with score, evidence and explanation."""
    lines = [f"Text: {text}"]
    if not matches:
        lines.append("  no category matched (this is not a statement that there is no problem)")
    for m in matches:
        flag = "  [safety: read first]" if m.safety_related else ""
        head = f"  {m.category} ({m.score:.2f}, threshold {m.threshold:.2f}){flag}"
        lines.append(click.style(head, bold=True, fg="red" if m.safety_related else None)
                     if color else head)
        lines.append(f"    {m.title}")
        if m.evidence:
            words = ", ".join(
                click.style(w, fg="yellow", bold=True) if color else f'"{w}"' for w, _ in m.evidence
            )
            lines.append(f"    evidence: {words}")
        body = m.explanation or ""
        lines.extend(textwrap.wrap(body, width=96, initial_indent="    ", subsequent_indent="    "))
    return "\n".join(lines)


def format_scores(table: pd.DataFrame) -> str:
    """Return a per-category score table as aligned text."""
    shown = table.copy()
    for col in ("precision", "recall", "f1"):
        shown[col] = shown[col].map(lambda v: f"{v:.3f}")
    return shown.to_string()


def markdown_scores(table: pd.DataFrame) -> str:
    """Return a per-category score table as a Markdown table."""
    rows = ["| category | precision | recall | F1 | support |", "|---|---|---|---|---|"]
    for name, r in table.iterrows():
        rows.append(
            f"| {name} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} "
            f"| {int(r['support'])} |"
        )
    return "\n".join(rows)
