"""Running headers and footers (`ingest/layout.py`), compared by their words."""

from __future__ import annotations

from protokoll.ingest.layout import remove_running_lines

HEADERS = ["Protokoll\t13 §\t28.03.2023\tSida", "Protokoll 168 28.03.2023 Sida",
           "Protokoll\t17 §\t28.03.2023\tSida"]  # fmt: skip


def _page(n: int, header: str | None) -> list[str]:
    top = [header] if header else []
    return [*top, f"Text på sida {n} som hör till protokollet.", "Bilagan följer här.",
            "Ärendet antecknades för kännedom."]  # fmt: skip


def _ten_pages(top: list[str]) -> list[list[str]]:
    """A title page, three pages with `top` above their text, six attachments without."""
    return [["Protokoll 2/2023 Personalsektionen", "Organ\tPersonalsektionen"]] + [
        _page(n, top[n - 1] if n <= 3 else None) for n in range(1, 10)
    ]


def test_a_header_naming_the_page_goes_in_all_its_spellings_though_attachments_lack_it() -> None:
    cleaned = remove_running_lines(_ten_pages(HEADERS))
    assert [p[0] for p in cleaned[1:4]] == [f"Text på sida {n} som hör till protokollet."
                                             for n in (1, 2, 3)]  # fmt: skip
    assert cleaned[0][0] == "Protokoll 2/2023 Personalsektionen"  # the title stays


def test_a_line_on_as_few_pages_that_names_no_page_stays() -> None:
    cleaned = remove_running_lines(_ten_pages(["Personalsektionens beslut:"] * 3))
    assert [p[0] for p in cleaned[1:4]] == ["Personalsektionens beslut:"] * 3
