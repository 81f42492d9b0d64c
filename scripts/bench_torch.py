#!/usr/bin/env python3
"""PyTorch reference for scripts/bench.sh: the same 784-256-256-10 relu MLP on the same MNIST IDX files.

Batch 128, reshuffled every epoch, float32, PyTorch's default initialization, CPU with --threads
intra-op threads. After every epoch the test set is evaluated (not timed). Writes one part file in
the format of io.dpnet.bench.BenchPart: per epoch cumulative training seconds, samples and test
accuracy.

  python3 scripts/bench_torch.py --optimizer sgdm|adam [--epochs 10] [--threads 2] [--data data/mnist] --out part.json
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
    p.add_argument("--optimizer", choices=["sgdm", "adam"], required=True)
    p.add_argument("--epochs", type=int, default=10)
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

    config = torch.__config__.show()
    blas = next((s.strip().split("BLAS_INFO=")[1] for s in config.split(",") if "BLAS_INFO=" in s), "unknown")
    maps = ""
    try:
        with open("/proc/self/maps") as f:
            maps = " ".join(sorted({line.split()[-1] for line in f if "blas" in line.split()[-1]}))
    except OSError:
        pass
    part = {"system": "pytorch", "variant": a.optimizer, "description": f"{desc}, batch {a.batch}, {a.epochs} epochs",
            "unit": "epoch", "params": params,
            "info": {"torch": torch.__version__, "threads": torch.get_num_threads(), "blas": blas,
                     "blasLibraries": maps, "python": platform.python_version()},
            "points": points}
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, "w") as f:
        json.dump(part, f, indent=2)


if __name__ == "__main__":
    main()
