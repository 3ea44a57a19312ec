#!/usr/bin/env python3
"""PyTorch reference for `pinn bench`: the same training step (loss + exact gradient) on the same network and points.

Benchmark-only: nothing in Pinn calls this. It times what a PyTorch user writes for our problem -- the paper's
residual network (y1 = s(W0 x + b0); y_{s+1} = y_s + s(W_s y_s + b_s); u = w.y + b, s = sigmoid), the Laplacian by
nested autograd (one grad for du/dx, then one grad per input coordinate), the loss
mean((-lap u + u^2 - f)^2) + gamma * mean((u - g)^2) + lambda * |theta|^2 and loss.backward() -- and prints one JSON
line per scale with the median and minimum milliseconds per step, like `pinn bench --json`.

Modes (--mode): "eager" is that nested-autograd step; "func" is the same loss written with torch.func (the Laplacian
as the trace of a per-point Hessian, vmapped over the points; the gradient by torch.func.grad), which is what
torch.compile can compile (it does not compile a double backward through nested autograd); "compile" is
torch.compile of the "func" step (PyTorch 2.x). --verify checks in float64 that "func" gives the "eager" loss and
gradient (relative 1e-10) and exits 1 when it does not. --device cuda times on the GPU (synchronised per step);
--ensemble K steps K independent networks per timed step, as a PyTorch user trains K runs.

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


def functional_api():
    """(functional_call, grad_and_value, vmap, hessian) from torch.func (PyTorch 2) or functorch (1.13)."""
    try:
        from torch.func import functional_call, grad_and_value, hessian, vmap
    except ImportError:
        from functorch import grad_and_value, hessian, vmap
        from torch.nn.utils.stateless import functional_call
    return functional_call, grad_and_value, vmap, hessian


def eager_step(net, x, y, f, g, gamma, decay):
    """One step as a PyTorch user writes it: nested autograd for the Laplacian, loss.backward()."""
    net.zero_grad(set_to_none=True)
    u = net(x)
    residual = -laplacian(u, x) + u * u - f
    loss = (residual ** 2).mean() + gamma * ((net(y) - g) ** 2).mean()
    loss = loss + decay * sum((p ** 2).sum() for p in net.parameters())
    loss.backward()
    return loss.detach(), [p.grad for p in net.parameters()]


def func_loss(net, gamma, decay):
    """The same loss as a function of the parameters (a dict), with the Laplacian by torch.func."""
    functional_call, grad_and_value, vmap, hessian = functional_api()

    def u_point(params, point):
        return functional_call(net, params, (point.unsqueeze(0),)).squeeze(0)

    lap_point = hessian(u_point, argnums=1)

    def loss(params, x, y, f, g):
        u = functional_call(net, params, (x,))
        lap = vmap(lambda p: lap_point(params, p).diagonal().sum())(x)
        residual = -lap + u * u - f
        value = (residual ** 2).mean() + gamma * ((functional_call(net, params, (y,)) - g) ** 2).mean()
        return value + decay * sum((p ** 2).sum() for p in params.values())

    return grad_and_value(loss)


def verify(d, gamma, decay, generator):
    """float64: the func step's loss and gradient against the eager step's, relative 1e-10."""
    torch.set_default_dtype(torch.float64)
    net = ResidualNet(d, 12, 2)
    x = ball(50, d, generator).requires_grad_(True)
    y = torch.nn.functional.normalize(torch.randn(10, d, generator=generator), dim=1)
    f = torch.sin(5 * (x.detach() ** 2).sum(1)) ** 2
    g = torch.full((10,), 0.3)
    loss, grads = eager_step(net, x, y, f, g, gamma, decay)
    params = {k: v.detach() for k, v in net.named_parameters()}
    fgrads, floss = func_loss(net, gamma, decay)(params, x.detach(), y, f, g)
    worst = abs(float(floss - loss)) / abs(float(loss))
    for (name, _), expected in zip(net.named_parameters(), grads):
        worst = max(worst, float((fgrads[name] - expected).norm() / expected.norm()))
    print(json.dumps({"verify": "func vs eager, float64", "maxRelativeDifference": worst, "ok": worst <= 1e-10}), flush=True)
    return worst <= 1e-10


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", choices=[*SCALES, "all"], default="all")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--steps", type=int, default=0, help="timed steps (default: 200 small, 100 medium, 15 paper)")
    parser.add_argument("--dtype", choices=["f32", "f64"], default="f32")
    parser.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    parser.add_argument("--mode", choices=["eager", "func", "compile"], default="eager")
    parser.add_argument("--ensemble", type=int, default=1, help="networks stepped per timed step")
    parser.add_argument("--verify", action="store_true", help="check func against eager in float64 and exit")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    d, k, gamma, decay = 2, 5.0, 100.0, 1e-6
    if args.verify:
        raise SystemExit(0 if verify(d, gamma, decay, torch.Generator().manual_seed(1)) else 1)
    if args.mode == "compile" and not hasattr(torch, "compile"):
        print(json.dumps({"mode": "compile", "skipped": f"torch {torch.__version__} has no torch.compile"}), flush=True)
        return
    torch.set_default_dtype(torch.float32 if args.dtype == "f32" else torch.float64)
    device = torch.device(args.device)
    sync = torch.cuda.synchronize if device.type == "cuda" else (lambda: None)
    generator = torch.Generator().manual_seed(1)
    for name in SCALES if args.scale == "all" else [args.scale]:
        width, depth, interior, boundary = SCALES[name]
        nets = [ResidualNet(d, width, depth).to(device) for _ in range(args.ensemble)]
        x = ball(interior, d, generator).to(device).requires_grad_(True)
        y = torch.randn(boundary, d, generator=generator)
        y = (y / y.norm(dim=1, keepdim=True)).to(device)
        r2 = (x.detach() ** 2).sum(1)
        f = torch.sin(k * r2) ** 2  # any fixed right-hand side: its cost is outside the step
        g = torch.sin(torch.tensor(k)) ** 2 * torch.ones(boundary, device=device)
        if args.mode == "eager":
            steps_of = [lambda net=net: eager_step(net, x, y, f, g, gamma, decay) for net in nets]
        else:
            xs = x.detach()
            steps_of = []
            for net in nets:
                fn = func_loss(net, gamma, decay)
                if args.mode == "compile":
                    fn = torch.compile(fn)
                params = {key: v.detach() for key, v in net.named_parameters()}
                steps_of.append(lambda fn=fn, params=params: fn(params, xs, y, f, g))

        def step():
            for one in steps_of:
                one()
            sync()

        steps = args.steps or {"small": 200, "medium": 100, "paper": 15}[name]
        start = time.perf_counter()
        for _ in range(max(3, steps // 10)):
            step()
        warmup_s = time.perf_counter() - start
        times = []
        for _ in range(steps):
            start = time.perf_counter()
            step()
            times.append((time.perf_counter() - start) * 1e3)
        print(json.dumps({"scale": name, "precision": args.dtype, "threads": args.threads, "torch": torch.__version__,
                          "device": args.device, "mode": args.mode, "ensemble": args.ensemble,
                          "parameters": sum(p.numel() for p in nets[0].parameters()), "warmupSeconds": round(warmup_s, 2),
                          "medianMs": round(statistics.median(times), 3), "minMs": round(min(times), 3)}), flush=True)


if __name__ == "__main__":
    main()
