from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.normalize.sources import AGENCIES, sources_cited

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def seed_text(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [("000", ["KCNA"]), ("001", ["KCNA"]), ("003", ["TASS", "KCNA"])],
)
def test_seed_citations(prefix: str, expected: list[str]):
    assert sources_cited(seed_text(prefix)) == expected


def test_seed_004_cites_yonhap_by_its_closing_tag():
    assert "Yonhap" in sources_cited(seed_text("004"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("According to the state-run Korean Central News Agency (KCNA), Pyongyang said.", ["KCNA"]),
        ("It is reported by TASS with reference to the ministry.", ["TASS"]),
        ("The attack killed two, Pak said. (Yonhap)", ["Yonhap"]),
        ("SEOUL, Oct. 4 (Yonhap) -- North Korea fired a missile.", ["Yonhap"]),
        ("WASHINGTON (AP) \u2014 The Senate voted on Tuesday.", ["AP"]),
        ("The Associated Press reported the vote first.", ["AP"]),
        ("Xinhua said the talks ended, citing Agence France-Presse.", ["Xinhua", "AFP"]),
        ("An official told Reuters on Monday.", ["Reuters"]),
        ("The ceasefire held overnight. -- AFP", ["AFP"]),
        ("Об этом сообщает РИА Новости.", ["RIA Novosti"]),
        ("Reuters reported it; Reuters said so again.", ["Reuters"]),
        ("Prosecutors have not signed off on the facility, reports AP.", ["AP"]),
        ("Her publicist confirmed her death to the Associated Press on Thursday.", ["AP"]),
        ("Airport chief Ali Naghavi was quoted by IRNA as saying that flights resumed.", ["IRNA"]),
    ],
)
def test_attributions(text: str, expected: list[str]):
    assert sources_cited(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Reuters announced a new chief executive on Monday.",
        "The president waves to supporters. (AP Photo/Evan Vucci)",
        "Photo: AFP",
        "AP and AFP are both news agencies with long histories.",
        "He wrote for Bloomberg for ten years before joining the bank.",
        "The alarm was raised after a CCTV operator noticed smoke.",
        "Councilman Williams called for Mayor Bloomberg to visit the community.",
        "It has nine teams ranked in the AP Top 25 this week.",
    ],
)
def test_names_without_attribution_are_not_citations(text: str):
    assert sources_cited(text) == []


def test_every_canonical_name_is_one_of_its_own_aliases_or_spelled_out():
    for name, aliases in AGENCIES.items():
        assert aliases, name
        assert sources_cited(f"The news was reported by {aliases[0]}.") == [name]


@given(st.text(max_size=3000))
def test_never_raises_and_names_are_unique(text: str):
    cited = sources_cited(text)
    assert len(cited) == len(set(cited))
    assert set(cited) <= set(AGENCIES)
