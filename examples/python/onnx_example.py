"""Evaluate your own unlearning method on Lethe, by uploading ONNX models.

Like logits_example.py, but uploads the models themselves: each is exported with
torch.onnx.export and Lethe runs it with ONNX Runtime on the package's arrays. The model must
take one float32 input shaped like x_train, (batch, features) or (batch, height, width,
channels), with a dynamic batch dimension, and give the logits (batch, classes) as its first
output. Here the unlearning method is the simplest one: fine-tuning the original on the retain
rows. Prints the study's dashboard URL.

    export LETHE_URL=http://localhost:3000 LETHE_TOKEN=...   # an API token (README, "API")
    python3 onnx_example.py --scenario <scenario id> --seed 0
"""
import copy
import io
import time

import torch

from lethe_api import Lethe, connection_args, run
from training import RECIPE, UNLEARN_LR, make_model, train


def onnx_bytes(model, sample_shape):
    """The model as an ONNX file: input "x" (batch, *sample_shape) float32, output "logits" (batch, classes)."""
    model.eval()
    out = io.BytesIO()
    torch.onnx.export(
        model,
        torch.zeros(1, *sample_shape),
        out,
        input_names=["x"],
        output_names=["logits"],
        # a dynamic batch: Lethe feeds the package's rows 256 at a time
        dynamic_axes={"x": {0: "batch"}, "logits": {0: "batch"}},
        opset_version=13,
    )
    return out.getvalue()


def main():
    parser = connection_args(__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    lethe = Lethe(args.url, args.token)
    seed = args.seed

    pkg = lethe.package(args.scenario)
    sample_shape = pkg.x_train.shape[1:]
    study = lethe.create_external_study(
        args.scenario,
        "PyTorch MLP, fine-tuning (ONNX)",
        f"{RECIPE}; unlearned by 5 epochs of fine-tuning on the retain rows (lr {UNLEARN_LR:g}). ONNX models uploaded by examples/python/onnx_example.py.",
    )

    def upload(role, model, seconds, method=None):
        run = lethe.upload_run(study["id"], {"model": onnx_bytes(model, sample_shape)}, role, seed, seconds, method, args.code_url)
        print(f"seed {seed} {role:9s} {run['status']}: forget accuracy {run['metrics']['accuracy']['forget']:.3f} (Lethe ran the ONNX model)")

    start = time.perf_counter()
    original = train(make_model(sample_shape, pkg.classes, seed), pkg.x_train, pkg.y_train, range(len(pkg.x_train)), seed)
    upload("original", original, time.perf_counter() - start)

    # the retrain goes before the unlearned model: it is that run's reference
    start = time.perf_counter()
    retrain = train(make_model(sample_shape, pkg.classes, seed), pkg.x_train, pkg.y_train, pkg.retain, seed)
    upload("retrain", retrain, time.perf_counter() - start)

    start = time.perf_counter()
    finetuned = train(copy.deepcopy(original), pkg.x_train, pkg.y_train, pkg.retain, seed + 1, epochs=5, lr=UNLEARN_LR)
    upload("unlearned", finetuned, time.perf_counter() - start, method="Fine-tune (PyTorch, ONNX)")

    print(f"dashboard: {lethe.study_url(study)}")


if __name__ == "__main__":
    run(main)
