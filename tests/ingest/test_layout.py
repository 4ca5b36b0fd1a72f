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


def _paged(bodies: list[list[str]], number: bool = True) -> list[list[str]]:
    """Pages with a running header and footer around their lines, numbered at the foot."""
    head, foot = "Region Västmark · Regionfullmäktige · Protokoll", "Justerandes signatur"
    return [[head, *body, foot, *([str(n)] if number else [])] for n, body in enumerate(bodies, 1)]


def test_a_case_number_that_a_page_break_puts_at_a_pages_top_stays() -> None:
    # Each item has "Dnr RS …" under its heading: within a page, or at its top after a break.
    text = [f"Mening {k} om ärendet." for k in range(6)]
    items = [
        [f"Dnr RS 2024/0{n}01", *text, f"§ {n} Nästa ärende", f"Dnr RS 2024/0{n}02", *text]
        for n in range(1, 6)
    ]
    cleaned = remove_running_lines(_paged(items))
    kept = [ln for page in cleaned for ln in page]
    assert sum(ln.startswith("Dnr RS") for ln in kept) == 10
    assert not any(ln.startswith(("Region Västmark", "Justerandes")) for ln in kept[1:])
    assert all(page[-1] == "Mening 5 om ärendet." for page in cleaned)  # page numbers went


def test_a_tables_figures_in_a_margin_stay_where_the_pages_are_numbered_otherwise() -> None:
    bodies = [[f"Mening {k} på sida {n}." for k in range(6)] for n in range(1, 5)]
    bodies[1] += ["Nämnd\tRam 2025\tFörändring", "Kultur\t45 300\t300"]
    bodies[2] = ["300", *bodies[2]]  # the table's last cell, alone at the next page's top
    pages = [[*body, f"Sida {n} av 4"] for n, body in enumerate(bodies, 1)]
    cleaned = remove_running_lines(pages)
    assert "Kultur\t45 300\t300" in cleaned[1] and cleaned[2][0] == "300"
    assert not any(ln.startswith("Sida") for page in cleaned for ln in page)


def test_the_meeting_date_alone_at_every_pages_top_goes_and_a_changing_date_stays() -> None:
    # Word's running header "Sälgeberga kommun · SAMMANTRÄDESPROTOKOLL" above the meeting's
    # date: the date alone is the same on every page, as its words are.
    topics = ["budgeten", "skolan", "vägarna", "vattnet", "parken"]
    bodies = [[f"Text om {t}.", f"Beslut om {t}.", f"Uppdrag om {t}.", f"Frågor om {t}."]
              for t in topics]  # fmt: skip
    pages = [["Sälgeberga kommun\tSAMMANTRÄDESPROTOKOLL", "2025-03-11", *b] for b in bodies]
    cleaned = remove_running_lines(pages)
    assert all("2025-03-11" not in p for p in cleaned)
    assert [p[0] for p in cleaned[1:]] == [f"Text om {t}." for t in topics[1:]]
    # dates that differ from page to page (a list of meetings that a page break cuts) stay
    listed = [[b[0], f"2025-0{n}-15", *b[1:]] for n, b in enumerate(bodies, 1)]
    assert [p[1] for p in remove_running_lines(listed)] == [f"2025-0{n}-15" for n in range(1, 6)]


def test_an_item_number_alone_at_the_top_of_every_page_is_the_items_heading() -> None:
    # Each item on a page of its own, its "§ N" on the first line and its title on the next.
    items = [[f"§ {n}", f"Ärende nummer {n}", *[f"Mening {k} om ärendet." for k in range(6)]]
             for n in range(18, 24)]  # fmt: skip
    cleaned = remove_running_lines(_paged(items))
    kept = [ln for page in cleaned for ln in page]
    assert [ln for ln in kept if ln.startswith("§")] == [f"§ {n}" for n in range(18, 24)]
    assert [page[0] for page in cleaned[1:]] == [f"§ {n}" for n in range(19, 24)]
