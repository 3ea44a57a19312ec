#!/usr/bin/env python3
"""PyTorch reference for `pinn bench`: the same training step (loss + exact gradient) on the same network and points.

Benchmark-only: nothing in Pinn calls this. It times what a PyTorch user writes for our problem -- the paper's
residual network (y1 = s(W0 x + b0); y_{s+1} = y_s + s(W_s y_s + b_s); u = w.y + b, s = sigmoid), the Laplacian by
nested autograd (one grad for du/dx, then one grad per input coordinate), the loss
mean((-lap u + u^2 - f)^2) + gamma * mean((u - g)^2) + lambda * |theta|^2 and loss.backward() -- and prints one JSON
line per scale with the median and minimum milliseconds per step, like `pinn bench --json`.

Setup used in docs/performance.md (Debian 12):
  apt-get install python3-torch                      # torch 1.13; its default BLAS is the slow reference one, so:
  apt-get download libopenblas0-openmp && dpkg -x libopenblas0-openmp_*.deb /tmp/oblas
  export MALLOC_MMAP_THRESHOLD_=4294967296 MALLOC_TRIM_THRESHOLD_=68719476736 MALLOC_TOP_PAD_=1073741824
  LD_LIBRARY_PATH=/tmp/oblas/usr/lib/x86_64-linux-gnu/openblas-openmp OPENBLAS_CORETYPE=SKYLAKEX OMP_NUM_THREADS=2 \
    /usr/bin/python3 benchmarks/pytorch/pinn_step.py --threads 2   # OPENBLAS_CORETYPE=HASWELL on AVX2-only machines
The MALLOC_* settings keep glibc from mapping and unmapping the large tensors at every step: without them PyTorch's
paper-scale step is 2-3x slower and far noisier; they give PyTorch its best time.
"""
import argparse
import json
import statistics
import time

import torch

SCALES = {"small": (32, 2, 512, 64), "medium": (64, 3, 2048, 256), "paper": (200, 3, 10_000, 1_000)}


class ResidualNet(torch.nn.Module):
    def __init__(self, d, width, depth):
        super().__init__()
        self.inp = torch.nn.Linear(d, width)
        self.hidden = torch.nn.ModuleList(torch.nn.Linear(width, width) for _ in range(depth))
        self.out = torch.nn.Linear(width, 1)

    def forward(self, x):
        y = torch.sigmoid(self.inp(x))
        for layer in self.hidden:
            y = y + torch.sigmoid(layer(y))
        return self.out(y).squeeze(-1)


def laplacian(u, x):
    (grad,) = torch.autograd.grad(u.sum(), x, create_graph=True)
    lap = torch.zeros_like(u)
    for i in range(x.shape[1]):
        (second,) = torch.autograd.grad(grad[:, i].sum(), x, create_graph=True)
        lap = lap + second[:, i]
    return lap


def ball(n, d, generator):
    x = torch.randn(n, d, generator=generator)
    x = x / x.norm(dim=1, keepdim=True)
    return x * torch.rand(n, 1, generator=generator) ** (1.0 / d)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", choices=[*SCALES, "all"], default="all")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--steps", type=int, default=0, help="timed steps (default: 200 small, 100 medium, 15 paper)")
    parser.add_argument("--dtype", choices=["f32", "f64"], default="f32")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.set_default_dtype(torch.float32 if args.dtype == "f32" else torch.float64)
    generator = torch.Generator().manual_seed(1)
    d, k, gamma, decay = 2, 5.0, 100.0, 1e-6
    for name in SCALES if args.scale == "all" else [args.scale]:
        width, depth, interior, boundary = SCALES[name]
        net = ResidualNet(d, width, depth)
        x = ball(interior, d, generator).requires_grad_(True)
        y = torch.randn(boundary, d, generator=generator)
        y = y / y.norm(dim=1, keepdim=True)
        r2 = (x.detach() ** 2).sum(1)
        f = torch.sin(k * r2) ** 2  # any fixed right-hand side: its cost is outside the step
        g = torch.sin(torch.tensor(k)) ** 2 * torch.ones(boundary)

        def step():
            net.zero_grad(set_to_none=True)
            u = net(x)
            residual = -laplacian(u, x) + u * u - f
            loss = (residual ** 2).mean() + gamma * ((net(y) - g) ** 2).mean()
            loss = loss + decay * sum((p ** 2).sum() for p in net.parameters())
            loss.backward()

        steps = args.steps or {"small": 200, "medium": 100, "paper": 15}[name]
        for _ in range(max(3, steps // 10)):
            step()
        times = []
        for _ in range(steps):
            start = time.perf_counter()
            step()
            times.append((time.perf_counter() - start) * 1e3)
        print(json.dumps({"scale": name, "precision": args.dtype, "threads": args.threads, "torch": torch.__version__,
                          "parameters": sum(p.numel() for p in net.parameters()),
                          "medianMs": round(statistics.median(times), 3), "minMs": round(min(times), 3)}), flush=True)


if __name__ == "__main__":
    main()
