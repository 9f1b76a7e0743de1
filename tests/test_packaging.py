"""What a user gets from `pip install`: the wheel and the sdist built from this tree, looked into.

The build uses the installed hatchling (a test dependency), the backend pyproject.toml names.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

from .conftest import DATA_FILE, ROOT

SCHEMA_FILE = DATA_FILE.with_name("accords.schema.json")


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "--directory", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return out


@pytest.fixture(scope="module")
def wheel(dist: Path) -> zipfile.ZipFile:
    (found,) = dist.glob("*.whl")
    return zipfile.ZipFile(found)


@pytest.fixture(scope="module")
def sdist(dist: Path) -> dict[str, bytes]:
    (found,) = dist.glob("*.tar.gz")
    with tarfile.open(found) as archive:
        return {
            member.name.split("/", 1)[1]: archive.extractfile(member).read()  # type: ignore[union-attr]
            for member in archive.getmembers()
            if member.isfile()
        }


def test_schema_file_is_shipped_beside_the_data(wheel: zipfile.ZipFile) -> None:
    data = wheel.read("accords_cli/data/accords.yaml").decode("utf-8")
    first = data.splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    target = "accords_cli/data/" + first.split("$schema=", 1)[1]
    assert wheel.read(target) == SCHEMA_FILE.read_bytes()
    assert data == DATA_FILE.read_text(encoding="utf-8")


def test_wheel_carries_both_licences_and_declares_them(wheel: zipfile.ZipFile) -> None:
    (info,) = {name.split("/")[0] for name in wheel.namelist() if ".dist-info/" in name}
    assert wheel.read(f"{info}/licenses/LICENSE") == (ROOT / "LICENSE").read_bytes()
    data_licence = wheel.read(f"{info}/licenses/LICENSE-DATA").decode("utf-8")
    assert data_licence.startswith("Attribution 4.0 International")
    assert "Creative Commons Attribution 4.0 International Public License" in data_licence
    metadata = Parser().parsestr(wheel.read(f"{info}/METADATA").decode("utf-8"))
    assert metadata["License-Expression"] == "MIT AND CC-BY-4.0"
    assert sorted(metadata.get_all("License-File") or []) == ["LICENSE", "LICENSE-DATA"]
    classifiers = metadata.get_all("Classifier") or []
    for minor in (10, 11, 12, 13):
        assert f"Programming Language :: Python :: 3.{minor}" in classifiers
    assert metadata["Requires-Python"] == ">=3.10"


def test_sdist_carries_the_data_schema_licences_and_tests(sdist: dict[str, bytes]) -> None:
    assert sdist["data/accords.schema.json"] == SCHEMA_FILE.read_bytes()
    assert sdist["data/accords.yaml"] == DATA_FILE.read_bytes()
    assert sdist["LICENSE"] == (ROOT / "LICENSE").read_bytes()
    assert sdist["LICENSE-DATA"] == (ROOT / "LICENSE-DATA").read_bytes()
    assert "tests/test_packaging.py" in sdist
