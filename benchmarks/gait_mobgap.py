"""The full Mobilise-D pipeline (mobgap) on the same lab recordings, scored the same way as ours.

mobgap is not a Supple dependency (decision 0013), so this runs in a throw-away environment:

    python3 -m venv /tmp/mobgap-venv
    /tmp/mobgap-venv/bin/pip install mobgap==1.2.0 "numpy<2" pydantic pyyaml
    PYTHONPATH=src:. /tmp/mobgap-venv/bin/python -m benchmarks.gait_mobgap [--data ../shared/data/gait]

``MobilisedPipelineUniversal`` picks the "healthy" pipeline for HA_* and the "impaired" one for MS_* (GSD,
initial contacts, laterality, walking-bout assembly). Its contacts inside its final walking bouts are
counted inside the reference (INDIP, else Stereophoto) bouts, exactly as ``benchmarks.gait_accuracy`` counts ours.
"""

from __future__ import annotations

import argparse
import tempfile
import warnings
from pathlib import Path

import numpy as np

from benchmarks.gait_accuracy import DEFAULT, TOL_S, f1
from benchmarks.gait_holdout import trials


def mobgap_contacts(data: Path) -> dict[str, np.ndarray]:
    """Contact times (s) inside mobgap's final walking bouts, per recording name ("HA_001 Test11 Trial1")."""
    from mobgap.data import GenericMobilisedDataset
    from mobgap.pipeline import MobilisedPipelineUniversal

    warnings.filterwarnings("ignore")
    out: dict[str, np.ndarray] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for folder in sorted((data / "mobilise-d-lab").glob("*_*")):  # mobgap reads cohort/participant folders
            cohort, pid = folder.name.split("_")
            target = Path(tmp) / cohort / pid
            target.mkdir(parents=True)
            for name in ("data.mat", "infoForAlgo.mat"):
                (target / name).symlink_to((folder / name).resolve())
        ds = GenericMobilisedDataset(
            sorted(Path(tmp).rglob("data.mat")),
            test_level_names=("time_measure", "test", "trial"),
            measurement_condition="laboratory",
            parent_folders_as_metadata=["cohort", "participant_id"],
        )
        for dp in ds:
            label = dp.group_label
            pipe = MobilisedPipelineUniversal().safe_run(dp)
            ic = pipe.raw_ic_list_["ic"].to_numpy()
            keep = np.zeros(len(ic), bool)
            for _, wb in pipe.per_wb_parameters_.iterrows():
                keep |= (ic >= wb["start"]) & (ic <= wb["end"])
            out[f"{label.cohort}_{label.participant_id} {label.test} {label.trial}"] = ic[keep] / dp.sampling_rate_hz
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT)
    data = ap.parse_args(argv).data
    found = mobgap_contacts(data)
    print(f"{'recording':24} {'ref':>4} {'mobgap':>6} {'err%':>6} {'F1':>5} {'whole':>6} {'whole%':>7}")
    for t in trials(data):
        times = found[t.name]
        inside: list[float] = []
        ref: list[float] = []
        n_ref = 0
        for start, end, ics in t.bouts:
            inside += times[(times >= start - TOL_S) & (times <= end + TOL_S)].tolist()
            ref += ics[~np.isnan(ics)].tolist()
            n_ref += len(ics)
        err = 100 * (len(inside) - n_ref) / n_ref
        whole = f"{len(times):6d} {100 * (len(times) - n_ref) / n_ref:+7.1f}" if t.daily else ""
        print(f"{t.name:24} {n_ref:4d} {len(inside):6d} {err:+6.1f} {f1(np.array(inside), np.array(ref)):5.2f} {whole}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
