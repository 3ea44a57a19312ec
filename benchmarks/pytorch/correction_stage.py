"""Calibration (benchmark-only, not part of Pinn): can a correction stage take a polished PINN below 1e-4?

The main job's problem, -lap(u) + u^2 = f in the unit disk, u* = sin^2(5 r^2), u = u* on the circle, float64.

  stage1  W D ITERS P          a residual tanh network (width W, depth D) by Levenberg-Marquardt in parameter space
                               on P fixed Sobol points (+ P/8 on the circle); saves theta to stage1.pt
  network W ITERS KAPPA        a second network v (width W, depth 2, first layer x KAPPA, zero output layer), u = u1 + eps*v,
                               Levenberg-Marquardt on v alone, 2P fresh points
  features M P S [ITERS]       random tanh features tanh(a.x + b), a ~ N(0, S^2), hyperplanes through the disk:
                               Newton on their output weights, u = u1 + sum c_k phi_k (least squares by QR per iteration)
  alone    M P S [ITERS]       the same features with no stage 1 (Newton from u = 0)

Errors are relative L2 on 20 000 Sobol points. Results: benchmarks/measurement-log.md ("A correction stage").
Run with /usr/bin/python3 (torch 1.13 with functorch).
"""
import math
import sys
import time

import torch
from functorch import hessian, jacrev, make_functional, vmap

torch.set_default_dtype(torch.float64)
torch.manual_seed(0)
K, GAMMA = 5.0, 100.0


def exact(x):
    return torch.sin(K * (x ** 2).sum(-1)) ** 2


def source(x):
    x = x.clone().requires_grad_(True)
    u = exact(x)
    g = torch.autograd.grad(u.sum(), x, create_graph=True)[0]
    lap = sum(torch.autograd.grad(g[:, i].sum(), x, retain_graph=True)[0][:, i] for i in range(2))
    return (-lap + u * u).detach()


def disk(n, seed):
    s = torch.quasirandom.SobolEngine(2, scramble=True, seed=seed).draw(n)
    r, t = torch.sqrt(s[:, 0]), 2 * math.pi * s[:, 1]
    return torch.stack([r * torch.cos(t), r * torch.sin(t)], -1)


def circle(n, offset=0.0):
    t = 2 * math.pi * (torch.arange(n) + offset) / n
    return torch.stack([torch.cos(t), torch.sin(t)], -1)


class ResNet(torch.nn.Module):
    def __init__(self, width, depth, scale=1.0):
        super().__init__()
        self.inp = torch.nn.Linear(2, width)
        self.hidden = torch.nn.ModuleList([torch.nn.Linear(width, width) for _ in range(depth - 1)])
        self.out = torch.nn.Linear(width, 1)
        with torch.no_grad():
            self.inp.weight.mul_(scale)

    def forward(self, x):
        h = torch.tanh(self.inp(x))
        for layer in self.hidden:
            h = h + torch.tanh(layer(h))
        return self.out(h).squeeze(-1)


def functional(net):
    fm, params = make_functional(net)
    shapes = [p.shape for p in params]

    def unflatten(theta):
        out, i = [], 0
        for shape in shapes:
            n = math.prod(shape)
            out.append(theta[i:i + n].view(shape))
            i += n
        return out

    def u(theta, x):
        return fm(unflatten(theta), x.unsqueeze(0)).squeeze(0)

    def lap(theta, x):
        return torch.trace(hessian(u, argnums=1)(theta, x))

    return torch.cat([p.detach().flatten() for p in params]), u, lap


def levenberg_marquardt(theta, residual, iterations, error):
    mu, nu = 1e-3, 2.0
    for it in range(iterations):
        r, jac = residual(theta, True)
        v = (r @ r).item()
        a, g = jac.T @ jac, jac.T @ r
        scale = a.diagonal().mean().item()
        while True:
            step = -torch.linalg.solve(a + mu * scale * torch.eye(len(theta)), g)
            trial = residual(theta + step, False)
            vt = (trial @ trial).item()
            predicted = v - ((r + jac @ step) @ (r + jac @ step)).item()
            if vt < v and predicted > 0:
                rho = (v - vt) / predicted
                mu, nu, theta = max(1e-12, mu * max(1 / 3, 1 - (2 * rho - 1) ** 3)), 2.0, theta + step
                break
            mu, nu = mu * nu, nu * 2
            if mu > 1e8:
                return theta
        if it % 20 == 0 or it == iterations - 1:
            print(f"  iteration {it}: loss {vt:.3e}, error {error(theta):.3e}", flush=True)
    return theta


def rows(interior, boundary, ri, rb, theta, jac, *data):
    wi, wb = 1 / math.sqrt(len(interior)), math.sqrt(GAMMA / len(boundary))
    ni = len(data) // 2
    r = torch.cat([vmap(ri, (None, 0) + (0,) * ni)(theta, interior, *data[:ni]) * wi,
                   vmap(rb, (None, 0) + (0,) * ni)(theta, boundary, *data[ni:]) * wb])
    if not jac:
        return r
    j = torch.cat([vmap(jacrev(ri), (None, 0) + (0,) * ni)(theta, interior, *data[:ni]) * wi,
                   vmap(jacrev(rb), (None, 0) + (0,) * ni)(theta, boundary, *data[ni:]) * wb])
    return r, j


def main(argv):
    mode = argv[0]
    xt = disk(20000, 99)
    ut = exact(xt)
    relative = lambda values: ((values - ut).norm() / ut.norm()).item()
    start = time.time()
    if mode == "stage1":
        width, depth, iterations, p = int(argv[1]), int(argv[2]), int(argv[3]), int(argv[4])
        xi, xb = disk(p, 1), circle(p // 8)
        theta, u, lap = functional(ResNet(width, depth))
        ri = lambda th, x, f: -lap(th, x) + u(th, x) ** 2 - f
        rb = lambda th, x, g: u(th, x) - g
        print(f"stage 1: {len(theta)} parameters, {p} + {p // 8} rows")
        theta = levenberg_marquardt(theta, lambda th, jac: rows(xi, xb, ri, rb, th, jac, source(xi), exact(xb)),
                                    iterations, lambda th: relative(vmap(u, (None, 0))(th, xt)))
        torch.save({"theta": theta, "width": width, "depth": depth}, "stage1.pt")
        print(f"stage 1: error {relative(vmap(u, (None, 0))(theta, xt)):.3e} in {time.time() - start:.0f} s")
        return

    if mode == "alone":
        u1 = lambda x: torch.zeros(len(x))
        lap1 = u1
    else:
        saved = torch.load("stage1.pt")
        theta1, u, lap = functional(ResNet(saved["width"], saved["depth"]))
        theta1 = saved["theta"]
        u1 = lambda x: vmap(u, (None, 0))(theta1, x)
        lap1 = lambda x: vmap(lap, (None, 0))(theta1, x)
        print(f"stage 1: error {relative(u1(xt)):.3e}")

    if mode == "network":
        width, iterations, kappa = int(argv[1]), int(argv[2]), float(argv[3])
        xi, xb = disk(4096, 2), circle(512, 0.5)
        a, l, b = u1(xi), lap1(xi), u1(xb)
        fi, gb = source(xi), exact(xb)
        eps = max(((-l + a * a - fi).norm() / math.sqrt(len(xi))).item() / (4 * K * K), 1e-8)
        theta2, v, lapv = functional(ResNet(width, 2, scale=kappa))
        theta2[-1 - width:] = 0
        ri = lambda th, x, ux, lx, f: -lx - eps * lapv(th, x) + (ux + eps * v(th, x)) ** 2 - f
        rb = lambda th, x, ux, g: ux + eps * v(th, x) - g
        ut1 = u1(xt)
        print(f"stage 2: {len(theta2)} parameters, output scale {eps:.3e}")
        theta2 = levenberg_marquardt(theta2, lambda th, jac: rows(xi, xb, ri, rb, th, jac, a, l, fi, b, gb),
                                     iterations, lambda th: relative(ut1 + eps * vmap(v, (None, 0))(th, xt)))
        print(f"stage 2: {time.time() - start:.0f} s")
        return

    m, p, s = int(argv[1]), int(argv[2]), float(argv[3])
    iterations = int(argv[4]) if len(argv) > 4 else 6
    xi, xb = disk(p, 5), circle(max(p // 8, 4 * int(math.sqrt(m))), 0.25)
    generator = torch.Generator().manual_seed(7)
    weights = torch.randn(m, 2, generator=generator) * s
    biases = -(weights * disk(m, 11)).sum(-1)

    def features(x):
        t = torch.tanh(x @ weights.T + biases)
        lap = (weights ** 2).sum(-1) * (-2 * t * (1 - t * t))
        one = torch.ones(len(x), 1)
        return torch.cat([t, one], 1), torch.cat([lap, 0 * one], 1)

    (phi, lphi), (pb, _), (pt, _) = features(xi), features(xb), features(xt)
    a, l, b, ut1 = u1(xi), lap1(xi), u1(xb), u1(xt)
    fi, gb = source(xi), exact(xb)
    wi, wb = 1 / math.sqrt(len(xi)), math.sqrt(GAMMA / len(xb))
    c = torch.zeros(m + 1)
    for it in range(iterations):
        u, lu = a + phi @ c, l + lphi @ c
        r = torch.cat([(-lu + u * u - fi) * wi, (b + pb @ c - gb) * wb])
        jac = torch.cat([(-lphi + 2 * u[:, None] * phi) * wi, pb * wb])
        norms = jac.norm(dim=0)
        c = c + torch.linalg.lstsq(jac / norms, -r[:, None], rcond=1e-14, driver="gelsy").solution.squeeze(-1) / norms
        print(f"  Newton {it}: loss before {(r @ r).item():.3e}, error {relative(ut1 + pt @ c):.3e}, |c| {c.norm().item():.2e},"
              f" {time.time() - start:.0f} s", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
