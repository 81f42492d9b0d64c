"""dpnet's training recipe in PyTorch, for bench_torch.py --recipe.

The recipe comes from a dpnet .properties file; keys it leaves out take dpnet's defaults, read
from docs/configuration.md, the reference generated from dpnet's one source of defaults
(TrainConfig.KEYS; ConfigReferenceTest fails when the two differ), so this file never carries a
second copy of them. Every formula below mirrors dpnet's:
the learning-rate schedule (StandardSchedule.rate), the scaling (TrainConfig.learningRateScale),
He/Xavier init (Init: N(0, sd²) weights, zero biases), L2 weight decay on weight matrices only
(WeightDecay.addL2, added to the mean gradient before the step) and the optimizers
(Momentum, Adam, Lamb, Lars; PyTorch 1.13 has no LAMB or LARS, so they are written out here with
one trust ratio per weight matrix and per bias vector, as dpnet's LayerSegments).
"""
import math
import os
import re
import time

import torch
from torch import nn

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# A row: | `key` | `default` | description |, or (none) for an empty default.
CONFIG_ROW = re.compile(r'^\| `([^`]+)` \| (?:`([^`]*)`|\(none\)) \|', re.M)
ACTIVATIONS = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid, "linear": nn.Identity}


def dpnet_defaults():
    """Key -> default, from docs/configuration.md (generated from TrainConfig.KEYS and tested against it)."""
    reference = os.path.join(ROOT, "docs", "configuration.md")
    if not os.path.exists(reference):
        raise SystemExit(f"bench_torch: cannot find {reference} to read dpnet's defaults")
    with open(reference) as f:
        defaults = dict(CONFIG_ROW.findall(f.read()))
    if "learningRate" not in defaults:
        raise SystemExit(f"bench_torch: no configuration rows found in {reference}")
    return defaults


def read_properties(path):
    """Java .properties subset dpnet's configs use: key=value lines, # or ! comments."""
    values = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line[0] in "#!":
                continue
            key, sep, value = line.partition("=")
            if not sep:
                key, _, value = line.partition(":")
            values[key.strip()] = value.strip()
    return values


class Recipe:
    def __init__(self, keys, source):
        self.keys = keys
        self.source = source

    @staticmethod
    def read(path, overrides, epochs):
        keys = dpnet_defaults()
        file_keys = read_properties(path)
        for o in overrides:
            k, sep, v = o.partition("=")
            if not sep:
                raise SystemExit(f"bench_torch: --set needs key=value, got '{o}'")
            file_keys[k.strip()] = v.strip()
        unknown = sorted(set(file_keys) - set(keys))
        if unknown:
            raise SystemExit(f"bench_torch: {path}: unknown dpnet keys {unknown}")
        keys.update(file_keys)
        if epochs is not None:
            keys["epochs"] = str(epochs)
        if keys["dropout"].strip():
            raise SystemExit(f"bench_torch: {path}: dropout={keys['dropout']} is not reproduced here")
        if keys["loss"] != "cross_entropy":
            raise SystemExit(f"bench_torch: {path}: loss={keys['loss']} is not reproduced here (cross_entropy only)")
        return Recipe(keys, path)

    def num(self, key):
        return float(self.keys[key])

    def int(self, key):
        return int(self.keys[key])

    @property
    def batch(self):
        return self.int("batchSize")

    @property
    def epochs(self):
        return self.int("epochs")

    def scale(self):
        """TrainConfig.learningRateScale: none, linear or sqrt in batchSize/lr.referenceBatch."""
        ratio = self.batch / self.num("lr.referenceBatch")
        kind = self.keys["lr.scaling"]
        if kind == "none":
            return 1.0
        if kind == "linear":
            return ratio
        if kind == "sqrt":
            return math.sqrt(ratio)
        raise SystemExit(f"bench_torch: unknown lr.scaling '{kind}'")

    def schedule(self, steps_per_epoch):
        return Schedule(self, steps_per_epoch)

    def describe(self):
        k = self.keys
        opt = k["optimizer"]
        extra = ""
        if opt == "momentum":
            extra = f" momentum {k['momentum']}" + (" nesterov" if k["nesterov"] == "true" else "")
        elif opt == "lars":
            extra = f" momentum {k['momentum']} trust {k['lars.trust']}"
        warm = f", warmup {k['lr.warmupEpochs']} epochs" if self.num("lr.warmupEpochs") > 0 else ""
        wd = f", weightDecay {k['weightDecay']}" if self.num("weightDecay") > 0 else ""
        return (f"{opt}{extra} lr {k['learningRate']} (x{self.scale():.3g} {k['lr.scaling']}), "
                f"{k['lr.schedule']}{warm}{wd}, init {k['init']}, batch {self.batch}, {self.epochs} epochs "
                f"(recipe {os.path.basename(self.source)})")


class Schedule:
    """StandardSchedule.rate: linear warmup to the base rate, then constant, step or cosine."""

    def __init__(self, recipe, steps_per_epoch):
        s = recipe.scale()
        self.kind = recipe.keys["lr.schedule"]
        if self.kind not in ("constant", "step", "cosine"):
            raise SystemExit(f"bench_torch: unknown lr.schedule '{self.kind}'")
        self.base = recipe.num("learningRate") * s
        self.min = recipe.num("lr.minRate") * s
        self.gamma = recipe.num("lr.gamma")
        self.total = steps_per_epoch * recipe.epochs
        self.warmup = min(round_half_up(recipe.num("lr.warmupEpochs") * steps_per_epoch), self.total - 1)
        self.decay = max(1, round_half_up(recipe.num("lr.stepEpochs") * steps_per_epoch))

    def rate(self, step):
        if step < self.warmup:
            return self.base * (step + 1) / self.warmup
        if self.kind == "constant":
            return self.base
        if self.kind == "step":
            return self.base * self.gamma ** (step // self.decay)
        span = self.total - self.warmup
        t = min(step - self.warmup, span)
        if t == span:
            return self.min
        return self.min + (self.base - self.min) * 0.5 * (1 + math.cos(math.pi * t / span))


def round_half_up(x):
    """Java's Math.round for the non-negative values used here."""
    return int(math.floor(x + 0.5))


def build_model(recipe):
    sizes = [int(v) for v in recipe.keys["layers"].split(",")]
    acts = [a.strip() for a in recipe.keys["activations"].split(",")]
    if len(acts) != len(sizes) - 1 or acts[-1] != "softmax":
        raise SystemExit(f"bench_torch: activations {acts} must give one per layer and end in softmax")
    init = recipe.keys["init"]
    if init not in ("he", "xavier"):
        raise SystemExit(f"bench_torch: unknown init '{init}'")
    layers = []
    for i in range(len(sizes) - 1):
        lin = nn.Linear(sizes[i], sizes[i + 1])
        fan_in, fan_out = sizes[i], sizes[i + 1]
        sd = math.sqrt(2.0 / fan_in) if init == "he" else math.sqrt(2.0 / (fan_in + fan_out))
        with torch.no_grad():
            lin.weight.normal_(0.0, sd)
            lin.bias.zero_()
        layers.append(lin)
        if i < len(sizes) - 2:
            name = acts[i]
            if name not in ACTIVATIONS:
                raise SystemExit(f"bench_torch: activation '{name}' is not reproduced here")
            layers.append(ACTIVATIONS[name]())
    # softmax is fused into CrossEntropyLoss, as dpnet fuses it with the log-loss.
    return nn.Sequential(*layers)


class DpnetOptimizer:
    """dpnet's update rules on the model's tensors; each weight matrix and bias is one segment."""

    def __init__(self, recipe, params):
        k = recipe.keys
        self.kind = k["optimizer"]
        if self.kind not in ("sgd", "momentum", "adam", "lamb", "lars"):
            raise SystemExit(f"bench_torch: unknown optimizer '{self.kind}'")
        self.params = list(params)
        self.mu = float(k["momentum"])
        self.nesterov = k["nesterov"] == "true"
        self.b1, self.b2, self.eps = float(k["beta1"]), float(k["beta2"]), float(k["epsilon"])
        self.trust_coefficient = float(k["lars.trust"])
        self.m = [torch.zeros_like(p) for p in self.params]
        self.v = [torch.zeros_like(p) for p in self.params]
        self.t = 0

    @torch.no_grad()
    def step(self, lr):
        self.t += 1
        t = self.t
        for p, m, v in zip(self.params, self.m, self.v):
            g = p.grad
            if self.kind == "sgd":
                p.add_(g, alpha=-lr)
            elif self.kind == "momentum":
                m.mul_(self.mu).add_(g)
                p.add_(g + self.mu * m if self.nesterov else m, alpha=-lr)
            elif self.kind == "lars":
                w_norm, g_norm = p.norm().item(), g.norm().item()
                trust = self.trust_coefficient * w_norm / g_norm if w_norm > 0 and g_norm > 0 else 1.0
                m.mul_(self.mu).add_(g, alpha=trust)
                p.add_(m, alpha=-lr)
            else:
                m.mul_(self.b1).add_(g, alpha=1 - self.b1)
                v.mul_(self.b2).addcmul_(g, g, value=1 - self.b2)
                r = (m / (1 - self.b1 ** t)) / ((v / (1 - self.b2 ** t)).sqrt_() + self.eps)
                trust = 1.0
                if self.kind == "lamb":
                    w_norm, r_norm = p.norm().item(), r.norm().item()
                    trust = w_norm / r_norm if w_norm > 0 and r_norm > 0 else 1.0
                p.add_(r, alpha=-lr * trust)


def train(recipe, xtr, ytr, xte, yte, variant):
    torch.manual_seed(recipe.int("seed"))
    model = build_model(recipe)
    weights = [m.weight for m in model if isinstance(m, nn.Linear)]
    decay = recipe.num("weightDecay")
    opt = DpnetOptimizer(recipe, model.parameters())
    loss_fn = nn.CrossEntropyLoss()
    n, batch = xtr.shape[0], recipe.batch
    steps_per_epoch = (n + batch - 1) // batch
    schedule = recipe.schedule(steps_per_epoch)
    desc = recipe.describe()
    print(f"torch bench {variant}: {desc}, {torch.get_num_threads()} threads, torch {torch.__version__}", flush=True)
    points, seconds, step = [], 0.0, 0
    for epoch in range(1, recipe.epochs + 1):
        model.train()
        t0 = time.perf_counter()
        perm = torch.randperm(n)
        for i in range(0, n, batch):
            idx = perm[i:i + batch]
            for p in model.parameters():
                p.grad = None
            loss_fn(model(xtr[idx]), ytr[idx]).backward()
            if decay > 0:
                with torch.no_grad():
                    for w in weights:
                        w.grad.add_(w, alpha=decay)
            opt.step(schedule.rate(step))
            step += 1
        seconds += time.perf_counter() - t0
        model.eval()
        with torch.no_grad():
            acc = (model(xte).argmax(1) == yte).float().mean().item()
        points.append({"x": epoch, "seconds": seconds, "samples": epoch * n, "testAccuracy": acc})
        print(f"  epoch {epoch}: {seconds:.1f}s, test {acc * 100:.2f}%", flush=True)
    return {"system": "pytorch", "variant": variant, "description": desc, "unit": "epoch",
            "params": sum(t.numel() for t in model.parameters()), "points": points}
