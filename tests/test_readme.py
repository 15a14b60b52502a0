"""The README's Python blocks run, its commands exist, and CI runs its test command."""

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from trustclassify.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README, flags=re.S)


@pytest.mark.filterwarnings("ignore:category .* has no positive training text")
def test_python_blocks_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "intake.csv").write_text(
        "case_id,text\n1,he shoved me into the door\n2,we argue about the dishes\n", "utf-8")
    blocks = _blocks("python")
    assert blocks
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), namespace)


def test_every_cli_command_in_the_readme_exists():
    commands = set(re.findall(r"^\s*(?:\$ )?trustclassify ([a-z-]+)", README, flags=re.M))
    assert commands
    runner = CliRunner()
    for command in commands:
        result = runner.invoke(main, [command, "--help"])
        assert result.exit_code == 0, (command, result.output)


def test_first_screen_has_the_two_commands_and_ci_runs_the_test_one():
    first_screen = "\n".join(README.splitlines()[:40])
    assert "trustclassify classify" in first_screen
    assert "<!-- ci:test-command -->" in first_screen
    block = README.split("<!-- ci:test-command -->")[1].split("```")[1]
    test_command = block.strip().splitlines()[-1]
    assert "pytest" in test_command
    assert "ci:test-command" in (ROOT / ".ci" / "run").read_text()


def test_cli_help_mentions_the_screening_caveat():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0 and "not a diagnosis" in result.output


def test_the_readme_carries_the_shipped_models_card():
    import trustclassify as tc

    embedded = README.split("<!-- model-card:start -->\n")[1].split("\n<!-- model-card:end -->")[0]
    card = "\n".join(("##" + line if line.startswith("#") else line)
                     for line in tc.default_model().card().splitlines())
    assert embedded == card, "regenerate the card section after rebuilding the model"
