"""Commands for the distraction model: train on your own history, evaluate on a log file.

Both import torch, so they run in their own process; the tray app starts `train` as a child
process when the user is idle and never loads torch itself.
"""

from __future__ import annotations

import argparse
import math
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from focuscoach.core import i18n
from focuscoach.core.categories import Categorizer, user_categorizer
from focuscoach.core.cli.common import Context, UsageError, print_json
from focuscoach.core.config import RecordingSettings
from focuscoach.core.i18n import _
from focuscoach.core.interop import activitywatch
from focuscoach.core.store.database import open_database
from focuscoach.core.store.schema import SchemaError

if TYPE_CHECKING:  # the model's modules bring numpy: imported by the commands that use them
    from focuscoach.core.activity import WindowSpan
    from focuscoach.core.categorize.encoder import Encoder
    from focuscoach.core.model.examples import Suggested
    from focuscoach.core.model.source import StoredHistory

DEVICES = ("auto", "cpu", "cuda")


def register(commands: Any) -> None:
    train = commands.add_parser("train", help="fine-tune the distraction model on your own history")
    train.add_argument("--device", choices=DEVICES, default="auto", help="default: CUDA if present")
    train.add_argument(
        "--holdout-days",
        type=float,
        default=3.0,
        metavar="DAYS",
        help="recent days kept aside to compare the new model with the current one",
    )
    train.set_defaults(handler=cmd_train)

    evaluate = commands.add_parser(
        "evaluate", help="score the model and the baselines on an ActivityWatch export"
    )
    evaluate.add_argument("--activitywatch", required=True, metavar="FILE")
    evaluate.add_argument("--device", choices=DEVICES, default="auto")
    evaluate.add_argument("--json", action="store_true")
    evaluate.set_defaults(handler=cmd_evaluate)


def _progress(line: Any) -> None:
    auc = (
        ""
        if line.val_pr_auc is None
        else _(", validation PR-AUC {auc}").format(auc=f"{line.val_pr_auc:.3f}")
    )
    print(
        _("epoch {epoch}/{epochs}: loss {loss}{auc} ({seconds})").format(
            epoch=line.epoch,
            epochs=line.epochs,
            loss=f"{line.train_loss:.4f}",
            auc=auc,
            seconds=i18n.seconds(line.elapsed_s),
        ),
        flush=True,
    )


def _stored(path: Path) -> StoredHistory:
    from focuscoach.core.model.source import load_history

    try:
        db = open_database(path, readonly=True)
    except FileNotFoundError:
        raise UsageError(f"nothing recorded yet: no database at {path}") from None
    except SchemaError as exc:
        raise UsageError(str(exc)) from None
    try:
        return load_history(db.conn)
    finally:
        db.close()


def _category_evidence(
    ctx: Context, history: StoredHistory, rules: Categorizer
) -> tuple[Suggested | None, list[WindowSpan] | None]:
    """What the text encoder adds to the labels: the unanswered sure category suggestions
    (low weight) and the distracting spans on-task in context. (None, None), trained as
    before and said in one line, when the encoder is not installed. The encoder loads here,
    in the `train` process, never in the tray app."""
    from focuscoach.core.categorize.encoder import EncoderUnavailable, shared_encoder

    if not history.windows:
        return None, None
    try:
        encoder = shared_encoder()
    except EncoderUnavailable as exc:
        print(_("Category suggestions not used for labels: {why}").format(why=exc), flush=True)
        return None, None
    on_task = _on_task(ctx, history, rules, encoder)
    _refresh_context(ctx, rules, encoder)
    return _unanswered_suggestions(ctx, history, rules, encoder, on_task), on_task


def _refresh_context(ctx: Context, rules: Categorizer, encoder: Encoder) -> None:
    """While the encoder is loaded: which recent distracting windows are on-task for the
    current tasks, stored for the live drift rule (core/categorize/task_context.py)."""
    import time

    from focuscoach.core.categorize.task_context import refresh
    from focuscoach.core.timeutil import local_zone

    db = open_database(ctx.paths.database)
    try:
        done = refresh(db.conn, encoder, rules, time.time(), local_zone())
    finally:
        db.close()
    print(
        _(
            "Context for drift nudges: {judged} new (task, window) pairs judged, {on_task} on-task"
        ).format(judged=done.judged, on_task=done.on_task),
        flush=True,
    )


def _unanswered_suggestions(
    ctx: Context,
    history: StoredHistory,
    rules: Categorizer,
    encoder: Encoder,
    on_task: list[WindowSpan] | None = None,
) -> Suggested:
    """The sure category suggestions the user has not answered, and how many moments they
    label."""
    from focuscoach.core.categorize.unanswered import for_training
    from focuscoach.core.model.examples import build_examples

    try:
        found = for_training(
            history.windows,
            history.afk,
            rules,
            ctx.paths.categories_file,
            ctx.paths.data_dir,
            encoder,
        )
    except ValueError as exc:  # a broken suggestions.json or categories.json
        raise UsageError(str(exc)) from None
    examples = build_examples(
        history.windows,
        history.afk,
        history.feedback,
        rules,
        suggested=found.labels,
        on_task=on_task,
    )
    print(
        _(
            "Category suggestions: {sure} unanswered sure ones ({distracting} distracting, "
            "{answered} left out as answered) label {moments} moments with low weight"
        ).format(
            sure=len(found.labels),
            distracting=found.distracting,
            answered=found.answered,
            moments=int(examples.from_suggestion.sum()),
        ),
        flush=True,
    )
    return found.labels


def _on_task(
    ctx: Context, history: StoredHistory, rules: Categorizer, encoder: Encoder
) -> list[WindowSpan] | None:
    """Distracting spans close in meaning to the task of the planned focus block they fall in
    (core/categorize/context.py): they count as work for the labels. None without blocks."""
    from focuscoach.core.categorize.context import on_task_spans
    from focuscoach.core.categorize.history import focus_blocks

    db = open_database(ctx.paths.database, readonly=True)
    try:
        blocks = [b for b in focus_blocks(db.conn) if b.task.strip()]
    finally:
        db.close()
    if not blocks:
        return None
    spans = on_task_spans(encoder, rules, history.windows, blocks)
    minutes = sum(w.end - w.start for w in spans) / 60
    print(
        _(
            "Context: {windows} distracting windows ({time}) were close to the task of their "
            "focus block ({blocks} planned): counted as work for the labels"
        ).format(windows=len(spans), time=_minutes(minutes), blocks=len(blocks)),
        flush=True,
    )
    return spans


def cmd_train(ctx: Context, args: argparse.Namespace) -> int:
    from focuscoach.core.model import training

    try:
        rules = user_categorizer(ctx.paths.categories_file)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    history = _stored(ctx.paths.database)
    try:
        device = training.resolve_device(args.device)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    print(
        _("Training on {windows} window spans and {answers} answers to nudges ({device})").format(
            windows=len(history.windows), answers=len(history.feedback), device=device.type
        ),
        flush=True,
    )
    suggested, on_task = _category_evidence(ctx, history, rules)
    try:
        decision = training.train_and_select(
            history.windows,
            history.afk,
            history.inputs,
            history.feedback,
            history.moods,
            current_dir=ctx.paths.models_dir,
            holdout_days=args.holdout_days,
            device=device.type,
            progress=_progress,
            categorizer=rules,
            suggested=suggested,
            on_task=on_task,
        )
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    scores = (
        ""
        if math.isnan(decision.new_pr_auc)
        else _(" (PR-AUC on the last {moments} moments: new {new}, current {current})").format(
            moments=decision.holdout_examples,
            new=f"{decision.new_pr_auc:.3f}",
            current=f"{decision.current_pr_auc:.3f}",
        )
    )
    verdict = _("Installed the new model") if decision.replace else _("Kept the current model")
    print(f"{verdict}: {decision.reason}{scores}")
    return 0


def cmd_evaluate(ctx: Context, args: argparse.Namespace) -> int:
    from focuscoach.core.model import evaluation
    from focuscoach.core.model.source import load_history

    try:
        buckets = activitywatch.read_export(Path(args.activitywatch))
    except activitywatch.InvalidExport as exc:
        raise UsageError(str(exc)) from None
    # A throwaway store: the file goes through the same import as `import activitywatch`,
    # and the user's own database is never touched.
    with tempfile.TemporaryDirectory(prefix="focuscoach-evaluate-") as tmp:
        db = open_database(Path(tmp) / "evaluate.db")
        try:
            activitywatch.import_buckets(db.conn, buckets, RecordingSettings())
            history = load_history(db.conn)
        finally:
            db.close()
    if not history.windows:
        raise UsageError(f"{args.activitywatch}: no window (currentwindow) events to evaluate")
    with tempfile.TemporaryDirectory(prefix="focuscoach-evaluate-model-") as model_dir:
        try:
            result = evaluation.evaluate(
                history.windows,
                history.afk,
                history.inputs,
                history.feedback,
                history.moods,
                device=args.device,
                progress=None if args.json else _progress,
                keep_model=model_dir,
            )
        except ValueError as exc:
            raise UsageError(f"{args.activitywatch}: {exc}") from None
        result["nudges"] = _replayed_nudges(history, result, Path(model_dir))
    if args.json:
        print_json(result)
        return 0
    print(
        _(
            "{moments} moments, {positives} followed by distraction; "
            "trained on the first 70 % of the time span, tested on the last 30 %"
        ).format(moments=result["n_examples"], positives=result["positives"])
    )
    print(
        _(
            "test base rate {rate}; 95 % intervals from resampling whole hours; hard = moments"
            " with no distraction in the previous hour ({hard} moments)"
        ).format(rate=f"{result['test_base_rate']:.3f}", hard=result["hard_subset"]["examples"])
    )
    head = (_("model"), "PR-AUC", _("95 % interval"), "ROC-AUC", _("hard PR-AUC"))
    print(f"{head[0]:<18} {head[1]:>7} {head[2]:>15} {head[3]:>8} {head[4]:>12}")
    for name, scores in result["models"].items():
        low, high = scores["pr_auc_ci"]
        hard = scores["hard_pr_auc"]
        print(
            f"{name:<18} {scores['pr_auc']:>7.3f} {f'{low:.3f}-{high:.3f}':>15}"
            f" {scores['roc_auc']:>8.3f} {'-' if hard is None else f'{hard:.3f}':>12}"
        )
    seeds = result["attention_seeds"]
    print(
        _(
            "attention over {seeds} seeds: PR-AUC {scores} (spread {spread}); best baseline: {best}"
        ).format(
            seeds=len(seeds["seeds"]),
            scores=", ".join(f"{p:.3f}" for p in seeds["pr_auc"]),
            spread=f"{seeds['spread']:.3f}",
            best=result["best_baseline"],
        )
    )
    print(
        _("one prediction: {ms} ms (median, one CPU thread)").format(
            ms=f"{result['latency_ms_p50']:.2f}"
        )
    )
    _print_nudges(result["nudges"])
    return 0


def _replayed_nudges(
    history: StoredHistory, result: dict[str, Any], model_dir: Path
) -> dict[str, Any]:
    """The model's forecast nudges replayed on the test part, next to the rules' at the same
    budget (core/replay_evaluation.py)."""
    from focuscoach.core.categories import default_categorizer
    from focuscoach.core.replay_evaluation import nudge_comparison
    from focuscoach.core.timeutil import local_zone

    return nudge_comparison(
        history.windows,
        history.afk,
        history.inputs,
        history.moods,
        model_dir=model_dir,
        categorizer=default_categorizer(),
        train_since=min(w.start for w in history.windows),
        test_since=result["test_since"],
        test_until=result["test_until"],
        tz=local_zone(),
    )


def _print_nudges(nudges: dict[str, Any]) -> None:
    print(
        _(
            "forecast nudges replayed on the test part (--assume-focus, no drift rule), at most"
            " {budget} an active hour, each at its own operating point:"
        ).format(budget=nudges["budget_per_hour"])
    )
    head = (_("scored by"), _("per hour"), _("precision"), _("right"), _("anticipated"))
    print(f"{head[0]:<18} {head[1]:>9} {head[2]:>10} {head[3]:>7} {head[4]:>12}")
    rows = [("attention", nudges["model"]), *nudges["rules"].items()]
    for name, f in rows:
        episodes = f"{f['episodes_anticipated']}/{f['distraction_episodes']}"
        rate = f["nudges_per_active_hour"]
        per_hour = "-" if rate is None else f"{rate:.2f}"
        precision = "-" if f["precision"] is None else f"{f['precision']:.2f}"
        right = "-" if f["nudges_right"] is None else f["nudges_right"]
        print(f"{name:<18} {per_hour:>9} {precision:>10} {right:>7} {episodes:>12}")


def _minutes(minutes: float) -> str:
    """'75 min' as before in English; '1小时15分钟' in Chinese."""
    return f"{minutes:.0f} min" if i18n.current() == "en" else i18n.duration(round(minutes))
