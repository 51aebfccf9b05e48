"""Evaluate your own unlearning method on Lethe, by uploading logits.

Downloads a scenario's package, trains per seed an original (all of x_train) and a retrain (the
retain rows) with PyTorch, unlearns the original with NegGrad+ (training.py), and uploads each
model's logits on x_train and x_test to a new external study. Lethe scores them with the same
metrics as its own runs; the script prints the study's dashboard URL.

    export LETHE_URL=http://localhost:3000 LETHE_TOKEN=...   # an API token (README, "API")
    python3 logits_example.py --scenario <scenario id> --seeds 0 1 2
"""
import time

from lethe_api import Lethe, connection_args, npy_bytes, run
from training import RECIPE, UNLEARN_LR, logits, make_model, neggrad_plus, train


def main():
    parser = connection_args(__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0], help="seeds (one original, retrain and unlearned model each)")
    args = parser.parse_args()
    lethe = Lethe(args.url, args.token)

    pkg = lethe.package(args.scenario)
    sample_shape = pkg.x_train.shape[1:]
    print(f"package: {len(pkg.x_train)} training rows ({len(pkg.forget)} to forget), {len(pkg.x_test)} test rows, {pkg.classes} classes")
    study = lethe.create_external_study(
        args.scenario,
        "PyTorch MLP, NegGrad+ (logits)",
        f"{RECIPE}; NegGrad+: 5 epochs (lr {UNLEARN_LR:g}) of fine-tuning on the retain rows with a clipped gradient-ascent term (weight 0.1) on the forget rows. Logits uploaded by examples/python/logits_example.py.",
    )

    def upload(role, seed, model, seconds, method=None):
        files = {"logits_train": npy_bytes(logits(model, pkg.x_train)), "logits_test": npy_bytes(logits(model, pkg.x_test))}
        run = lethe.upload_run(study["id"], files, role, seed, seconds, method, args.code_url)
        print(f"seed {seed} {role:9s} {run['status']}: forget accuracy {run['metrics']['accuracy']['forget']:.3f} (scored by Lethe)")

    for seed in args.seeds:
        # the retrain of a seed must be uploaded before its unlearned run: it is the run's reference
        start = time.perf_counter()
        original = train(make_model(sample_shape, pkg.classes, seed), pkg.x_train, pkg.y_train, range(len(pkg.x_train)), seed)
        upload("original", seed, original, time.perf_counter() - start)

        start = time.perf_counter()
        retrain = train(make_model(sample_shape, pkg.classes, seed), pkg.x_train, pkg.y_train, pkg.retain, seed)
        upload("retrain", seed, retrain, time.perf_counter() - start)

        start = time.perf_counter()
        unlearned = neggrad_plus(original, pkg, seed)
        upload("unlearned", seed, unlearned, time.perf_counter() - start, method="NegGrad+ (PyTorch)")

    print(f"dashboard: {lethe.study_url(study)}")


if __name__ == "__main__":
    run(main)
