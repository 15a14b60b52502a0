import json

from click.testing import CliRunner

from trustclassify.cli import main


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


def test_classify_prints_matches_with_the_articles_text():
    result = run("classify", "He grabbed my wrist and shoved me against the fridge")
    assert result.exit_code == 0, result.output
    assert "physical_violence" in result.output and "Physical violence" in result.output
    assert "evidence:" in result.output


def test_classify_json_gives_one_object_per_text():
    result = run("classify", "--json", "he slapped me", "we argue about chores")
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [x["text"] for x in lines] == ["he slapped me", "we argue about chores"]
    assert any(m["category"] == "physical_violence" for m in lines[0]["matches"])
    assert all(set(m) >= {"category", "title", "score", "explanation", "evidence"}
               for x in lines for m in x["matches"])


def test_classify_reads_stdin_lines():
    result = run("classify", "--json", input="he slapped me\n\nwe argue about chores\n")
    assert len(result.output.splitlines()) == 2


def test_evaluate_prints_the_table(data_dir):
    result = run("evaluate", str(data_dir / "holdout.csv"))
    assert result.exit_code == 0, result.output
    for word in ("precision", "recall", "f1", "support", "micro avg", "macro avg"):
        assert word in result.output


def test_evaluate_missing_file_is_one_line_and_exit_2(tmp_path):
    result = run("evaluate", str(tmp_path / "nope.csv"))
    assert result.exit_code == 2
    assert result.output.strip().startswith("Error: no such file")
    assert "Traceback" not in result.output


def test_evaluate_unknown_format(tmp_path):
    (tmp_path / "x.xlsx").write_text("x")
    result = run("evaluate", str(tmp_path / "x.xlsx"))
    assert result.exit_code == 2 and "unknown table format" in result.output


def test_train_reports_bad_rows_with_numbers(tmp_path):
    src = tmp_path / "mine.csv"
    src.write_text("text,labels\nhe hit me,physical_violence\n,affairs\nshe lied,cheating\n")
    result = run("train", str(src), "-o", str(tmp_path / "m.skops"))
    assert result.exit_code == 2
    assert "row 2: empty text" in result.output and "row 3: unknown label id" in result.output
    assert not (tmp_path / "m.skops").exists()


def test_train_then_use_the_model(tmp_path, small_training):
    import pandas as pd

    src = tmp_path / "mine.csv"
    pd.DataFrame({"text": small_training.texts,
                  "labels": [";".join(x) for x in small_training.labels]}).to_csv(src, index=False)
    model = tmp_path / "m.skops"
    held = [tmp_path / "held_a.csv", tmp_path / "held_b.csv"]
    held[0].write_text("text,labels\nhe slapped me,physical_violence\nwe argue about chores,\n")
    held[1].write_text("text,labels\nshe reads my texts every night,control_or_intimidation\n")
    result = run("train", str(src), "-o", str(model), "--cv", "3",
                 "--evaluate", str(held[0]), "--evaluate", str(held[1]))
    assert result.exit_code == 0, result.output
    assert "Cross-validated figures" in result.output and model.exists()
    assert f"Figures on {held[0]} (2 texts" in result.output
    assert f"Figures on {held[1]} (1 texts" in result.output
    import trustclassify as tc

    assert sorted(tc.load(model).metadata["evaluation"]) == ["held_a.csv", "held_b.csv"]
    result = run("classify", "--model", str(model), "--json", "he kicked me")
    assert result.exit_code == 0 and json.loads(result.output)["text"] == "he kicked me"
    assert run("train", str(src), "-o", str(model)).exit_code == 2  # exists, no --force
    card = run("card", "--model", str(model))
    assert card.exit_code == 0 and "not a diagnosis" in card.output


def test_bad_model_file_is_one_line(tmp_path):
    bad = tmp_path / "m.skops"
    bad.write_bytes(b"not a model")
    result = run("classify", "--model", str(bad), "hello")
    assert result.exit_code == 2 and "Error:" in result.output and "Traceback" not in result.output
