"""Splink 5 (DuckDB) on FEBRL3 dedupe: the peer side of the linkage benchmark.

Configured as /work/shared/research/linkage.md section 4.2, which is Splink's own FEBRL3 example
(docs/demos/examples/duckdb/febrl3): dedupe_only; blocking on soc_sec_id, given_name, surname,
date_of_birth, postcode; NameComparison on both names, DateOfBirthComparison, Damerau-Levenshtein
[2] on soc_sec_id, ExactMatch (TF) on street_number and postcode; lambda from deterministic rules
at recall 0.9; u by random sampling (max_pairs 1e6 as the docs, seed 2); EM on date_of_birth then
postcode; predict at p >= 0.01; connected components at p >= 0.9. Strings are stripped and empty
values are NULL on load (a no-op on the shipped data beyond the docs' trims).

End to end: load febrl3.csv (from prepare_febrl.py), train, predict, cluster, write
`source,record_id,cluster_id` (source `febrl3`) to --output. Stage times go to stderr.

    target/link-venv/bin/python bench/link/splink_febrl3.py --data-dir target/link-data \
        --output /tmp/splink-febrl3.csv
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
    ap.add_argument("--data-dir", required=True, help="directory with febrl3.csv")
    ap.add_argument("--u-max-pairs", type=float, default=1e6)
    ap.add_argument("--u-seed", type=int, default=2)
    add_output_args(ap)
    args = ap.parse_args()

    con = duckdb.connect()
    db_api = DuckDBAPI(connection=con)
    df = db_api.register(load_csv_stripped(con, os.path.join(args.data_dir, "febrl3.csv"), "in_febrl3"),
                         dataset_display_name="febrl3")

    settings = SettingsCreator(
        unique_id_column_name="rec_id",
        link_type="dedupe_only",
        blocking_rules_to_generate_predictions=[
            block_on("soc_sec_id"),
            block_on("given_name"),
            block_on("surname"),
            block_on("date_of_birth"),
            block_on("postcode"),
        ],
        comparisons=[
            cl.NameComparison("given_name"),
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison(
                "date_of_birth",
                input_is_string=True,
                datetime_format="%Y%m%d",
            ),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.ExactMatch("postcode").configure(term_frequency_adjustments=True),
        ],
        retain_intermediate_calculation_columns=True,
    )
    linker = Linker(df, settings, log_level=logging.INFO if args.verbose else logging.WARNING)
    stages.done("load")

    linker.training.estimate_probability_two_random_records_match(
        [
            block_on("soc_sec_id"),
            block_on("given_name", "surname", "date_of_birth"),
            "l.given_name = r.surname and l.surname = r.given_name "
            "and l.date_of_birth = r.date_of_birth",
        ],
        recall=0.9,
    )
    stages.done("lambda")
    linker.training.estimate_u_using_random_sampling(max_pairs=args.u_max_pairs, seed=args.u_seed)
    stages.done("u")
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("date_of_birth"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("postcode"))
    stages.done("em")

    predictions = linker.inference.predict(threshold_match_probability=args.predict_threshold)
    stages.done("predict")
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=args.cluster_threshold
    )
    stages.done("cluster")
    write_clusters(con, clusters, "rec_id", args.output, source="febrl3")
    if args.pairs_output:
        write_pairs(predictions, "rec_id", args.pairs_output, args.pairs_min, source="febrl3")
    stages.done("write")
    stages.print("splink febrl3")


if __name__ == "__main__":
    main()
