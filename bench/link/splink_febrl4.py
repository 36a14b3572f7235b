"""Splink 5 (DuckDB) on FEBRL4 link-only: the peer side of the linkage benchmark.

Configured as /work/shared/research/linkage.md section 4.1, which is the "detailed model" of
Splink's own FEBRL4 example (docs/demos/examples/duckdb/febrl4): strings stripped, empty as NULL;
seven prediction blocking rules; NameComparison (TF) on both names, DateOfBirthComparison,
Damerau-Levenshtein on soc_sec_id and postcode (TF), ExactMatch (TF) on street_number; lambda from
deterministic rules at recall 0.8; u by random sampling (max_pairs 1e6 as the docs, seed 1); EM on
date_of_birth then postcode without TF; predict at p >= 0.01; connected components at p >= 0.9.

End to end: load febrl4a.csv and febrl4b.csv (from prepare_febrl.py), train, predict, cluster,
write `source,record_id,cluster_id` to --output. Stage times go to stderr.

    target/link-venv/bin/python bench/link/splink_febrl4.py --data-dir target/link-data \
        --output /tmp/splink-febrl4.csv
"""

import argparse
import logging
import os
import sys

sys.dont_write_bytecode = True  # keep bench/link free of __pycache__
from splink_common import Stages, add_output_args, load_csv_stripped, write_clusters, write_pairs  # noqa: E402

stages = Stages()
import duckdb  # noqa: E402
import splink.comparison_library as cl  # noqa: E402
from splink import DuckDBAPI, Linker, SettingsCreator, block_on  # noqa: E402

stages.done("import")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", required=True, help="directory with febrl4a.csv and febrl4b.csv")
    ap.add_argument("--u-max-pairs", type=float, default=1e6)
    ap.add_argument("--u-seed", type=int, default=1)
    add_output_args(ap)
    args = ap.parse_args()

    con = duckdb.connect()
    db_api = DuckDBAPI(connection=con)
    dfs = [
        db_api.register(load_csv_stripped(con, os.path.join(args.data_dir, f"{n}.csv"), f"in_{n}"),
                        dataset_display_name=n)
        for n in ("febrl4a", "febrl4b")
    ]

    blocking_rules = [
        block_on("given_name", "surname"),
        "l.given_name = r.surname and l.surname = r.given_name",
        block_on("date_of_birth"),
        block_on("soc_sec_id"),
        block_on("state", "address_1"),
        block_on("street_number", "address_1"),
        block_on("postcode"),
    ]
    settings = SettingsCreator(
        unique_id_column_name="rec_id",
        link_type="link_only",
        blocking_rules_to_generate_predictions=blocking_rules,
        comparisons=[
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison(
                "date_of_birth",
                input_is_string=True,
                datetime_format="%Y%m%d",
                invalid_dates_as_null=True,
            ),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]).configure(
                term_frequency_adjustments=True
            ),
        ],
        retain_intermediate_calculation_columns=True,
    )
    linker = Linker(dfs, settings, log_level=logging.INFO if args.verbose else logging.WARNING)
    stages.done("load")

    linker.training.estimate_probability_two_random_records_match(
        [block_on("soc_sec_id"), block_on("given_name", "surname", "date_of_birth")], recall=0.8
    )
    stages.done("lambda")
    linker.training.estimate_u_using_random_sampling(max_pairs=args.u_max_pairs, seed=args.u_seed)
    stages.done("u")
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("date_of_birth"), estimate_without_term_frequencies=True
    )
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("postcode"), estimate_without_term_frequencies=True
    )
    stages.done("em")

    predictions = linker.inference.predict(threshold_match_probability=args.predict_threshold)
    stages.done("predict")
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=args.cluster_threshold
    )
    stages.done("cluster")
    write_clusters(con, clusters, "rec_id", args.output)
    if args.pairs_output:
        write_pairs(predictions, "rec_id", args.pairs_output, args.pairs_min)
    stages.done("write")
    stages.print("splink febrl4")


if __name__ == "__main__":
    main()
