"""The shape of the code that the README's architecture section promises."""
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "participation"


def test_no_module_is_over_400_lines():
    long = {str(path.relative_to(PACKAGE)): n for path in PACKAGE.rglob("*.py")
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > 400}
    assert long == {}

