#!/usr/bin/env python3
"""Prunes akamaster's ResNet-56 with Torch-Pruning to half the MACs and exports it to ONNX (issue 22).

  PYTHONPATH=TORCH_PRUNING_REPO python3 docs/results/torch-pruning/prune_resnet56.py \
      --weights DATA/pretrained/resnet56-4bfd9763.th --cifar DATA/cifar10 --method l1|taylor --out DIR

Writes DIR/tp-METHOD.onnx (BatchNorm kept, as scripts/onnx-fixtures.py exports the unpruned
network) and DIR/tp-METHOD.json. mint4j then fine-tunes the ONNX file with its own schedule
(docs/results/torch-pruning/tp-*.yaml), so that only the choice of channels differs from
mint4j's channel plans.

The network is scripts/onnx-fixtures.py's: akamaster's option-A shortcut (strided identity plus
zero channels) ties every residual channel of a stage to the next stage's, so neither tool can
remove stream channels; the stem, every block's conv2 and the classifier are given to Torch-Pruning
as ignored layers, leaving exactly the channels mint4j's plan ranks: each block's inner channels
(conv1's filters, bn1, conv2's input columns). Global pruning as Torch-Pruning's reproduce/main.py
does it: MagnitudePruner, pruning_ratio 1.0 over 400 iterative steps, steps taken until the MACs
(mint4j's convention: one per weight and output position of every conv and linear layer) are at
most half the original's. Taylor recomputes the loss gradient before every step on 10 batches of
128 training images (the first 1,280 of data_batch_1), as Torch-Pruning's progressive pruning
does for its data-driven criteria. Kept widths are multiples of --round-to (8, as the mint4j
recipe's round_to), Torch-Pruning's own round_to.
"""
import argparse
import importlib.util
import json
import os

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch_pruning as tp

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("fixtures", os.path.join(HERE, "..", "..", "..", "scripts",
                                                                       "onnx-fixtures.py"))
fixtures = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fixtures)

MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32).reshape(1, 3, 1, 1)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32).reshape(1, 3, 1, 1)


def cifar_batches(directory, count, size):
    raw = np.fromfile(os.path.join(directory, "data_batch_1.bin"), dtype=np.uint8).reshape(-1, 3073)
    labels = torch.from_numpy(raw[:, 0].astype(np.int64))
    images = torch.from_numpy(((raw[:, 1:].reshape(-1, 3, 32, 32).astype(np.float32) / 255) - MEAN) / STD)
    return [(images[i * size:(i + 1) * size], labels[i * size:(i + 1) * size]) for i in range(count)]


def macs(model):
    """mint4j's MACs per sample: weight elements times output positions, convs and linear layers."""
    total = [0]

    def hook(module, inputs, output):
        positions = output.shape[2] * output.shape[3] if output.dim() == 4 else 1
        total[0] += module.weight.numel() * positions

    handles = [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    with torch.no_grad():
        model(torch.zeros(1, 3, 32, 32))
    for h in handles:
        h.remove()
    return total[0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--weights", required=True)
    parser.add_argument("--cifar", required=True)
    parser.add_argument("--method", choices=["l1", "taylor"], required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--target", type=float, default=0.5, help="fraction of the MACs to remove")
    parser.add_argument("--round-to", type=int, default=8, help="keep multiples of this many channels")
    args = parser.parse_args()
    torch.manual_seed(0)
    model = fixtures.CifarResNet(56)
    state = torch.load(args.weights, map_location="cpu")["state_dict"]
    model.load_state_dict({k.removeprefix("module."): v for k, v in state.items()})
    model.eval()
    ignored = [model.conv1, model.linear] + [m.conv2 for m in model.modules() if isinstance(m, fixtures.BasicBlock)]
    importance = tp.importance.MagnitudeImportance(p=1) if args.method == "l1" else tp.importance.TaylorImportance()
    pruner = tp.pruner.MagnitudePruner(model, torch.randn(1, 3, 32, 32), importance=importance, iterative_steps=400,
                                       pruning_ratio=1.0, global_pruning=True, ignored_layers=ignored,
                                       round_to=args.round_to)
    batches = cifar_batches(args.cifar, 10, 128) if args.method == "taylor" else []
    before = macs(model)
    ops_before, params_before = tp.utils.count_ops_and_params(model, example_inputs=torch.randn(1, 3, 32, 32))
    steps = 0
    while macs(model) > (1 - args.target) * before and pruner.current_step < pruner.iterative_steps:
        if batches:
            model.zero_grad()
            for images, labels in batches:
                F.cross_entropy(model(images), labels, reduction="sum").backward()
        pruner.step()
        steps += 1
    after = macs(model)
    ops_after, params_after = tp.utils.count_ops_and_params(model, example_inputs=torch.randn(1, 3, 32, 32))
    model.zero_grad()
    os.makedirs(args.out, exist_ok=True)
    onnx_file = os.path.join(args.out, "tp-%s.onnx" % args.method)
    fixtures.export(model, onnx_file, True)
    report = {
        "torch_pruning": tp.__version__ if hasattr(tp, "__version__") else "unknown",
        "torch": torch.__version__,
        "method": args.method,
        "round_to": args.round_to,
        "steps": steps,
        "macs_before": before,
        "macs_after": after,
        "macs_kept": after / before,
        "torch_pruning_ops_before": ops_before,
        "torch_pruning_ops_after": ops_after,
        "parameters_before": params_before,
        "parameters_after": params_after,
        "inner_channels": {name: m.conv1.out_channels for name, m in model.named_modules()
                           if isinstance(m, fixtures.BasicBlock)},
    }
    with open(os.path.join(args.out, "tp-%s.json" % args.method), "w") as f:
        json.dump(report, f, indent=2)
    print(json.dumps({k: v for k, v in report.items() if k != "inner_channels"}))


if __name__ == "__main__":
    main()
