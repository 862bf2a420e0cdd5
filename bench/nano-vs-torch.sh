#!/usr/bin/env bash
# nano against PyTorch on this CPU: the same model (L=4, d=128, 4 heads, context 64, vocab 40), batch 32, same
# thread counts, in one run. Installs Debian's python3-torch with OpenBLAS (pthread) if missing; the reference BLAS
# is ~30x slower and would make the comparison meaningless, so the script refuses to run on it.
# usage: bench/nano-vs-torch.sh [STEPS]      (run it on an otherwise idle machine)
set -euo pipefail
cd "$(dirname "$0")/.."
steps="${1:-30}"
python=/usr/bin/python3   # Debian's python: pyenv's python3 on PATH does not see python3-torch

if ! "$python" -c 'import torch' 2>/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch libopenblas0-pthread >/dev/null
fi
blas="$(update-alternatives --query libblas.so.3-x86_64-linux-gnu | sed -n 's/^Value: //p')"
case "$blas" in
  *openblas*) echo "BLAS: $blas" ;;
  *) echo "BLAS is $blas, not OpenBLAS: run update-alternatives --set libblas.so.3-x86_64-linux-gnu <openblas-pthread path>" >&2; exit 1 ;;
esac

dotnet build bench/Assay.Bench.Nano -c Release -v quiet -nologo >/dev/null
dotnet bench/Assay.Bench.Nano/bin/Release/net10.0/Assay.Bench.Nano.dll --steps "$steps" --torch "$python" bench/nano_torch.py
