#!/usr/bin/env python3
"""PyTorch reference for scripts/bench.sh: the same 784-256-256-10 relu MLP on the same MNIST IDX files.

Two modes, both float32 on the CPU with --threads intra-op threads, reshuffled every epoch, the test
set evaluated after every epoch (not timed), one part file in the format of io.dpnet.bench.BenchPart
(per epoch cumulative training seconds, samples and test accuracy):

  --optimizer sgdm|adam: PyTorch's own defaults (default init), batch 128 unless --batch.
  --recipe FILE: dpnet's recipe read from a dpnet .properties file, so speed is compared on equal
      terms: layers/activations, init (he/xavier: N(0, sd²) weights, zero biases, as dpnet),
      optimizer (sgd, momentum [nesterov], adam, lamb, lars with dpnet's formulas: see
      bench_torch_recipe.py), learningRate with lr.scaling/lr.referenceBatch, lr.schedule
      (constant/step/cosine) with lr.warmupEpochs, lr.minRate, lr.gamma, lr.stepEpochs, batchSize,
      epochs, weightDecay (L2 on weight matrices only, added to the gradient), seed. Keys the file
      does not set take dpnet's defaults. sync/partitions do not apply (one process); --epochs
      overrides the recipe's epochs (and the schedule's length, as in dpnet).

  python3 scripts/bench_torch.py --optimizer sgdm|adam [--epochs 10] [--threads 2] [--data data/mnist] --out part.json
  python3 scripts/bench_torch.py --recipe conf/mnist.properties [--epochs N] [--threads 2] [--data data/mnist] \
      [--set key=value]... --out part.json
"""
import argparse
import gzip
import json
import os
import platform
import time

import numpy as np
import torch
from torch import nn

import bench_torch_recipe as recipes


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    if not os.path.exists(path) and os.path.exists(path + ".gz"):
        path, opener = path + ".gz", gzip.open
    with opener(path, "rb") as f:
        raw = f.read()
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load(data, split):
    x = read_idx(f"{data}/{split}-images-idx3-ubyte").reshape(-1, 784).astype(np.float32) / 255.0
    y = read_idx(f"{data}/{split}-labels-idx1-ubyte").astype(np.int64)
    return torch.from_numpy(x), torch.from_numpy(y)


def main():
    p = argparse.ArgumentParser()
    mode = p.add_mutually_exclusive_group(required=True)
    mode.add_argument("--optimizer", choices=["sgdm", "adam"])
    mode.add_argument("--recipe", help="a dpnet .properties file whose training recipe to reproduce")
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                   help="--recipe: override a key of the file, as dpnet train --set")
    p.add_argument("--variant", default=None, help="--recipe: the part's variant name (default: torch-recipe)")
    p.add_argument("--epochs", type=int, default=None, help="default: 10, or the recipe's epochs")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--lr", type=float, default=None, help="default: 0.05 for sgdm, 0.001 for adam")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--data", default="data/mnist")
    p.add_argument("--out", required=True)
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    xtr, ytr = load(a.data, "train")
    xte, yte = load(a.data, "t10k")
    if a.recipe:
        recipe = recipes.Recipe.read(a.recipe, a.set, a.epochs)
        part = recipes.train(recipe, xtr, ytr, xte, yte, a.variant or "torch-recipe")
        write_part(part, a.out)
        return
    a.epochs = a.epochs or 10
    model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 10))
    params = sum(t.numel() for t in model.parameters())
    if a.optimizer == "sgdm":
        lr = a.lr or 0.05
        opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
        desc = f"SGD momentum 0.9, lr {lr}"
    else:
        lr = a.lr or 0.001
        opt = torch.optim.Adam(model.parameters(), lr=lr)
        desc = f"Adam lr {lr}"
    loss_fn = nn.CrossEntropyLoss()
    n = xtr.shape[0]
    points, seconds = [], 0.0
    print(f"torch bench {a.optimizer}: {desc}, batch {a.batch}, {a.threads} threads, torch {torch.__version__}",
          flush=True)
    for epoch in range(1, a.epochs + 1):
        model.train()
        t0 = time.perf_counter()
        perm = torch.randperm(n)
        for i in range(0, n, a.batch):
            idx = perm[i:i + a.batch]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(xtr[idx]), ytr[idx])
            loss.backward()
            opt.step()
        seconds += time.perf_counter() - t0
        model.eval()
        with torch.no_grad():
            acc = (model(xte).argmax(1) == yte).float().mean().item()
        points.append({"x": epoch, "seconds": seconds, "samples": epoch * n, "testAccuracy": acc})
        print(f"  epoch {epoch}: {seconds:.1f}s, test {acc * 100:.2f}%", flush=True)

    part = {"system": "pytorch", "variant": a.optimizer, "description": f"{desc}, batch {a.batch}, {a.epochs} epochs",
            "unit": "epoch", "params": params, "points": points}
    write_part(part, a.out)


def write_part(part, out):
    """Adds the runtime info (torch version, threads, which BLAS) and writes the part file."""
    config = torch.__config__.show()
    blas = next((s.strip().split("BLAS_INFO=")[1] for s in config.split(",") if "BLAS_INFO=" in s), "unknown")
    maps = ""
    try:
        with open("/proc/self/maps") as f:
            maps = " ".join(sorted({line.split()[-1] for line in f if "blas" in line.split()[-1]}))
    except OSError:
        pass
    part["info"] = {"torch": torch.__version__, "threads": torch.get_num_threads(), "blas": blas,
                    "blasLibraries": maps, "python": platform.python_version()}
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with open(out, "w") as f:
        json.dump(part, f, indent=2)


if __name__ == "__main__":
    main()
