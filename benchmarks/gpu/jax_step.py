#!/usr/bin/env python3
"""JAX reference for `pinn bench`: the same training step as benchmarks/pytorch/pinn_step.py, jitted.

Benchmark-only: nothing in Pinn calls this. The paper's residual network (y1 = s(W0 x + b0); y_{s+1} = y_s + s(W_s y_s
+ b_s); u = w.y + b, s = sigmoid), the Laplacian as the trace of the per-point Hessian (jax.hessian, vmapped over the
points), the loss mean((-lap u + u^2 - f)^2) + gamma * mean((u - g)^2) + lambda * |theta|^2 and its gradient by
jax.value_and_grad, the whole step under jax.jit. Prints one JSON line per scale (median and minimum ms per step,
after jit compilation), or one line saying it was skipped where JAX is not installed.
"""
import argparse
import json
import statistics
import time

SCALES = {"small": (32, 2, 512, 64), "medium": (64, 3, 2048, 256), "paper": (200, 3, 10_000, 1_000)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", choices=[*SCALES, "all"], default="all")
    parser.add_argument("--steps", type=int, default=0, help="timed steps (default: 200 small, 100 medium, 50 paper)")
    parser.add_argument("--ensemble", type=int, default=1, help="networks stepped per timed step")
    args = parser.parse_args()
    try:
        import jax
        import jax.numpy as jnp
    except ImportError as e:
        print(json.dumps({"jax": None, "skipped": f"JAX is not installed ({e})"}), flush=True)
        return

    d, k, gamma, decay = 2, 5.0, 100.0, 1e-6

    def init(key, width, depth):
        sizes = [(width, d)] + [(width, width)] * depth + [(1, width)]
        params = []
        for rows, cols in sizes:
            key, kw, kb = jax.random.split(key, 3)
            bound = 1.0 / cols ** 0.5  # torch.nn.Linear's default range
            params.append((jax.random.uniform(kw, (rows, cols), minval=-bound, maxval=bound),
                           jax.random.uniform(kb, (rows,), minval=-bound, maxval=bound)))
        return params

    def u_point(params, x):
        w0, b0 = params[0]
        y = jax.nn.sigmoid(w0 @ x + b0)
        for w, b in params[1:-1]:
            y = y + jax.nn.sigmoid(w @ y + b)
        w, b = params[-1]
        return (w @ y + b)[0]

    def laplacian_point(params, x):
        return jnp.trace(jax.hessian(u_point, argnums=1)(params, x))

    def loss(params, x, y, f, g):
        u = jax.vmap(u_point, (None, 0))(params, x)
        lap = jax.vmap(laplacian_point, (None, 0))(params, x)
        residual = -lap + u * u - f
        boundary = jax.vmap(u_point, (None, 0))(params, y) - g
        penalty = sum(jnp.sum(p ** 2) for p in jax.tree_util.tree_leaves(params))
        return jnp.mean(residual ** 2) + gamma * jnp.mean(boundary ** 2) + decay * penalty

    step_one = jax.jit(jax.value_and_grad(loss))
    key = jax.random.PRNGKey(1)
    for name in SCALES if args.scale == "all" else [args.scale]:
        width, depth, interior, boundary = SCALES[name]
        key, kx, kr, ky, *kn = jax.random.split(key, 4 + args.ensemble)
        nets = [init(kk, width, depth) for kk in kn]
        direction = jax.random.normal(kx, (interior, d))
        direction = direction / jnp.linalg.norm(direction, axis=1, keepdims=True)
        x = direction * jax.random.uniform(kr, (interior, 1)) ** (1.0 / d)
        y = jax.random.normal(ky, (boundary, d))
        y = y / jnp.linalg.norm(y, axis=1, keepdims=True)
        f = jnp.sin(k * jnp.sum(x * x, axis=1)) ** 2
        g = jnp.full((boundary,), jnp.sin(k) ** 2)

        def step():
            out = [step_one(p, x, y, f, g) for p in nets]
            jax.block_until_ready(out)

        start = time.perf_counter()
        step()  # compiles
        compile_s = time.perf_counter() - start
        steps = args.steps or {"small": 200, "medium": 100, "paper": 50}[name]
        for _ in range(max(3, steps // 10)):
            step()
        times = []
        for _ in range(steps):
            start = time.perf_counter()
            step()
            times.append((time.perf_counter() - start) * 1e3)
        print(json.dumps({"scale": name, "precision": "f32", "jax": jax.__version__, "device": str(jax.devices()[0]),
                          "mode": "jit", "ensemble": args.ensemble,
                          "parameters": sum(int(p.size) for p in jax.tree_util.tree_leaves(nets[0])),
                          "compileSeconds": round(compile_s, 2), "medianMs": round(statistics.median(times), 3),
                          "minMs": round(min(times), 3)}), flush=True)


if __name__ == "__main__":
    main()
