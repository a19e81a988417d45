"""Turn bench/results.json into the Markdown tables of bench/results.md."""

from __future__ import annotations

import statistics

from measure import median

BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
LANGUAGES = ["python", "javascript", "go", "java", "rust", "shell"]


def fmt(value: float | None, unit: str = "", digits: int = 1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}{unit}"


def kb(value: float | None) -> str:
    return "–" if value is None else f"{value / 1000:,.1f} KB"


def with_cpu(wall: float | None, cpu: float | None) -> str:
    """Wall time, with the CPU seconds that are less sensitive to a busy machine."""
    return f"{fmt(wall, ' s')} ({fmt(cpu, ' s')})"


def table(head: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    return "\n".join([*lines, *("| " + " | ".join(row) + " |" for row in rows)])


def key(variant: str, size: int) -> str:
    return f"{variant}@{size}"


def entries(results: dict, variant: str) -> list[tuple[int, dict]]:
    found = [
        (int(k.split("@")[1]), v)
        for k, v in results.get("builds", {}).items()
        if k.split("@")[0] == variant
    ]
    return sorted(found, key=lambda item: item[0])


def runs_note(entry: dict, side: str) -> str:
    cold = entry[side]["cold"]
    loads = [r["load"] for r in cold]
    return f"{len(cold)} (load {min(loads):.0f}–{max(loads):.0f})"


BASELINE_NOTE = (
    "Runs counts our builds, then the baseline's. A plain MkDocs build keeps no cache, so its"
    " nothing-changed build repeats the cold one; at 1,000 types, where one baseline build takes"
    " as long as several of ours, the baseline is built once and its nothing-changed build is"
    " not timed (–) unless `--large-baseline-runs` and `--large-baseline-again` ask for it."
)


def build_tables(results: dict) -> str:
    rows, rss, weight, search = [], [], [], []
    base = entries(results, "base")
    first_page = next((e["figures"]["ours"]["page_bytes"] for _, e in base), None)
    for size, e in base:
        ours, plain = e["ours"], e.get("baseline")
        cold, again = median(ours["cold"], "wall"), median(ours["nochange"], "wall")
        b_cold = median(plain["cold"], "wall") if plain else None
        b_again = median(plain.get("nochange", []), "wall") if plain else None
        ratio = cold / b_cold if cold and b_cold else None
        cpu, b_cpu = median(ours["cold"], "cpu"), median(plain["cold"], "cpu") if plain else None
        cpu_ratio = cpu / b_cpu if cpu and b_cpu else None
        rows.append(
            [
                f"{size:,}",
                with_cpu(cold, cpu),
                with_cpu(again, median(ours["nochange"], "cpu")),
                with_cpu(b_cold, b_cpu),
                fmt(b_again, " s"),
                f"{fmt(ratio, '×', 2)} ({fmt(cpu_ratio, '×', 2)} CPU)",
                runs_note(e, "ours") + (f", baseline {len(plain['cold'])}" if plain else ""),
            ]
        )
        rss.append(
            [
                f"{size:,}",
                fmt(median(ours["cold"], "rss_mb"), " MB", 0),
                fmt(median(ours["nochange"], "rss_mb"), " MB", 0),
                fmt(median(plain["cold"], "rss_mb"), " MB", 0) if plain else "–",
            ]
        )
        f, fb = e["figures"]["ours"], e["figures"].get("baseline") or {}
        growth = f["page_bytes"] / first_page if first_page else None
        weight.append(
            [
                f"{size:,}",
                kb(f["page_bytes"]),
                kb(f["page_gzip"]),
                fmt(growth, "×", 2),
                kb(fb.get("page_bytes")),
                kb(fb.get("page_gzip")),
                f"{f['site_bytes'] / 1e6:,.1f} MB",
            ]
        )
        search.append(
            [
                f"{size:,}",
                kb(f["search_bytes"]),
                kb(f["search_gzip"]),
                kb(f["search_bytes"] / size),
                kb(f["search_gzip"] / size),
                kb(fb.get("search_bytes")),
            ]
        )
    return "\n\n".join(
        [
            "### Build wall time (median)",
            table(
                [
                    "types",
                    "ours cold (CPU)",
                    "ours nothing changed (CPU)",
                    "baseline cold (CPU)",
                    "baseline nothing changed",
                    "ours ÷ baseline, cold",
                    "runs",
                ],
                rows,
            ),
            BASELINE_NOTE,
            "### Peak memory (largest process of the build, median)",
            table(["types", "ours cold", "ours nothing changed", "baseline cold"], rss),
            "### Playbook page weight (median page)",
            table(
                [
                    "types",
                    "ours HTML",
                    "ours gzip",
                    "growth vs smallest size",
                    "baseline HTML",
                    "baseline gzip",
                    "whole site (ours)",
                ],
                weight,
            ),
            "### Search index (site/search/search_index.json)",
            table(
                ["types", "bytes", "gzip", "per type", "per type gzip", "baseline bytes"], search
            ),
        ]
    )


def variant_table(results: dict) -> str:
    rows = []
    for name, e in sorted(
        results.get("builds", {}).items(), key=lambda i: (int(i[0].split("@")[1]), i[0])
    ):
        variant, size = name.split("@")
        ref = results["builds"].get(key("base", int(size)))
        cold, cpu = median(e["ours"]["cold"], "wall"), median(e["ours"]["cold"], "cpu")
        ref_cpu = median(ref["ours"]["cold"], "cpu") if ref else None
        f = e["figures"]["ours"]
        rows.append(
            [
                f"{int(size):,}",
                f"`{variant}`",
                with_cpu(cold, cpu),
                fmt(cpu / ref_cpu if cpu and ref_cpu else None, "×", 2),
                with_cpu(
                    median(e["ours"]["nochange"], "wall"), median(e["ours"]["nochange"], "cpu")
                ),
                fmt(median(e["ours"]["cold"], "rss_mb"), " MB", 0),
                kb(f["page_bytes"]),
                kb(f["search_bytes"] / int(size)),
                str(len(e["ours"]["cold"])),
            ]
        )
    return table(
        [
            "types",
            "variant",
            "cold build (CPU)",
            "CPU vs `base`",
            "nothing changed (CPU)",
            "peak RSS",
            "page HTML",
            "search per type",
            "runs",
        ],
        rows,
    )


def serve_table(results: dict) -> str:
    rows = []
    for name, e in sorted(results.get("serve", {}).items()):
        for r in e.values():
            edits = r["edits"]
            shown = [x for x in edits if x is not None]
            med = statistics.median(shown) if len(shown) == len(edits) and shown else None
            each = " / ".join(
                f"not within {r['edit_timeout']:.0f}" if x is None else f"{x:.1f}" for x in edits
            )
            rows.append(
                [
                    f"`{name}`",
                    f"`{r['command']}`",
                    fmt(r["first_build"], " s"),
                    each + " s",
                    fmt(med, " s"),
                    ", ".join(f"{x:.1f}" for x in r["reported"]),
                ]
            )
    return table(
        [
            "variant@types",
            "command",
            "first build",
            "edit shown after (each)",
            "median",
            "builds mkdocs reported (s)",
        ],
        rows,
    )


def snippet_table(results: dict) -> str:
    rows = []
    snippets = results.get("snippets", {})
    # The incident scenario (tests/test_actions.py) runs the action programs of all six.
    for lang in [*LANGUAGES, "actions"]:
        r = snippets.get(lang)
        label = "actions, all six languages" if lang == "actions" else lang
        if r is None:
            rows.append([label, "not measured", "", "", "", ""])
            continue
        outcome = ", ".join(f"{n} {k}" for k, n in (r["cold"].get("outcome") or {}).items())
        rows.append(
            [
                label,
                fmt(r["cold"]["wall"], " s"),
                fmt(median(r["warm"], "wall"), " s"),
                fmt(r.get("cold_2", {}).get("wall"), " s"),
                fmt(r.get("added_per_type"), " s", 2),
                outcome or f"exit {r['cold']['rc']}",
            ]
        )
    return table(
        [
            "language",
            "cold, 1 type",
            "warm, 1 type",
            "cold, 2 types",
            "added per extra type (warm)",
            "tests (cold run)",
        ],
        rows,
    )


def phase_table(entry: dict) -> str:
    total = entry["total"]
    n = entry["playbooks"]
    rows = [
        [
            label,
            fmt(p["seconds"], " s"),
            fmt(100 * p["seconds"] / total, " %", 0),
            fmt(1000 * p["seconds"] / n, " ms", 1),
            f"{p['calls']:,}",
        ]
        for label, p in sorted(entry["phases"].items(), key=lambda i: -i[1]["seconds"])
    ]
    rows.append(
        [
            "everything else (nav, files, validation, plugins)",
            fmt(entry["other"], " s"),
            fmt(100 * entry["other"] / total, " %", 0),
            "",
            "",
        ]
    )
    rows.append(
        [
            "**total (in-process build)**",
            fmt(total, " s"),
            "100 %",
            fmt(1000 * total / n, " ms"),
            "",
        ]
    )
    return table(["phase", "seconds", "share", "per playbook", "calls"], rows)


def targets(results: dict) -> str:
    b = results.get("builds", {})
    get = lambda size: b.get(key("base", size))  # noqa: E731
    big, mid, small = get(1000), get(100), get(10)
    rows = []

    def row(goal: str, measured: str, ok: bool | None) -> None:
        rows.append([goal, measured, "–" if ok is None else ("met" if ok else "**not met**")])

    if big and big.get("baseline"):
        ours, plain = median(big["ours"]["cold"], "wall"), median(big["baseline"]["cold"], "wall")
        row(
            "cold build at 1,000 types ≤ ½ the baseline",
            f"{ours:.0f} s vs baseline {plain:.0f} s ({ours / plain:.2f}×)",
            ours <= plain / 2,
        )
    if big:
        again = median(big["ours"]["nochange"], "wall")
        row("rebuild with nothing changed ≤ 30 s (1,000 types)", f"{again:.0f} s", again <= 30)
    if big and mid:
        a, c = median(big["ours"]["cold"], "wall"), median(mid["ours"]["cold"], "wall")
        row("1,000 types ≤ 11× the time of 100", f"{a / c:.1f}×", a / c <= 11)
    if big and small:
        g = big["figures"]["ours"]["page_bytes"] / small["figures"]["ours"]["page_bytes"]
        row("playbook page weight growth 10 → 1,000 ≤ 1.1×", f"{g:.2f}×", g <= 1.1)
    if big:
        per = big["figures"]["ours"]["search_bytes"] / 1000
        row("search index ≤ 5 KB per secret type", f"{per / 1000:.1f} KB", per <= 5000)
    serve = results.get("serve", {}).get(key("base", 100), {}).get("dirty")
    if serve:
        shown = serve["edits"]
        med = None if None in shown else statistics.median(shown)
        row(
            "serve shows a catalog edit within 3 s (100 types, `make serve`)",
            "never" if med is None else f"{med:.1f} s",
            med is not None and med <= 3,
        )
    added = [r.get("added_per_type") for r in results.get("snippets", {}).values()]
    if added and None not in added:
        row(
            "a secret type adds ≤ 5 s to the whole snippet matrix (warm)",
            f"{sum(added):.1f} s (sum of the per-language rows)",
            sum(added) <= 5,
        )
    return table(["target (issue 7)", "measured (`base`)", "status"], rows)


def render(results: dict) -> str:
    meta = results.get("meta", {})
    parts = [
        BEGIN,
        "## Machine and versions",
        table(["", ""], [[k, str(v)] for k, v in meta.items()]),
        "## Targets",
        targets(results),
        "## Builds: our site (`python -m generator build`) against the baseline",
        build_tables(results),
        "## Variants measured on a copy",
        variant_table(results),
        "## `mkdocs serve`: a catalog edit until the new text is served",
        serve_table(results),
        "## Snippet tests: every snippet of one secret type, per language",
        snippet_table(results),
    ]
    for name, entry in sorted(results.get("phases", {}).items()):
        if "phases" in entry:
            parts += [
                f"## Where the time goes: `{name}`, in-process build with wrappers",
                phase_table(entry),
            ]
    parts.append(END)
    return "\n\n".join(parts) + "\n"


def merge(existing: str, generated: str) -> str:
    """Replace the generated block, keeping hand-written text around it."""
    if BEGIN in existing and END in existing:
        head, rest = existing.split(BEGIN, 1)
        return head + generated.rstrip("\n") + rest.split(END, 1)[1]
    return "# Benchmark results\n" + generated
