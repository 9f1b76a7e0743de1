"""Evidence: the publisher registry, sources traced to their originals, and what each record rests
on, counted, shown and checked."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from accords_cli import cli, dataset, models
from accords_cli.errors import ExitCode
from accords_cli.models import Dataset, weigh

from .conftest import SMALL

PUBLISHERS: list[dict[str, Any]] = [
    {
        "id": "wire", "name": "Example Wire", "kind": "wire", "country": "GB",
        "reliability": "reliable", "reason": "A wire.", "domains": ["wire.example"],
    },
    {
        "id": "paper", "name": "Example Paper", "kind": "newspaper", "country": "US",
        "reliability": "reliable", "reason": "A paper.", "domains": ["paper.example"],
    },
    {
        "id": "ministry", "name": "Example Ministry", "kind": "government", "country": "AE",
        "reliability": "reliable", "reason": "A ministry.", "domains": ["ministry.example"],
        "part_of": "government",
    },
    {
        "id": "government", "name": "Example Government", "kind": "government", "country": "AE",
        "reliability": "reliable", "reason": "A government.", "domains": ["gov.example"],
    },
    {
        "id": "mirror", "name": "Example Mirror", "kind": "aggregator", "country": None,
        "reliability": "unreliable", "reason": "Copies.", "domains": ["mirror.example"],
    },
    {
        "id": "tabloid", "name": "Example Tabloid", "kind": "blog", "country": "US",
        "affiliation": "party-affiliated", "affiliated_with": "A party",
        "reliability": "unreliable", "reason": "Makes things up.", "domains": ["tabloid.example"],
    },
]  # fmt: skip


def _source(ident: str, publisher: str, url: str, **more: Any) -> dict[str, Any]:
    return {
        "id": ident,
        "title": f"Headline {ident}",
        "publisher_id": publisher,
        "published": "2020-09-15",
        "url": url,
        **more,
    }


@pytest.fixture
def registered() -> dict[str, Any]:
    """SMALL with a registry, every record resting on enough, and nothing left to fix."""
    doc = copy.deepcopy(SMALL)
    doc["meta"]["coverage_end"] = "2026-01-15"
    doc["quotes"].reverse()
    doc["publishers"] = copy.deepcopy(PUBLISHERS)
    doc["sources"] = [
        _source("src-one", "wire", "https://wire.example/one"),
        _source("src-two", "ministry", "https://ministry.example/two", primary=True),
        _source("src-three", "paper", "https://paper.example/three"),
        _source("src-four", "tabloid", "https://tabloid.example/four"),
        _source("src-five", "government", "https://mirror.example/five", via_id="mirror",
                primary=True),
    ]  # fmt: skip
    for section in ("members", "candidates", "events", "quotes"):
        for record in doc[section]:
            record["sources"] = ["src-one", "src-three"]
    doc["members"][1]["sources"] = ["src-two", "src-four", "src-five"]
    doc["members"][0]["documents"] = [
        {"date": "2020-09-15", "title": "Treaty", "sources": ["src-two"]}
    ]
    return doc


def _load(write_data: Callable[..., Path], doc: Any) -> Dataset:
    return dataset.load(str(write_data(doc)))


def _check(runner: CliRunner, write_data: Callable[..., Path], doc: Any) -> Any:
    return runner.invoke(cli.app, ["check", str(write_data(doc))])


def _findings(runner: CliRunner, write_data: Callable[..., Path], doc: Any) -> list[str]:
    result = _check(runner, write_data, doc)
    assert result.exit_code == ExitCode.NOT_FOUND, result.stdout + result.stderr
    return result.stdout.splitlines()


# The registry and the labels built from it ---------------------------------------------------


def test_a_copy_is_labelled_with_its_publisher_and_its_host(
    write_data: Callable[..., Path], registered: dict[str, Any]
) -> None:
    data = _load(write_data, registered)
    five = next(s for s in data.sources if s.id == "src-five")
    assert five.publisher == "Example Government, via Example Mirror"
    assert (five.publisher_id, five.via_id, five.primary) == ("government", "mirror", True)
    one = next(s for s in data.sources if s.id == "src-one")
    assert (one.publisher, one.via_id, one.reliability) == ("Example Wire", None, "reliable")
    assert [p.id for p in data.publishers] == [p["id"] for p in PUBLISHERS]


def test_a_file_without_a_registry_counts_by_publisher_name(
    write_data: Callable[..., Path],
) -> None:
    doc = copy.deepcopy(SMALL)
    doc["sources"][1]["publisher"] = "Example Wire (via Some Site)"
    data = _load(write_data, doc)
    assert data.publishers == ()
    # Two names that are one wire, the second copied by another site: one original.
    assert weigh(data.sources).independent == 1
    assert {s.publisher_id for s in data.sources} == {"example-wire"}


# Evidence, counted -----------------------------------------------------------------------------


def test_copies_of_one_story_count_once_and_unreliable_publishers_not_at_all(
    write_data: Callable[..., Path], registered: dict[str, Any]
) -> None:
    registered["sources"].append(
        _source("src-six", "wire", "https://paper.example/six", via_id="paper")
    )
    registered["events"][0]["sources"] = ["src-one", "src-six", "src-four"]
    data = _load(write_data, registered)
    event = next(e for e in data.events if e.id == "one")
    assert event.to_dict()["evidence"] == {"independent": 1, "primary": 0}


def test_a_body_and_the_government_it_belongs_to_are_one_voice(
    write_data: Callable[..., Path], registered: dict[str, Any]
) -> None:
    data = _load(write_data, registered)
    kazakhstan = next(m for m in data.members if m.code == "KZ")
    # The ministry (part of the government) and the government's text on a mirror: one voice,
    # two primary texts; the tabloid adds nothing.
    assert kazakhstan.to_dict()["evidence"] == {"independent": 1, "primary": 2}


def test_a_news_copy_on_an_unreliable_host_counts_for_nothing(
    write_data: Callable[..., Path], registered: dict[str, Any]
) -> None:
    registered["sources"].append(
        _source("src-six", "paper", "https://mirror.example/six", via_id="mirror")
    )
    registered["events"][0]["sources"] = ["src-one", "src-six"]
    data = _load(write_data, registered)
    six = next(s for s in data.sources if s.id == "src-six")
    assert six.reliability == "unreliable"
    event = next(e for e in data.events if e.id == "one")
    assert event.to_dict()["evidence"] == {"independent": 1, "primary": 0}


@pytest.mark.parametrize("command", ["members", "candidates", "timeline", "quote"])
def test_every_record_in_json_carries_its_evidence(
    runner: CliRunner, real: Dataset, command: str
) -> None:
    result = runner.invoke(cli.app, [command, "--json"])
    assert result.exit_code == 0, result.stderr
    records = json.loads(result.stdout)
    assert records
    for record in records:
        sources = [s for s in real.sources if s.id in {x["id"] for x in record["sources"]}]
        assert record["evidence"] == weigh(sources).to_dict()


def test_nested_milestones_and_documents_carry_their_own_evidence(runner: CliRunner) -> None:
    result = runner.invoke(cli.app, ["members", "--json"])
    member = json.loads(result.stdout)[0]
    assert member["milestones"] and member["documents"]
    for nested in (*member["milestones"], *member["documents"]):
        assert set(nested["evidence"]) == {"independent", "primary"}


# Evidence, shown -------------------------------------------------------------------------------


def test_tables_show_an_evidence_mark_and_its_legend(
    runner: CliRunner, write_data: Callable[..., Path], registered: dict[str, Any]
) -> None:
    registered["events"][1]["sources"] = ["src-four", "src-one"]  # below the rule
    path = str(write_data(registered))
    result = runner.invoke(
        cli.app, ["timeline", "--data", path, "--format", "table"], env={"COLUMNS": "100"}
    )
    assert result.exit_code == 0, result.stderr
    header = next(line for line in result.stdout.splitlines() if line.startswith("Date"))
    assert header.split()[-1] == "Ev"
    lines = result.stdout.splitlines()
    rows = {line.split()[0]: line.split()[-1] for line in lines if line.startswith("20")}
    assert rows == {"2020-08-13": "2", "2025-11-06": "1!"}
    assert "Ev, evidence: the independent originals behind a record" in " ".join(
        result.stdout.split()
    )


def test_show_gives_each_record_its_mark(
    runner: CliRunner, write_data: Callable[..., Path], registered: dict[str, Any]
) -> None:
    path = str(write_data(registered))
    result = runner.invoke(
        cli.app, ["show", "KZ", "--data", path, "--format", "table"], env={"COLUMNS": "100"}
    )
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    flat = " ".join(text.split())
    assert "Sources [1] [2] [3] · P1" in flat  # the member: two primary texts, one voice
    assert "Second event [4] [5] · 2" in text  # after the member's own three
    assert "P: a primary text among them" in " ".join(text.split())


def test_plain_output_keeps_its_columns_and_csv_carries_the_mark(
    runner: CliRunner, write_data: Callable[..., Path], registered: dict[str, Any]
) -> None:
    path = str(write_data(registered))
    plain = runner.invoke(cli.app, ["timeline", "--data", path]).stdout
    # Scripts cut plain output by position: date, title, countries, then the end date.
    assert [len(line.split("\t")) for line in plain.splitlines()] == [4, 4]
    csv = runner.invoke(cli.app, ["timeline", "--data", path, "--format", "csv"]).stdout
    header, *rows = csv.splitlines()
    assert header.split(",")[-1] == "evidence"
    assert [row.rsplit(",", 1)[1] for row in rows] == ["2", "2"]


# The registry, listed ----------------------------------------------------------------------------


def test_publishers_lists_the_registry_in_json(
    runner: CliRunner, write_data: Callable[..., Path], registered: dict[str, Any]
) -> None:
    path = str(write_data(registered))
    result = runner.invoke(cli.app, ["publishers", "--data", path, "--json"])
    assert result.exit_code == 0, result.stderr
    listed = json.loads(result.stdout)
    assert [p["id"] for p in listed] == [p["id"] for p in PUBLISHERS]
    tabloid = listed[-1]
    assert tabloid["affiliation"] == "party-affiliated"
    assert tabloid["affiliated_with"] == "A party"
    assert tabloid["domains"] == ["tabloid.example"]
    assert listed[0]["affiliation"] is None


@pytest.mark.parametrize(
    ("option", "expected"),
    [
        (["--kind", "government"], ["ministry", "government"]),
        (["--country", "ae"], ["ministry", "government"]),
        (["--country", "GB"], ["wire"]),
        (["--reliability", "unreliable"], ["mirror", "tabloid"]),
        (["--kind", "blog", "--country", "US"], ["tabloid"]),
    ],
)
def test_publishers_filters(
    runner: CliRunner,
    write_data: Callable[..., Path],
    registered: dict[str, Any],
    option: list[str],
    expected: list[str],
) -> None:
    path = str(write_data(registered))
    result = runner.invoke(cli.app, ["publishers", "--data", path, "--json", *option])
    assert result.exit_code == 0, result.stderr
    assert [p["id"] for p in json.loads(result.stdout)] == expected


def test_publishers_in_plain_csv_and_table(
    runner: CliRunner, write_data: Callable[..., Path], registered: dict[str, Any]
) -> None:
    path = str(write_data(registered))
    plain = runner.invoke(cli.app, ["publishers", "--data", path, "--kind", "wire"]).stdout
    assert plain.split("\t")[:5] == ["Example Wire", "wire", "GB", "", "reliable"]
    csv = runner.invoke(cli.app, ["publishers", "--data", path, "-f", "csv", "--kind", "wire"])
    assert csv.stdout.splitlines()[0].split(",")[:3] == ["id", "name", "kind"]
    table = runner.invoke(
        cli.app, ["publishers", "--data", path, "-f", "table"], env={"COLUMNS": "120"}
    ).stdout
    assert "Publishers of the sources" in table and "Example Tabloid" in table


def test_publishers_that_match_nothing_and_files_without_a_registry(
    runner: CliRunner, write_data: Callable[..., Path], registered: dict[str, Any]
) -> None:
    path = str(write_data(registered))
    result = runner.invoke(cli.app, ["publishers", "--data", path, "--kind", "magazine"])
    assert result.exit_code == ExitCode.NOT_FOUND and not result.stdout
    assert "no publishers match" in result.stderr
    older = runner.invoke(cli.app, ["publishers", "--data", str(write_data(SMALL))])
    assert older.exit_code == ExitCode.NOT_FOUND
    assert "the data file lists no publishers" in older.stderr


def test_the_bundled_registry_rates_every_publisher(real: Dataset) -> None:
    assert len(real.publishers) >= 100
    used = {s.publisher_id for s in real.sources} | {s.via_id for s in real.sources}
    known = {p.id for p in real.publishers}
    assert used - {None} <= known
    primary = [s for s in real.sources if s.primary]
    assert len(primary) >= 30, len(primary)
    # A name in brackets would be bracketed again in an author-date citation: "(X (Y) 2020)".
    assert [p.name for p in real.publishers if "(" in p.name or ")" in p.name] == []


# Bad input: one line naming the record, exit 65 ------------------------------------------------


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda d: d["sources"][0].update(publisher_id="nobody"),
            "sources[0].publisher_id: unknown publisher 'nobody'",
        ),
        (
            lambda d: d["sources"][0].update(via_id="wire"),
            "sources[0].via_id: 'wire' is the publisher itself",
        ),
        (
            lambda d: d["publishers"][3].update(part_of="ministry"),
            "publishers[2].part_of: a loop: ministry -> government -> ministry",
        ),
        (
            lambda d: d["publishers"][0].pop("kind"),
            "publishers[0]: missing required key 'kind'",
        ),
        (
            lambda d: d["publishers"][0].update(kind="podcast"),
            "publishers[0].kind: expected one of government,",
        ),
        (
            lambda d: d["publishers"][0].update(domains=["Not A Domain"]),
            "publishers[0].domains[0]: expected a lower-case domain",
        ),
        (
            lambda d: d["publishers"][1].update(id="wire"),
            "publishers[1].id: duplicate publisher id 'wire'",
        ),
        (
            lambda d: d["sources"][0].update(publisher="Example Wire"),
            "sources[0].publisher: give publisher_id or publisher, not both",
        ),
        (
            lambda d: d["sources"][0].update(primary="yes"),
            "sources[0].primary: expected true or false",
        ),
        (
            lambda d: d["publishers"][5].pop("affiliated_with"),
            "publishers[5].affiliated_with: give it exactly when affiliation is given",
        ),
    ],
)
def test_a_broken_registry_is_one_line_naming_the_record(
    runner: CliRunner,
    write_data: Callable[..., Path],
    registered: dict[str, Any],
    edit: Callable[[dict[str, Any]], Any],
    message: str,
) -> None:
    edit(registered)
    result = runner.invoke(cli.app, ["timeline", "--data", str(write_data(registered))])
    assert result.exit_code == ExitCode.DATA_INVALID
    assert not result.stdout
    assert len(result.stderr.splitlines()) == 1
    assert message in result.stderr


def test_an_unknown_publisher_without_any_registry(
    runner: CliRunner, write_data: Callable[..., Path]
) -> None:
    doc = copy.deepcopy(SMALL)
    doc["sources"][0] = {**doc["sources"][0], "publisher_id": "wire"}
    del doc["sources"][0]["publisher"]
    result = runner.invoke(cli.app, ["members", "--data", str(write_data(doc))])
    assert result.exit_code == ExitCode.DATA_INVALID
    assert "sources[0].publisher_id: unknown publisher 'wire': the file has no publishers" in (
        result.stderr
    )


# The rule, checked ------------------------------------------------------------------------------


def test_a_file_that_meets_the_rule_is_clean(
    runner: CliRunner, write_data: Callable[..., Path], registered: dict[str, Any]
) -> None:
    result = _check(runner, write_data, registered)
    assert result.exit_code == 0, result.stdout
    assert result.stdout.endswith("valid; nothing to fix\n")


def test_a_file_without_a_registry_is_told_so(
    runner: CliRunner, write_data: Callable[..., Path]
) -> None:
    doc = copy.deepcopy(SMALL)
    doc["meta"]["coverage_end"] = "2026-01-15"
    found = _findings(runner, write_data, doc)
    assert found[0] == (
        "publishers: missing: without a registry, independence is counted from publisher names"
    )


def test_records_below_the_rule(
    runner: CliRunner, write_data: Callable[..., Path], registered: dict[str, Any]
) -> None:
    registered["events"][0]["sources"] = ["src-one"]
    registered["events"][1]["sources"] = ["src-four"]
    registered["members"][0]["milestones"] = [
        {"date": "2020-10-01", "kind": "diplomatic", "text": "A step.", "sources": ["src-three"]}
    ]
    assert _findings(runner, write_data, registered) == [
        "members[0].milestones[0].sources: rests on 1 independent original and no primary text:"
        " cite a primary text or a second independent original",
        "events[0].sources: rests on 1 independent original and no primary text: cite a primary"
        " text or a second independent original",
        "events[1].sources: rests only on unreliable publishers: cite a primary text or two others",
    ]


@pytest.mark.parametrize(
    ("edit", "finding"),
    [
        (
            lambda d: (
                d["sources"].append(
                    {
                        **d["sources"][0],
                        "id": "src-copy",
                        "url": "https://paper.example/copy",
                        "via_id": "paper",
                    }
                )
                or d["events"][0]["sources"].append("src-copy")
            ),
            "sources[5]: the same story as sources[0] ('src-one'): a copy adds no evidence;"
            " keep the original",
        ),
        (
            lambda d: d["sources"][2].update(url="https://paper.example/tag/accords"),
            "sources[2].url: 'src-three' is a feed, tag or author page, not the article",
        ),
        (
            lambda d: d["sources"][2].update(url="https://paper.example/feed"),
            "sources[2].url: 'src-three' is a feed, tag or author page, not the article",
        ),
        (
            lambda d: d["sources"][2].update(url="https://paper.example/author/jane-doe/"),
            "sources[2].url: 'src-three' is a feed, tag or author page, not the article",
        ),
        (
            lambda d: d["sources"][2].update(title="Example Paper report on the summit"),
            "sources[2].title: a description in 'src-three': give the headline as printed",
        ),
        (
            lambda d: d["sources"][2].update(title="Leaders agree to meet in ..."),
            "sources[2].title: cut short in 'src-three': give the whole headline",
        ),
        (
            lambda d: d["sources"][2].update(title="Untitled"),
            "sources[2].title: a placeholder in 'src-three': give the headline",
        ),
        (
            lambda d: (
                d["sources"][2].update(id="paper-20200916-summit")
                or [
                    r["sources"].__setitem__(1, "paper-20200916-summit")
                    for s in ("members", "candidates", "events", "quotes")
                    for r in d[s]
                    if "src-three" in r["sources"]
                ]
            ),
            "sources[2].id: 'paper-20200916-summit' is dated 2020-09-16 but published 2020-09-15",
        ),
        (
            lambda d: d["sources"][2].update(published=None),
            "sources[2].published: missing in 'src-three': give the date on the page, or a note"
            " saying why it has none",
        ),
        (
            lambda d: d["sources"][2].update(url="https://elsewhere.example/three"),
            "sources[2].url: elsewhere.example is not a domain of Example Paper (paper.example):"
            " name the site the page is on as via_id",
        ),
        (
            lambda d: d["sources"][4].update(via_id=None),
            "sources[4].url: mirror.example is not a domain of Example Government (gov.example)",
        ),
        (
            lambda d: d["sources"][4].update(publisher_id="mirror", via_id=None),
            "sources[4].publisher_id: Example Mirror copies what others wrote: name the original"
            " publisher, and this site as via_id",
        ),
        (
            lambda d: d["sources"][2].update(primary=True),
            "sources[2].primary: 'src-three' is marked primary, but Example Paper is a newspaper",
        ),
        (
            lambda d: d["publishers"].append({**copy.deepcopy(d["publishers"][1]), "id": "unused"}),
            "publishers[6]: 'unused' is used by no source",
        ),
        (
            lambda d: d["publishers"][4].update(reliability="reliable"),
            "publishers[4].reliability: Example Mirror is an aggregator: it carries no fact",
        ),
    ],
)
def test_each_kind_of_sourcing_finding(
    runner: CliRunner,
    write_data: Callable[..., Path],
    registered: dict[str, Any],
    edit: Callable[[dict[str, Any]], Any],
    finding: str,
) -> None:
    edit(registered)
    found = _findings(runner, write_data, registered)
    assert any(line.startswith(finding) for line in found), found


def test_a_published_date_missing_for_a_stated_reason_is_fine(
    runner: CliRunner, write_data: Callable[..., Path], registered: dict[str, Any]
) -> None:
    registered["sources"][2].update(published=None, note="The page is undated.")
    assert _check(runner, write_data, registered).exit_code == 0


# Citations of exactly what is shown ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "pick"),
    [
        (["quote", "rubio"], lambda d: d.quotes),
        (["timeline", "--since", "2026"], lambda d: d.events),
        (["members", "--status", "announced"], lambda d: d.members),
        (["candidates"], lambda d: d.candidates),
    ],
)
def test_listings_cite_the_sources_of_what_they_list(
    runner: CliRunner, real: Dataset, command: list[str], pick: Callable[[Dataset], Any]
) -> None:
    listed = json.loads(runner.invoke(cli.app, [*command, "--json"]).stdout)
    wanted: dict[str, None] = {}
    for record in listed:
        for cited in (record, *record.get("documents", ()), *record.get("milestones", ())):
            wanted.update(dict.fromkeys(source["id"] for source in cited["sources"]))
    result = runner.invoke(cli.app, [*command, "--format", "csl-json"])
    assert result.exit_code == 0, result.stderr
    assert [item["id"] for item in json.loads(result.stdout)] == list(wanted)
    bib = runner.invoke(cli.app, [*command, "--format", "bibtex"]).stdout
    assert [line.split("{", 1)[1].rstrip(",") for line in bib.splitlines() if line[:1] == "@"] == (
        list(wanted)
    )


def test_show_cites_the_sources_of_the_profile(runner: CliRunner) -> None:
    profile = json.loads(runner.invoke(cli.app, ["show", "KZ", "--json"]).stdout)
    wanted: dict[str, None] = {}
    for record in (profile, *profile["milestones"], *profile["events"], *profile["quotes"]):
        wanted.update(dict.fromkeys(source["id"] for source in record["sources"]))
    result = runner.invoke(cli.app, ["show", "KZ", "--format", "csl-json"])
    assert result.exit_code == 0, result.stderr
    assert [item["id"] for item in json.loads(result.stdout)] == list(wanted)


@pytest.mark.parametrize("extra", [["--json"], ["--fields", "date"]])
def test_citations_refuse_json_and_fields_everywhere(runner: CliRunner, extra: list[str]) -> None:
    result = runner.invoke(cli.app, ["timeline", "--format", "bibtex", *extra])
    assert result.exit_code == ExitCode.USAGE and not result.stdout


def test_every_numbered_reference_shows_its_citation_key(runner: CliRunner) -> None:
    result = runner.invoke(cli.app, ["quote", "rubio", "--format", "table"], env={"COLUMNS": "200"})
    lines = result.stdout.splitlines()
    start = lines.index("References")
    entries = [line for line in lines[start + 1 :] if line.startswith("[")]
    assert entries
    bib = runner.invoke(cli.app, ["quote", "rubio", "--format", "bibtex"]).stdout
    keys = [line.split("{", 1)[1].rstrip(",") for line in bib.splitlines() if line[:1] == "@"]
    assert [entry.rsplit(" @", 1)[1] for entry in entries] == keys


# Figures ----------------------------------------------------------------------------------------


def _figure(**more: Any) -> dict[str, Any]:
    return {
        "id": "trade-il-ae-2021", "indicator": "trade", "countries": ["IL", "AE"],
        "start": "2021-01-01", "end": "2021-12-31", "value": 1200, "unit": "USD million",
        "scope": "goods, both ways", "measured_by": "A statistics office",
        "sources": ["src-one", "src-three"], **more,
    }  # fmt: skip


def test_figures_are_listed_filtered_and_side_by_side(
    runner: CliRunner, write_data: Callable[..., Path], registered: dict[str, Any]
) -> None:
    registered["figures"] = [
        _figure(),
        _figure(id="trade-ae-il-2021", countries=["AE", "IL"], value=1000, measured_by="Other"),
        _figure(id="tourism-il-ae-2021", indicator="tourism", value=250000, unit="visitors"),
        _figure(id="trade-il-kz-2025", countries=["IL", "KZ"], start="2025-01-01"),
    ]
    registered["figures"][3]["end"] = "2025-11-30"
    path = str(write_data(registered))
    result = runner.invoke(cli.app, ["figures", "--data", path, "--json"])
    assert result.exit_code == 0, result.stderr
    listed = json.loads(result.stdout)
    # By indicator, then states: two measurers of one thing side by side, never averaged.
    assert [f["id"] for f in listed] == [
        "tourism-il-ae-2021", "trade-ae-il-2021", "trade-il-ae-2021", "trade-il-kz-2025",
    ]  # fmt: skip
    assert [f["value"] for f in listed[1:3]] == [1000, 1200]
    assert listed[0]["period"] == "2021" and listed[3]["period"] == "2025-01 to 2025-11"
    assert listed[0]["evidence"] == {"independent": 2, "primary": 0}
    uae = runner.invoke(
        cli.app, ["figures", "UAE", "--data", path, "--indicator", "trade", "--json"]
    )
    assert [f["id"] for f in json.loads(uae.stdout)] == ["trade-ae-il-2021", "trade-il-ae-2021"]
    since = runner.invoke(cli.app, ["figures", "--data", path, "--since", "2025", "--json"])
    assert [f["id"] for f in json.loads(since.stdout)] == ["trade-il-kz-2025"]
    profile = json.loads(runner.invoke(cli.app, ["show", "KZ", "--data", path, "--json"]).stdout)
    assert [f["id"] for f in profile["figures"]] == ["trade-il-kz-2025"]
    none = runner.invoke(cli.app, ["figures", "--data", path, "--indicator", "flights"])
    assert none.exit_code == ExitCode.NOT_FOUND and "no figures match" in none.stderr
    older = runner.invoke(cli.app, ["figures", "--data", str(write_data(SMALL))])
    assert older.exit_code == ExitCode.NOT_FOUND
    assert "the data file lists no figures" in older.stderr


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda f: f.pop("unit"), "figures[0]: missing required key 'unit'"),
        (lambda f: f.pop("start"), "figures[0]: missing required key 'start'"),
        (lambda f: f.update(sources=[]), "figures[0].sources: every record needs at least one"),
        (lambda f: f.update(value=-5), "figures[0].value: expected a number of 0 or more"),
        (lambda f: f.update(value=".nan"), "figures[0].value: expected a number, got a string"),
        (lambda f: f.update(end="2020-12-31"), "figures[0].end: 2020-12-31 is before the start"),
        (lambda f: f.update(indicator="gdp"), "figures[0].indicator: expected one of trade"),
        (lambda f: f.update(countries=[]), "figures[0].countries: name at least one state"),
    ],
)
def test_a_broken_figure_is_one_line_naming_it(
    runner: CliRunner,
    write_data: Callable[..., Path],
    registered: dict[str, Any],
    edit: Callable[[dict[str, Any]], Any],
    message: str,
) -> None:
    figure = _figure()
    edit(figure)
    registered["figures"] = [figure]
    result = runner.invoke(cli.app, ["members", "--data", str(write_data(registered))])
    assert result.exit_code == ExitCode.DATA_INVALID, result.stdout
    assert not result.stdout and len(result.stderr.splitlines()) == 1
    assert message in result.stderr


@pytest.mark.parametrize(
    ("start", "end", "written"),
    [
        ("2022-01-01", "2022-12-31", "2022"),
        ("2021-01-01", "2022-12-31", "2021 to 2022"),
        ("2022-01-01", "2022-06-30", "2022-01 to 2022-06"),
        ("2022-01-01", "2022-06-15", "2022-01-01 to 2022-06-15"),  # begins a month, ends within one
        ("2022-01-05", "2022-06-30", "2022-01-05 to 2022-06-30"),  # begins within a month
    ],
)
def test_a_figures_period_is_written_as_people_write_it(start: str, end: str, written: str) -> None:
    from datetime import date

    assert models.period(date.fromisoformat(start), date.fromisoformat(end)) == written


def test_a_source_is_primary_only_when_it_says_so(
    write_data: Callable[..., Path], registered: dict[str, Any]
) -> None:
    assert "primary" not in registered["sources"][0]  # src-one says nothing: a news report
    loaded = _load(write_data, registered)
    assert not next(s for s in loaded.sources if s.id == "src-one").primary
