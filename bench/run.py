"""Benchmark the site build at 10, 100 and 1,000 synthetic secret types.

    uv run python bench/run.py                      # everything; the 1,000 size takes long
    uv run python bench/run.py --sizes 10,100 --runs 3 --only build
    uv run python bench/run.py --quick              # 10 types, one run, tables on stdout only
    uv run python bench/run.py --sizes 1000 --variant navflat --no-baseline

Every run works in a temporary copy; the project itself is only read. Results accumulate in
bench/results.json (a new measurement replaces the same size and variant) and the tables in
bench/results.md are rewritten between their markers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
from importlib import metadata
from pathlib import Path

import report
from measure import site_figures, timed
from project import BUILD_FILES, copy_tree, write_catalog
from serving import serve_latency
from snippet_times import LANGUAGES, prepare, test_file, time_language
from variants import apply

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
PACKAGES = [
    "mkdocs",
    "mkdocs-material",
    "mkdocs-macros-plugin",
    "markdown",
    "pymdown-extensions",
    "pygments",
    "jinja2",
    "pydantic",
    "pyyaml",
    "pytest",
]


def say(message: str) -> None:
    print(f"[bench {dt.datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)  # noqa: T201


def machine(source: Path) -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").open()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    git = ["git", "-C", str(source)]
    commit = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run(
        [*git, "status", "--porcelain", "--", *BUILD_FILES], capture_output=True, text=True
    )
    languages = sorted(p.name for p in (source / "snippets").iterdir() if p.is_dir())
    note = source / "BENCH_SOURCE"  # a snapshot says where it was copied from
    # The commit alone names the source; a machine's path would mean nothing to a reader.
    label = "this repository" if source.resolve() == ROOT else source.name
    where = f"{label} at {commit.stdout.strip() or '?'}" + (
        " with uncommitted changes" if dirty.stdout.strip() else ""
    )
    versions = ", ".join(f"{p} {metadata.version(p)}" for p in PACKAGES)
    return {
        "date": dt.date.today().isoformat(),
        "machine": f"{os.cpu_count()} cores (nproc), {cpu}, Python {platform.python_version()}",
        "versions": versions,
        "project source": note.read_text().strip() if note.exists() else where,
        "snippet languages on the pages": ", ".join(languages),
    }


def build_once(
    source: Path, tmp: Path, size: int, variant: str, baseline: bool, baseline_again: bool
) -> dict:
    project = copy_tree(source, tmp / "project", BUILD_FILES)
    write_catalog(project, size)
    apply(project, variant)
    python = sys.executable
    command = [
        python,
        "-m",
        "generator",
        "--root",
        str(project),
        "build",
        "--site-dir",
        str(project / "site"),
    ]
    out: dict = {"cold": timed(command, project)}
    if out["cold"]["rc"] != 0:
        raise SystemExit(f"the {variant} build at {size} types failed:\n{out['cold']['error']}")
    figures = {"ours": site_figures(project / "site")}
    # The same command again: the build itself decides that nothing changed.
    out["nochange"] = timed(command, project)
    result = {"ours": out, "figures": figures}
    if baseline:
        plain = tmp / "baseline"
        subprocess.run(
            [python, str(BENCH / "project.py"), "baseline", str(project), str(plain)],
            cwd=project,
            check=True,
        )
        command = [python, "-m", "mkdocs", "build", "-q", "-f", str(plain / "mkdocs.yml")]
        result["baseline"] = {"cold": timed(command, plain)}
        if baseline_again:
            result["baseline"]["nochange"] = timed(command, plain)
        figures["baseline"] = site_figures(plain / "site")
    return result


def bench_builds(args, source: Path, results: dict) -> None:
    for size in args.sizes:
        for variant in args.variant:
            large = size >= 1000
            runs = args.large_runs if large else args.runs
            # The baseline's build has no cache, so at 1,000 types one run of it takes as long
            # as six of ours; --large-baseline-runs and --large-baseline-again buy it more.
            baseline_runs = args.large_baseline_runs if large else runs
            entry: dict = {}
            for number in range(runs):
                say(f"build {variant} at {size} types, run {number + 1}/{runs}")
                baseline = args.baseline and variant == "base" and number < baseline_runs
                again = not large or args.large_baseline_again
                with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
                    one = build_once(source, Path(tmp), size, variant, baseline, again)
                for side in ("ours", "baseline"):
                    for kind, record in one.get(side, {}).items():
                        entry.setdefault(side, {}).setdefault(kind, []).append(record)
                # A run without the baseline keeps the baseline figures of an earlier run.
                entry.setdefault("figures", {}).update(one["figures"])
                say(
                    f"  cold {one['ours']['cold']['wall']:.1f} s, nothing changed "
                    f"{one['ours']['nochange']['wall']:.1f} s"
                )
            entry["date"] = dt.datetime.now().isoformat(timespec="minutes")
            results.setdefault("builds", {})[report.key(variant, size)] = entry
            save(args, results)


def bench_serve(args, source: Path, results: dict) -> None:
    for variant in args.variant:
        with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
            project = copy_tree(source, Path(tmp) / "project", BUILD_FILES)
            ids = write_catalog(project, args.serve_size)
            apply(project, variant)
            entry = {}
            for dirty in (False, True):
                say(f"serve {variant} at {args.serve_size} types, dirty={dirty}")
                entry["dirty" if dirty else "plain"] = serve_latency(project, ids[0], dirty)
            results.setdefault("serve", {})[report.key(variant, args.serve_size)] = entry
            save(args, results)


def bench_snippets(args, source: Path, results: dict) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-snippets-") as tmp:
        one = prepare(source, Path(tmp) / "one", 1)
        two = prepare(source, Path(tmp) / "two", 2)
        for language in LANGUAGES:
            if args.languages and language not in args.languages:
                continue
            if not test_file(one, language).exists():
                results.setdefault("snippets", {}).pop(language, None)
                continue
            say(f"snippet tests: {language}")
            results.setdefault("snippets", {})[language] = time_language(
                one, two, language, args.runs
            )
            save(args, results)


def bench_phases(args, source: Path, results: dict) -> None:
    for variant in args.variant:
        with tempfile.TemporaryDirectory(prefix="bench-phases-") as tmp:
            project = copy_tree(source, Path(tmp) / "project", BUILD_FILES)
            write_catalog(project, args.phase_size)
            apply(project, variant)
            out = Path(tmp) / "phases.json"
            say(f"phases of {variant} at {args.phase_size} types")
            extra = ["--cprofile"] if args.cprofile else []
            command = [sys.executable, str(BENCH / "phases.py"), str(project), str(out), *extra]
            subprocess.run(
                command, cwd=project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, check=True
            )
            name = report.key(variant, args.phase_size) + ("+cprofile" if args.cprofile else "")
            results.setdefault("phases", {})[name] = json.loads(out.read_text())
            save(args, results)


def save(args, results: dict) -> None:
    if args.quick:
        return
    args.results.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    markdown = args.results.with_suffix(".md")
    existing = markdown.read_text(encoding="utf-8") if markdown.exists() else ""
    markdown.write_text(report.merge(existing, report.render(results)), encoding="utf-8")


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench/run.py", description=__doc__.split("\n")[0])
    sizes = lambda text: [int(s) for s in text.split(",")]  # noqa: E731
    parser.add_argument("--sizes", type=sizes, default=[10, 100, 1000])
    parser.add_argument("--runs", type=int, default=3, help="runs per size below 1,000 types")
    parser.add_argument("--large-runs", type=int, default=3, help="runs at 1,000 types and more")
    parser.add_argument("--variant", action="append", help="base (default), or e.g. navflat+yamlc")
    parser.add_argument("--only", action="append", choices=["build", "serve", "snippets", "phases"])
    parser.add_argument("--no-baseline", dest="baseline", action="store_false")
    parser.add_argument("--large-baseline-runs", type=int, default=1)
    parser.add_argument(
        "--large-baseline-again",
        action="store_true",
        help="also time the baseline's nothing-changed build at 1,000 types and more",
    )
    parser.add_argument("--serve-size", type=int, default=100)
    parser.add_argument("--phase-size", type=int, default=1000)
    parser.add_argument("--cprofile", action="store_true", help="phases under cProfile instead")
    parser.add_argument("--languages", type=lambda t: t.split(","), default=None)
    parser.add_argument("--project", type=Path, default=ROOT, help="where to copy the project from")
    parser.add_argument("--results", type=Path, default=BENCH / "results.json")
    parser.add_argument("--quick", action="store_true", help="10 types, 1 run, builds only, stdout")
    args = parser.parse_args(argv)
    args.variant = args.variant or ["base"]
    if args.quick:
        args.sizes, args.runs, args.large_runs, args.only = [10], 1, 1, ["build"]
    args.only = args.only or ["build", "serve", "snippets", "phases"]
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    source = args.project.resolve()
    results = (
        json.loads(args.results.read_text()) if args.results.exists() and not args.quick else {}
    )
    results["meta"] = machine(source)
    steps = {
        "build": bench_builds,
        "serve": bench_serve,
        "snippets": bench_snippets,
        "phases": bench_phases,
    }
    for name in ("build", "serve", "snippets", "phases"):
        if name in args.only:
            steps[name](args, source, results)
    if args.quick:
        print(report.render(results))  # noqa: T201
    say("done" if not args.quick else "done (quick: nothing written)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
