"""A small PyTorch classifier for a scenario package, trained the same way for every role.

The original learns from all of x_train, the retrain (the gold reference) from the retain rows
only, with the same seed and recipe, so the two differ by the forget set alone. The unlearned
model starts from the original and runs a cheap method, never seeing a model trained without
the forget set.
"""
import copy

import numpy as np
import torch

EPOCHS = 30
BATCH = 64
LR = 1e-2
# unlearning starts from a trained model: smaller steps, so it does not undo what the retain rows taught
UNLEARN_LR = 1e-3
# how original and retrain are trained, for the study's description
RECIPE = f"PyTorch MLP (flatten, 64 ReLU units), Adam lr {LR:g}, batch {BATCH}, {EPOCHS} epochs"


def make_model(sample_shape, classes, seed):
    """An MLP with one hidden layer. Flatten first: image packages are (rows, height, width, channels)."""
    torch.manual_seed(seed)
    width = int(np.prod(sample_shape))
    return torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(width, 64), torch.nn.ReLU(), torch.nn.Linear(64, classes))


def _batches(rows, seed, epoch):
    order = np.random.default_rng([seed, epoch]).permutation(rows)
    return [order[i : i + BATCH] for i in range(0, len(order), BATCH)]


def train(model, x, y, rows, seed, epochs=EPOCHS, lr=LR):
    """Minibatch Adam with cross-entropy on x[rows]; the batch order depends on the seed only."""
    x, y = torch.from_numpy(x), torch.from_numpy(y)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    model.train()
    for epoch in range(epochs):
        for batch in _batches(rows, seed, epoch):
            opt.zero_grad()
            torch.nn.functional.cross_entropy(model(x[batch]), y[batch]).backward()
            opt.step()
    return model


def neggrad_plus(original, pkg, seed, epochs=5, lr=UNLEARN_LR, ascent=0.1):
    """NegGrad+: a copy of the original fine-tuned on the retain rows while it climbs the loss on
    the forget rows (weight `ascent`), one forget batch beside each retain batch."""
    model = copy.deepcopy(original)
    x, y = torch.from_numpy(pkg.x_train), torch.from_numpy(pkg.y_train)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    model.train()
    for epoch in range(epochs):
        forget_batches = _batches(pkg.forget, seed + 1000, epoch)
        for i, batch in enumerate(_batches(pkg.retain, seed, epoch)):
            fb = forget_batches[i % len(forget_batches)]
            loss = torch.nn.functional.cross_entropy(model(x[batch]), y[batch])
            # the ascent term is bounded by clipping: an unbounded forget loss would swamp the retain loss
            loss = loss - ascent * torch.clamp(torch.nn.functional.cross_entropy(model(x[fb]), y[fb]), max=5.0)
            opt.zero_grad()
            loss.backward()
            opt.step()
    return model


def logits(model, x):
    """The model's logits (pre-softmax outputs) on every row of x, in order, as float32."""
    model.eval()
    with torch.no_grad():
        return model(torch.from_numpy(x)).numpy().astype(np.float32)
