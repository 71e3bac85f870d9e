"""An error line stays short, but a refused file is still named: the tail of a long path survives."""
from domain.errors import clip


def test_a_deep_path_keeps_its_file_name():
    path = "/tmp/" + "/".join(["a-rather-long-folder-name"] * 9) + "/broken.json"
    line = clip(f"{path} is not a JSON document")
    assert line.endswith("broken.json is not a JSON document")
    assert "…" in line and len(line) < len(path)


def test_a_huge_value_is_still_cut_to_a_short_line():
    line = clip("x" * 5_000_000)
    assert len(line) <= 301
