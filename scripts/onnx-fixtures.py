#!/usr/bin/env python3
"""Exports the ONNX graphs mint-onnx is tested on (Debian's python3-torch, -torchvision, -onnx).

  onnx-fixtures.py OUT_DIR [--resnet56 FILE.th] [--done TEXT]

Writes, for resnet18, mobilenet_v2, vgg11_bn and googlenet (10 classes, 3x32x32 input, random
weights from seed 0): NAME-folded.onnx (eval-mode export, BatchNorm folded into the convs) and
NAME-bn.onnx (BatchNormalization nodes kept); convnext_tiny.onnx and vit.onnx (a small
VisionTransformer: 6 layers, 4 heads, hidden 192, MLP 384, patches of 4; the same inputs); with --resnet56 akamaster's CIFAR ResNet-56 as
resnet56.onnx (BatchNorm kept, so the names match the .th file). Opset 13.
"""
import argparse
import os

import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision

OPSET = 13


def vgg11_bn():
    # torchvision's avgpool (to 7x7) cannot be exported from the 1x1 map a 32x32 input leaves
    # (ONNX has no adaptive pooling); without the last max pool the map is 2x2, flattened into
    # the first linear layer, so each channel owns a block of 4 features.
    model = torchvision.models.vgg11_bn(num_classes=10)
    model.features = model.features[:-1]
    model.avgpool = nn.Identity()
    model.classifier[0] = nn.Linear(512 * 2 * 2, 4096)
    return model


TORCHVISION = {
    "resnet18": lambda: torchvision.models.resnet18(num_classes=10),
    "mobilenet_v2": lambda: torchvision.models.mobilenet_v2(num_classes=10),
    "vgg11_bn": vgg11_bn,
    # Inception blocks: every branch reads the previous block's Concat.
    "googlenet": lambda: torchvision.models.googlenet(num_classes=10, aux_logits=False, init_weights=True),
}


# Exported once: no BatchNorm to keep or fold.
MODERN = {
    # Depthwise 7x7, LayerNorm over channels-last maps (decomposed at opset 13), GELU as Erf, a
    # Linear FFN per block (MatMul on the last axis) and a layer scale.
    "convnext_tiny": lambda: torchvision.models.convnext_tiny(num_classes=10),
    # Multi-head attention as torch 1.13 exports nn.MultiheadAttention (one in-projection sliced into
    # q, k and v, shapes computed with Shape, Gather and Concat), an FFN of MatMuls, a class token.
    "vit": lambda: vit(),
}


def vit():
    model = torchvision.models.VisionTransformer(image_size=32, patch_size=4, num_layers=6, num_heads=4,
                                                 hidden_dim=192, mlp_dim=384, num_classes=10)
    # torchvision starts the head at zero: logits that compare nothing.
    nn.init.normal_(model.heads.head.weight, std=0.02)
    return model


class BasicBlock(nn.Module):
    """akamaster/pytorch_resnet_cifar10's block with the option A shortcut."""

    def __init__(self, in_planes, planes, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(in_planes, planes, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.pad = planes // 4 if stride != 1 or in_planes != planes else 0

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        if self.pad == 0:
            return F.relu(out + x)
        # Option A, F.pad(x[:, :, ::2, ::2], (0, 0, 0, 0, pad, pad)) as akamaster writes it; exported,
        # F.pad computes its pads with Shape, Gather and ConstantOfShape, so the zero channels are
        # written as a Concat of zeroed slices instead (the same values).
        sub = x[:, :, ::2, ::2]
        zeros = sub[:, :self.pad] * 0
        return F.relu(out + torch.cat([zeros, sub, zeros], 1))


class CifarResNet(nn.Module):
    def __init__(self, depth):
        super().__init__()
        n = (depth - 2) // 6
        self.conv1 = nn.Conv2d(3, 16, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(16)
        in_planes = 16
        for stage in (1, 2, 3):
            planes = 16 << (stage - 1)
            blocks = []
            for b in range(n):
                blocks.append(BasicBlock(in_planes, planes, 2 if stage > 1 and b == 0 else 1))
                in_planes = planes
            setattr(self, "layer%d" % stage, nn.Sequential(*blocks))
        self.linear = nn.Linear(64, 10)

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.layer3(self.layer2(self.layer1(out)))
        out = F.avg_pool2d(out, int(out.size(3)))  # a constant kernel: AveragePool
        return self.linear(torch.flatten(out, 1))  # akamaster's view(size(0), -1), as one Flatten


def export(model, path, keep_batchnorm):
    model.eval()
    # PRESERVE exports the eval-mode graph without the peephole pass that folds BatchNorm.
    mode = torch.onnx.TrainingMode.PRESERVE if keep_batchnorm else torch.onnx.TrainingMode.EVAL
    torch.onnx.export(model, torch.randn(1, 3, 32, 32), path, opset_version=OPSET, training=mode,
                      do_constant_folding=True, input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
    onnx.checker.check_model(onnx.load(path))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--resnet56")
    parser.add_argument("--done", default="", help="written to OUT_DIR/done when every file is made")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for name, make in TORCHVISION.items():
        torch.manual_seed(0)
        model = make()
        export(model, os.path.join(args.out, name + "-folded.onnx"), False)
        export(model, os.path.join(args.out, name + "-bn.onnx"), True)
    for name, make in MODERN.items():
        torch.manual_seed(0)
        export(make(), os.path.join(args.out, name + ".onnx"), True)
    if args.resnet56:
        model = CifarResNet(56)
        state = torch.load(args.resnet56, map_location="cpu")["state_dict"]
        model.load_state_dict({k.removeprefix("module."): v for k, v in state.items()})
        export(model, os.path.join(args.out, "resnet56.onnx"), True)
    with open(os.path.join(args.out, "done"), "w") as done:
        done.write(args.done)


if __name__ == "__main__":
    main()
