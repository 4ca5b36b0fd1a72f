from pathlib import Path

from protokoll.service.settings import documented_settings

README = Path(__file__).resolve().parents[1] / "README.md"


def test_every_setting_is_documented_in_the_readme() -> None:
    text = README.read_text(encoding="utf-8")
    missing = [env for env, _, _ in documented_settings() if env not in text]
    assert missing == []
