#!/usr/bin/env bash
# GPU benchmarks in one command, on a machine with an NVIDIA GPU:
#   benchmarks/gpu.sh [--wheels DIR] [--model-dir DIR] [--out DIR]
# 1. checks the GPU (nvidia-smi), torch.cuda and onnxruntime's providers;
# 2. with --wheels DIR: installs every wheel carried there, offline (pip --no-index --find-links DIR);
#    an onnxruntime-gpu wheel replaces the CPU onnxruntime (both own the `onnxruntime` module);
# 3. runs python -m benchmarks.gpu: torch-cuda fp16 and ORT CUDA fp16 backends at batch sizes up to the
#    token budget, then the service on --device cuda; writes DIR/gpu.json and prints the table.
# Copy gpu.json into benchmarks/results/<date>/ and re-run `python -m benchmarks.run_all --skip service
# --skip peers --out benchmarks/results/<date>` to put it into RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
wheels="" model_dir="" out="benchmarks/out/gpu"
while [ $# -gt 0 ]; do
  case "$1" in
    --wheels) wheels=$2; shift 2 ;;
    --model-dir) model_dir=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "usage: $0 [--wheels DIR] [--model-dir DIR] [--out DIR]" >&2; exit 2 ;;
  esac
done
py=${PYTHON:-python3}

if ! nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader; then
  echo "gpu.sh: no NVIDIA GPU here (nvidia-smi failed); nothing measured" >&2
  exit 2
fi

if [ -n "$wheels" ] && [ -d "$wheels" ]; then
  if ls "$wheels"/onnxruntime_gpu-*.whl >/dev/null 2>&1; then
    "$py" -m pip uninstall -y -q onnxruntime || true
  fi
  "$py" -m pip install -q --no-index --find-links "$wheels" "$wheels"/*.whl
  "$py" -m pip install -q --no-index --find-links "$wheels" --no-deps --no-build-isolation -e . || true
fi

"$py" - <<'PY'
try:
    import torch
    print(f"torch {torch.__version__}: cuda available={torch.cuda.is_available()}",
          torch.cuda.get_device_name(0) if torch.cuda.is_available() else "")
except ImportError:
    print("torch: not installed (torch-cuda backend will be unmeasured)")
import onnxruntime as ort
print(f"onnxruntime {ort.__version__}: providers {ort.get_available_providers()}")
PY

"$py" -m benchmarks.gpu --out "$out" ${model_dir:+--model-dir "$model_dir"}
