"""What encryption at rest costs (issue 22), measured in one run (not part of the tests).

    python tests/bench/encryption.py

* save: the median time to add one check-in to a journal of 10,000, encrypted against
  the same journal unencrypted, the two measured in turns (target <= 1.3x);
* status: wall time of ``ketacheck status`` on the encrypted journal (passphrase from
  ``KETACHECK_PASSPHRASE_FILE``) against the unencrypted one plus the key derivation's own
  cost, Argon2id at the settings ketacheck uses (target <= KDF + 1.3x);
* the key derivation alone, as status meets it: once, in a fresh process.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from ketacheck.core.records import CheckIn  # noqa: E402
from ketacheck.store import codec, keyfile  # noqa: E402
from ketacheck.store.encryption import turn_on  # noqa: E402
from ketacheck.store.journal import Journal  # noqa: E402
from tests.bench.make_journal import NOW, build  # noqa: E402

CHECKINS = 10_000
RUNS = 31
PASSPHRASE = "a passphrase for the benchmark"
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def encrypted(data_dir: Path) -> None:
    data_key, _ = keyfile.new_data_key()
    wrap = keyfile.wrap_for_passphrase(data_key, PASSPHRASE)
    turn_on(data_dir, data_key, keyfile.KeyFile(data_key.key_id, wrap, data_key.recovery))
    journal = Journal.open(data_dir, NOW.date())
    journal.overview()
    journal.close()


def bench_save(plain_dir: Path, sealed_dir: Path) -> tuple[float, float, int]:
    plain = Journal.open(plain_dir, NOW.date())
    sealed = Journal.open(sealed_dir, NOW.date())
    template = plain.checkins()[-1].to_dict()
    sealed.checkins()
    times: dict[str, list[float]] = {"plain": [], "sealed": []}
    for n in range(RUNS):
        for name, journal in (("plain", plain), ("sealed", sealed)):
            record = CheckIn.from_dict({**template, "id": f"bench{name}{n:021d}"})
            start = time.perf_counter()
            journal.add_checkin(record)
            times[name].append(time.perf_counter() - start)
    size = (plain_dir / "journal.json").stat().st_size
    return median_ms(times["plain"]), median_ms(times["sealed"]), size


_KDF = """
import os, sys, time
from argon2.low_level import Type, hash_secret_raw
start = time.perf_counter()
hash_secret_raw(b"a passphrase", os.urandom(16), time_cost=int(sys.argv[1]),
                memory_cost=int(sys.argv[2]), parallelism=int(sys.argv[3]), hash_len=32,
                type=Type.ID)
print(time.perf_counter() - start)
"""


def kdf_command() -> list[str]:
    """Argon2id as ``status`` meets it: once, in a fresh process (its 64 MiB are new)."""
    settings = [
        str(keyfile.ARGON2_TIME_COST),
        str(keyfile.ARGON2_MEMORY_KIB),
        str(keyfile.ARGON2_PARALLELISM),
    ]
    return [sys.executable, "-c", _KDF, *settings]


def bench_status(plain_dir: Path, sealed_dir: Path, passfile: Path) -> dict[str, float]:
    """The medians of ``status`` plain, encrypted, and of the key derivation alone, each
    run in turn with the others so that the machine's moods fall on all three."""
    script = Path(sys.executable).with_name("ketacheck")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "ketacheck"]
    runs = {
        "plain": {**_ENV, "KETACHECK_DATA_DIR": str(plain_dir)},
        "sealed": {
            **_ENV,
            "KETACHECK_DATA_DIR": str(sealed_dir),
            "KETACHECK_PASSPHRASE_FILE": str(passfile),
        },
    }
    times: dict[str, list[float]] = {"plain": [], "sealed": [], "kdf": []}
    for env in runs.values():
        subprocess.run([*command, "status"], env=env, check=True, stdout=subprocess.DEVNULL)
    for _ in range(RUNS):
        for name, env in runs.items():
            start = time.perf_counter()
            subprocess.run([*command, "status"], env=env, check=True, stdout=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - start)
        out = subprocess.run(kdf_command(), check=True, capture_output=True, text=True)
        times["kdf"].append(float(out.stdout.split()[-1]))
    return {name: median_ms(samples) for name, samples in times.items()}


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        plain_dir, sealed_dir = Path(scratch) / "plain", Path(scratch) / "sealed"
        build(plain_dir, CHECKINS).close()
        build(sealed_dir, CHECKINS).close()
        encrypted(sealed_dir)
        passfile = Path(scratch) / "pass"
        passfile.write_text(PASSPHRASE)
        plain, sealed, size = bench_save(plain_dir, sealed_dir)
        print(
            f"save, {CHECKINS:,} check-ins ({size / 1e6:.1f} MB): plain {plain:6.1f} ms  "
            f"encrypted {sealed:6.1f} ms  ratio {sealed / plain:.2f}x (target <= 1.3x)"
        )
        codec.forget_keys()
        status = bench_status(plain_dir, sealed_dir, passfile)
        kdf, status_plain, status_sealed = status["kdf"], status["plain"], status["sealed"]
        print(
            f"Argon2id t={keyfile.ARGON2_TIME_COST} m={keyfile.ARGON2_MEMORY_KIB // 1024} MiB "
            f"p={keyfile.ARGON2_PARALLELISM}, once in a fresh process: {kdf:6.1f} ms"
        )
        allowed = kdf + 1.3 * status_plain
        print(
            f"status: plain {status_plain:6.1f} ms  encrypted {status_sealed:6.1f} ms  "
            f"KDF + 1.3x plain = {allowed:6.1f} ms  "
            f"({'within' if status_sealed <= allowed else 'OVER'})"
        )


if __name__ == "__main__":
    main()
