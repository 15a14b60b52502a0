"""An evaluation report with pictures: score bars, what the model mixes up, precision-recall.

Needs matplotlib, the optional extra ``report`` (``pip install "trustclassify[report]"``).
Figures are drawn on matplotlib's Agg canvas directly, without pyplot, so writing a report
neither opens windows nor changes the backend of a notebook or script that calls it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from .categories import CATEGORY_IDS, categories
from .errors import TrustClassifyError
from .evaluation import per_category_scores
from .formatting import markdown_scores
from .validation import check_targets, check_texts

__all__ = ["FIGURES", "MissingExtraError", "confusion_matrix", "write_report"]

FIGURES = {
    "scores": "precision_recall.png",
    "confusion": "confusion.png",
    "curves": "pr_curves.png",
}
NO_LABEL = "(no label)"
NOTHING = "(nothing)"
INSTALL_HINT = 'pip install "trustclassify[report]"'


class MissingExtraError(TrustClassifyError, ImportError):
    """An optional dependency is not installed; the message names the extra to install."""


def _matplotlib():
    try:
        import matplotlib  # noqa: F401  (imported first so a missing package fails here)
    except ImportError:
        raise MissingExtraError(
            "writing an evaluation report needs matplotlib, which is not installed; "
            f"install it with: {INSTALL_HINT}"
        ) from None
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    def new_figure(**kwargs):
        fig = Figure(layout="constrained", **kwargs)
        FigureCanvasAgg(fig)
        return fig

    return new_figure


def confusion_matrix(Y_true, Y_pred) -> pd.DataFrame:
    """Return which categories the model mixes up, as shares of each true category's texts.

    Rows are the true categories, then ``"(no label)"`` for texts without any; columns are
    the predicted categories, then ``"(nothing)"``. For a row's texts:

    - the diagonal cell is the share predicted with their own category (its recall),
    - cell (i, j) off the diagonal is the share wrongly predicted as j (j is not among their
      labels): what category i is mistaken for,
    - the ``"(nothing)"`` cell is the share with no category predicted at all.

    Parameters
    ----------
    Y_true, Y_pred : array-like of shape (n_samples, 14)
        0/1 indicator matrices, columns in the order of ``CATEGORY_IDS``.

    Returns
    -------
    pandas.DataFrame of shape (15, 15)
        Shares in [0, 1]; a row with no text is all NaN. ``.attrs["counts"]`` holds the
        counts and ``.attrs["support"]`` each row's number of texts.

    Examples
    --------
    >>> import trustclassify as tc
    >>> true = tc.to_indicator([["affairs"], ["affairs"], []])
    >>> pred = tc.to_indicator([["affairs"], ["poor_repair"], ["poor_repair"]])
    >>> m = confusion_matrix(true, pred)
    >>> m.loc["affairs", ["affairs", "poor_repair", "(nothing)"]].tolist()
    [0.5, 0.5, 0.0]
    >>> float(m.loc["(no label)", "poor_repair"]), int(m.attrs["support"]["(no label)"])
    (1.0, 1)
    """
    T, P = np.asarray(Y_true).astype(bool), np.asarray(Y_pred).astype(bool)
    k = len(CATEGORY_IDS)
    counts = np.zeros((k + 1, k + 1), dtype=np.int64)
    support = np.zeros(k + 1, dtype=np.int64)
    nothing = ~P.any(axis=1)
    for i in range(k):
        rows = T[:, i]
        support[i] = rows.sum()
        wrong = P[rows] & ~T[rows]  # predicted, but not among the text's labels
        counts[i, :k] = wrong.sum(axis=0)
        counts[i, i] = P[rows, i].sum()
        counts[i, k] = nothing[rows].sum()
    unlabelled = ~T.any(axis=1)
    support[k] = unlabelled.sum()
    counts[k, :k] = P[unlabelled].sum(axis=0)
    counts[k, k] = nothing[unlabelled].sum()
    with np.errstate(invalid="ignore", divide="ignore"):
        shares = counts / support[:, None]
    shares[support == 0] = np.nan
    index, columns = [*CATEGORY_IDS, NO_LABEL], [*CATEGORY_IDS, NOTHING]
    out = pd.DataFrame(shares, index=index, columns=columns)
    out.attrs["counts"] = pd.DataFrame(counts, index=index, columns=columns)
    out.attrs["support"] = pd.Series(support, index=index)
    return out


def write_report(model, texts: Iterable[str], labels, report_dir: str | Path) -> Path:
    """Score a fitted model on labelled texts and write figures and a Markdown report.

    Written into ``report_dir`` (created if needed; files of the same names are replaced):

    - ``precision_recall.png``: precision and recall of each category at its threshold,
    - ``confusion.png``: which categories the model mixes up (see :func:`confusion_matrix`),
    - ``pr_curves.png``: each category's precision-recall curve, its threshold marked,
    - ``report.md``: the score table, the figures (relative links) and the worst mix-ups.

    Parameters
    ----------
    model : BreachClassifier
        A fitted classifier.
    texts : iterable of str
    labels : list of lists of str, or array-like of shape (n_samples, 14)
        Each text's category ids, or the 0/1 indicator matrix.
    report_dir : str or Path
        Folder to write into.

    Returns
    -------
    Path
        The path of ``report.md``.

    Raises
    ------
    MissingExtraError
        If matplotlib is not installed (also an ``ImportError``); install the extra with
        ``pip install "trustclassify[report]"``.
    InputTypeError, InvalidInputError
        If the texts or labels are not usable (see :meth:`BreachClassifier.fit`).

    Examples
    --------
    >>> import tempfile
    >>> import trustclassify as tc
    >>> from trustclassify.report import write_report
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = write_report(tc.default_model(), ["he pushed me down the stairs",
    ...                         "she bet our savings on horses"],
    ...                         [["physical_violence"], ["financial_mistakes"]], folder)
    ...     sorted(p.name for p in path.parent.iterdir())
    ['confusion.png', 'pr_curves.png', 'precision_recall.png', 'report.md']
    """
    new_figure = _matplotlib()
    texts = check_texts(texts)
    Y = check_targets(labels, len(texts))
    folder = Path(report_dir)
    folder.mkdir(parents=True, exist_ok=True)

    P = model.predict_proba(texts)
    thresholds = np.asarray(model.thresholds_, dtype=float)
    pred = (P >= thresholds).astype(np.int64)
    table = per_category_scores(Y, pred)
    mixups = confusion_matrix(Y, pred)

    _scores_figure(new_figure, table).savefig(folder / FIGURES["scores"], dpi=110)
    _confusion_figure(new_figure, mixups).savefig(folder / FIGURES["confusion"], dpi=110)
    curves_fig, average_precision = _curves_figure(new_figure, Y, P, thresholds, table)
    curves_fig.savefig(folder / FIGURES["curves"], dpi=110)

    path = folder / "report.md"
    path.write_text(
        _markdown(model, texts, Y, table, mixups, thresholds, average_precision), encoding="utf-8"
    )
    return path


# -- figures -----------------------------------------------------------------------------


def _scores_figure(new_figure, table: pd.DataFrame):
    per_cat = table.loc[list(CATEGORY_IDS)]
    fig = new_figure(figsize=(8, 6.5))
    ax = fig.add_subplot()
    y = np.arange(len(per_cat))[::-1]
    ax.barh(y + 0.2, per_cat["precision"], height=0.4, label="precision", color="#4c72b0")
    ax.barh(y - 0.2, per_cat["recall"], height=0.4, label="recall", color="#dd8452")
    ax.set_yticks(y, [f"{cid} (n={n})" for cid, n in per_cat["support"].items()])
    _mark_safety(ax.get_yticklabels())
    ax.set_xlim(0, 1)
    ax.set_xlabel("at each category's threshold")
    micro = table.loc["micro avg"]
    ax.set_title(
        f"Precision and recall per category (micro avg: precision {micro['precision']:.2f}, "
        f"recall {micro['recall']:.2f})",
        fontsize=10,
    )
    ax.grid(axis="x", alpha=0.3)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=2, fontsize=8, frameon=False)
    return fig


def _confusion_figure(new_figure, mixups: pd.DataFrame):
    fig = new_figure(figsize=(9, 8))
    ax = fig.add_subplot()
    values = mixups.to_numpy()
    image = ax.imshow(np.nan_to_num(values), cmap="Blues", vmin=0, vmax=1)
    support = mixups.attrs["support"]
    ax.set_xticks(range(values.shape[1]), mixups.columns, rotation=60, ha="right", fontsize=8)
    ax.set_yticks(
        range(values.shape[0]), [f"{r} (n={support[r]})" for r in mixups.index], fontsize=8
    )
    _mark_safety(ax.get_xticklabels())
    _mark_safety(ax.get_yticklabels())
    for i, j in zip(*np.nonzero(np.nan_to_num(values) >= 0.005), strict=True):
        ax.text(j, i, f"{values[i, j]:.2f}".lstrip("0"), ha="center", va="center", fontsize=6,
                color="white" if values[i, j] > 0.6 else "black")
    ax.set_xlabel("predicted")
    ax.set_ylabel("labelled")
    ax.set_title(
        "What the model mixes up: share of each row's texts predicted as each column\n"
        "(diagonal: recall; off it: predicted though not labelled so)",
        fontsize=10,
    )
    fig.colorbar(image, ax=ax, shrink=0.7)
    return fig


def _curves_figure(new_figure, Y, P, thresholds, table):
    from sklearn.metrics import average_precision_score, precision_recall_curve

    fig = new_figure(figsize=(12, 11))
    axes = fig.subplots(4, 4, sharex=True, sharey=True).ravel()
    average_precision = {}
    for j, (cat, ax) in enumerate(zip(categories(), axes, strict=False)):  # 16 axes
        t = thresholds[j]
        if Y[:, j].sum() == 0:
            ax.text(0.5, 0.5, "no labelled text", ha="center", va="center", fontsize=8)
            average_precision[cat.id] = float("nan")
        else:
            precision, recall, _ = precision_recall_curve(Y[:, j], P[:, j])
            ap = average_precision_score(Y[:, j], P[:, j])
            average_precision[cat.id] = float(ap)
            ax.step(recall, precision, where="post", color="#4c72b0", linewidth=1.2)
            r, p = table.loc[cat.id, "recall"], table.loc[cat.id, "precision"]
            ax.plot([r], [p], "o", color="#c44e52", markersize=6)
            ax.annotate(f"t={t:.2f}", (r, p), xytext=(-6, -12), textcoords="offset points",
                        ha="right", fontsize=7, color="#c44e52")
        title = f"{cat.id}\nAP {average_precision[cat.id]:.2f}"
        ax.set_title(title, fontsize=8, color="#c44e52" if cat.safety_related else "black")
        ax.set_xlim(0, 1.02)
        ax.set_ylim(0, 1.02)
        ax.grid(alpha=0.3)
    for ax in axes[len(CATEGORY_IDS):]:
        ax.set_visible(False)
    for ax in axes[::4]:
        ax.set_ylabel("precision", fontsize=8)
    for ax in axes[len(CATEGORY_IDS) - 4 : len(CATEGORY_IDS)]:
        ax.set_xlabel("recall", fontsize=8)
        ax.xaxis.set_tick_params(labelbottom=True)
    fig.suptitle(
        "Precision-recall curve of each category; the dot is the model's threshold t "
        "(safety-related categories in red)",
        fontsize=10,
    )
    return fig, average_precision


def _mark_safety(ticklabels) -> None:
    safety = {c.id for c in categories() if c.safety_related}
    for label in ticklabels:
        if label.get_text().split(" ")[0] in safety:
            label.set_color("#c44e52")


# -- Markdown ----------------------------------------------------------------------------


def _markdown(model, texts, Y, table, mixups, thresholds, average_precision) -> str:
    from .datasets import training_data_sha256

    n = len(Y)
    lines = [
        "# Evaluation report",
        "",
        f"{n} labelled texts ({int((Y.sum(axis=1) == 0).sum())} without any label), scored by "
        f"a model trained on {getattr(model, 'n_training_texts_', '?')} texts"
        + (f" ({model.fitted_at_})." if hasattr(model, "fitted_at_") else "."),
    ]
    if getattr(model, "training_data_sha256_", None) == training_data_sha256(texts, Y):
        lines += [
            "",
            "**These are the texts the model was trained on**, so the figures below are "
            "optimistic. Score it on texts it has not seen (a holdout file) to know how it "
            "will do on new ones.",
        ]
    lines += [
        "",
        "## Scores per category",
        "",
        "At each category's threshold. Safety-related categories (physical violence, control "
        "or intimidation) favour recall: for them a missed text costs more than a false flag.",
        "",
        markdown_scores(table),
        "",
        f"![Precision and recall per category]({FIGURES['scores']})",
        "",
        "## What the model mixes up",
        "",
        "Rows: the labelled category (last row: texts without any label). Columns: the "
        "predicted category (last column: nothing predicted). The diagonal is each category's "
        "recall; a cell off it is the share of the row's texts predicted as the column's "
        "category although they are not labelled with it.",
        "",
        f"![Which categories the model mixes up]({FIGURES['confusion']})",
        "",
    ]
    lines += _worst_mixups(mixups) + [
        "",
        "## Precision-recall curves and thresholds",
        "",
        "Each panel shows what precision and recall the category would have at every "
        "threshold; the dot is the threshold the model uses. Move a threshold with "
        "`model.set_thresholds({...})`.",
        "",
        f"![Precision-recall curve of each category]({FIGURES['curves']})",
        "",
        "| category | threshold | average precision |",
        "|---|---|---|",
    ]
    for j, cid in enumerate(CATEGORY_IDS):
        ap = average_precision[cid]
        shown = "n/a (no labelled text)" if np.isnan(ap) else f"{ap:.3f}"
        lines.append(f"| {cid} | {thresholds[j]:.3f} | {shown} |")
    return "\n".join(lines) + "\n"


def _worst_mixups(mixups: pd.DataFrame, top: int = 8, per_column: int = 3) -> list[str]:
    # At most ``per_column`` lines per predicted category, so one over-eager category
    # (control_or_intimidation favours recall) does not hide every other mix-up.
    counts, support = mixups.attrs["counts"], mixups.attrs["support"]
    found = []
    for i, row in enumerate(mixups.index):
        for j, col in enumerate(mixups.columns):
            if i == j or col == NOTHING or counts.iat[i, j] == 0:
                continue
            found.append((mixups.iat[i, j], counts.iat[i, j], row, col))
    found.sort(key=lambda x: (-x[0], -x[1], x[2], x[3]))
    if not found:
        return ["No text was predicted with a category it is not labelled with."]
    lines = ["Most frequent mix-ups (at most three per predicted category):", ""]
    shown: dict[str, int] = {}
    for share, count, row, col in found:
        if shown.get(col, 0) == per_column:
            continue
        shown[col] = shown.get(col, 0) + 1
        who = "texts without a label" if row == NO_LABEL else f"texts labelled `{row}`"
        lines.append(f"- {count} of {support[row]} {who} ({share:.0%}) predicted `{col}`")
        if len(lines) - 2 == top:
            break
    return lines
