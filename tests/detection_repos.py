"""Git repositories the detection tests scan and clean: tokens in files, history and tags."""

from __future__ import annotations

import subprocess
from pathlib import Path
from types import ModuleType

from generator.rules import Block, Rules
from tests import detection_corpus
from tests.detection_corpus import Value
from tests.scanners import Shell
from tests.standins.mattermost import new_id


def save(repo: Path, *blocks: Block) -> None:
    for block in blocks:
        (repo / block.name).write_text(block.text, encoding="utf-8")


def init(shell: Shell, repo: Path) -> None:
    repo.mkdir(parents=True, exist_ok=True)
    shell.git(repo, "init", "--quiet", "--initial-branch", "main")


def commit_all(shell: Shell, repo: Path, message: str) -> None:
    shell.git(repo, "add", "--all")
    shell.git(repo, "commit", "--quiet", "--no-verify", "--message", message)


class Leaky:
    """A repository whose working tree holds one corpus and whose history holds two.

    main: the rules, then corpus `now` (still in the working tree). Branch old-bot, never
    merged: corpus `old` under old/, added in one commit and deleted in the next.
    """

    def __init__(self, shell: Shell, root: Path, rules: Rules, source: ModuleType):
        self.root = root
        self.now = detection_corpus.make(source)
        self.old = detection_corpus.make(
            source, {f"old/{path}": text for path, text in source.LEAKS.items()}
        )
        init(shell, root)
        save(root, rules.gitleaks_config, rules.plugin)
        commit_all(shell, root, "Add scanner rules")
        shell.git(root, "switch", "--quiet", "--create", "old-bot")
        self.old.write(root)
        commit_all(shell, root, "Add the old bot")
        shell.git(root, "rm", "--quiet", "-r", "old")
        commit_all(shell, root, "Remove the old bot")
        shell.git(root, "switch", "--quiet", "main")
        self.now.write(root)
        commit_all(shell, root, "Add the alert bot")

    def values(self, scan: str) -> list[Value]:
        return self.now.values + (self.old.values if scan == "history" else [])


class Remote:
    """A shared repository with a token in files, a commit message, a tag and a side branch.

    The purge steps work on the values themselves, so one provider's tokens prove them for all.
    """

    def __init__(self, shell: Shell, root: Path):
        self.tokens = [new_id(), new_id()]
        first, second = self.tokens
        self.bare = root / "origin.git"
        self.clone = root / "laptop"
        shell.git(root, "init", "--quiet", "--bare", "--initial-branch", "main", str(self.bare))
        shell.git(root, "clone", "--quiet", str(self.bare), str(self.clone))

        work = self.clone
        (work / ".env").write_text(f"MATTERMOST_TOKEN={first}\n")
        (work / "app.yaml").write_text(f"mattermost:\n  token: {second}\n")
        commit_all(shell, work, "Add the alert bot")
        shell.git(work, "tag", "--annotate", "v1.0", "--message", f"First release, token {second}")
        (work / ".env").write_text("MATTERMOST_TOKEN=\n")
        commit_all(shell, work, f"Stop committing {first}")
        shell.git(work, "switch", "--quiet", "--create", "spike")
        (work / "spike.sh").write_text(f"export MATTERMOST_TOKEN={first}\n")
        commit_all(shell, work, "Try the API")
        shell.git(work, "switch", "--quiet", "main")
        (work / "app.yaml").write_text("mattermost:\n  token_file: /run/secrets/mattermost\n")
        commit_all(shell, work, "Read the token from a file")
        shell.git(work, "push", "--quiet", "--all", "origin")
        shell.git(work, "push", "--quiet", "--tags", "origin")

    def leftovers(self, shell: Shell, repo: Path) -> list[str]:
        """Where a token is still readable in repo: commits, tags, reflogs, any object."""
        views = {
            "git log --all -p": ["log", "--all", "-p"],
            "tag messages": ["for-each-ref", "--format=%(contents)", "refs/tags"],
            "git reflog": ["reflog", "show", "--all", "-p"],
        }
        shell.git(repo, "reflog", "expire", "--expire=now", "--all")
        shell.git(repo, "gc", "--quiet", "--prune=now")
        shell.git(repo, "fsck", "--lost-found")
        found = [
            name
            for name, args in views.items()
            if any(t in shell.git(repo, *args) for t in self.tokens)
        ]
        objects = subprocess.run(
            ["git", "cat-file", "--batch-all-objects", "--batch"],
            cwd=repo,
            env=shell.env(),
            capture_output=True,
            check=True,
        ).stdout
        if any(t.encode() in objects for t in self.tokens):
            found.append("git cat-file --batch-all-objects")
        lost = repo / shell.git(repo, "rev-parse", "--git-dir").strip() / "lost-found"
        kept = [p.read_bytes() for p in lost.rglob("*") if p.is_file()] if lost.exists() else []
        if any(t.encode() in data for data in kept for t in self.tokens):
            found.append("git fsck --lost-found")
        return found
