"""`accords check`: validation exactly as loading does, then one line per maintainer finding."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from accords_cli import check, cli, dataset
from accords_cli.errors import DatasetError

from .conftest import SMALL


@pytest.fixture
def clean() -> dict[str, Any]:
    """SMALL with what check asks of a maintained file: a coverage end, quotes in date order,
    a publisher registry, and every record resting on a primary text."""
    doc = copy.deepcopy(SMALL)
    doc["meta"]["coverage_end"] = "2026-01-15"
    doc["quotes"].reverse()
    doc["publishers"] = [
        {
            "id": "ministry", "name": "Example Ministry", "kind": "government", "country": "AE",
            "reliability": "reliable", "reason": "Its own statements.", "domains": ["example.org"],
        }
    ]  # fmt: skip
    for source in doc["sources"]:
        del source["publisher"]
        source.update(publisher_id="ministry", primary=True, published="2020-09-15")
    doc["members"][0]["documents"] = [
        {"date": "2020-09-15", "title": "Treaty", "sources": ["src-one"]}
    ]
    return doc


def _check(runner: CliRunner, *args: str) -> Any:
    return runner.invoke(cli.app, ["check", *args])


def _findings(runner: CliRunner, write_data: Callable[..., Path], doc: Any) -> list[str]:
    result = _check(runner, str(write_data(doc)))
    assert result.exit_code == 1, result.stderr
    lines = result.stdout.splitlines()
    assert result.stderr.strip().endswith(
        f"{len(lines)} finding{'s' if len(lines) > 1 else ''} to fix"
    )
    return lines


def test_a_clean_file_passes(
    runner: CliRunner, write_data: Callable[..., Path], clean: dict[str, Any]
) -> None:
    file = write_data(clean)
    result = _check(runner, str(file))
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stdout == f"{file}: valid; nothing to fix\n"
    assert result.stderr == ""


def test_an_uncited_source(
    runner: CliRunner, write_data: Callable[..., Path], clean: dict[str, Any]
) -> None:
    clean["sources"].append(
        {
            "id": "lonely",
            "publisher": "P",
            "title": "T",
            "url": "https://x.org/",
            "published": "2020-01-01",
        }
    )
    assert _findings(runner, write_data, clean) == ["sources[2]: 'lonely' is cited by no record"]


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/one",
        "http://www.EXAMPLE.org/one/",
        "https://example.org/one#top",
        "https://example.org/one?utm_source=feed",
    ],
)
def test_the_same_page_under_two_ids(
    runner: CliRunner, write_data: Callable[..., Path], clean: dict[str, Any], url: str
) -> None:
    clean["sources"].append(
        {"id": "again", "publisher": "P", "title": "T", "url": url, "published": "2020-01-01"}
    )
    clean["events"][0]["sources"].append("again")
    found = _findings(runner, write_data, clean)
    assert "sources[2].url: the same page as sources[0] ('src-one')" in found


def test_different_queries_are_different_pages(
    runner: CliRunner, write_data: Callable[..., Path], clean: dict[str, Any]
) -> None:
    clean["sources"][0]["url"] = "https://example.org/?p=1"
    clean["sources"][1]["url"] = "https://example.org/?p=2"
    assert _check(runner, str(write_data(clean))).exit_code == 0


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("utm_source=rss&utm_medium=rss", "utm_source, utm_medium"),
        ("fbclid=IwAR0pB", "fbclid"),
        ("gclid=abc", "gclid"),
        ("campaign=ad_reco&summary=true", "campaign, summary"),
        ("id=7&UTM_Campaign=x", "UTM_Campaign"),
    ],
)
def test_tracking_parameters(
    runner: CliRunner,
    write_data: Callable[..., Path],
    clean: dict[str, Any],
    query: str,
    names: str,
) -> None:
    clean["sources"][0]["url"] = f"https://example.org/one?{query}"
    found = _findings(runner, write_data, clean)
    assert found == [f"sources[0].url: tracking parameters in 'src-one': {names}"]


@pytest.mark.parametrize("query", ["p=1230901", "tabid=7824&language=en-US", "page=1", "amp=1"])
def test_page_parameters_are_not_tracking(query: str) -> None:
    assert check.tracking_parameters(f"https://example.org/a?{query}") == []


@pytest.mark.parametrize("title", [None, "absent"])
def test_a_source_without_a_title(
    runner: CliRunner, write_data: Callable[..., Path], clean: dict[str, Any], title: Any
) -> None:
    if title is None:
        clean["sources"][1]["title"] = None
    else:
        del clean["sources"][1]["title"]
    found = _findings(runner, write_data, clean)
    assert found == [
        "sources[1].title: missing in 'src-two': give the page's headline,"
        " or a note saying why it has none"
    ]


def test_a_source_whose_note_explains_the_missing_title(
    runner: CliRunner, write_data: Callable[..., Path], clean: dict[str, Any]
) -> None:
    clean["sources"][1]["title"] = None
    clean["sources"][1]["note"] = "The page shows no headline."
    result = _check(runner, str(write_data(clean)))
    assert result.exit_code == 0, result.stdout
    assert result.stdout.endswith("valid; nothing to fix\n")


@pytest.mark.parametrize("section", ["events", "quotes"])
def test_records_out_of_date_order(
    runner: CliRunner, write_data: Callable[..., Path], clean: dict[str, Any], section: str
) -> None:
    clean[section].reverse()
    later, earlier = clean[section][0]["date"], clean[section][1]["date"]
    found = _findings(runner, write_data, clean)
    assert found == [
        f"{section}[1].date: {earlier} is before {section}[0] ({later}): "
        f"keep {section} in date order"
    ]


def test_milestones_out_of_date_order(
    runner: CliRunner, write_data: Callable[..., Path], clean: dict[str, Any]
) -> None:
    clean["members"][0]["milestones"] = [
        {"date": "2020-10-01", "kind": "ratification", "text": "Later.", "sources": ["src-one"]},
        {"date": "2020-09-16", "kind": "diplomatic", "text": "Earlier.", "sources": ["src-one"]},
    ]
    found = _findings(runner, write_data, clean)
    assert found == [
        "members[0].milestones[1].date: 2020-09-16 is before members[0].milestones[0] "
        "(2020-10-01): keep milestones in date order"
    ]


def test_records_after_the_coverage_end(
    runner: CliRunner, write_data: Callable[..., Path], clean: dict[str, Any]
) -> None:
    clean["meta"]["coverage_end"] = "2025-11-01"
    clean["events"][0]["end_date"] = "2025-11-02"
    found = _findings(runner, write_data, clean)
    assert found == [
        "candidates[0].date: 2025-11-18 is after meta.coverage_end 2025-11-01",
        "events[0].end_date: 2025-11-02 is after meta.coverage_end 2025-11-01",
        "events[1].date: 2025-11-06 is after meta.coverage_end 2025-11-01",
        "quotes[1].date: 2025-11-06 is after meta.coverage_end 2025-11-01",
    ]


def test_no_coverage_end(
    runner: CliRunner, write_data: Callable[..., Path], clean: dict[str, Any]
) -> None:
    del clean["meta"]["coverage_end"]
    found = _findings(runner, write_data, clean)
    assert found == ["meta.coverage_end: not set: give the date through which events were searched"]


def test_a_candidate_without_a_dated_position(
    runner: CliRunner, write_data: Callable[..., Path], clean: dict[str, Any]
) -> None:
    clean["candidates"][0]["date"] = None
    found = _findings(runner, write_data, clean)
    assert found == ["candidates[0].date: missing: the date Saudi Arabia's position stands as of"]


def test_findings_come_in_file_order_one_line_each(
    runner: CliRunner, write_data: Callable[..., Path], clean: dict[str, Any]
) -> None:
    clean["sources"][0]["title"] = None
    clean["candidates"][0]["date"] = None
    clean["candidates"][0]["name"] = "Saudi\x1b[31m Arabia\nLine"
    clean["quotes"].reverse()
    found = _findings(runner, write_data, clean)
    assert [line.split(":")[0] for line in found] == [
        "sources[0].title",
        "candidates[0].date",
        "quotes[1].date",
    ]
    assert "\x1b" not in "".join(found)  # text from the file cannot drive the terminal
    assert "Saudi\\x1b[31m Arabia\\nLine" in found[1]


def test_the_default_file_is_the_one_in_use(
    runner: CliRunner,
    write_data: Callable[..., Path],
    clean: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    file = write_data(clean)
    monkeypatch.setenv("ACCORDS_DATA", str(file))
    result = _check(runner)
    assert result.exit_code == 0
    assert result.stdout.startswith(str(file))


# Broken and hostile files: exactly what loading says ------------------------------------------

BROKEN = {
    "bad-yaml": "meta: [unclosed\n",
    "empty": "",
    "schema": "meta: {title: T, version: 1, as_of: 2026-13-01}\nsources: []\nmembers: []\n"
    "events: []\nquotes: []\n",
    "coverage-after-check": "meta: {title: T, version: 1, as_of: 2026-01-01, "
    "coverage_end: 2026-02-01}\nsources: []\nmembers: []\nevents: []\nquotes: []\n",
    "python-tag": "meta: !!python/object/apply:os.system ['touch {marker}']\n",
    "alias-bomb": "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n",
    "not-a-mapping": "- just\n- a list\n",
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_a_broken_file_is_reported_as_loading_reports_it(
    runner: CliRunner, write_data: Callable[..., Path], tmp_path: Path, name: str
) -> None:
    marker = tmp_path / "ran"
    file = write_data(BROKEN[name].replace("{marker}", str(marker)))
    checked = _check(runner, str(file))
    loaded = runner.invoke(cli.app, ["info", "--data", str(file)])
    assert checked.exit_code == loaded.exit_code != 0
    assert checked.stderr == loaded.stderr
    assert checked.stderr.startswith(f"accords: {file}: ")
    assert len(checked.stderr.splitlines()) == 1
    assert checked.stdout == ""
    assert not marker.exists()


@pytest.mark.parametrize("kind", ["missing", "directory", "not-utf8"])
def test_an_unreadable_file_is_reported_as_loading_reports_it(
    runner: CliRunner, tmp_path: Path, kind: str
) -> None:
    file = tmp_path / "data.yaml"
    if kind == "directory":
        file.mkdir()
    elif kind == "not-utf8":
        file.write_bytes("meta: {title: caf\u00e9}\n".encode("latin-1"))
    checked = _check(runner, str(file))
    loaded = runner.invoke(cli.app, ["info", "--data", str(file)])
    assert (checked.exit_code, checked.stderr) == (loaded.exit_code, loaded.stderr)
    assert checked.exit_code != 0 and checked.stdout == ""


def test_check_validates_through_the_loader(
    write_data: Callable[..., Path], clean: dict[str, Any]
) -> None:
    clean["events"][0]["kind"] = "party"
    file = str(write_data(clean))
    with pytest.raises(DatasetError) as by_load:
        dataset.load(file)
    with pytest.raises(DatasetError) as by_check:
        check.run(file)
    assert str(by_check.value) == str(by_load.value)


# The bundled file ----------------------------------------------------------------------------


def test_the_bundled_file_is_clean(runner: CliRunner) -> None:
    result = _check(runner)
    assert result.exit_code == 0, result.stdout


# Every parameter the check names as tracking, spelled out: a name dropped from its list, or a
# prefix, would let that tracker through unnoticed.
TRACKERS = [
    "campaign", "cmp", "cmpid", "dclid", "fbclid", "gbraid", "gclid", "igsh", "igshid",
    "itm_campaign", "itm_medium", "itm_source", "li_fat_id", "mc_cid", "mc_eid", "mkt_tok",
    "msclkid", "ocid", "ref_src", "s_cid", "smid", "summary", "ttclid", "twclid", "wbraid",
    "yclid", "_ga", "_gl", "utm_term", "at_medium", "_hsenc", "pk_kwd", "mtm_cid",
]  # fmt: skip


def test_every_known_tracker_is_named_in_order() -> None:
    url = "https://example.org/a?id=3&" + "&".join(f"{name}=1" for name in TRACKERS)
    assert check.tracking_parameters(url) == TRACKERS


def test_a_milestone_after_the_coverage_end(
    runner: CliRunner, write_data: Callable[..., Path], clean: dict[str, Any]
) -> None:
    clean["meta"]["coverage_end"] = "2026-01-15"
    clean["members"][0]["milestones"] = [
        {"date": "2021-01-24", "kind": "diplomatic", "text": "Embassy", "sources": ["src-one"]},
        {"date": "2026-01-20", "kind": "visit", "text": "Visit", "sources": ["src-one"]},
    ]
    found = _findings(runner, write_data, clean)
    assert found == [
        "members[0].milestones[1].date: 2026-01-20 is after meta.coverage_end 2026-01-15"
    ]


@pytest.mark.parametrize("case", ["no documents", "another day", "not primary"])
def test_a_signed_agreement_without_its_text(
    runner: CliRunner, write_data: Callable[..., Path], clean: dict[str, Any], case: str
) -> None:
    member = clean["members"][0]
    if case == "no documents":
        del member["documents"]
    elif case == "another day":
        member["documents"][0]["date"] = "2020-09-16"
    else:  # the day's document rests on a news report only
        clean["sources"][1]["primary"] = False
        member["documents"][0]["sources"] = ["src-two"]
    found = _findings(runner, write_data, clean)
    finding = (
        "members[0].documents: nothing signed on 2020-09-15 cites a primary text:"
        " cite the agreement's text, at its home or in a faithful copy"
    )
    assert finding in found
    if case != "not primary":  # the report alone is below the sourcing rule too
        assert found == [finding]
