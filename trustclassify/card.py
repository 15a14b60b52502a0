"""A Markdown model card: what a model is for, what it was trained on, how well it does."""

from __future__ import annotations

import pandas as pd

from .categories import categories, source
from .formatting import markdown_scores


def model_card(model) -> str:
    """Return a Markdown model card for a fitted :class:`BreachClassifier`.

    It holds intended use, the screening-aid caveat, training data counts (no training text),
    per-category figures, thresholds, the safety note and limitations.
    """
    meta = model.metadata
    cats = categories()
    src = source()
    lines = [
        "# trustclassify model card",
        "",
        "## Intended use",
        "Screening free-text descriptions of relationship problems (anonymised intake forms, "
        "clinicians' notes) for the 14 ways trust issues develop listed in the article "
        f"\"{src['title']}\" ({src['author']}). It helps a clinician decide what to read first "
        "and what to ask about.",
        "",
        "**It is a screening aid, not a diagnosis.** A match means the text resembles "
        "statements labelled with that category; no match never means there is no problem. "
        "Do not use it to make decisions about a person without a clinician reading the text.",
        "",
        "## Safety-related categories",
        "Physical violence and control or intimidation favour recall: their thresholds "
        "maximise F2 (recall weighs twice) and are lowered, if need be, until cross-validated "
        "recall reaches "
        + " and ".join(f"{c.recall_target:.2f} for {c.id}" for c in cats if c.safety_related)
        + ". That costs false flags. A flag means *read this first*; the absence of a flag "
        "never means *screened negative*. Follow your service's risk-assessment protocol "
        "whatever the model says.",
        "",
        "## Training data",
        f"- texts: {meta['n_training_texts']} (none of them is stored in the model)",
        f"- SHA-256 of texts and labels: `{meta['training_data_sha256']}`",
        f"- created: {meta['created']} with trustclassify {meta['versions']['trustclassify']}"
        f" and scikit-learn {meta['versions']['scikit-learn']}",
        "",
        "## Thresholds and cross-validated figures",
        "Out-of-fold figures on the training data at the learned thresholds.",
        "",
        "| category | safety | threshold | precision | recall | F1 | support |",
        "|---|---|---|---|---|---|---|",
    ]
    for c in cats:
        r = meta["cv_report"][c.id]
        lines.append(
            f"| {c.id} | {'yes' if c.safety_related else ''} | {meta['thresholds'][c.id]:.3f} | "
            f"{r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} | {int(r['support'])} |"
        )
    for name, table in meta["evaluation"].items():
        lines += ["", f"## Evaluation on `{name}`", "", markdown_scores(
            pd.DataFrame.from_dict(table, orient="index"))]
    lines += [
        "",
        "## Limitations",
        "- A bag-of-words model: it reads words and short phrases, not meaning. Unusual "
        "wording, sarcasm, reported speech and long texts with many topics are read less well.",
        "- Trained on English statements written for this project, not on real client records; "
        "figures on your own intake text will differ. Measure them with `trustclassify "
        "evaluate` on a labelled sample of your own.",
        "- Negation is handled for a few words after \"never\", \"no\", \"denies\" and the like; "
        "other ways of saying something did not happen can still be read as if it did.",
        "- Text is meant to be anonymised; use the identifier guard (`--on-identifiers`).",
    ]
    return "\n".join(lines) + "\n"
