"""``eval``: strict and lax P/R/F1 of a bead file against gold."""

from __future__ import annotations

import argparse


def cmd_eval(args: argparse.Namespace) -> int:
    import dataclasses
    import json

    from align.evaluating import check_comparable, read_beads, score_alignment

    test, gold = read_beads(args.test, unique=True), read_beads(args.gold)
    check_comparable(test, gold, test_name=args.test, gold_name=args.gold)
    scores = score_alignment(test, gold)
    if args.json:
        print(json.dumps(dataclasses.asdict(scores), indent=2))
    else:
        print("          precision  recall     F1")
        print(f"strict    {scores.strict_p:9.4f}  {scores.strict_r:6.4f}  {scores.strict_f1:6.4f}")
        print(f"lax       {scores.lax_p:9.4f}  {scores.lax_r:6.4f}  {scores.lax_f1:6.4f}")
    return 0
