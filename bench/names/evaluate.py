#!/usr/bin/env python3
"""Scores a labelled pair file against a score file: precision, recall, F1, ROC AUC, false alarms
on namesakes born three or more years apart, and recall per phenomenon.

usage: evaluate.py PAIRS.csv SCORES.csv [--threshold T] [--by-phenomenon]
PAIRS.csv has `pair_id,...,label,phenomenon` (from `aqiqat demo --export-pairs`);
SCORES.csv has `pair_id,score,...` (from `aqiqat screen score-pairs` or a peer).
"""
import csv
import sys
from collections import defaultdict


def roc_auc(scored):
    """Probability that a random positive outscores a random negative (ties count half)."""
    scored = sorted(scored, key=lambda x: x[0])
    n_pos = sum(1 for _, y in scored if y)
    n_neg = len(scored) - n_pos
    rank_sum, i = 0.0, 0
    while i < len(scored):
        j = i
        while j < len(scored) and scored[j][0] == scored[i][0]:
            j += 1
        average_rank = (i + j + 1) / 2.0
        rank_sum += average_rank * sum(1 for k in range(i, j) if scored[k][1])
        i = j
    return (rank_sum - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg)


def evaluate(pairs_path, scores_path, threshold):
    labels, phenomena = {}, {}
    with open(pairs_path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            labels[row["pair_id"]] = row["label"] == "1"
            phenomena[row["pair_id"]] = row["phenomenon"]
    scores = {}
    with open(scores_path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            scores[row["pair_id"]] = float(row["score"])
    missing = set(labels) - set(scores)
    if missing:
        sys.exit(f"{scores_path}: {len(missing)} pairs have no score")
    tp = sum(1 for p, y in labels.items() if y and scores[p] >= threshold)
    fp = sum(1 for p, y in labels.items() if not y and scores[p] >= threshold)
    fn = sum(1 for p, y in labels.items() if y and scores[p] < threshold)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    auc = roc_auc([(scores[p], y) for p, y in labels.items()])
    namesakes = [p for p in labels if phenomena[p] == "negative:namesake-3y+"]
    namesake_false_alarms = sum(1 for p in namesakes if scores[p] >= threshold) / max(1, len(namesakes))
    by_phenomenon = defaultdict(lambda: [0, 0])
    for p, y in labels.items():
        correct = (scores[p] >= threshold) == y
        by_phenomenon[phenomena[p]][0] += correct
        by_phenomenon[phenomena[p]][1] += 1
    return {
        "pairs": len(labels),
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "roc_auc": auc,
        "namesake_false_alarm_rate": namesake_false_alarms,
    }, by_phenomenon


def main():
    args = sys.argv[1:]
    threshold = 0.5
    if "--threshold" in args:
        threshold = float(args[args.index("--threshold") + 1])
    metrics, by_phenomenon = evaluate(args[0], args[1], threshold)
    for key, value in metrics.items():
        print(f"{key}: {value:.4f}" if isinstance(value, float) else f"{key}: {value}")
    if "--by-phenomenon" in args:
        # Accuracy per phenomenon, worst first; positives are grouped by their two renderings.
        grouped = defaultdict(lambda: [0, 0])
        for phenomenon, (correct, total) in by_phenomenon.items():
            parts = phenomenon.split("/")
            for key in {parts[0] + ("/" + parts[1] if len(parts) > 1 else "")} | set(parts[1:]):
                grouped[key][0] += correct
                grouped[key][1] += total
        for key, (correct, total) in sorted(grouped.items(), key=lambda kv: kv[1][0] / kv[1][1])[:25]:
            print(f"  {correct / total:.3f}  {total:5d}  {key}")


if __name__ == "__main__":
    main()
