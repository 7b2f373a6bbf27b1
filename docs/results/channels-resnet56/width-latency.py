"""ResNet-56 shapes with chosen widths, for timing in ONNX Runtime beside the original (issue 22).

  /usr/bin/python3 docs/results/channels-resnet56/width-latency.py OUT_DIR

Writes one ONNX file per shape: akamaster's ResNet-56 graph (option-A shortcuts, exported as
scripts/onnx-fixtures.py exports it) with each stage's residual stream and inner widths set by
hand, random weights (latency does not depend on them). Whether the residual streams are narrowed
is what no channel plan on akamaster's graph can choose, so these shapes show what narrowing them
would buy. Time them with
  ./mint benchmark channel-latency --model mint-onnx/target/onnx-fixtures/resnet56.onnx --also OUT_DIR/*.onnx
"""
import importlib.util
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("fixtures", os.path.join(here, "..", "..", "..", "scripts", "onnx-fixtures.py"))
fixtures = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fixtures)

# name: (residual stream widths per stage, inner widths per stage); MACs kept in the comment.
SHAPES = {
    "inner-halved": ((16, 32, 64), (8, 16, 32)),  # 50.2%: what the channel plans on this graph cut
    "streams-halved": ((8, 16, 32), (16, 32, 64)),  # 50.0%
    "both-narrowed": ((8, 24, 48), (8, 24, 48)),  # 45.5%: both at about 0.7, multiples of 8
    "sixteens": ((16, 16, 32), (16, 16, 32)),  # 50.9%: AVX-512's block of 16, stages 2 and 3 at a quarter
    "all-halved": ((8, 16, 32), (8, 16, 32)),  # 25.1%: a bound, four times fewer MACs
}


class Block(nn.Module):
    """A basic block from a stream of `width_in` to one of `width_out` through `inner` channels."""

    def __init__(self, width_in, inner, width_out, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(width_in, inner, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(inner)
        self.conv2 = nn.Conv2d(inner, width_out, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(width_out)
        self.before = (width_out - width_in) // 2
        self.after = width_out - width_in - self.before
        self.stride = stride

    def forward(self, x):
        out = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        if self.stride == 1 and self.before == 0 and self.after == 0:
            return F.relu(out + x)
        # Option A as onnx-fixtures.py writes it: a strided identity between zero channels.
        sub = x[:, :, ::self.stride, ::self.stride]
        parts = [sub[:, :self.before] * 0, sub, sub[:, :self.after] * 0]
        return F.relu(out + torch.cat([p for p in parts if p.size(1) > 0], 1))


class Net(nn.Module):
    def __init__(self, streams, inner):
        super().__init__()
        self.conv1 = nn.Conv2d(3, streams[0], 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(streams[0])
        blocks = []
        width = streams[0]
        for stage in range(3):
            for b in range(9):
                blocks.append(Block(width, inner[stage], streams[stage], 2 if stage > 0 and b == 0 else 1))
                width = streams[stage]
        self.blocks = nn.Sequential(*blocks)
        self.linear = nn.Linear(streams[2], 10)

    def forward(self, x):
        out = self.blocks(F.relu(self.bn1(self.conv1(x))))
        out = F.avg_pool2d(out, int(out.size(3)))
        return self.linear(torch.flatten(out, 1))


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, (streams, inner) in SHAPES.items():
        torch.manual_seed(0)
        fixtures.export(Net(streams, inner), os.path.join(out, "resnet56-" + name + ".onnx"), True)


if __name__ == "__main__":
    main()
