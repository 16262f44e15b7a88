"""Time JioNLP's money and time extractors on a folder of Chinese text, for comparison with factlex.

JioNLP is not a factlex dependency (it is large and pins its own packages), so run this in a virtual
environment of its own, on the Chinese folder of a benchmark corpus:

    python -m factlex.bench --docs 2000 --out /tmp/bench          # builds /tmp/bench/corpus/zh
    python -m venv /tmp/jio && /tmp/jio/bin/pip install jionlp
    /tmp/jio/bin/python scripts/time_jionlp.py /tmp/bench/corpus/zh

It prints MB/s the same way the benchmark does (UTF-8 bytes of the text over the seconds spent, after one
warm-up call), so the two lines can be put side by side. JioNLP finds money and times only; factlex's
figure also covers percentages, basis points, counts, tenors, entities, rules and clauses.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path


def main(folder: str) -> int:
    import jionlp

    texts = [path.read_bytes().decode("utf-8", errors="replace") for path in sorted(Path(folder).glob("*.txt"))]
    if not texts:
        print(f"{folder}: no .txt files; point this at a benchmark corpus's zh folder", file=sys.stderr)
        return 2
    size = sum(len(text.encode()) for text in texts)
    jionlp.ner.extract_money(texts[0])  # build its dictionaries before the clock starts
    jionlp.ner.extract_time(texts[0])
    started = time.perf_counter()
    found = sum(len(jionlp.ner.extract_money(text, with_parsing=True))
                + len(jionlp.ner.extract_time(text, with_parsing=True)) for text in texts)
    seconds = time.perf_counter() - started
    print(f"JioNLP money+time: {size / 1e6 / seconds:.2f} MB/s ({len(texts)} docs, {size / 1e6:.2f} MB, "
          f"{found} found, {seconds:.1f} s)")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
